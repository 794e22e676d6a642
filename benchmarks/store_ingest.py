"""Store write throughput: the same analysed articles written into SQLite and into PostgreSQL.

    python benchmarks/store_ingest.py [PATH ...] [--pg postgresql://…] [--copies 5] [--batch-size 64]

The articles (default: the bundled sample corpus) are analysed once, outside the clock; then only
`write_batch` is timed, with their mentions, quotes and events, into a fresh SQLite file and into a
scratch database that the script creates on the PostgreSQL server `--pg` names (default
$LAGEBILD_TEST_PG) and drops afterwards. `--copies` repeats the corpus under new ids so the figures
are not dominated by start-up.
"""

from __future__ import annotations

import argparse
import dataclasses
import os
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

from lagebild.batch import analyze_all
from lagebild.ingest import iter_files, read_file
from lagebild.model import Article
from lagebild.pipeline import default_stages
from lagebild.store import open_store

ROOT = Path(__file__).resolve().parents[1]


def analysed(paths: Sequence[str], copies: int) -> list[Article]:
    stages = default_stages()
    articles = [
        a
        for path in iter_files(paths)
        if isinstance(path, str)
        for a in analyze_all(read_file(path), stages)
        if isinstance(a, Article)
    ]
    return [
        dataclasses.replace(a, id=f"{a.id}-{k}", text=f"{a.text} ({k})") if k else a
        for k in range(copies)
        for a in articles
    ]


def timed_write(url: str, articles: list[Article], batch_size: int) -> float:
    with open_store(url) as store:
        start = time.perf_counter()
        for k in range(0, len(articles), batch_size):
            store.write_batch(articles[k : k + batch_size])
        elapsed = time.perf_counter() - start
        assert store.count() == len(articles)
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("paths", nargs="*", default=[str(ROOT / "samples" / "corpus")])
    parser.add_argument("--pg", default=os.environ.get("LAGEBILD_TEST_PG"), help="a server URL")
    parser.add_argument("--copies", type=int, default=5)
    parser.add_argument("--batch-size", type=int, default=64)
    args = parser.parse_args()
    articles = analysed(args.paths, args.copies)
    print(f"{len(articles)} articles, batches of {args.batch_size}")
    with tempfile.TemporaryDirectory() as tmp:
        elapsed = timed_write(f"sqlite:///{tmp}/bench.db", articles, args.batch_size)
        print(f"SQLite:     {len(articles) / elapsed:7.0f} articles/s ({elapsed:.2f} s)")
    if not args.pg:
        print("PostgreSQL: skipped (give --pg postgresql://… or set LAGEBILD_TEST_PG)")
        return
    import psycopg

    name = f"lagebild_bench_{os.getpid()}"
    with psycopg.connect(args.pg, autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    try:
        url = urlunsplit(urlsplit(args.pg)._replace(path=f"/{name}"))
        elapsed = timed_write(url, articles, args.batch_size)
        print(f"PostgreSQL: {len(articles) / elapsed:7.0f} articles/s ({elapsed:.2f} s)")
    finally:
        with psycopg.connect(args.pg, autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


if __name__ == "__main__":
    main()
