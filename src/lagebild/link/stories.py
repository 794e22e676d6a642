"""Stories (articles about the same event) and storylines (stories that continue one another).

A story is a connected group of articles in which every link is a confident same-event decision
between two articles. Because each decision reads only the two articles, the grouping does not
depend on the order in which articles arrive: a new article joins the story of every article it
matches, and when it matches articles of two stories, they become one. Decisions need dates that
fit (when both articles have one), a close multilingual vector and, as supporting evidence, shared
entities and events. Storylines join stories in the same way at the level of whole stories: the
same people and a similar subject within a few months, but not the same event.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

import numpy as np

from lagebild.link.features import LinkFeatures
from lagebild.link.translations import gap_days

STORY_DAYS = 3  # reports of one event appear within a few days of each other
# Cosine of lead vectors above which two articles report the same event, by same / other language
# (vectors of two languages lie further apart for the same content).
SAME_LANGUAGE = 0.62
OTHER_LANGUAGE = 0.55
ENTITY_WEIGHT = 0.15
STORYLINE_DAYS = 120
STORYLINE_SIMILARITY = 0.5
PEOPLE = 5  # a story is indexed under its most named people
STORYLINE_OVERLAP = 0.2  # shared share of the mentions of people and organisations


def entity_overlap(a: dict[str, int], b: dict[str, int]) -> float:
    """Weighted Jaccard overlap of two entity-count maps (0 when either is empty)."""
    keys = a.keys() | b.keys()
    if not keys:
        return 0.0
    top = sum(max(a.get(k, 0), b.get(k, 0)) for k in keys)
    low = sum(min(a.get(k, 0), b.get(k, 0)) for k in keys)
    return low / top if top else 0.0


def same_story(a: LinkFeatures, b: LinkFeatures, similarity: float) -> bool:
    """Whether two articles report the same event (`similarity`: cosine of their vectors)."""
    if a.dated and b.dated and gap_days(a, b) > STORY_DAYS:
        return False
    threshold = SAME_LANGUAGE if a.language == b.language else OTHER_LANGUAGE
    evidence = similarity + ENTITY_WEIGHT * entity_overlap(a.entities, b.entities)
    if set(a.events) & set(b.events) and a.event_days and set(a.event_days) & set(b.event_days):
        evidence += 0.05  # the same dated event
    return evidence >= threshold


@dataclass(slots=True)
class Story:
    """What the store keeps of a story; every field adds up when articles join or stories merge."""

    id: str
    storyline_id: str
    label: str = ""
    label_key: tuple[int, int, str] = (10**9, 1, "")  # which article's title names the story
    day_lo: int | None = None
    day_hi: int | None = None
    n_articles: int = 0
    outlets: dict[str, int] = field(default_factory=dict)
    vector_sum: np.ndarray = field(default_factory=lambda: np.zeros(512, dtype=np.float32))
    entities: dict[str, int] = field(default_factory=dict)  # entity id -> mentions in its articles

    def add(self, f: LinkFeatures, title: str | None) -> None:
        self.n_articles += 1
        if f.outlet:
            self.outlets[f.outlet] = self.outlets.get(f.outlet, 0) + 1
        self.vector_sum = self.vector_sum + f.vector
        for entity_id, n in f.entities.items():
            self.entities[entity_id] = self.entities.get(entity_id, 0) + n
        days = _days(f)
        bounds = [d for d in (self.day_lo, self.day_hi, *days) if d is not None]
        if bounds:
            self.day_lo, self.day_hi = min(bounds), max(bounds)
        key = label_key(f)
        if title and key < self.label_key:
            self.label, self.label_key = title, key

    def merge(self, other: Story) -> None:
        self.n_articles += other.n_articles
        for name, n in other.outlets.items():
            self.outlets[name] = self.outlets.get(name, 0) + n
        self.vector_sum = self.vector_sum + other.vector_sum
        for entity_id, n in other.entities.items():
            self.entities[entity_id] = self.entities.get(entity_id, 0) + n
        for bound, pick in (("day_lo", min), ("day_hi", max)):
            values = [v for v in (getattr(self, bound), getattr(other, bound)) if v is not None]
            setattr(self, bound, pick(values) if values else None)
        if other.label and other.label_key < self.label_key:
            self.label, self.label_key = other.label, other.label_key

    @property
    def centroid(self) -> np.ndarray:
        norm = float(np.linalg.norm(self.vector_sum))
        return self.vector_sum / norm if norm else self.vector_sum

    def protagonists(self) -> dict[str, float]:
        """People and organisations with their share of the story's mentions of either."""
        named = {k: n for k, n in self.entities.items() if k.startswith(("per:", "org:"))}
        total = sum(named.values())
        return {k: n / total for k, n in named.items()} if total else {}

    def people(self) -> list[str]:
        """The people the story names most (ties by id): how candidate storylines are looked up."""
        named = [k for k in self.entities if k.startswith("per:")]
        return sorted(named, key=lambda k: (-self.entities[k], k))[:PEOPLE]

    def span(self) -> tuple[str | None, str | None]:
        return iso(self.day_lo), iso(self.day_hi)


def _days(f: LinkFeatures) -> list[int]:
    """The days an article places its story on: its publication day; for an article dated only by
    month or year, the event dates inside that period; for an undated one, its event dates."""
    if f.day_lo is None or f.day_hi is None:
        return list(f.event_days)
    if f.day_lo == f.day_hi:
        return [f.day_lo]
    inside = [d for d in f.event_days if f.day_lo <= d <= f.day_hi]
    return inside or [f.day_lo, f.day_hi]


def label_key(f: LinkFeatures) -> tuple[int, int, str]:
    """The article whose title labels a story: the earliest, a German one before others, then by id."""
    return (f.day_lo if f.day_lo is not None else 10**9, 0 if f.language == "de" else 1, f.id)


def continues(a: Story, b: Story) -> bool:
    """Whether two different stories belong to one storyline: same protagonists, related subject,
    at most a few months apart."""
    dated = None not in (a.day_lo, a.day_hi, b.day_lo, b.day_hi)
    if dated and max(a.day_lo - b.day_hi, b.day_lo - a.day_hi) > STORYLINE_DAYS:  # type: ignore[operator]
        return False
    pa, pb = a.protagonists(), b.protagonists()
    shared = pa.keys() & pb.keys()
    if sum(1 for k in shared if k.startswith("per:")) < 2:
        return False
    if sum(min(pa[k], pb[k]) for k in shared) < STORYLINE_OVERLAP:
        return False
    return float(a.centroid @ b.centroid) >= STORYLINE_SIMILARITY


def iso(day: int | None) -> str | None:
    return date.fromordinal(day).isoformat() if day is not None else None
