"""Accuracy of cross-article linking (stories, translated reposts) on the dev sets in benchmarks/data/link/.

Why: two held-out acceptance tests judge linking. (1) German–German and German–English article pairs,
rated same story or clearly different, all ingested into one store: balanced accuracy of "same pair
shares `story_id`". (2) German articles with professional English translations and the reverse, every
article with one date and the copy with outlet "repost": share of pairs linked by `translation_of`, and
false links. This script measures the same quantities on our own dev sets, through the real product
path (`lagebild ingest` into a fresh SQLite store, then `lagebild export`), so the numbers predict the
acceptance tests rather than a unit test. Choices are made on the `tune` half; `report` is the figure to
quote. See benchmarks/data/link/README.md for what the sets contain and how they were labelled.

    python benchmarks/link_eval.py [--part tune|report|all] [--set stories|translations|all] [--keep DIR]

Stories: a pair is predicted "same" when both exported records carry the same non-null `story_id`
(so a store without linking predicts "different" everywhere). Balanced accuracy is the mean of the
true-positive rate on `same` pairs and the true-negative rate on `different` pairs; `related` pairs
(same larger event, different facet or day; SemEval-style "somewhat similar") are left out of it and
shown apart, together with a lenient balanced accuracy that counts them as `same`.
Translations: a pair is linked when either article's `translation_of` names the other; a false link
is a `translation_of` (or `duplicate_of`) that names any article but the partner. Each half is ingested
on its own (82 pairs in `report`, close to the acceptance test's 77); `--part all` ingests both together.
"""

from __future__ import annotations

import argparse
import csv
import json
import shlex
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

DATA = Path(__file__).resolve().parent / "data" / "link"
INPUT_FIELDS = ("id", "title", "text", "language", "published", "outlet")


def lagebild_command() -> list[str]:
    """The project's venv `lagebild`, else the one beside this interpreter or on PATH, else `python -m`."""
    for script in (
        Path(__file__).resolve().parents[1] / ".venv" / "bin" / "lagebild",
        Path(sys.executable).with_name("lagebild"),
    ):
        if script.exists():
            return [str(script)]
    found = shutil.which("lagebild")
    return [found] if found else [sys.executable, "-m", "lagebild"]


