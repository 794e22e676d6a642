"""Ingest throughput on one process versus a local Dask cluster of 1 and 2 worker processes.

    python benchmarks/dask_ingest.py [PATH ...] [--workers 1 2] [--repeat 1]

Defaults to the bundled sample corpus (samples/corpus/: 300 German Wikinews articles and the two
seeds). Each run ingests into a fresh SQLite file with every stage and linking, as `lagebild ingest`
does. For Dask the cluster is started first and its workers load their models on a warm-up chunk, so
that the figure is the steady throughput of a running cluster; single-process loads its models on
the same warm-up. Prints articles/s per setting and the peak memory of the analysing process (single
process: this one, so the writer included; Dask: the largest worker).
"""

from __future__ import annotations

import argparse
import json
import resource
import tempfile
import time
from contextlib import AbstractContextManager, nullcontext
from pathlib import Path
from typing import Any

from lagebild import batch, scale
from lagebild.model import RawArticle
from lagebild.pipeline import default_stages
from lagebild.store import open_store

ROOT = Path(__file__).resolve().parents[1]


def warm_up_raws() -> list[RawArticle]:
    """An article to load the models (NER, encoder) with, where the analysis runs, before timing."""
    line = (ROOT / "samples" / "corpus" / "wikinews-de.jsonl").read_text(encoding="utf-8").splitlines()[0]
    return [RawArticle("warm-up", "1", raw_text=json.loads(line)["text"])]


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def timed(paths: list[str], workers: int | None) -> tuple[int, float, float]:
    """Articles, seconds, and the peak RSS of the process that analysed (the largest worker)."""
    stages = default_stages()
    with tempfile.TemporaryDirectory() as tmp, open_store(f"sqlite:///{tmp}/bench.db") as store:
        cluster: AbstractContextManager[Any] = (
            scale.connect("local", workers=workers) if workers else nullcontext()
        )
        with cluster as client:
            if client is None:
                scale.analyze_task(warm_up_raws(), stages, True)
                analyzer = batch.local_analyzer(stages)
            else:
                client.run(scale.analyze_task, warm_up_raws(), stages, True)  # on every worker
                analyzer = scale.dask_analyzer(client, stages)
            start = time.perf_counter()
            report = batch.ingest(paths, store, analyzer=analyzer)
            elapsed = time.perf_counter() - start
            peak = peak_mb() if client is None else max(client.run(peak_mb).values())
    return report.added + report.duplicates, elapsed, peak


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("paths", nargs="*", default=[str(ROOT / "samples" / "corpus")])
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--repeat", type=int, default=1, help="Runs per setting; the best one counts.")
    args = parser.parse_args()
    print(f"corpus: {' '.join(args.paths)}")
    print(f"{'setting':28} {'articles':>8} {'seconds':>8} {'articles/s':>10} {'peak RSS MB':>12}")
    for workers in [None, *args.workers]:
        runs = [timed(args.paths, workers) for _ in range(args.repeat)]
        articles, elapsed, peak = min(runs, key=lambda r: r[1])
        name = "single process" if workers is None else f"--dask local, {workers} worker(s)"
        print(f"{name:28} {articles:8} {elapsed:8.1f} {articles / elapsed:10.1f} {peak:12.0f}")


if __name__ == "__main__":
    main()
