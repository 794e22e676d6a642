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
from typing import NamedTuple, TextIO, TypeVar, cast

from lagebild.errors import LagebildError
from lagebild.ingest import iter_files, read_file
from lagebild.link.features import LinkFeatures
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


@dataclass(slots=True, frozen=True)
class FileDone:
    """Ends one file's items in the analysis stream: the file may be marked ingested once every
    article before this mark is committed."""

    path: str
    digest: str


class Analysed(NamedTuple):
    """An analysed article and, when the analysis step computed them, its link features."""

    article: Article
    features: LinkFeatures | None = None


ReadItem = RawArticle | ReadFailure | FileDone
Analyzer = Callable[[Iterable[ReadItem]], Iterator[Analysed | ReadFailure | FileDone]]
"""The pluggable analysis step of `ingest`: raw articles in, analysed ones out, in input order;
failures and file marks are passed on where they stand. In-process (`local_analyzer`) or on a
Dask cluster (`lagebild.scale`)."""


_T = TypeVar("_T")
_P = TypeVar("_P")  # what passes through the analysis untouched: failures, file marks
_U = TypeVar("_U")


def local_analyzer(stages: Sequence[Stage] | None = None) -> Analyzer:
    """Analysis in this process, one file at a time: a crash loses the current file's work only."""
    stages = list(stages) if stages is not None else default_stages()

    def run(items: Iterable[ReadItem]) -> Iterator[Analysed | ReadFailure | FileDone]:
        for item in analyze_all(items, stages):
            if isinstance(item, Article):
                yield Analysed(item)
            elif isinstance(item, ReadFailure | FileDone):
                yield item

    return run


@dataclass(slots=True)
class _Pending:
    """Analysed articles and finished files not yet committed; `flush` writes them in one batch."""

    store: Store
    report: IngestReport
    linker: StoreLinker | None
    articles: list[Article] = field(default_factory=list)
    features: list[LinkFeatures | None] = field(default_factory=list)
    sources: list[tuple[str, str, int, int]] = field(default_factory=list)

    def flush(self) -> None:
        if self.articles:
            changes = self.linker(self.articles, self.features) if self.linker else None
            result = self.store.write_batch(self.articles, links=changes)
            self.report.added += len(result.added)
            self.report.duplicates += len(result.duplicates)
        # Marked only now, after their articles are committed: a crash before this line re-reads them.
        for key, digest, n_articles, n_failed in self.sources:
            self.store.mark_source(key, digest, n_articles, n_failed)
        self.articles.clear()
        self.features.clear()
        self.sources.clear()


def ingest(
    paths: Iterable[str],
    store: Store,
    *,
    stages: Sequence[Stage] | None = None,
    batch_size: int = 64,
    on_file: Callable[[str], None] | None = None,
    link: bool = True,
    analyzer: Analyzer | None = None,
) -> IngestReport:
    """Read every file under `paths`, analyse each article, link it to the store and store it;
    never stop on bad input.

    `analyzer` replaces the in-process analysis (`local_analyzer(stages)`; `stages` is then unused):
    reading, batching, linking, writing and marking files done stay here, whatever runs the stages.
    """
    report = IngestReport()
    linker = StoreLinker(store) if link else None
    if linker is not None:
        report.linked_stored = linker.backfill()
    pending = _Pending(store, report, linker)
    analyze = analyzer or local_analyzer(stages)
    n_articles = n_failed = 0  # of the file being read
    for item in analyze(_read(paths, store, report, on_file)):
        if isinstance(item, ReadFailure):
            report.failures.append(item)
            n_failed += 1
        elif isinstance(item, FileDone):
            pending.sources.append((item.path, item.digest, n_articles, n_failed))
            n_articles = n_failed = 0
            if len(pending.articles) >= batch_size or len(pending.sources) >= batch_size:
                pending.flush()
        else:
            pending.articles.append(item.article)
            pending.features.append(item.features)
            n_articles += 1
            # Only a big container (feed, JSONL, WARC) fills a batch on its own; smaller files are
            # flushed at their end, together with the mark that they are done.
            if len(pending.articles) > batch_size:
                pending.flush()
    pending.flush()
    return report


def _read(
    paths: Iterable[str], store: Store, report: IngestReport, on_file: Callable[[str], None] | None
) -> Iterator[ReadItem]:
    """The raw articles of every file not ingested yet, lazily, each file closed by its FileDone."""
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
        yield from read_file(item)
        yield FileDone(item, digest)