def read_jsonl(path: Path) -> list[dict[str, Any]]:
    with path.open(encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def run_product(articles: Iterable[dict[str, Any]], workdir: Path, name: str) -> dict[str, dict[str, Any]]:
    """Ingest the articles into a fresh store and export it: exported records by article id."""
    src = workdir / f"{name}.jsonl"
    db = workdir / f"{name}.db"
    out = workdir / f"{name}.export.jsonl"
    for path in (db, out):
        path.unlink(missing_ok=True)
    with src.open("w", encoding="utf-8") as f:
        for art in articles:
            row = {k: art[k] for k in INPUT_FIELDS if art.get(k) is not None}
            f.write(json.dumps(row, ensure_ascii=False) + "\n")
    url = f"sqlite:///{db}"
    for args in (["ingest", str(src), "--db", url, "-q"], ["export", "-o", str(out), "--db", url]):
        proc = subprocess.run([*lagebild_command(), *args], capture_output=True, text=True)
        if proc.returncode != 0:
            sys.exit(f"lagebild {args[0]} failed ({proc.returncode}):\n{proc.stderr.strip()}")
        if args[0] == "ingest" and proc.stdout.strip():
            print(f"  {name}: {proc.stdout.strip().splitlines()[-1]}")
    return {rec["id"]: rec for rec in read_jsonl(out)}


def ratio(num: int, den: int) -> float | None:
    return num / den if den else None


def fmt(x: float | None) -> str:
    return "None" if x is None else f"{x:.3f}"


@dataclass
class PairCounts:
    """Confusion counts of same-story predictions for one slice of the pairs."""

    tp: int = 0
    fn: int = 0
    tn: int = 0
    fp: int = 0
    related: int = 0
    related_same: int = 0
    hard: int = 0
    hard_tn: int = 0

    def add(self, label: str, negative: str, predicted_same: bool) -> None:
        if label == "same":
            self.tp += predicted_same
            self.fn += not predicted_same
        elif label == "different":
            self.tn += not predicted_same
            self.fp += predicted_same
            if negative == "hard":
                self.hard += 1
                self.hard_tn += not predicted_same
        else:
            self.related += 1
            self.related_same += predicted_same

    def row(self) -> dict[str, str]:
        tpr, tnr = ratio(self.tp, self.tp + self.fn), ratio(self.tn, self.tn + self.fp)
        ba = None if tpr is None or tnr is None else (tpr + tnr) / 2
        lenient_tpr = ratio(self.tp + self.related_same, self.tp + self.fn + self.related)
        lenient = None if lenient_tpr is None or tnr is None else (lenient_tpr + tnr) / 2
        prec = ratio(self.tp, self.tp + self.fp)
        return {
            "same": str(self.tp + self.fn),
            "diff": str(self.tn + self.fp),
            "TPR": fmt(tpr),
            "TNR": fmt(tnr),
            "BA": fmt(ba),
            "P(same)": fmt(prec),
            "R(same)": fmt(tpr),
            "TNR hard": fmt(ratio(self.hard_tn, self.hard)),
            "related→same": f"{self.related_same}/{self.related}",
            "BA lenient": fmt(lenient),
        }


def print_table(rows: list[tuple[str, dict[str, str]]]) -> None:
    if not rows:
        return
    cols = ["", *rows[0][1]]
    cells = [[name, *vals.values()] for name, vals in rows]
    widths = [max(len(c), *(len(r[i]) for r in cells)) for i, c in enumerate(cols)]
    print("  " + "  ".join(c.rjust(w) for c, w in zip(cols, widths, strict=True)))
    for r in cells:
        print("  " + "  ".join(c.rjust(w) for c, w in zip(r, widths, strict=True)))


def eval_stories(part: str, workdir: Path) -> None:
    with (DATA / "story_pairs.tsv").open(encoding="utf-8") as f:
        pairs = [p for p in csv.DictReader(f, delimiter="\t") if part == "all" or p["split"] == part]
    articles = {a["id"]: a for a in read_jsonl(DATA / "stories.jsonl")}
    wanted = {i for p in pairs for i in (p["id1"], p["id2"])}
    t0 = time.monotonic()
    records = run_product((articles[i] for i in sorted(wanted)), workdir, f"stories-{part}")
    missing = wanted - records.keys()
    slices: dict[str, PairCounts] = {"all": PairCounts(), "de-de": PairCounts(), "de-en": PairCounts()}
    for p in pairs:
        s1 = records.get(p["id1"], {}).get("story_id")
        s2 = records.get(p["id2"], {}).get("story_id")
        predicted = s1 is not None and s1 == s2
        for key in ("all", p["pair_type"]):
            slices[key].add(p["label"], p["negative"], predicted)
    stories = {r.get("story_id") for r in records.values()} - {None}
    note = f"; {len(missing)} articles not exported!" if missing else ""
    print(
        f"\nstories ({part}): {len(pairs)} pairs over {len(wanted)} articles, "
        f"{len(stories)} distinct story_id among them, {time.monotonic() - t0:.0f} s{note}"
    )
    print_table([(k, v.row()) for k, v in slices.items()])


@dataclass
class TransCounts:
    pairs: int = 0
    linked: int = 0
    same_story: int = 0
    false_links: list[str] = field(default_factory=list)


def eval_translations(part: str, workdir: Path) -> None:
    arts = [a for a in read_jsonl(DATA / "translations.jsonl") if part == "all" or a["split"] == part]
    partner: dict[str, str] = {}
    by_pair: dict[str, dict[str, str]] = {}
    for a in arts:
        by_pair.setdefault(a["pair"], {})[a["role"]] = a["id"]
    for roles in by_pair.values():
        partner[roles["original"]], partner[roles["translation"]] = roles["translation"], roles["original"]
    direction = {a["pair"]: a["direction"] for a in arts}
    t0 = time.monotonic()
    records = run_product(arts, workdir, f"translations-{part}")
    missing = set(partner) - records.keys()
    slices = {"all": TransCounts(), "de-en": TransCounts(), "en-de": TransCounts()}
    for pair, roles in sorted(by_pair.items()):
        orig, trans = records.get(roles["original"], {}), records.get(roles["translation"], {})
        linked = (
            trans.get("translation_of") == roles["original"]
            or orig.get("translation_of") == roles["translation"]
        )
        same_story = orig.get("story_id") is not None and orig.get("story_id") == trans.get("story_id")
        for key in ("all", direction[pair]):
            slices[key].pairs += 1
            slices[key].linked += linked
            slices[key].same_story += same_story
    dup_false = dup_partner = 0
    for rid, rec in records.items():
        target = rec.get("translation_of")
        if target is not None and target != partner.get(rid):
            kind = next((a["direction"] for a in arts if a["id"] == rid), "all")
            slices["all"].false_links.append(f"{rid} -> {target}")
            if kind in slices:
                slices[kind].false_links.append(f"{rid} -> {target}")
        dup = rec.get("duplicate_of")
        if dup is not None:
            if dup == partner.get(rid):
                dup_partner += 1
            else:
                dup_false += 1
    print(
        f"\ntranslations ({part}): {slices['all'].pairs} pairs, {len(records)} articles ingested, "
        f"{time.monotonic() - t0:.0f} s" + (f"; {len(missing)} articles not exported!" if missing else "")
    )
    rows = []
    for key, c in slices.items():
        rows.append(
            (
                key,
                {
                    "pairs": str(c.pairs),
                    "linked": str(c.linked),
                    "share": fmt(ratio(c.linked, c.pairs)),
                    "false translation_of": str(len(c.false_links)),
                    "pairs sharing story_id": str(c.same_story),
                },
            )
        )
    print_table(rows)
    print(f"  duplicate_of: {dup_false} false (not the partner), {dup_partner} pointing at the partner")
    for link in slices["all"].false_links[:10]:
        print(f"  false link: {link}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--part", choices=("tune", "report", "all"), default="tune")
    parser.add_argument("--set", dest="which", choices=("stories", "translations", "all"), default="all")
    parser.add_argument("--keep", metavar="DIR", help="keep inputs, stores and exports in DIR")
    args = parser.parse_args()
    print("command:", shlex.join([Path(sys.executable).name, *sys.argv]))
    print("lagebild:", shlex.join(lagebild_command()))
    with tempfile.TemporaryDirectory(prefix="link_eval_") as tmp:
        workdir = Path(args.keep) if args.keep else Path(tmp)
        workdir.mkdir(parents=True, exist_ok=True)
        if args.which in ("stories", "all"):
            eval_stories(args.part, workdir)
        if args.which in ("translations", "all"):
            eval_translations(args.part, workdir)


if __name__ == "__main__":
    main()
