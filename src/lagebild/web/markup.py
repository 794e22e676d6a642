"""An article's clean text cut into pieces, each with the highlights (entity, quote, date) over it.

The template prints each piece as escaped text inside a `<span>` or `<a>`; no HTML is ever built
from article text here, so nothing in an article can become markup. Spans overlap (a quote holds
names and dates), so the text is cut at every span boundary and each piece carries all of them.
"""

from __future__ import annotations

import heapq
import itertools
from dataclasses import dataclass, field
from typing import Any

KIND_LABELS = {"direct": "direkt", "indirect": "indirekt", "reported": "berichtet", "free_indirect": "frei"}


@dataclass(slots=True)
class Piece:
    text: str
    classes: list[str] = field(default_factory=list)
    entity_id: str | None = None
    title: str | None = None


@dataclass(slots=True)
class _Span:
    start: int
    end: int
    classes: list[str]
    entity_id: str | None
    title: str


def pieces(record: dict[str, Any]) -> list[Piece]:
    """The clean text of an analysis record as highlighted pieces, in order, covering all of it."""
    text: str = record.get("text") or ""
    spans = [s for s in _spans(record) if 0 <= s.start < s.end <= len(text)]
    cuts = sorted({0, len(text), *(s.start for s in spans), *(s.end for s in spans)})
    by_start = sorted(range(len(spans)), key=lambda i: spans[i].start)
    active: list[tuple[int, int]] = []  # heap of (end, span index)
    out, nxt = [], 0
    for a, b in itertools.pairwise(cuts):
        while nxt < len(by_start) and spans[by_start[nxt]].start <= a:
            i = by_start[nxt]
            heapq.heappush(active, (spans[i].end, i))
            nxt += 1
        while active and active[0][0] <= a:
            heapq.heappop(active)
        over = [spans[i] for _, i in sorted(active, key=lambda e: e[1])]
        piece = Piece(text[a:b])
        for s in over:
            piece.classes += [c for c in s.classes if c not in piece.classes]
            piece.entity_id = piece.entity_id or s.entity_id
        piece.title = " · ".join(s.title for s in over) or None
        out.append(piece)
    return out


def _spans(record: dict[str, Any]) -> list[_Span]:
    spans = []
    for q in record.get("quotes") or []:
        if q.get("field", "text") != "text":
            continue
        who = (q.get("speaker") or {}).get("canonical") or (q.get("speaker") or {}).get("text") or "?"
        kind = KIND_LABELS.get(q.get("type", ""), q.get("type", ""))
        spans.append(_Span(q["start"], q["end"], ["quote"], None, f"Zitat ({kind}): {who}"))
    for d in record.get("dates") or []:
        spans.append(_Span(d["start"], d["end"], ["date"], None, f"Datum: {d.get('value') or '?'}"))
    for e in record.get("entities") or []:
        if e.get("field", "text") != "text" or not e.get("entity_id"):
            continue
        label = str(e.get("label", "")).removesuffix("part")
        spans.append(
            _Span(
                e["start"], e["end"], ["ent", f"ent-{label.lower()}"], e["entity_id"],
                f"{label}: {e.get('canonical') or e.get('text')}",
            )
        )  # fmt: skip
    return spans
