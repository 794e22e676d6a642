"""Rows of the link tables and back: what every store backend writes for linking.

Vectors and MinHash signatures are stored as raw little-endian bytes (float16 for vectors: half
the size, and cosine similarities change by less than 0.001); the rest as JSON.
"""

from __future__ import annotations

import json
from typing import Any

import numpy as np

from lagebild.link.features import LinkFeatures
from lagebild.link.stories import Story

FEATURE_COLUMNS = (
    "article_id", "day_lo", "day_hi", "language", "outlet", "n_shingles", "chars", "translated_hint",
    "minhash", "vector", "entities", "numbers", "events", "event_days", "published",
)  # fmt: skip
STORY_COLUMNS = (
    "id", "storyline_id", "label", "label_key", "day_lo", "day_hi", "first_date", "last_date",
    "n_articles", "outlets", "vector_sum", "entities",
)  # fmt: skip


def feature_row(f: LinkFeatures) -> tuple[Any, ...]:
    return (
        f.id, f.day_lo, f.day_hi, f.language, f.outlet, f.n_shingles, f.chars, int(f.translated_hint),
        f.minhash.astype("<u8").tobytes(), f.vector.astype("<f2").tobytes(), json.dumps(f.entities),
        json.dumps(f.numbers), json.dumps(f.events), json.dumps(f.event_days), f.published,
    )  # fmt: skip


def feature_from_row(row: Any) -> LinkFeatures:
    return LinkFeatures(
        id=row["article_id"],
        language=row["language"],
        outlet=row["outlet"],
        published=row["published"],
        day_lo=row["day_lo"],
        day_hi=row["day_hi"],
        n_shingles=row["n_shingles"],
        minhash=np.frombuffer(bytes(row["minhash"]), dtype="<u8").astype(np.uint64),
        vector=np.frombuffer(bytes(row["vector"]), dtype="<f2").astype(np.float32),
        entities=json.loads(row["entities"]),
        numbers=json.loads(row["numbers"]),
        events=json.loads(row["events"]),
        event_days=json.loads(row["event_days"]),
        chars=row["chars"],
        translated_hint=bool(row["translated_hint"]),
    )


def story_row(s: Story) -> tuple[Any, ...]:
    first, last = s.span()
    return (
        s.id, s.storyline_id, s.label, json.dumps(list(s.label_key)), s.day_lo, s.day_hi, first, last,
        s.n_articles, json.dumps(s.outlets, ensure_ascii=False), s.vector_sum.astype("<f4").tobytes(),
        json.dumps(s.entities),
    )  # fmt: skip


def story_from_row(row: Any) -> Story:
    key = json.loads(row["label_key"])
    return Story(
        id=row["id"],
        storyline_id=row["storyline_id"],
        label=row["label"],
        label_key=(key[0], key[1], key[2]),
        day_lo=row["day_lo"],
        day_hi=row["day_hi"],
        n_articles=row["n_articles"],
        outlets=json.loads(row["outlets"]),
        vector_sum=np.frombuffer(bytes(row["vector_sum"]), dtype="<f4").astype(np.float32),
        entities=json.loads(row["entities"]),
    )
