"""Readers for the GermEval 2023 SpkAtt quotation corpora, shared by the speaker model and its evaluation.

Two formats: the 2024 Wikinews release with the original text and character offsets (`*.pretty.json`,
"dev"), and the compact 2023 format of tokens per sentence with `sentence:token` references (Wikinews
train, GePaDe). The compact text is detokenised as German print sets it, so that lagebild reads it as it
would read an article, and every gold span is mapped to characters.

A predicted quote matches a gold one when their character overlap is at least half of each (gold quotes
split around an inserted frame count as one, by the sum of their parts); matching is one-to-one,
largest overlap first.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

Spans = list[tuple[int, int]]
NO_SPACE_BEFORE = {".", ",", ";", ":", "!", "?", ")", "“", "…", "..."}
NO_SPACE_AFTER = {"(", "„"}


@dataclass(slots=True)
class GoldQuote:
    quote: Spans
    speaker: Spans
    type: str


@dataclass(slots=True)
class GoldArticle:
    name: str  # the file name; Wikinews names end in "(YYYY-MM-DD).json"
    text: str
    quotes: list[GoldQuote]


def _merge(spans: Spans) -> Spans:
    out: Spans = []
    for s, e in sorted(spans):
        if out and s <= out[-1][1] + 1:
            out[-1] = (out[-1][0], max(e, out[-1][1]))
        else:
            out.append((s, e))
    return out


def read_pretty(folder: Path) -> Iterator[GoldArticle]:
    """The 2024 format: original text, annotations with character offsets."""
    for path in sorted(folder.glob("*.json")):
        doc = json.loads(path.read_text(encoding="utf-8"))

        def spans(part: dict) -> Spans:
            return _merge([(s["charBegin"], s["charEnd"]) for s in part["spans"]])

        quotes = [GoldQuote(spans(a["quote"]), spans(a["speaker"]), a["type"]) for a in doc["annotations"]]
        yield GoldArticle(path.name, doc["originalText"], quotes)


def read_compact(folder: Path) -> Iterator[GoldArticle]:
    """The compact format; annotations without a message (GePaDe's beliefs and plans) are left out."""
    for path in sorted(folder.glob("*.json")):
        doc = json.loads(path.read_text(encoding="utf-8"))
        parts: list[str] = []
        offsets: dict[str, tuple[int, int]] = {}
        pos = 0
        for sent in doc["Sentences"]:
            glue = True
            for t, tok in enumerate(sent["Tokens"]):
                if parts and not glue and tok not in NO_SPACE_BEFORE:
                    parts.append(" ")
                    pos += 1
                offsets[f"{sent['SentenceId']}:{t}"] = (pos, pos + len(tok))
                parts.append(tok)
                pos += len(tok)
                glue = tok in NO_SPACE_AFTER
            parts.append(" ")
            pos += 1

        def spans(refs: list[str], offsets: dict[str, tuple[int, int]] = offsets) -> Spans:
            return _merge([offsets[r] for r in refs if r in offsets])

        quotes = [
            GoldQuote(spans(a["Message"]), spans(a["Source"]), a.get("Form", ""))
            for a in doc["Annotations"]
            if a["Message"]
        ]
        yield GoldArticle(path.name, "".join(parts), quotes)


def overlap(a: Spans, b: Spans) -> int:
    return sum(max(0, min(e1, e2) - max(s1, s2)) for s1, e1 in a for s2, e2 in b)


def length(spans: Spans) -> int:
    return sum(e - s for s, e in spans)


def match(pred: list[tuple[int, int]], gold: list[GoldQuote]) -> list[tuple[int, int]]:
    """One-to-one pairs (pred index, gold index) that overlap at least half of each, largest first."""
    cands = []
    for i, p in enumerate(pred):
        for j, g in enumerate(gold):
            ov = overlap([p], g.quote)
            if ov and ov * 2 >= p[1] - p[0] and ov * 2 >= length(g.quote):
                cands.append((ov, i, j))
    used_p, used_g, pairs = set(), set(), []
    for _ov, i, j in sorted(cands, reverse=True):
        if i not in used_p and j not in used_g:
            used_p.add(i)
            used_g.add(j)
            pairs.append((i, j))
    return pairs


def speaker_right(
    speaker: tuple[int, int] | None,
    gold: GoldQuote,
    entity: str | None = None,
    gold_entities: frozenset[str] = frozenset(),
) -> bool:
    """Right when the predicted span overlaps the gold speaker, or when neither has one; or, as the
    issue puts it, when the speaker's entity is right: the predicted speaker (a pronoun resolved to
    its antecedent, say) stands for an entity named within the gold speaker span."""
    if not gold.speaker:
        return speaker is None
    if speaker is not None and overlap([speaker], gold.speaker) > 0:
        return True
    return entity is not None and entity in gold_entities
