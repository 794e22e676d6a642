"""Linking time and peak memory at 1k, 10k and 100k articles: real articles plus perturbed copies.

    python benchmarks/link_scale.py [--sizes 1000 10000 100000] [--per-day 300]

Real articles (the German Wikinews sample corpus and the WMT documents of the translation dev set)
are analysed once. Each run then streams N articles into a fresh SQLite store in publication order,
as a feed or crawl delivers them (`--per-day` articles a day): copies of the real ones with a new id,
date and text suffix, a perturbed multilingual vector, half of their entities, and — for one copy in
ten — the original's MinHash signature, so that near-duplicates, translations and stories form as
they do in real data. Per-article analysis and the embedding (a per-article cost that parallelises)
are excluded; what is timed is what looks across articles: `Store.fresh`, `Store.link_graph`,
`link`, and the store writes. Each size runs in its own process so that peak memory is its own.
"""

from __future__ import annotations

import argparse
import copy
import json
import random
import resource
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
BASES = [ROOT / "samples/corpus/wikinews-de.jsonl", ROOT / "benchmarks/data/link/translations.jsonl"]


def run(n: int, per_day: int, batch: int) -> dict[str, float]:
    from lagebild.batch import analyze_all
    from lagebild.ingest import read_file
    from lagebild.link import features, link
    from lagebild.link.features import LinkFeatures
    from lagebild.model import Article
    from lagebild.pipeline import default_stages
    from lagebild.store import open_store

    stages = default_stages()
    bases = [a for path in BASES for a in analyze_all(read_file(str(path)), stages) if isinstance(a, Article)]
    start = time.perf_counter()
    base_feats = features(bases)
    embed_rate = len(bases) / (time.perf_counter() - start)
    rng = random.Random(7)
    nrng = np.random.default_rng(7)
    first_day = date(2024, 1, 1).toordinal()

    def copy_of(i: int) -> tuple[Article, LinkFeatures]:
        k = rng.randrange(len(bases))
        base, bf = bases[k], base_feats[k]
        day = first_day + i // per_day
        article = copy.copy(base)
        article.id = f"copy-{i}"
        article.text = f"{base.text}\n\n(Kopie {i})"
        article.published = date.fromordinal(day).isoformat()
        vector = bf.vector + nrng.normal(0, 0.035, bf.vector.shape).astype(np.float32)
        f = copy.copy(bf)
        f.id, f.published, f.day_lo, f.day_hi = article.id, article.published, day, day
        f.vector = vector / np.linalg.norm(vector)
        keep = rng.sample(sorted(bf.entities), len(bf.entities) // 2)
        f.entities = {e: bf.entities[e] for e in keep}
        if rng.random() >= 0.1:
            f.minhash = nrng.integers(0, 2**32, bf.minhash.shape, dtype=np.uint64)
        f.event_days = []
        return article, f

    base_rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # models and base articles
    timings = {"fresh": 0.0, "window": 0.0, "link": 0.0, "write": 0.0}
    checkpoints = []
    graph = None
    with tempfile.TemporaryDirectory() as tmp, open_store(f"{tmp}/scale.db") as store:
        total = time.perf_counter()
        for start_i in range(0, n, batch):
            pairs = [copy_of(i) for i in range(start_i, min(n, start_i + batch))]
            articles = [a for a, _ in pairs]
            t = time.perf_counter()
            fresh = store.fresh(articles)
            timings["fresh"] += time.perf_counter() - t
            t = time.perf_counter()
            days = [f.day_lo for _, f in pairs if f.day_lo is not None]
            graph = store.link_graph(days, undated=False, graph=graph)
            timings["window"] += time.perf_counter() - t
            t = time.perf_counter()
            changes = link(graph, fresh, [f for a, f in pairs if a in fresh])
            timings["link"] += time.perf_counter() - t
            t = time.perf_counter()
            store.write_batch(articles, links=changes)
            timings["write"] += time.perf_counter() - t
            done = start_i + len(pairs)
            if done % max(n // 10, batch) < batch:
                checkpoints.append((done, round(time.perf_counter() - total, 1)))
        elapsed = time.perf_counter() - total
        counts = store.conn.execute(  # type: ignore[attr-defined]
            "SELECT count(DISTINCT story_id), sum(duplicate_of IS NOT NULL), sum(translation_of IS NOT NULL)"
            " FROM articles"
        ).fetchone()
        db_mb = Path(tmp, "scale.db").stat().st_size / 1e6
    return {
        "articles": n,
        "seconds": round(elapsed, 1),
        "linking_seconds": round(timings["fresh"] + timings["window"] + timings["link"], 1),
        **{f"{k}_seconds": round(v, 1) for k, v in timings.items()},
        "articles_per_s": round(n / elapsed, 1),
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
        "rss_before_mb": round(base_rss),
        "db_mb": round(db_mb),
        "stories": counts[0],
        "duplicates": counts[1],
        "translations": counts[2],
        "embed_articles_per_s": round(embed_rate, 1),
        "checkpoints": checkpoints,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10_000, 100_000])
    parser.add_argument("--per-day", type=int, default=300)
    parser.add_argument("--batch", type=int, default=64)
    parser.add_argument("--one", type=int, help=argparse.SUPPRESS)  # a single size, in this process
    args = parser.parse_args()
    if args.one:
        print(json.dumps(run(args.one, args.per_day, args.batch)))
        return
    print(f"{'articles':>9} {'total s':>8} {'linking s':>9} {'writes s':>8} {'art/s':>7} {'peak MB':>8}"
          f" {'before':>7} {'stories':>8} {'dups':>6} {'transl':>6}")  # fmt: skip
    for n in args.sizes:
        command = [sys.executable, __file__, "--one", str(n), "--per-day", str(args.per_day)]
        out = subprocess.run(
            [*command, "--batch", str(args.batch)], check=True, capture_output=True, text=True
        )
        r = json.loads(out.stdout.strip().splitlines()[-1])
        print(
            f"{r['articles']:>9} {r['seconds']:>8} {r['linking_seconds']:>9} {r['write_seconds']:>8}"
            f" {r['articles_per_s']:>7} {r['peak_rss_mb']:>8} {r['rss_before_mb']:>7} {r['stories']:>8}"
            f" {r['duplicates']:>6}"
            f" {r['translations']:>6}"
        )
        print(f"          elapsed at (articles, s): {r['checkpoints']}")
        sys.stdout.flush()
    print(f"(per-article embedding, not included above: {r['embed_articles_per_s']} articles/s)")


if __name__ == "__main__":
    main()
