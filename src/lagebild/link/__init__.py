"""Linking across articles: near-duplicates, translated reposts, stories and storylines.

The only stage that looks across articles. `ingest` links each batch against the store
(`Store.link_graph` loads the window, `Store.write_batch` writes the changes with the articles);
`analyze` links its input among itself with one in-memory graph (`link_all`).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from lagebild.link.features import LinkFeatures
from lagebild.link.graph import ArticleLinks, LinkChanges, LinkGraph
from lagebild.link.linker import features, link
from lagebild.model import Article, ReadFailure

__all__ = [
    "ArticleLinks",
    "LinkChanges",
    "LinkFeatures",
    "LinkGraph",
    "features",
    "final_links",
    "link",
    "link_all",
]


def link_all(
    items: Iterable[Article | ReadFailure], graph: LinkGraph, *, chunk: int = 128
) -> Iterator[Article | ReadFailure]:
    """Link a stream of analysed articles among themselves, `chunk` at a time, passing failures on.

    Links of articles already yielded can still change (a later article may be the earlier copy,
    or join two stories): read the final ones from the graph with `final_links` at the end.
    """
    pending: list[Article | ReadFailure] = []

    def run() -> Iterator[Article | ReadFailure]:
        seen: set[str] = set()
        fresh = []
        for item in pending:
            if isinstance(item, Article) and item.id not in graph.features and item.id not in seen:
                seen.add(item.id)
                fresh.append(item)
        if fresh:
            link(graph, fresh)
        yield from pending
        pending.clear()

    for item in items:
        pending.append(item)
        if len(pending) >= chunk:
            yield from run()
    yield from run()


def final_links(graph: LinkGraph, article_id: str) -> dict[str, str | None]:
    """The link fields of an article once the whole input is linked."""
    own = graph.links.get(article_id, ArticleLinks())
    story = graph.stories.get(own.story_id or "")
    return {
        "duplicate_of": own.duplicate_of,
        "translation_of": own.translation_of,
        "story_id": own.story_id,
        "storyline_id": story.storyline_id if story else None,
    }
