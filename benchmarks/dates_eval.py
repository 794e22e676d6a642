"""Temporal expressions: extraction (lenient: any overlap; strict: same extent) and value accuracy, and speed.

    python benchmarks/dates_eval.py [--data FILE ...] [--part report|tune|all] [--errors]

Data (benchmarks/data/, each file's head gives source and licence), one passage per block with its
document date and gold `[[expression|value]]` marks (TIMEX2/TIMEX3 values):
- dates_de.txt: news and history passages written by the lagebild authors (CC0);
- dates_narrative_de.txt: narrative history passages written by the lagebild authors (CC0);
- dates_wiki_de.txt: German Wikipedia paragraphs (CC BY-SA), pre-annotated by the tagger and corrected;
- dates_wiki_heldout_de.txt: German Wikipedia paragraphs annotated blind, scored once before any rule was
  changed for them (use `--part all` on it; see its head).
In the first three, passages at even positions tuned the grammar (`--part tune`), odd ones are reported
(`--part report`). Value accuracy counts a matched expression right when its value equals the gold value.
Speed is characters per second of `find_dates` over the sample corpus (samples/corpus/wikinews-de.jsonl).
"""

from __future__ import annotations

import argparse
import json
import re
import time
from pathlib import Path

from lagebild.nlp.dates import find_dates

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_DATA = [
    ROOT / "benchmarks/data" / name
    for name in ("dates_de.txt", "dates_narrative_de.txt", "dates_wiki_de.txt")
]
MARK = re.compile(r"\[\[([^|\]]+)\|([^\]]+)\]\]")


def passages(path: Path) -> list[tuple[str, str, list[tuple[int, int, str]]]]:
    """(document date, plain text, gold (start, end, value)) per passage."""
    out = []
    for block in path.read_text(encoding="utf-8").split("\n\n"):
        lines = [line for line in block.splitlines() if line and not line.startswith("#")]
        if not lines or not lines[0].startswith("DCT:"):
            continue
        dct, marked = lines[0].split(":", 1)[1].strip(), " ".join(lines[1:])
        text, gold, pos = "", [], 0
        for m in MARK.finditer(marked):
            text += marked[pos : m.start()]
            gold.append((len(text), len(text) + len(m.group(1)), m.group(2)))
            text += m.group(1)
            pos = m.end()
        out.append((dct, text + marked[pos:], gold))
    return out


def score(
    data: list[tuple[str, str, list[tuple[int, int, str]]]], errors: bool
) -> tuple[int, int, int, int, int]:
    """(gold, found, lenient matches, strict matches, right values) over passages."""
    n_gold = n_pred = lenient = strict = right = 0
    for dct, text, gold in data:
        pred = find_dates(text, dct)
        n_gold, n_pred = n_gold + len(gold), n_pred + len(pred)
        used: set[int] = set()
        for gs, ge, value in gold:
            hit = next(
                (i for i, p in enumerate(pred) if i not in used and p["start"] < ge and gs < p["end"]), None
            )
            if hit is None:
                if errors:
                    print(f"MISS  {text[gs:ge]!r} ({value})")
                continue
            used.add(hit)
            lenient += 1
            strict += (pred[hit]["start"], pred[hit]["end"]) == (gs, ge)
            right += pred[hit]["value"] == value
            if errors and pred[hit]["value"] != value:
                print(f"VALUE {text[gs:ge]!r}: {pred[hit]['value']} (gold {value})")
        if errors:
            for i, p in enumerate(pred):
                if i not in used:
                    print(f"FALSE {p['text']!r} ({p['value']})")
    return n_gold, n_pred, lenient, strict, right


def report(label: str, counts: tuple[int, int, int, int, int], passages: int) -> None:
    n_gold, n_pred, lenient, strict, right = counts

    def f1(tp: int) -> str:
        p, r = tp / n_pred if n_pred else 0.0, tp / n_gold if n_gold else 0.0
        return f"P {p:.3f}  R {r:.3f}  F1 {2 * p * r / (p + r) if p + r else 0.0:.3f}"

    print(f"{label}: {passages} passages, {n_gold} gold expressions, {n_pred} found")
    print(f"  lenient extraction {f1(lenient)}")
    print(f"  strict extraction  {f1(strict)}")
    print(f"  value accuracy     {right / lenient if lenient else 0.0:.3f} ({right}/{lenient} matched)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", nargs="+", default=[str(p) for p in DEFAULT_DATA])
    parser.add_argument("--part", choices=("report", "tune", "all"), default="report")
    parser.add_argument("--errors", action="store_true", help="print misses, false alarms and wrong values")
    args = parser.parse_args()
    total = [0, 0, 0, 0, 0]
    n_passages = 0
    for path in map(Path, args.data):
        data = passages(path)
        chosen = [
            p for i, p in enumerate(data) if args.part == "all" or (i % 2 == 0) == (args.part == "tune")
        ]
        counts = score(chosen, args.errors)
        report(f"{path.name} ({args.part})", counts, len(chosen))
        total = [a + b for a, b in zip(total, counts, strict=True)]
        n_passages += len(chosen)
    if len(args.data) > 1:
        report(f"all files ({args.part})", tuple(total), n_passages)  # type: ignore[arg-type]
    corpus = ROOT / "samples/corpus/wikinews-de.jsonl"
    texts = [(r["text"], r.get("published")) for r in map(json.loads, corpus.open(encoding="utf-8"))]
    began = time.perf_counter()
    for text, published in texts:
        find_dates(text, published)
    chars = sum(len(t) for t, _ in texts)
    print(f"speed              {chars / (time.perf_counter() - began):,.0f} chars/s ({len(texts)} articles)")


if __name__ == "__main__":
    main()
