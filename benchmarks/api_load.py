"""Search latency of `lagebild serve` under load, on a store of 10,000 articles.

    python benchmarks/api_load.py [--articles 10000] [--requests 2000] [--concurrency 20] [--db PATH]

The store: the 300 German Wikinews sample articles are analysed once with the full pipeline (NER,
quotes, dates, events; about 10 s), then written again as perturbed copies until there are
`--articles`: each copy gets a new id, a sentence of its own appended (so its text, content hash and
full-text entry differ, while every offset of the analysis stays valid), a publication date moved by
whole weeks and one of a few outlets. Writing analysed articles straight to the store takes seconds
where analysing 10,000 articles would take minutes, and the store holds the same rows either way.

Then it starts `lagebild serve` on 127.0.0.1 (a free port), fires `--requests` searches from
`--concurrency` clients at once (words, phrases, OR, exclusions, some with an outlet, entity or date
filter, some on page 2; each answer with its facets) and prints p50/p95/p99 latency and requests/s.
The clients run on the same machine, so they share its cores with the server. Facet counts are
cached per search until the store changes; `--uncached` starts the server with the cache off
(LAGEBILD_CACHE_SIZE=0), so every request counts them.
"""

from __future__ import annotations

import argparse
import asyncio
import dataclasses
import datetime as dt
import os
import random
import re
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlencode

import httpx

from lagebild.batch import analyze_all
from lagebild.ingest import read_file
from lagebild.model import Article, Outlet
from lagebild.pipeline import default_stages
from lagebild.store import open_store

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "samples" / "corpus" / "wikinews-de.jsonl"
OUTLETS = ["Wikinews", "Tagesblatt", "Abendpost", "Rundschau", "Kurier"]
QUERIES = [
    "Polizei", "Regierung", "Bundesregierung", "Gespräch", "Präsident", "Wahl", "Berlin", "Unfall",
    '"Europäischen Union"', "Kanzler OR Präsident", "Fußball -Bundesliga", "Minister Treffen",
    "Erdbeben", "Krieg", "Parlament Abstimmung", "Flugzeug", "Studie", "Gericht Urteil", "Euro",
    "Polizei Berlin", "USA", "China", "Russland", "Sprecher sagte", "Feuer",
]  # fmt: skip


def build_store(db: str, n_articles: int) -> None:
    start = time.perf_counter()
    analysed = [a for a in analyze_all(read_file(str(CORPUS)), default_stages()) if isinstance(a, Article)]
    took = time.perf_counter() - start
    print(f"analysed {len(analysed)} sample articles in {took:.1f} s", file=sys.stderr)
    with open_store(db) as store:
        store.write_batch(analysed)
        batch: list[Article] = []
        for i in range(n_articles - len(analysed)):
            batch.append(perturbed(analysed[i % len(analysed)], i))
            if len(batch) == 500:
                store.write_batch(batch)
                batch.clear()
        store.write_batch(batch)
        print(f"store: {store.count()} articles ({time.perf_counter() - start:.1f} s)", file=sys.stderr)


def perturbed(article: Article, i: int) -> Article:
    """A copy that is a different article to the store but keeps every offset of the analysis."""
    published = article.published
    if published and len(published) == 10:
        day = dt.date.fromisoformat(published) + dt.timedelta(weeks=1 + i % 200)
        published = day.isoformat()
    return dataclasses.replace(
        article,
        id=f"{article.id}-copy{i}",
        text=f"{article.text}\n\nMeldung {i} der Nachrichtenlage.",
        published=published,
        outlet=Outlet(OUTLETS[i % len(OUTLETS)], "benchmark"),
    )


def requests_to_send(n: int, seed: int = 7) -> list[dict[str, str]]:
    rng = random.Random(seed)
    out = []
    for _ in range(n):
        params = {"q": rng.choice(QUERIES)}
        roll = rng.random()
        if roll < 0.15:
            params["outlet"] = rng.choice(OUTLETS)
        elif roll < 0.25:
            params["entity"] = rng.choice(["Berlin", "Deutschland", "USA", "Polizei"])
        elif roll < 0.35:
            params["since"], params["until"] = "2006", "2007-06"
        elif roll < 0.45:
            params["page"] = "2"
        out.append(params)
    return out


async def fire(port: int, todo: list[dict[str, str]], concurrency: int) -> tuple[list[float], float, int]:
    """Send the requests over `concurrency` keep-alive connections, each one request at a time.

    A minimal HTTP/1.1 client instead of httpx: on two shared cores the client's own CPU time would
    otherwise be a good part of what is measured.
    """
    latencies: list[float] = []
    failures = 0
    queue = list(reversed(todo))

    async def worker() -> None:
        nonlocal failures
        reader, writer = await asyncio.open_connection("127.0.0.1", port)
        try:
            while queue:
                params = queue.pop()
                target = "/api/search?" + urlencode(params)
                t0 = time.perf_counter()
                writer.write(f"GET {target} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".encode())
                head = await reader.readuntil(b"\r\n\r\n")
                length = int(re.search(rb"(?i)content-length: *(\d+)", head).group(1))  # type: ignore[union-attr]
                await reader.readexactly(length)
                latencies.append(time.perf_counter() - t0)
                failures += not head.startswith(b"HTTP/1.1 200")
        finally:
            writer.close()

    start = time.perf_counter()
    await asyncio.gather(*(worker() for _ in range(concurrency)))
    return latencies, time.perf_counter() - start, failures


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=10_000)
    parser.add_argument("--requests", type=int, default=2_000)
    parser.add_argument("--concurrency", type=int, default=20)
    parser.add_argument("--db", help="reuse (or build once) this store file instead of a temporary one")
    parser.add_argument(
        "--uncached", action="store_true", help="serve without the answer cache: facets counted every time"
    )
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(args.db) if args.db else Path(tmp) / "load.db"
        db = f"sqlite:///{path}"
        if not path.exists():
            build_store(db, args.articles)
        load_before = os.getloadavg()[0]  # other work on the machine slows the server too
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            port = s.getsockname()[1]
        server = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "lagebild",
                "serve",
                "--db",
                db,
                "--host",
                "127.0.0.1",
                "--port",
                str(port),
            ],
            stderr=subprocess.DEVNULL,
            env={**os.environ, "LAGEBILD_CACHE_SIZE": "0" if args.uncached else "2048"},
        )
        base = f"http://127.0.0.1:{port}"
        try:
            for _ in range(150):
                try:
                    httpx.get(f"{base}/api/stories", timeout=2)
                    break
                except httpx.TransportError:
                    time.sleep(0.2)
            asyncio.run(fire(port, requests_to_send(50, seed=1), args.concurrency))  # warm the threads
            latencies, wall, failures = asyncio.run(
                fire(port, requests_to_send(args.requests), args.concurrency)
            )
        finally:
            server.terminate()
            server.wait(timeout=10)
    ms = [x * 1000 for x in latencies]
    distinct = len({tuple(sorted(p.items())) for p in requests_to_send(args.requests)})
    print(
        f"{len(ms)} searches ({distinct} distinct), {args.concurrency} concurrent,"
        f" store of {args.articles} articles, answer cache {'off' if args.uncached else 'on'};"
        f" load average before: {load_before:.1f}"
    )
    print(
        f"latency p50 {percentile(ms, 50):.0f} ms, p95 {percentile(ms, 95):.0f} ms,"
        f" p99 {percentile(ms, 99):.0f} ms; {len(ms) / wall:.0f} requests/s; {failures} not 200"
    )


if __name__ == "__main__":
    main()
