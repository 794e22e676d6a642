"""What linking needs to know of one article, computed once and stored beside it.

Linking compares a new article with many stored ones; reading their whole analysis records each
time would be slow, so each article leaves a small summary: a MinHash signature of its word
shingles (near-duplicates), one multilingual vector of its title and lead (translations, stories),
the entity ids, event ids and numbers it names (language-independent evidence), and the days it
may have been published on.
"""

from __future__ import annotations

import functools
import re
from collections import Counter
from dataclasses import dataclass, field
from datetime import date

import numpy as np
from datasketch import MinHash

from lagebild.model import Article

NUM_PERM = 64
SCHEME = "affine32"  # datasketch's hashing scheme: stored signatures are only comparable under it
SHINGLE = 5
LEAD_CHARS = 600
_WORD = re.compile(r"\w+", re.UNICODE)
_NUMBER = re.compile(r"(?<![\w.,])\d{1,3}(?:[.,\u202f ]\d{3})+(?![\d])|\d+")
# Notices that cleaning leaves in the text of a translated repost.
_TRANSLATION_NOTICE = re.compile(
    r"(?i)\b(?:maschinell übersetzt|automatisch übersetzt|aus dem \w+ übersetzt|übersetzung:|"
    r"zuerst erschienen (?:bei|auf|in)|erschien zuerst|this (?:article|story) (?:was|has been) "
    r"(?:machine[- ])?translated|translated (?:from|by)|originally (?:published|appeared) (?:in|on|by))"
)
# The labels whose ids tell what a story is about; parts ("NATO-Mitglied") count as their entity.
_LABELS = ("PER", "ORG", "LOC", "OTH")


@dataclass(slots=True)
class LinkFeatures:
    """The summary of one article that every link decision reads."""

    id: str
    language: str | None
    outlet: str | None
    published: str | None
    day_lo: int | None  # ordinal days: the first and last day the publication date allows
    day_hi: int | None
    n_shingles: int
    minhash: np.ndarray  # uint64[NUM_PERM]
    vector: np.ndarray  # float32[512], unit length
    entities: dict[str, int] = field(default_factory=dict)  # entity id -> mentions
    numbers: list[str] = field(default_factory=list)
    events: list[str] = field(default_factory=list)
    event_days: list[int] = field(default_factory=list)
    chars: int = 0
    translated_hint: bool = False  # the text says it is a translation or a repost

    @property
    def dated(self) -> bool:
        return self.day_lo is not None


def shingles(text: str) -> set[str]:
    """Word 5-grams of the lower-cased text (the words themselves for very short texts)."""
    tokens = [w.lower() for w in _WORD.findall(text)]
    if len(tokens) < SHINGLE:
        return set(tokens)
    return {" ".join(tokens[i : i + SHINGLE]) for i in range(len(tokens) - SHINGLE + 1)}


@functools.cache
def _permutations() -> np.ndarray:
    # drawn from a fresh random generator on each MinHash() otherwise: a seventh of the signature's time
    return MinHash(num_perm=NUM_PERM, seed=1, scheme=SCHEME).permutations


def signature(items: set[str]) -> np.ndarray:
    mh = MinHash(num_perm=NUM_PERM, seed=1, scheme=SCHEME, permutations=_permutations())
    mh.update_batch([s.encode("utf-8") for s in items])
    return np.asarray(mh.hashvalues, dtype=np.uint64)


def numbers(text: str) -> list[str]:
    """Numbers as digits only ("1.000" and "1,000" are both "1000"), for comparing translations."""
    return sorted({re.sub(r"\D", "", m.group()) for m in _NUMBER.finditer(text)})


def day_range(value: str | None) -> tuple[int | None, int | None]:
    """The first and last day a TIMEX-like date allows ("2021-12" is the whole of December)."""
    if not value:
        return None, None
    m = re.match(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?", value)
    if not m:
        return None, None
    year = int(m.group(1))
    try:
        if m.group(3):
            d = date(year, int(m.group(2)), int(m.group(3))).toordinal()
            return d, d
        if m.group(2):
            month = int(m.group(2))
            first = date(year, month, 1)
            last = date(year + month // 12, month % 12 + 1, 1).toordinal() - 1
            return first.toordinal(), last
        return date(year, 1, 1).toordinal(), date(year, 12, 31).toordinal()
    except ValueError:
        return None, None


def lead(article: Article) -> str:
    """Title and the first paragraphs, cut at a word: what an embedding of the article reads."""
    text = article.text[:LEAD_CHARS]
    if len(article.text) > LEAD_CHARS and " " in text:
        text = text[: text.rindex(" ")]
    return f"{article.title or ''}\n{text}".strip()


def extract(article: Article, vector: np.ndarray) -> LinkFeatures:
    """The link features of an analysed article, given the vector of its `lead`."""
    published = article.published or article.hints.get("published_inferred")
    lo, hi = day_range(published)
    entities = Counter(
        m.entity_id for m in article.entities if m.entity_id and m.label.removesuffix("part") in _LABELS
    )
    starts = (day_range(e["date"])[0] for e in article.events if e.get("date"))
    event_days = sorted({d for d in starts if d is not None})
    outlet = article.outlet.name if article.outlet else None
    removed = " ".join(r.text for r in article.removed)
    hint = bool(_TRANSLATION_NOTICE.search(article.text) or _TRANSLATION_NOTICE.search(removed))
    items = shingles(article.text)
    return LinkFeatures(
        id=article.id,
        language=article.language,
        outlet=outlet,
        published=published,
        day_lo=lo,
        day_hi=hi,
        n_shingles=len(items),
        minhash=signature(items),
        vector=vector.astype(np.float32),
        entities=dict(entities),
        numbers=numbers(article.text),
        events=sorted({e["id"] for e in article.events if e.get("id")}),
        event_days=event_days,
        chars=len(article.text),
        translated_hint=hint or (outlet or "").lower() == "repost",
    )
