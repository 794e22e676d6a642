"""Link new articles to what is already known: duplicates, translations, stories, storylines.

Incremental: each new article is compared with the articles of its time window in the graph and
joins or opens a story; nothing already stored is re-clustered. Every decision reads two articles
(or two stories) only, and merges follow the links found, so the same articles give the same
groups whatever the order or the batches they arrive in; only the names (ids) may differ.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence

from lagebild.link import dedup, stories, translations
from lagebild.link.embed import encode
from lagebild.link.features import LinkFeatures, extract, lead
from lagebild.link.graph import ArticleLinks, LinkChanges, LinkGraph
from lagebild.link.stories import Story
from lagebild.model import Article, content_id

WINDOW_DAYS = max(stories.STORY_DAYS, translations.MAX_DAYS)
_FLOOR = min(stories.OTHER_LANGUAGE, stories.SAME_LANGUAGE) - stories.ENTITY_WEIGHT - 0.05


def features(articles: Sequence[Article]) -> list[LinkFeatures]:
    """Link features of analysed articles (their vectors computed in one batch)."""
    vectors = encode([lead(a) for a in articles])
    return [extract(a, v) for a, v in zip(articles, vectors, strict=True)]


def link(
    graph: LinkGraph, articles: Sequence[Article], feats: Sequence[LinkFeatures] | None = None
) -> LinkChanges:
    """Link new articles into the graph; sets their link fields and returns every change made."""
    feats = list(feats) if feats is not None else features(articles)
    by_id = {a.id: a for a in articles}
    if graph.texts is not None:  # the store holds the others' texts: keep only this batch's in memory
        graph.known_texts.clear()
    graph.known_texts.update((a.id, a.text) for a in articles)
    changes = LinkChanges(features=feats)
    for f in sorted(feats, key=dedup.order_key):
        _link_one(graph, f, by_id[f.id].title, changes)
    for article in articles:
        own = graph.links[article.id]
        article.duplicate_of, article.translation_of = own.duplicate_of, own.translation_of
        article.story_id = own.story_id
        story = graph.stories.get(own.story_id or "")
        article.storyline_id = story.storyline_id if story else None
    return changes


def _link_one(graph: LinkGraph, f: LinkFeatures, title: str | None, changes: LinkChanges) -> None:
    own = ArticleLinks()
    near = graph.neighbours(f, min_similarity=_FLOOR, days=WINDOW_DAYS)
    matched: set[str] = set()  # stories this article belongs to

    original = _duplicate(graph, f, changes)
    if original is not None:
        own.duplicate_of = original
        matched.add(graph.links[original].story_id or "")

    best: tuple[float, str] | None = None
    for other_id, similarity in near:
        other = graph.features[other_id]
        s = translations.score(f, other, similarity, functools.partial(graph.alignment, f.id, other_id))
        if s is not None and (best is None or s > best[0]):
            best = (s, other_id)
        if stories.same_story(f, other, similarity):
            matched.add(graph.links[other_id].story_id or "")
    if best is not None:
        other = graph.features[best[1]]
        source, copy = translations.original_of(f, other)
        matched.add(graph.links[other.id].story_id or "")
        if copy is f:  # a translation of a copy translates the copy's original
            own.translation_of = graph.links[source.id].duplicate_of or source.id
        elif graph.links[other.id].translation_of is None:
            graph.links[other.id].translation_of = f.id
            changes.articles[other.id] = graph.links[other.id]

    matched = {m for m in matched if m in graph.stories}  # "" (no story yet) or a story not loaded
    graph.add_article(f, own)
    changes.articles[f.id] = own
    story = _join(graph, f, title, sorted(matched), changes)
    own.story_id = story.id
    if story.n_articles == 1 or len(matched) > 1 or _power_of_two(story.n_articles):
        _storylines(graph, story, changes)


def _duplicate(graph: LinkGraph, f: LinkFeatures, changes: LinkChanges) -> str | None:
    """The original this article copies, or None; an earlier copy arriving late becomes the original."""
    roots = {graph.links[i].duplicate_of or i for i in graph.shingles.candidates(f)
             if i in graph.features and dedup.is_duplicate(f, graph.features[i])}  # fmt: skip
    if not roots:
        return None
    graph.ensure(roots)  # an original may lie outside the window of this batch
    roots = {r for r in roots if r in graph.features}
    root = min((graph.features[r] for r in roots), key=dedup.order_key)
    if dedup.order_key(f) > dedup.order_key(root):
        return root.id
    # this copy is older than every stored one: it becomes the original of the group
    for old in roots:
        changes.duplicate_roots[old] = f.id
        for other_id, links in graph.links.items():
            if other_id == old or links.duplicate_of == old:
                links.duplicate_of = f.id
                changes.articles[other_id] = links
            if links.translation_of == old:  # translations point at the original, not at a copy
                links.translation_of = f.id
                changes.articles[other_id] = links
    return None


def _join(
    graph: LinkGraph, f: LinkFeatures, title: str | None, matched: list[str], changes: LinkChanges
) -> Story:
    """Add the article to the story it matched, merging stories it bridges, or open a new one."""
    if not matched:
        sid = "st-" + content_id(f.id)
        story = Story(sid, "sl-" + sid[3:])
        graph.add_story(story)
    else:
        story = graph.stories[matched[0]]
        for other_id in matched[1:]:
            other = graph.drop_story(other_id)
            story.merge(other)
            changes.merged_stories[other_id] = story.id
            changes.stories.pop(other_id, None)
            for links in graph.links.values():
                if links.story_id == other_id:
                    links.story_id = story.id
            if other.storyline_id != story.storyline_id:
                _merge_storylines(graph, story.storyline_id, other.storyline_id, changes)
    story.add(f, title)
    graph.index_story(story)
    changes.stories[story.id] = story
    return story


def _storylines(graph: LinkGraph, story: Story, changes: LinkChanges) -> None:
    for other in graph.storyline_candidates(story):
        if other.id == story.id or other.storyline_id == story.storyline_id:
            continue
        if stories.continues(story, other):
            _merge_storylines(graph, story.storyline_id, other.storyline_id, changes)


def _merge_storylines(graph: LinkGraph, a: str, b: str, changes: LinkChanges) -> None:
    keep, gone = sorted((a, b))
    changes.merged_storylines[gone] = keep
    for key, target in list(changes.merged_storylines.items()):
        if target == gone:
            changes.merged_storylines[key] = keep
    for s in graph.stories.values():
        if s.storyline_id == gone:
            s.storyline_id = keep
            changes.stories[s.id] = s


def _power_of_two(n: int) -> bool:
    return n & (n - 1) == 0
