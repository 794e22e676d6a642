"""The shapes of the HTTP API's requests and answers, as pydantic models, so /openapi.json is typed.

The analysis record is described field by field but lets unknown fields through (`extra="allow"`):
a stage that adds a field to the record must not break the API that serves it.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field


class Error(BaseModel):
    """Every error answer: one message that says what to fix."""

    error: str


# -- the analysis record ------------------------------------------------------------------------------
class _Open(BaseModel):
    model_config = ConfigDict(extra="allow")


class Source(_Open):
    path: str | None = None
    url: str | None = None
    record: str | None = None


class OutletOut(_Open):
    name: str
    evidence: str | None = None
    domain: str | None = None


class Removed(_Open):
    raw_start: int
    raw_end: int
    kind: str
    text: str


class SpanOut(_Open):
    start: int
    end: int
    text: str


class EntityMention(_Open):
    start: int
    end: int
    raw_start: int | None = None
    raw_end: int | None = None
    text: str
    label: str
    entity_id: str | None = None
    canonical: str | None = None
    role: SpanOut | None = None
    field: str | None = None


class Speaker(_Open):
    start: int | None = None
    end: int | None = None
    text: str
    entity_id: str | None = None
    canonical: str | None = None


class QuoteOut(_Open):
    start: int
    end: int
    text: str
    type: str
    cue: SpanOut | None = None
    speaker: Speaker | None = None
    addressee: Speaker | None = None


class DateOut(_Open):
    start: int
    end: int
    text: str
    type: str | None = None
    value: str | None = None


class EventOut(_Open):
    id: str | None = None
    type: str
    status: str | None = None
    participants: list[str] = []
    participant_names: list[str] = []
    place: str | None = None
    date: str | None = None
    start: int
    end: int


class ArticleRecord(_Open):
    """The analysis record of DESIGN.md, as `lagebild export` writes it."""

    id: str
    source: Source
    title: str | None = None
    published: str | None = None
    published_source: str | None = None
    language: str | None = None
    outlet: OutletOut | None = None
    agencies: list[str] = []
    text: str
    removed: list[Removed] = []
    entities: list[EntityMention] = []
    quotes: list[QuoteOut] = []
    dates: list[DateOut] = []
    events: list[EventOut] = []
    duplicate_of: str | None = None
    translation_of: str | None = None
    story_id: str | None = None
    storyline_id: str | None = None


# -- search -----------------------------------------------------------------------------------------------
class SearchHitOut(BaseModel):
    id: str
    title: str | None
    published: str | None
    outlet: str | None
    snippet: str = Field(description="Text around the first match; matched words in [brackets].")
    score: float


class EntityCountOut(BaseModel):
    entity_id: str
    canonical: str
    label: str
    articles: int


class Count(BaseModel):
    value: str
    count: int


class Facets(BaseModel):
    outlets: list[Count]
    entities: list[EntityCountOut]
    months: list[Count] = Field(description="Hits per publication month (YYYY-MM), oldest first.")


class SearchResult(BaseModel):
    query: str
    page: int
    per_page: int
    total: int
    pages: int
    hits: list[SearchHitOut]
    facets: Facets


# -- entities, quotes, timelines, stories ----------------------------------------------------------------
class Variant(BaseModel):
    form: str
    mentions: int


class RoleOut(BaseModel):
    role: str
    mentions: int
    first: str | None
    last: str | None


class EntityDetail(BaseModel):
    entity_id: str
    label: str
    canonical: str
    mentions: int
    articles: int
    first_seen: str | None
    last_seen: str | None
    variants: list[Variant]
    roles: list[RoleOut] = Field(description="Inflected forms of one role are folded into its commonest.")
    months: list[Count] = Field(description="Articles naming the entity, per month.")
    cooccurring: list[EntityCountOut]
    surname_only: list[EntityCountOut] = Field(
        description="Entities stored under this person's surname alone; not merged, may be someone else."
    )


class QuoteHitOut(BaseModel):
    article_id: str
    title: str | None
    published: str | None
    outlet: str | None
    type: str
    text: str
    start: int
    end: int
    field: str
    cue: str | None
    speaker: str | None
    speaker_entity_id: str | None
    speaker_canonical: str | None


class TimelineItemOut(BaseModel):
    date: str | None
    kind: str = Field(description='"event" or "quote"')
    summary: str
    evidence: str
    article_id: str
    outlet: str | None
    published: str | None
    event_id: str | None = None


class StoryOut(BaseModel):
    """A story: articles about one event, grouped by the linking stage."""

    id: str
    storyline_id: str = Field(description="Stories that continue one another share it.")
    label: str
    first_date: str | None
    last_date: str | None
    articles: int
    outlets: dict[str, int]


class StoryArticleOut(BaseModel):
    id: str
    title: str | None
    published: str | None
    outlet: str | None
    language: str | None
    duplicate_of: str | None
    translation_of: str | None
    story_id: str | None


class EventHitOut(BaseModel):
    event_id: str
    article_id: str
    title: str | None
    published: str | None
    outlet: str | None
    type: str
    status: str
    date: str | None
    place: str | None
    participants: list[str]
    evidence: str


class SpeakerCount(BaseModel):
    name: str
    quotes: int


class CoverageArticle(BaseModel):
    id: str
    title: str | None
    published: str | None
    language: str | None
    kind: Literal["report", "duplicate", "translation"]
    of: str | None = Field(description="The article a duplicate or translation copies.")


class OutletCoverageOut(BaseModel):
    """How one outlet covered the story."""

    outlet: str
    articles: list[CoverageArticle]
    first_published: str | None
    first_report: bool = Field(
        description="Its first article is the story's first report, or an original of the same day."
    )
    quotes: int
    quoted_chars: int = Field(description="Characters quoted, over all its quotes.")
    speakers: list[SpeakerCount] = Field(description="Whom it quotes, most quoted first.")
    missing_entities: list[str] = Field(
        description="People, organisations and places at least two other outlets name (one, when there "
        "is only one other) and this one does not."
    )
    missing_numbers: list[str]
    missing_speakers: list[str]


class SegmentOut(BaseModel):
    text: str
    op: Literal["equal", "inserted", "deleted"] = Field(
        description="inserted: words only this version has; deleted: words of the first report it lacks."
    )


class QuoteVersionOut(BaseModel):
    article_id: str
    outlet: str | None
    published: str | None
    language: str | None
    type: str
    speaker: str | None
    text: str
    start: int
    end: int
    similarity: float = Field(description="To the first report: difflib ratio, or cosine across languages.")
    changes: list[str] = Field(
        description='Against the first report: "wording", "shortened", "extended", "numbers", '
        '"translation", "type: direct → indirect" (any two quote types).'
    )
    segments: list[SegmentOut]


class QuoteDriftOut(BaseModel):
    """One statement quoted in several articles; the first version is the earliest report."""

    speaker_id: str | None
    speaker: str | None
    versions: list[QuoteVersionOut]


class ComparisonOut(BaseModel):
    outlets: list[OutletCoverageOut] = Field(description="Earliest first.")
    drift: list[QuoteDriftOut] = Field(description="Statements with the most versions first.")


class StoryDetail(BaseModel):
    story: StoryOut
    articles: list[StoryArticleOut]
    events: list[EventHitOut]
    speakers: list[SpeakerCount]
    storyline: list[StoryOut] = Field(description="The stories of its storyline, oldest first.")
    timeline: list[TimelineItemOut] = Field(description="Its dated events and quotes, oldest first.")
    comparison: ComparisonOut | None = Field(description="How the outlets covered it; quote drift.")


# -- writing ------------------------------------------------------------------------------------------------
class ArticleIn(BaseModel):
    """One article in the JSONL input shape; `text` or `html` is required."""

    model_config = ConfigDict(extra="ignore")

    id: str | None = Field(None, description="Your id; without one, an id is derived from the content.")
    text: str | None = None
    html: str | None = None
    title: str | None = None
    published: str | None = Field(None, description="YYYY-MM-DD (or YYYY-MM)")
    url: str | None = None
    outlet: str | None = None
    language: str | None = None


class Duplicate(BaseModel):
    id: str
    existing_id: str


class Failure(BaseModel):
    record: str | None = Field(description="1-based position in the posted list")
    reason: str


class PostResult(BaseModel):
    added: list[str]
    duplicates: list[Duplicate]
    failed: list[Failure]
