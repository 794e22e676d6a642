"""The shared types of lagebild: what readers produce and what every stage adds to.

Stages never pass dictionaries between each other; they fill fields of one `Article`.
`Article.to_record()` gives the analysis record of DESIGN.md, the contract other tools read.
"""

from __future__ import annotations

import bisect
import hashlib
from dataclasses import dataclass, field
from typing import Any


@dataclass(slots=True)
class RawArticle:
    """One article as a reader found it, before any analysis.

    Exactly one of `raw_text` / `raw_html` is set. `hints` carries what the container already
    states (JSONL fields, feed item title/date, WARC target URI): keys `id`, `title`,
    `published`, `outlet`, `language`.
    """

    path: str
    record: str | None = None
    raw_text: str | None = None
    raw_html: str | None = None
    url: str | None = None
    fetched_at: str | None = None
    hints: dict[str, Any] = field(default_factory=dict)


@dataclass(slots=True)
class Removal:
    """A piece of raw input that cleaning dropped, and why (`kind`)."""

    raw_start: int
    raw_end: int
    kind: str
    text: str

    def to_dict(self) -> dict[str, Any]:
        return {"raw_start": self.raw_start, "raw_end": self.raw_end, "kind": self.kind, "text": self.text}


@dataclass(slots=True)
class Outlet:
    name: str
    evidence: str
    domain: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"name": self.name, "evidence": self.evidence, "domain": self.domain}


@dataclass(slots=True)
class SpanMap:
    """Maps offsets in the clean text back to the raw text.

    Cleaning only ever deletes, so the clean text is a concatenation of raw slices; each
    segment is `(clean_start, raw_start, length)`, sorted by `clean_start`.
    """

    segments: list[tuple[int, int, int]] = field(default_factory=list)

    @classmethod
    def identity(cls, length: int) -> SpanMap:
        return cls([(0, 0, length)] if length else [])

    def to_raw(self, clean_offset: int, *, end: bool = False) -> int:
        """Raw offset of a clean offset; `end=True` maps an exclusive end to just after its last char."""
        if not self.segments:
            return clean_offset
        starts = [s[0] for s in self.segments]
        probe = clean_offset - 1 if end and clean_offset > 0 else clean_offset
        i = max(bisect.bisect_right(starts, probe) - 1, 0)
        clean_start, raw_start, length = self.segments[i]
        delta = min(max(probe - clean_start, 0), length)
        return raw_start + delta + (1 if end and clean_offset > 0 else 0)

    def to_list(self) -> list[list[int]]:
        return [list(s) for s in self.segments]


@dataclass(slots=True)
class Span:
    """A piece of the clean text: offsets into `Article.text` and the text they cover."""

    start: int
    end: int
    text: str

    def to_dict(self) -> dict[str, Any]:
        return {"start": self.start, "end": self.end, "text": self.text}


@dataclass(slots=True)
class Mention:
    """An entity mention; `role` is the title or function the text gives it ("US-Außenminister").

    Most mentions are in the clean text (`field` "text"). Mentions in the title (`field` "title") and
    in photo captions that cleaning removed (`field` "caption") have offsets into that string; a
    caption's `raw_base` is where it starts in the raw input.
    """

    start: int
    end: int
    text: str
    label: str
    entity_id: str | None = None
    canonical: str | None = None
    role: Span | None = None
    field: str = "text"
    raw_base: int | None = None


