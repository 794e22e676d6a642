"""Publication-date and outlet accuracy of `lagebild.meta.metadata` on the fundus test pages.

fundus (https://github.com/flairNLP/fundus, MIT) ships one or more gzip HTML pages per outlet in
`tests/resources/parser/test_data/<country>/` with the gold `publishing_date` in `<Outlet>.json`
(keys V1, V1_1, … for the outlet's pages in sorted order) and each page's URL in `meta.info`.
The data is read in place and never copied into this repository.

    python benchmarks/meta_eval.py --fundus /path/to/fundus

Pages are split deterministically into a tuning and a report half by a hash of the file name;
choices in lagebild.meta (htmldate's extensive search) were made on the tuning half only.
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import json
import re
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from lagebild import meta, outlets
from lagebild.model import Article

GERMAN_COUNTRIES = ("de", "at", "ch", "li")
_SUBPATH = Path("tests/resources/parser/test_data")


@dataclass(slots=True)
class Page:
    name: str
    url: str
    html: str
    gold_date: str
    gold_outlet: str | None

    @property
    def half(self) -> str:
        return "tuning" if hashlib.sha1(self.name.encode()).digest()[0] % 2 == 0 else "report"


def _version_key(key: str) -> int:
    return int(key.split("_")[1]) if "_" in key else 0


def load_pages(root: Path, countries: tuple[str, ...]) -> list[Page]:
    """Every page of the given countries that has a gold publication date."""
    pages = []
    for country in countries:
        folder = root / country
        if not (folder / "meta.info").exists():
            continue
        urls = {name: entry["url"] for name, entry in json.loads((folder / "meta.info").read_text()).items()}
        for gold_file in sorted(folder.glob("*.json")):
            files = sorted(folder.glob(f"{gold_file.stem}_*.html.gz"))
            files = [
                f
                for f in files
                if re.fullmatch(rf"{re.escape(gold_file.stem)}_\d{{4}}_\d{{2}}_\d{{2}}", f.name[:-8])
            ]
            gold = json.loads(gold_file.read_text())
            for key, path in zip(sorted(gold, key=_version_key), files, strict=False):
                date = gold[key].get("publishing_date")
                url = urls.get(path.name)
                if not date or not url:
                    continue
                entry = outlets.lookup_domain(url)
                html = gzip.decompress(path.read_bytes()).decode("utf-8", errors="replace")
                pages.append(Page(path.name, url, html, date[:10], entry.name if entry else None))
    return pages


def _article(page: Page, *, with_url: bool, with_text: bool) -> Article:
    article = Article(
        id=page.name, path=page.name, raw="", html=page.html, url=page.url if with_url else None
    )
    if with_text:
        from lagebild import clean

        article = clean.clean(clean.layout(article))
    return article


def _rate(hits: int, total: int) -> str:
    return f"{hits}/{total} = {100 * hits / total:5.1f} %" if total else "n/a"


def evaluate(pages: list[Page], *, with_url: bool, with_text: bool = False) -> dict[str, str]:
    date_hits = outlet_hits = outlet_total = 0
    sources: dict[str, int] = {}
    for page in pages:
        article = meta.metadata(_article(page, with_url=with_url, with_text=with_text))
        date_hits += article.published == page.gold_date
        sources[str(article.published_source)] = sources.get(str(article.published_source), 0) + 1
        if page.gold_outlet:
            outlet_total += 1
            outlet_hits += bool(article.outlet and article.outlet.name == page.gold_outlet)
    return {
        "date": _rate(date_hits, len(pages)),
        "outlet": _rate(outlet_hits, outlet_total),
        "sources": ", ".join(f"{k}:{v}" for k, v in sorted(sources.items())),
    }


def tune(pages: list[Page]) -> None:
    """htmldate alone, extensive search off vs on: the choice behind meta.HTMLDATE_EXTENSIVE."""
    for extensive in (False, True):
        start = time.perf_counter()
        hits = sum(meta.html_date(p.html, extensive=extensive) == p.gold_date for p in pages)
        took = time.perf_counter() - start
        print(f"  htmldate extensive={extensive!s:5}  {_rate(hits, len(pages))}  ({took:.1f} s)")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--fundus", type=Path, required=True, help="fundus checkout (or its test_data folder)"
    )
    parser.add_argument("--countries", default=",".join(GERMAN_COUNTRIES), help="country folders to read")
    parser.add_argument(
        "--with-text",
        action="store_true",
        help="run lagebild.clean (trafilatura) first, so datelines and captions in the text count too",
    )
    args = parser.parse_args(argv)
    root = args.fundus / _SUBPATH if (args.fundus / _SUBPATH).is_dir() else args.fundus
    countries = tuple(c.strip() for c in args.countries.split(",") if c.strip())
    if not any((root / c / "meta.info").exists() for c in countries):
        print(
            f"No fundus test data under {root}: expected {'/'.join(countries)} folders with meta.info. "
            "Clone https://github.com/flairNLP/fundus and pass --fundus /path/to/fundus.",
            file=sys.stderr,
        )
        return 2
    pages = load_pages(root, countries)
    halves = {h: [p for p in pages if p.half == h] for h in ("tuning", "report")}
    print(f"{len(pages)} pages with gold dates from {', '.join(countries)}")
    print("tuning half (choices were made here):")
    tune(halves["tuning"])
    for half, subset in halves.items():
        for with_url in (True, False):
            result = evaluate(subset, with_url=with_url, with_text=args.with_text)
            label = "HTML + URL" if with_url else "HTML only "
            print(
                f"{half:6} {label}  exact date {result['date']}  outlet {result['outlet']}"
                f"  [date sources {result['sources']}]"
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
