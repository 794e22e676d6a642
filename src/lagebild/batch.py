"""Ingest many inputs into a store: read, analyse, write in batches, report what failed and why.

A file counts as ingested only after all its articles are committed, so a run that crashed is simply
run again: finished files are skipped by digest, and articles of a half-done file are recognised by
id and content hash and not stored twice.
"""

from __future__ import annotations

import hashlib
import json
import tempfile
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import TextIO

from lagebild.errors import LagebildError
from lagebild.ingest import iter_files, read_file
from lagebild.link.graph import LinkChanges, LinkGraph
from lagebild.model import Article, RawArticle, ReadFailure
from lagebild.pipeline import Stage, analyze_many, default_stages
from lagebild.store.base import Store


@dataclass(slots=True)
class IngestReport:
    """What one ingest run did; the CLI prints it, tests assert on it."""

    files: int = 0
    files_skipped: int = 0
    added: int = 0
    duplicates: int = 0
    failures: list[ReadFailure] = field(default_factory=list)
    linked_stored: int = 0  # articles stored before linking existed, linked by this run

    def summary(self) -> str:
        linked = f"; {self.linked_stored} stored articles linked" if self.linked_stored else ""
        return (
            f"{self.files} files read ({self.files_skipped} already ingested), {self.added} articles added, "
            f"{self.duplicates} duplicates skipped, {len(self.failures)} failed{linked}"
        )


@dataclass(slots=True)
class _Pending:
    articles: list[Article] = field(default_factory=list)
    sources: list[tuple[str, str, int, int]] = field(default_factory=list)


def ingest(
    paths: Iterable[str],
    store: Store,
    *,
    stages: Sequence[Stage] | None = None,
    batch_size: int = 64,
    on_file: Callable[[str], None] | None = None,
    link: bool = True,
) -> IngestReport:
    """Read every file under `paths`, analyse each article, link it to the store and store it;
    never stop on bad input."""
    stages = list(stages) if stages is not None else default_stages()
    report = IngestReport()
    pending = _Pending()
    linker = StoreLinker(store) if link else None
    if linker is not None:
        report.linked_stored = linker.backfill()

    def flush() -> None:
        if pending.articles:
            changes = linker(pending.articles) if linker else None
            result = store.write_batch(pending.articles, links=changes)
            report.added += len(result.added)
            report.duplicates += len(result.duplicates)
        for key, digest, n_articles, n_failed in pending.sources:
            store.mark_source(key, digest, n_articles, n_failed)
        pending.articles.clear()
        pending.sources.clear()

    for item in iter_files(paths):
        if isinstance(item, ReadFailure):
            report.failures.append(item)
            continue
        if on_file:
            on_file(item)
        report.files += 1
        try:
            with open(item, "rb") as fh:
                digest = hashlib.file_digest(fh, "sha256").hexdigest()
        except OSError as exc:
            report.failures.append(ReadFailure(item, f"cannot read file: {exc.strerror or exc}"))
            continue
        if store.has_source(item, digest):
            report.files_skipped += 1
            continue
        n_articles = n_failed = 0
        for article_or_failure in analyze_all(read_file(item), stages):
            if isinstance(article_or_failure, ReadFailure):
                report.failures.append(article_or_failure)
                n_failed += 1
                continue
            pending.articles.append(article_or_failure)
            n_articles += 1
            # Only a big container (feed, JSONL, WARC) fills a batch on its own; smaller files are
            # flushed at their end, together with the mark that they are done.
            if len(pending.articles) > batch_size:
                flush()
        pending.sources.append((item, digest, n_articles, n_failed))
        if len(pending.articles) >= batch_size or len(pending.sources) >= batch_size:
            flush()
    flush()
    return report


