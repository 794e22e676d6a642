"""What every store offers; the SQLite store implements it, a PostgreSQL store will too.

The batch runner, the CLI and the report only talk to this protocol, so a backend change touches
none of them.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol

from lagebild.link.graph import LinkChanges, LinkGraph
from lagebild.model import Article


@dataclass(slots=True)
class BatchResult:
    added: list[str] = field(default_factory=list)
    duplicates: list[tuple[str, str]] = field(default_factory=list)  # (new id, id already stored)


@dataclass(slots=True)
class SearchHit:
    id: str
    title: str | None
    published: str | None
    outlet: str | None
    snippet: str
    score: float


@dataclass(slots=True)
class EntityProfile:
    """One canonical entity as the store knows it: its forms, roles and where it appears."""

    entity_id: str
    label: str
    canonical: str
    mentions: int
    articles: int
    first_seen: str | None
    last_seen: str | None
    variants: list[tuple[str, int]] = field(default_factory=list)  # (form, mentions)
    roles: list[tuple[str, int, str | None, str | None]] = field(
        default_factory=list
    )  # (role, n, first, last)


@dataclass(slots=True)
class QuoteHit:
    """One stored quote with its speaker and the article it comes from."""

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


@dataclass(slots=True)
class EventHit:
    """One stored event as one article reports it."""

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


@dataclass(slots=True)
class StoryHit:
    """One story: its label, time span, size and the outlets that covered it."""

    id: str
    storyline_id: str
    label: str
    first_date: str | None
    last_date: str | None
    articles: int
    outlets: dict[str, int]


@dataclass(slots=True)
class StoryArticle:
    """One article of a story, with the links that say whether it is a copy."""

    id: str
    title: str | None
    published: str | None
    outlet: str | None
    language: str | None
    duplicate_of: str | None
    translation_of: str | None
    story_id: str | None


@dataclass(slots=True)
class EntityCount:
    """An entity and in how many articles (of a search, of the store, beside another entity) it appears."""

    entity_id: str
    canonical: str
    label: str
    articles: int


@dataclass(slots=True)
class SearchFacets:
    """How the hits of one search spread over outlets, entities and months (all hits, not one page)."""

    total: int
    outlets: list[tuple[str, int]] = field(default_factory=list)
    entities: list[EntityCount] = field(default_factory=list)
    months: list[tuple[str, int]] = field(default_factory=list)  # ("2022-01", n), oldest first


@dataclass(slots=True)
class ArticleHit:
    """An article's heading: enough for a list of articles."""

    id: str
    title: str | None
    published: str | None
    outlet: str | None


class Store(Protocol):
    def has_source(self, key: str, digest: str) -> bool: ...
    def mark_source(self, key: str, digest: str, articles: int, failures: int) -> None: ...
    def write_batch(self, articles: Sequence[Article], links: LinkChanges | None = None) -> BatchResult: ...
    def fresh(self, articles: Sequence[Article]) -> list[Article]: ...
    def unlinked(self, limit: int) -> list[dict[str, Any]]: ...
    def write_links(self, links: LinkChanges) -> None: ...
    def link_graph(
        self, days: Sequence[int], *, undated: bool, graph: LinkGraph | None = None
    ) -> LinkGraph: ...
    def stories(
        self,
        *,
        since: str | None = None,
        until: str | None = None,
        entity_ids: Sequence[str] | None = None,
        outlet: str | None = None,
        storyline: str | None = None,
        limit: int = 50,
    ) -> list[StoryHit]: ...
    def story(self, id: str) -> StoryHit | None: ...
    def story_articles(self, story_ids: Sequence[str]) -> list[StoryArticle]: ...
    def get(self, id: str) -> dict[str, Any] | None: ...
    def iter_records(self) -> Iterator[dict[str, Any]]: ...
    def count(self) -> int: ...
    def stats(self) -> dict[str, Any]: ...
    def search(
        self,
        query: str,
        *,
        outlet: str | None = None,
        language: str | None = None,
        since: str | None = None,
        until: str | None = None,
        entity_ids: Sequence[str] | None = None,
        limit: int = 20,
        offset: int = 0,
    ) -> list[SearchHit]: ...
    def search_facets(
        self,
        query: str,
        *,
        outlet: str | None = None,
        language: str | None = None,
        since: str | None = None,
        until: str | None = None,
        entity_ids: Sequence[str] | None = None,
        top: int = 10,
    ) -> SearchFacets: ...
    def generation(self) -> int: ...
    def latest(self, *, limit: int = 10) -> list[ArticleHit]: ...
    def raw(self, id: str) -> tuple[str, str | None] | None: ...
    def top_entities(self, *, label: str | None = None, limit: int = 20) -> list[EntityCount]: ...
    def find_entities(self, prefix_key: str, *, limit: int = 20) -> list[EntityCount]: ...
    def cooccurring(self, entity_id: str, *, limit: int = 15) -> list[EntityCount]: ...
    def entity_months(self, entity_id: str) -> list[tuple[str, int]]: ...
    def entity_profiles(self, entity_ids: Sequence[str], name_keys: Sequence[str]) -> list[EntityProfile]: ...
    def quotes(
        self,
        *,
        speaker_ids: Sequence[str] | None = None,
        speaker_keys: Sequence[str] = (),
        story: str | None = None,
        stories: Sequence[str] | None = None,
        outlet: str | None = None,
        limit: int = 100,
    ) -> list[QuoteHit]: ...
    def events(
        self,
        *,
        entity_ids: Sequence[str] | None = None,
        story: str | None = None,
        stories: Sequence[str] | None = None,
        limit: int = 1000,
    ) -> list[EventHit]: ...
    def close(self) -> None: ...
    def __enter__(self) -> Store: ...
    def __exit__(self, *exc: object) -> None: ...