class StoreLinker:
    """Links batches of new articles against a store, keeping the window it loaded from one batch
    to the next (a stream arrives roughly in publication order, so the next batch needs almost the
    same stored articles, and the sentence vectors computed for translation checks stay cached)."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self.graph: LinkGraph | None = None

    def __call__(
        self, articles: Sequence[Article], features: Sequence[LinkFeatures | None] = ()
    ) -> LinkChanges | None:
        """Link the articles the store does not hold yet; the changes go to `Store.write_batch`.

        `features`, where given (one per article), were computed beside the analysis, on a worker.
        """
        fresh = self.store.fresh(articles)
        if not fresh:
            return None
        given = {id(a): f for a, f in zip(articles, features, strict=False)}
        feats = [given.get(id(a)) for a in fresh]
        return self._link(fresh, None if None in feats else cast(list[LinkFeatures], feats))

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

    def _link(self, fresh: Sequence[Article], feats: list[LinkFeatures] | None = None) -> LinkChanges:
        from lagebild.link import features, link

        feats = feats if feats is not None else features(fresh)
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
    linking each record is written as it comes. A spooled record whose links did not change since
    (most of them) is copied as it is, not parsed and dumped again.
    """
    from lagebild.link import LinkGraph, final_links, link_all

    failures: list[ReadFailure] = []
    graph = LinkGraph()
    items = analyze_all(read_file(path), stages)
    if not link:  # no link can change later: each record is final as it comes, no spool needed
        return _write_records(items, output, failures, on_article), failures
    spooled: list[tuple[str, dict[str, object]]] = []  # (id, links as written) of each spooled line
    with tempfile.TemporaryFile("w+", encoding="utf-8") as spool:
        written = _write_records(link_all(items, graph), spool, failures, on_article, spooled)
        spool.seek(0)
        for line, (article_id, links) in zip(spool, spooled, strict=True):
            final = final_links(graph, article_id)
            if final == links:
                output.write(line)
                continue
            record = json.loads(line)
            record.update(final)
            output.write(json.dumps(record, ensure_ascii=False) + "\n")
    return written, failures


_LINK_FIELDS = ("duplicate_of", "translation_of", "story_id", "storyline_id")
_ABSENT = object()


def _write_records(
    items: Iterable[Article | ReadFailure],
    out: TextIO,
    failures: list[ReadFailure],
    on_article: Callable[[str], None] | None,
    spooled: list[tuple[str, dict[str, object]]] | None = None,
) -> int:
    """Write each article's record as one JSON line, collect the failures; returns how many written.
    `spooled` collects each record's id and link fields, in the order written."""
    written = 0
    for item in items:
        if isinstance(item, ReadFailure):
            failures.append(item)
            continue
        record = item.to_record()
        out.write(json.dumps(record, ensure_ascii=False) + "\n")
        if spooled is not None:
            spooled.append((item.id, {k: record.get(k, _ABSENT) for k in _LINK_FIELDS}))
        written += 1
        if on_article:
            on_article(item.id)
    return written


def count_files(paths: Iterable[str]) -> int:
    """How many files `ingest` will look at, for a progress bar's total."""
    return sum(1 for item in iter_files(paths) if not isinstance(item, ReadFailure))


def analyze_all(
    items: Iterable[RawArticle | _P], stages: Sequence[Stage], chunk: int = 128
) -> Iterator[Article | ReadFailure | _P]:
    """Every article a reader yields, analysed; a failing article becomes a ReadFailure, the rest go on.

    Articles are analysed `chunk` at a time (stages with a batch form are much faster that way) and
    come out in input order. Anything else in the stream (a FileDone) is passed on where it stands
    and ends a chunk, so that no file's analysis waits for the next file.
    """
    for pending in chunked(items, chunk, file_ends=True):
        yield from in_order(pending, analyze_chunk(raw_articles(pending), stages))


def analyze_chunk(raws: Sequence[RawArticle], stages: Sequence[Stage]) -> list[Article | ReadFailure]:
    """`analyze_many`, with each article it failed on turned into a ReadFailure naming the record."""
    out: list[Article | ReadFailure] = []
    for raw, result in zip(raws, analyze_many(raws, stages), strict=True):
        if isinstance(result, Article):
            out.append(result)
        elif isinstance(result, LagebildError):
            out.append(ReadFailure(raw.path, str(result), raw.record))
        else:  # a bug in one stage must not cost the rest of the batch
            reason = f"internal error while analysing: {type(result).__name__}: {result}"
            out.append(ReadFailure(raw.path, reason, raw.record))
    return out


def chunked(items: Iterable[_T], size: int, *, file_ends: bool = False) -> Iterator[list[_T]]:
    """Consecutive runs of `items` with at most `size` articles and failures each, read lazily;
    FileDone marks ride along uncounted, and end a run when `file_ends` is set."""
    pending: list[_T] = []
    counted = 0
    for item in items:
        pending.append(item)
        if isinstance(item, FileDone):
            if not file_ends:
                continue
        else:
            counted += 1
        if counted >= size or isinstance(item, FileDone):
            yield pending
            pending, counted = [], 0
    if pending:
        yield pending


def raw_articles(items: Iterable[object]) -> list[RawArticle]:
    return [item for item in items if isinstance(item, RawArticle)]


def in_order(pending: Iterable[RawArticle | _P], results: Iterable[_U]) -> Iterator[_P | _U]:
    """The chunk as read, each raw article replaced by its result (results come in the same order)."""
    done = iter(results)
    for item in pending:
        yield next(done) if isinstance(item, RawArticle) else item