class StoreLinker:
    """Links batches of new articles against a store, keeping the window it loaded from one batch
    to the next (a stream arrives roughly in publication order, so the next batch needs almost the
    same stored articles, and the sentence vectors computed for translation checks stay cached)."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self.graph: LinkGraph | None = None

    def __call__(self, articles: Sequence[Article]) -> LinkChanges | None:
        """Link the articles the store does not hold yet; the changes go to `Store.write_batch`."""
        fresh = self.store.fresh(articles)
        return self._link(fresh) if fresh else None

    def backfill(self, batch_size: int = 256) -> int:
        """Link the stored articles that were never linked (stored by an older lagebild or with
        --no-link), oldest first; returns how many."""
        from lagebild.link.records import article_from_record

        done = 0
        while records := self.store.unlinked(batch_size):
            changes = self._link([article_from_record(r) for r in records])
            self.store.write_links(changes)
            done += len(records)
        return done

    def _link(self, fresh: Sequence[Article]) -> LinkChanges:
        from lagebild.link import features, link

        feats = features(fresh)
        days = [
            d
            for f in feats
            if f.day_lo is not None and f.day_hi is not None
            for d in range(f.day_lo, f.day_hi + 1)
        ]
        undated = any(not f.dated for f in feats)
        self.graph = self.store.link_graph(days, undated=undated, graph=self.graph)
        return link(self.graph, fresh, feats)


def analyze_to(
    path: str,
    output: TextIO,
    stages: Sequence[Stage],
    *,
    link: bool = True,
    on_article: Callable[[str], None] | None = None,
) -> tuple[int, list[ReadFailure]]:
    """Analyse one input into analysis records, linked among themselves; returns (written, failures).

    A later article can change the links of an earlier one (it may be the older copy, or join two
    stories), so records are spooled to a temporary file and written with their final links; without
    linking each record is written as it comes.
    """
    from lagebild.link import LinkGraph, final_links, link_all

    failures: list[ReadFailure] = []
    graph = LinkGraph()
    items = analyze_all(read_file(path), stages)
    if not link:  # no link can change later: each record is final as it comes, no spool needed
        return _write_records(items, output, failures, on_article), failures
    with tempfile.TemporaryFile("w+", encoding="utf-8") as spool:
        written = _write_records(link_all(items, graph), spool, failures, on_article)
        spool.seek(0)
        for line in spool:
            record = json.loads(line)
            record.update(final_links(graph, record["id"]))
            output.write(json.dumps(record, ensure_ascii=False) + "\n")
    return written, failures


def _write_records(
    items: Iterable[Article | ReadFailure],
    out: TextIO,
    failures: list[ReadFailure],
    on_article: Callable[[str], None] | None,
) -> int:
    """Write each article's record as one JSON line, collect the failures; returns how many written."""
    written = 0
    for item in items:
        if isinstance(item, ReadFailure):
            failures.append(item)
            continue
        out.write(json.dumps(item.to_record(), ensure_ascii=False) + "\n")
        written += 1
        if on_article:
            on_article(item.id)
    return written


def count_files(paths: Iterable[str]) -> int:
    """How many files `ingest` will look at, for a progress bar's total."""
    return sum(1 for item in iter_files(paths) if not isinstance(item, ReadFailure))


def analyze_all(
    raws: Iterable[RawArticle | ReadFailure], stages: Sequence[Stage], chunk: int = 128
) -> Iterator[Article | ReadFailure]:
    """Every article a reader yields, analysed; a failing article becomes a ReadFailure, the rest go on.

    Articles are analysed `chunk` at a time (stages with a batch form are much faster that way) and
    come out in input order.
    """
    pending: list[RawArticle | ReadFailure] = []

    def run() -> Iterator[Article | ReadFailure]:
        todo = [r for r in pending if not isinstance(r, ReadFailure)]
        done = iter(analyze_many(todo, stages))
        for item in pending:
            if isinstance(item, ReadFailure):
                yield item
                continue
            result = next(done)
            if isinstance(result, Article):
                yield result
            elif isinstance(result, LagebildError):
                yield ReadFailure(item.path, str(result), item.record)
            else:  # a bug in one stage must not cost the rest of the batch
                yield ReadFailure(
                    item.path,
                    f"internal error while analysing: {type(result).__name__}: {result}",
                    item.record,
                )
        pending.clear()

    for raw in raws:
        pending.append(raw)
        if len(pending) >= chunk:
            yield from run()
    yield from run()
