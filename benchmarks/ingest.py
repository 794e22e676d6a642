"""Ingest speed and peak memory on a real corpus.

    python benchmarks/ingest.py [PATH ...] [--batch-size 64]

Defaults to the bundled sample corpus (samples/corpus/: 300 German Wikinews articles and the two seeds).
Prints articles/s over the whole run (reading, cleaning, metadata, store writes) into a fresh SQLite
file, and the peak resident memory of this process.
"""

from __future__ import annotations

import argparse
import resource
import sys
import tempfile
import time
from pathlib import Path

from lagebild.batch import ingest
from lagebild.store import open_store

ROOT = Path(__file__).resolve().parents[1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("paths", nargs="*", default=[str(ROOT / "samples" / "corpus")])
    parser.add_argument("--batch-size", type=int, default=64)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        db = f"sqlite:///{tmp}/bench.db"
        with open_store(db) as store:
            start = time.perf_counter()
            report = ingest(args.paths, store, batch_size=args.batch_size)
            elapsed = time.perf_counter() - start
        db_mb = Path(tmp, "bench.db").stat().st_size / 1e6
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    articles = report.added + report.duplicates
    print(f"corpus: {' '.join(args.paths)}")
    print(report.summary())
    print(f"ingest: {articles} articles in {elapsed:.2f} s = {articles / elapsed:.1f} articles/s")
    print(f"peak RSS: {peak_mb:.0f} MB; database: {db_mb:.1f} MB")
    if report.failures:
        print(f"{len(report.failures)} failures, first: {report.failures[0]}", file=sys.stderr)


if __name__ == "__main__":
    main()
