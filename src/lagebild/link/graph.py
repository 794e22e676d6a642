"""The part of the link graph that one linking step can see: articles of a time window and stories.

A store loads the window around a batch of new articles into a `LinkGraph`; the linker adds the
new articles to it and records what changed in `LinkChanges`, which the store writes in the same
transaction as the articles. `lagebild analyze` keeps one graph in memory for its whole input.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

import numpy as np

from lagebild.link.dedup import ShingleIndex
from lagebild.link.features import LinkFeatures
from lagebild.link.stories import Story


@dataclass(slots=True)
class ArticleLinks:
    """The link fields of one article, as the analysis record carries them."""

    duplicate_of: str | None = None
    translation_of: str | None = None
    story_id: str | None = None


@dataclass(slots=True)
class LinkChanges:
    """What one linking step changed: written by the store in one transaction with the articles."""

    articles: dict[str, ArticleLinks] = field(default_factory=dict)  # new and changed articles
    features: list[LinkFeatures] = field(default_factory=list)  # of the new articles
    stories: dict[str, Story] = field(default_factory=dict)  # created or changed
    merged_stories: dict[str, str] = field(default_factory=dict)  # absorbed id -> surviving id
    merged_storylines: dict[str, str] = field(default_factory=dict)
    duplicate_roots: dict[str, str] = field(default_factory=dict)  # old original -> earlier original


_SENTENCE_END = re.compile(r"(?<=[.!?…])[\"“”»«]?\s+|\n+")
MAX_SENTENCES = 40
MIN_SENTENCE_SIMILARITY = 0.5


def sentences(text: str) -> list[str]:
    """The text's sentences and lines (a simple split: alignment tolerates a wrong cut)."""
    parts = [p.strip() for p in _SENTENCE_END.split(text)]
    return [p for p in parts if len(p) > 15][:MAX_SENTENCES]


