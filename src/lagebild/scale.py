"""The Dask runner: `lagebild ingest --dask local|tcp://host:port` analyses on Dask workers.

What scales is the per-article work: the stages and the link features (the multilingual vector of
each article). It goes to the workers in chunks of raw articles; the analysed articles come back, with
their features, in input order, into the same writer as a single-process ingest (`batch.ingest`),
which links each batch against the store and commits it. Linking and writing stay in this process:
linking is incremental and reads what the batches before it wrote, so it is one sequential writer,
and with the vectors computed on the workers it costs a small part of the analysis.

Memory stays bounded: input is read lazily and at most 2 chunks per worker thread are in flight. A
chunk whose task failed (a worker that died on it) is analysed again article by article, so that only
the article at fault becomes a failure. Workers load their models once per process (module-level caches),
and a task carries raw articles and stage functions by reference only.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any, cast

from lagebild import batch
from lagebild.batch import (
    Analysed,
    Analyzer,
    FileDone,
    IngestReport,
    ReadItem,
    analyze_chunk,
    chunked,
    in_order,
    raw_articles,
)
from lagebild.errors import LagebildError
from lagebild.link.embed import _cores
from lagebild.model import Article, RawArticle, ReadFailure
from lagebild.pipeline import Stage, default_stages
from lagebild.store.base import Store

CHUNK = 32  # articles per task: a batch for the NER model, and enough tasks to keep every worker busy
IN_FLIGHT_PER_WORKER = 2  # one chunk computing, one waiting, on every worker thread

Result = Analysed | ReadFailure | FileDone


def ingest(
    paths: Iterable[str],
    store: Store,
    address: str,
    *,
    stages: Sequence[Stage] | None = None,
    workers: int | None = None,
    batch_size: int = 64,
    chunk: int = CHUNK,
    on_file: Callable[[str], None] | None = None,
    link: bool = True,
) -> IngestReport:
    """`batch.ingest` with the analysis on a Dask cluster: `address` is "local" (a cluster of
    `workers` processes on this machine, one per core by default, closed at the end) or a
    scheduler's address (tcp://host:8786)."""
    stages = list(stages) if stages is not None else default_stages()
    with connect(address, workers=workers) as client:
        analyzer = dask_analyzer(client, stages, chunk=chunk, features=link)
        return batch.ingest(
            paths, store, batch_size=batch_size, on_file=on_file, link=link, analyzer=analyzer
        )


@contextmanager
def connect(address: str, *, workers: int | None = None) -> Iterator[Any]:
    """A Dask client: of a new local cluster ("local") or of the scheduler at `address`."""
    distributed = _distributed()
    if address == "local":
        n = workers or _cores()
        # One thread per worker process: the stages hold the GIL, and the models are per process.
        with (
            distributed.LocalCluster(
                n_workers=n, threads_per_worker=1, processes=True, dashboard_address=":0"
            ) as cluster,
            distributed.Client(cluster) as client,
        ):
            yield client
        return
    if workers is not None:
        raise LagebildError("--workers sizes a local cluster only (--dask local); a scheduler has its own.")
    if "://" not in address:
        raise LagebildError(
            f"--dask takes 'local' or a scheduler address such as tcp://host:8786, not {address!r}."
        )
    try:
        client = distributed.Client(address, timeout="20s")
    except (OSError, TimeoutError) as exc:
        raise LagebildError(
            f"Cannot reach the Dask scheduler at {address} ({exc}); start one with `dask scheduler`."
        ) from exc
    with client:
        yield client


def dask_analyzer(
    client: Any, stages: Sequence[Stage], *, chunk: int = CHUNK, features: bool = True
) -> Analyzer:
    """An analysis step for `batch.ingest` that runs on the client's workers, results in input order."""
    stages = list(stages)

    def run(items: Iterable[ReadItem]) -> Iterator[Result]:
        queue: deque[tuple[list[ReadItem], Any]] = deque()
        try:
            for pending in chunked(items, chunk):
                raws = raw_articles(pending)
                future = client.submit(analyze_task, raws, stages, features, pure=False) if raws else None
                queue.append((pending, future))
                while len(queue) >= in_flight(client):
                    yield from _collect(client, *queue.popleft(), stages, features)
            while queue:
                yield from _collect(client, *queue.popleft(), stages, features)
        finally:  # a writer that stopped early leaves nothing running
            for _, future in queue:
                if future is not None:
                    future.cancel()

    return run


def in_flight(client: Any) -> int:
    """How many chunks may be out at once: asked again for every chunk, as workers may come and go."""
    return IN_FLIGHT_PER_WORKER * max(1, sum(client.nthreads().values()))


def analyze_task(
    raws: list[RawArticle], stages: Sequence[Stage], features: bool
) -> list[Analysed | ReadFailure]:
    """What a worker runs: a chunk through the stages, and the link features of what came out."""
    done = analyze_chunk(raws, stages)
    articles = [a for a in done if isinstance(a, Article)]
    if not features or not articles:
        return [Analysed(a) if isinstance(a, Article) else a for a in done]
    from lagebild.link import features as link_features

    feats = iter(link_features(articles))
    return [Analysed(a, next(feats)) if isinstance(a, Article) else a for a in done]


def _collect(
    client: Any, pending: list[ReadItem], future: Any, stages: Sequence[Stage], features: bool
) -> Iterator[Result]:
    results: list[Analysed | ReadFailure] = []
    if future is not None:
        try:
            results = future.result()
        except Exception:
            _check_alive(client)
            results = _one_by_one(client, raw_articles(pending), stages, features)
    # mypy cannot solve in_order's pass-through type from the ReadItem union
    return cast(Iterator[Result], in_order(pending, results))


def _one_by_one(
    client: Any, raws: list[RawArticle], stages: Sequence[Stage], features: bool
) -> list[Analysed | ReadFailure]:
    """Each article of a failed chunk in a task of its own, so only the one at fault fails."""
    futures = [client.submit(analyze_task, [raw], stages, features, pure=False) for raw in raws]
    out: list[Analysed | ReadFailure] = []
    for raw, future in zip(raws, futures, strict=True):
        try:
            out.extend(future.result())
        except Exception as exc:
            _check_alive(client)
            detail = str(exc).strip().splitlines()[0] if str(exc).strip() else ""
            reason = f"analysis failed on a Dask worker: {type(exc).__name__}: {detail}"
            out.append(ReadFailure(raw.path, reason, raw.record))
    return out


def _check_alive(client: Any) -> None:
    """A lost scheduler ends the run (what was committed stays; running it again resumes)."""
    if client.status != "running":
        raise LagebildError(
            f"Lost the Dask scheduler (client {client.status}); run the same ingest again to resume."
        )


def _distributed() -> Any:
    try:
        import distributed
    except ImportError as exc:
        raise LagebildError(
            "Running on Dask needs the dask extra: install lagebild[dask] (pip install 'lagebild[dask]')."
        ) from exc
    return distributed
