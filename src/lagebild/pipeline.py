"""The ordered stage list and how articles run through it.

A stage is a plain function `stage(article) -> article` that declares what it needs and what it adds
(as spaCy components do with `requires=`), so a pipeline with stages out of order fails when built,
not halfway through a corpus. A stage may also offer `batch(articles) -> articles` for work that is
much faster on many articles at once (a neural model tags a batch of texts several times faster than
the same texts one by one); `analyze_many` uses it.
"""

from __future__ import annotations

from collections.abc import Sequence

from lagebild.errors import PipelineError
from lagebild.model import Article, RawArticle
from lagebild.stages import Stage, stage

__all__ = ["Stage", "analyze", "analyze_many", "check_order", "default_stages", "identify"]


def check_order(stages: Sequence[Stage]) -> None:
    """Raise PipelineError when a stage requires something no earlier stage provides."""
    available = {"raw"}
    for s in stages:
        missing = [r for r in s.requires if r not in available]
        if missing:
            raise PipelineError(
                f"Stage {s.__name__!r} requires {', '.join(missing)}, which no earlier stage provides."
            )
        available.update(s.provides)


NER_TAGGERS = ("fast", "accurate")


def default_stages(*, clean: bool = True, ner: str = "fast") -> list[Stage]:
    """The stages every article goes through, in order. `clean=False` keeps the text as given;
    `ner="accurate"` finds entities with the e5 tagger instead of the fast CNN."""
    from lagebild import clean as clean_mod
    from lagebild import meta
    from lagebild.nlp import dates, entities, events, quotes

    if ner == "accurate":
        from lagebild.nlp.entities.accurate import require

        require()

    stages: list[Stage] = [
        clean_mod.layout,
        clean_mod.clean if clean else clean_mod.keep,
        meta.metadata,
        identify,
        entities.entities_accurate if ner == "accurate" else entities.entities,
        quotes.quotes,
        quotes.link_quotes,
        dates.dates,
        events.events,
    ]
    check_order(stages)
    return stages


@stage(requires=("text", "title"), provides=("id",))
def identify(article: Article) -> Article:
    """Give an article without an input id a stable id derived from its content."""
    from lagebild.model import content_id

    if not article.id:
        article.id = content_id(article.title or "", article.text)
    return article


def analyze(raw: RawArticle, stages: Sequence[Stage]) -> Article:
    """Run one raw article through the stages."""
    article = Article.from_raw(raw)
    for s in stages:
        article = s(article)
    return article


def analyze_many(raws: Sequence[RawArticle], stages: Sequence[Stage]) -> list[Article | Exception]:
    """Run several raw articles through the stages, each stage over all of them before the next.

    A stage with a batch form sees the articles together. An article a stage fails on is replaced by
    the exception and skips the later stages; when a batch fails, the stage runs one article at a time
    so that only the article at fault is lost.
    """
    results: list[Article | Exception] = [Article.from_raw(raw) for raw in raws]
    for s in stages:
        alive = [i for i, r in enumerate(results) if isinstance(r, Article)]
        batch = getattr(s, "batch", None)
        if batch is not None and len(alive) > 1:
            try:
                done = batch([results[i] for i in alive])
            except Exception:
                pass  # find the article at fault below
            else:
                for i, article in zip(alive, done, strict=True):
                    results[i] = article
                continue
        for i in alive:
            try:
                results[i] = s(results[i])  # type: ignore[arg-type]
            except Exception as exc:
                results[i] = exc
    return results
