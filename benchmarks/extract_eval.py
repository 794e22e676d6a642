"""Text extraction quality of layout + clean on the fundus parser test pages (gold article bodies).

    python benchmarks/extract_eval.py --fundus PATH [--countries de,at,ch] [--worst 8]

PATH is a checkout of https://github.com/flairNLP/fundus (`git clone https://github.com/flairNLP/fundus`)
or a bare git directory of it. Its tests/resources/parser/test_data/<country>/ holds
`<Outlet>_<date>.html.gz` pages and `<Outlet>.json`, whose keys ("V1", "V1_1", ...) give the gold
`body` of each page in the sorted order of that outlet's pages (checked here: the gold title must
occur in the page). The data stays where it is: fundus is a third-party corpus.

Score: bag-of-tokens precision, recall and F1 of the clean text against the gold body (summary,
section headlines and paragraphs), lowercased word tokens; macro over pages and micro over all
tokens. Pages are split by a hash of their file name into a tuning half (to choose options on)
and a report half (to quote).
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import html
import json
import re
import subprocess
import sys
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from lagebild.clean import clean, layout
from lagebild.errors import InputError
from lagebild.model import Article, RawArticle

TEST_DATA = "tests/resources/parser/test_data"
_TOKEN = re.compile(r"\w+")


@dataclass(slots=True)
class Page:
    country: str
    outlet: str
    name: str
    html: str
    gold: dict


class Fundus:
    """Reads the test data from a checkout or from a bare git directory (via `git show`)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.bare = not (path / TEST_DATA).is_dir()
        if self.bare and not (path / "HEAD").is_file():
            sys.exit(
                f"No fundus test data at {path}: expected {TEST_DATA}/ in a checkout or a bare git "
                "directory. Get it with: git clone https://github.com/flairNLP/fundus"
            )

    def names(self, country: str) -> list[str]:
        if not self.bare:
            folder = self.path / TEST_DATA / country
            return sorted(p.name for p in folder.iterdir()) if folder.is_dir() else []
        out = self._git("ls-tree", "--name-only", f"HEAD:{TEST_DATA}/{country}", check=False)
        return sorted(out.decode().split())

    def read(self, country: str, name: str) -> bytes:
        if not self.bare:
            return (self.path / TEST_DATA / country / name).read_bytes()
        return self._git("show", f"HEAD:{TEST_DATA}/{country}/{name}")

    def _git(self, *args: str, check: bool = True) -> bytes:
        done = subprocess.run(["git", "-C", str(self.path), *args], capture_output=True, check=check)
        return done.stdout


def load_pages(fundus: Fundus, countries: list[str]) -> list[Page]:
    pages = []
    for country in countries:
        names = fundus.names(country)
        for outlet in sorted(n[: -len(".json")] for n in names if n.endswith(".json")):
            gold = json.loads(fundus.read(country, f"{outlet}.json"))
            htmls = sorted(n for n in names if n.endswith(".html.gz") and n.rsplit("_", 3)[0] == outlet)
            if len(htmls) != len(gold):
                print(f"skip {outlet}: {len(htmls)} pages but {len(gold)} gold entries", file=sys.stderr)
                continue
            for entry, name in zip(gold.values(), htmls, strict=True):
                page = gzip.decompress(fundus.read(country, name)).decode("utf-8", errors="replace")
                if _fold(entry.get("title") or "")[:40] not in _fold(html.unescape(page)):
                    print(f"warning: gold title of {name} not found in the page", file=sys.stderr)
                pages.append(Page(country, outlet, name, page, entry))
    return pages


def _fold(s: str) -> str:
    return " ".join(s.split()).casefold()


def gold_text(entry: dict) -> str:
    body = entry.get("body") or {}
    parts = list(body.get("summary") or [])
    for section in body.get("sections") or []:
        parts += list(section.get("headline") or []) + list(section.get("paragraphs") or [])
    return "\n\n".join(parts)


def half(name: str) -> str:
    return "tune" if int(hashlib.sha1(name.encode()).hexdigest(), 16) % 2 == 0 else "report"


def extract(page: Page) -> str:
    article = Article.from_raw(RawArticle(path=page.name, raw_html=page.html))
    try:
        return clean(layout(article)).text
    except InputError:
        return ""


def tokens(text: str) -> Counter[str]:
    return Counter(_TOKEN.findall(text.lower()))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--fundus", type=Path, default=None, help="fundus checkout or bare git dir")
    parser.add_argument("--countries", default="de,at,ch", help="comma-separated test_data folders")
    parser.add_argument("--worst", type=int, default=8, help="how many lowest-scoring outlets to list")
    args = parser.parse_args()
    if args.fundus is None:
        sys.exit("Give --fundus PATH; get the data with: git clone https://github.com/flairNLP/fundus")
    pages = load_pages(Fundus(args.fundus), args.countries.split(","))
    if not pages:
        sys.exit(f"No pages for {args.countries} under {args.fundus}/{TEST_DATA}")
    start = time.perf_counter()
    rows = []
    for page in pages:
        predicted, gold = tokens(extract(page)), tokens(gold_text(page.gold))
        overlap = sum((predicted & gold).values())
        rows.append((page, overlap, sum(predicted.values()), sum(gold.values())))
    elapsed = time.perf_counter() - start
    print(f"{len(pages)} pages ({args.countries}) in {elapsed:.1f} s")
    for name in ("tune", "report"):
        part = [r for r in rows if half(r[0].name) == name]
        scores = [_prf(o, p, g) for _, o, p, g in part]
        macro = [sum(s[i] for s in scores) / len(scores) for i in range(3)]
        micro = _prf(sum(r[1] for r in part), sum(r[2] for r in part), sum(r[3] for r in part))
        print(
            f"{name:6} n={len(part):3}  macro P={macro[0]:.3f} R={macro[1]:.3f} F1={macro[2]:.3f}"
            f"  micro P={micro[0]:.3f} R={micro[1]:.3f} F1={micro[2]:.3f}"
        )
    lowest: dict[str, tuple] = {}
    for row in rows:
        outlet = f"{row[0].country}/{row[0].outlet}"
        if outlet not in lowest or _prf(*row[1:])[2] < _prf(*lowest[outlet][1:])[2]:
            lowest[outlet] = row
    print(f"outlets with the lowest page F1 ({args.worst} of {len(lowest)}):")
    for page, o, p, g in sorted(lowest.values(), key=lambda r: _prf(*r[1:])[2])[: args.worst]:
        prec, rec, f1 = _prf(o, p, g)
        print(f"  F1={f1:.3f} P={prec:.3f} R={rec:.3f} {half(page.name):6} {page.country}/{page.name}")


def _prf(overlap: int, predicted: int, gold: int) -> tuple[float, float, float]:
    precision = overlap / predicted if predicted else 0.0
    recall = overlap / gold if gold else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


if __name__ == "__main__":
    main()