class LinkGraph:
    """Articles (their features and links) and stories, with the indexes the linker searches.

    `texts` fetches the clean texts of stored articles by id; translation checks need them to
    align sentences, and only for the few candidates that get that far.
    """

    def __init__(
        self,
        texts: Callable[[Iterable[str]], dict[str, str]] | None = None,
        fetch_stories: Callable[[list[str], int | None, int | None], list[Story]] | None = None,
        fetch_articles: Callable[[list[str]], LinkGraph] | None = None,
    ) -> None:
        self.texts = texts
        self.fetch_stories = fetch_stories
        # what a store has loaded into this graph: days of the window, the last article row read,
        # and whether the most recent undated (or all) articles are in
        self.covered: set[int] = set()
        self.last_rowid = 0
        self.recent: set[str] = set()
        self.fetch_articles = fetch_articles
        self._by_person: dict[str, set[str]] = {}
        self.known_texts: dict[str, str] = {}
        self._sentence_vectors: dict[str, np.ndarray] = {}
        self.features: dict[str, LinkFeatures] = {}
        self.links: dict[str, ArticleLinks] = {}
        self.stories: dict[str, Story] = {}
        self.shingles = ShingleIndex()
        self._ids: list[str] = []
        self._vectors = np.zeros((64, 512), dtype=np.float32)
        self._lo = np.zeros(64, dtype=np.float64)
        self._hi = np.zeros(64, dtype=np.float64)

    def add_article(self, f: LinkFeatures, links: ArticleLinks) -> None:
        if f.id in self.features:
            return
        n = len(self._ids)
        if n == len(self._vectors):  # grow by doubling: adding stays amortised O(1)
            self._vectors = np.concatenate([self._vectors, np.zeros_like(self._vectors)])
            self._lo = np.concatenate([self._lo, np.zeros_like(self._lo)])
            self._hi = np.concatenate([self._hi, np.zeros_like(self._hi)])
        self._vectors[n] = f.vector
        self._lo[n] = f.day_lo if f.day_lo is not None else np.nan
        self._hi[n] = f.day_hi if f.day_hi is not None else np.nan
        self._ids.append(f.id)
        self.features[f.id] = f
        self.links[f.id] = links
        self.shingles.add(f)

    def ensure(self, ids: Iterable[str]) -> None:
        """Load stored articles (and their stories) outside the window, such as the original of a
        late copy, when the graph does not hold them yet."""
        missing = sorted({i for i in ids if i not in self.features})
        if not missing or self.fetch_articles is None:
            return
        found = self.fetch_articles(missing)
        for article_id, f in found.features.items():
            self.add_article(f, found.links[article_id])
        for story in found.stories.values():
            self.add_story(story)

    def alignment(self, a: str, b: str) -> float:
        """How much of two articles is the same text in the same order, across languages.

        Each sentence of the article with fewer sentences is paired with its closest sentence in
        the other (cosine of multilingual vectors) where that choice is mutual and close enough; the
        score is the share of sentences in the longest run of such pairs that keeps their order. A
        translation keeps nearly every sentence in order (0.86 and more on WMT documents); two
        independent reports of one event pair few sentences, and not in order (0.4 at most).
        """
        va, vb = self._sentences(a), self._sentences(b)
        if len(va) == 0 or len(vb) == 0:
            return 0.0
        sims = va @ vb.T
        if len(va) > len(vb):
            sims = sims.T
        best_b, best_a = sims.argmax(axis=1), sims.argmax(axis=0)
        paired = [
            int(j) for i, j in enumerate(best_b) if best_a[j] == i and sims[i, j] >= MIN_SENTENCE_SIMILARITY
        ]
        return _longest_increasing(paired) / sims.shape[0]

    def _sentences(self, article_id: str) -> np.ndarray:
        from lagebild.link.embed import encode

        if article_id not in self._sentence_vectors:
            text = self.known_texts.get(article_id)
            if text is None and self.texts is not None:
                text = self.texts([article_id]).get(article_id)
            self._sentence_vectors[article_id] = encode(sentences(text or ""))
        return self._sentence_vectors[article_id]

    def add_story(self, story: Story) -> None:
        if story.id not in self.stories:
            self.stories[story.id] = story
            self.index_story(story)

    def drop_story(self, story_id: str) -> Story:
        story = self.stories.pop(story_id)
        for ids in self._by_person.values():
            ids.discard(story_id)
        return story

    def index_story(self, story: Story) -> None:
        """(Re-)index a story under its most named people, after it was created or grew."""
        for person in story.people():
            self._by_person.setdefault(person, set()).add(story.id)

    def storyline_candidates(self, story: Story) -> list[Story]:
        """Stories that share at least two of this story's most named people: the only ones that can
        continue it (`stories.continues`). Stored ones are fetched from the store's index of people."""
        people = story.people()
        if len(people) < 2:
            return []
        if self.fetch_stories is not None:
            for other in self.fetch_stories(people, story.day_lo, story.day_hi):
                self.add_story(other)
        counts: dict[str, int] = {}
        for person in people:
            for story_id in self._by_person.get(person, ()):
                counts[story_id] = counts.get(story_id, 0) + 1
        return [
            self.stories[k] for k in sorted(counts) if counts[k] >= 2 and k != story.id and k in self.stories
        ]

    def neighbours(self, f: LinkFeatures, *, min_similarity: float, days: int) -> list[tuple[str, float]]:
        """Articles within `days` of this one (or undated) whose vectors are at least this close."""
        n = len(self._ids)
        if n == 0:
            return []
        sims = self._vectors[:n] @ f.vector
        keep = sims >= min_similarity
        if f.day_lo is not None and f.day_hi is not None:
            lo, hi = self._lo[:n], self._hi[:n]
            with np.errstate(invalid="ignore"):
                far = (lo - f.day_hi > days) | (f.day_lo - hi > days)
            keep &= ~far  # NaN (undated) compares False: never too far
        return [(self._ids[i], float(sims[i])) for i in np.flatnonzero(keep)]


def _longest_increasing(values: list[int]) -> int:
    """Length of the longest strictly increasing subsequence (patience sorting)."""
    tails: list[int] = []
    for v in values:
        k = bisect.bisect_left(tails, v)
        if k == len(tails):
            tails.append(v)
        else:
            tails[k] = v
    return len(tails)