@dataclass(slots=True)
class Article:
    """One article and everything the stages found in it.

    `raw` is the input text as given (for HTML pages: the page text that the layout stage kept,
    while `html` holds the page). `text` is the clean text; `span_map` leads from it back to `raw`.
    """

    id: str
    path: str
    raw: str
    record: str | None = None
    url: str | None = None
    fetched_at: str | None = None
    html: str | None = None
    hints: dict[str, Any] = field(default_factory=dict)
    text: str = ""
    span_map: SpanMap = field(default_factory=SpanMap)
    removed: list[Removal] = field(default_factory=list)
    title: str | None = None
    published: str | None = None
    published_source: str | None = None
    language: str | None = None
    outlet: Outlet | None = None
    agencies: list[str] = field(default_factory=list)
    entities: list[Mention] = field(default_factory=list)
    quotes: list[dict[str, Any]] = field(default_factory=list)
    dates: list[dict[str, Any]] = field(default_factory=list)
    events: list[dict[str, Any]] = field(default_factory=list)
    duplicate_of: str | None = None
    translation_of: str | None = None
    story_id: str | None = None
    storyline_id: str | None = None

    @classmethod
    def from_raw(cls, raw: RawArticle) -> Article:
        text = raw.raw_text if raw.raw_text is not None else ""
        article = cls(
            id=str(raw.hints["id"]) if raw.hints.get("id") not in (None, "") else "",
            path=raw.path,
            record=raw.record,
            raw=text,
            url=raw.url,
            fetched_at=raw.fetched_at,
            html=raw.raw_html,
            hints=dict(raw.hints),
        )
        return article

    def raw_span(self, start: int, end: int) -> tuple[int, int]:
        """Raw offsets of a clean span."""
        return self.span_map.to_raw(start), self.span_map.to_raw(end, end=True)

    def _span_record(self, span: Span) -> dict[str, Any]:
        raw_start, raw_end = self.raw_span(span.start, span.end)
        return {**span.to_dict(), "raw_start": raw_start, "raw_end": raw_end}

    def to_record(self) -> dict[str, Any]:
        """The analysis record (DESIGN.md): `analyze` and `export` write exactly this."""
        entities = []
        for m in self.entities:
            entity: dict[str, Any] = {
                "start": m.start,
                "end": m.end,
                "raw_start": None,
                "raw_end": None,
                "text": m.text,
                "label": m.label,
                "entity_id": m.entity_id,
                "canonical": m.canonical,
                "role": None,
            }
            if m.field == "text":
                entity["raw_start"], entity["raw_end"] = self.raw_span(m.start, m.end)
                entity["role"] = self._span_record(m.role) if m.role else None
            else:
                entity["field"] = m.field
                if m.raw_base is not None:
                    entity["raw_start"], entity["raw_end"] = m.raw_base + m.start, m.raw_base + m.end
                entity["role"] = m.role.to_dict() if m.role else None
            entities.append(entity)
        return {
            "id": self.id,
            "source": {"path": self.path, "url": self.url, "record": self.record},
            "title": self.title,
            "published": self.published,
            "published_source": self.published_source,
            # no publication date was found: the date the dates stage inferred from the text instead
            "published_inferred": self.hints.get("published_inferred"),
            "language": self.language,
            "outlet": self.outlet.to_dict() if self.outlet else None,
            "agencies": list(self.agencies),
            "text": self.text,
            "removed": [r.to_dict() for r in self.removed],
            "entities": entities,
            "quotes": list(self.quotes),
            "dates": list(self.dates),
            "events": list(self.events),
            "duplicate_of": self.duplicate_of,
            "translation_of": self.translation_of,
            "story_id": self.story_id,
            "storyline_id": self.storyline_id,
        }


def content_id(*parts: str) -> str:
    """A stable id from content, so the same article read twice gets the same id.

    Whitespace is folded first: a re-scrape that only re-wraps lines is the same article.
    """
    digest = hashlib.sha1()
    for part in parts:
        digest.update(" ".join(part.split()).encode("utf-8"))
        digest.update(b"\x00")
    return digest.hexdigest()[:16]


@dataclass(slots=True)
class ReadFailure:
    """An input that could not be read: which file (and record) and why, in one line."""

    path: str
    reason: str
    record: str | None = None

    def __str__(self) -> str:
        where = f"{self.path} (record {self.record})" if self.record is not None else self.path
        return f"{where}: {self.reason}"
