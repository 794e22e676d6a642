"""Temporal expressions: extraction (lenient: any overlap; strict: same extent) and value accuracy, and speed.

    python benchmarks/dates_eval.py [--data benchmarks/data/dates_de.txt] [--part report|tune|all]

The data are German passages written and annotated by the lagebild authors (CC0; see the file's head),
news and history, each with its document date. Odd-numbered passages were used to tune the grammar
(`--part tune`), even-numbered ones are reported (`--part report`). Value accuracy counts a matched
expression right when its value equals the gold value. Speed is characters per second of
`find_dates` over the sample corpus (samples/corpus/wikinews-de.jsonl), one process.
"""

from __future__ import annotations

import argparse
import json
import re
import time
from pathlib import Path

from lagebild.nlp.dates import find_dates

ROOT = Path(__file__).resolve().parents[1]
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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", default=str(ROOT / "benchmarks/data/dates_de.txt"))
    parser.add_argument("--part", choices=("report", "tune", "all"), default="report")
    parser.add_argument("--errors", action="store_true", help="print misses, false alarms and wrong values")
    args = parser.parse_args()
    data = passages(Path(args.data))
    chosen = [p for i, p in enumerate(data) if args.part == "all" or (i % 2 == 0) == (args.part == "tune")]
    n_gold = n_pred = lenient = strict = right = 0
    for dct, text, gold in chosen:
        pred = find_dates(text, dct)
        n_gold, n_pred = n_gold + len(gold), n_pred + len(pred)
        used: set[int] = set()
        for gs, ge, value in gold:
            hit = next(
                (i for i, p in enumerate(pred) if i not in used and p["start"] < ge and gs < p["end"]), None
            )
            if hit is None:
                if args.errors:
                    print(f"MISS  {text[gs:ge]!r} ({value})")
                continue
            used.add(hit)
            lenient += 1
            strict += (pred[hit]["start"], pred[hit]["end"]) == (gs, ge)
            right += pred[hit]["value"] == value
            if args.errors and pred[hit]["value"] != value:
                print(f"VALUE {text[gs:ge]!r}: {pred[hit]['value']} (gold {value})")
        if args.errors:
            for i, p in enumerate(pred):
                if i not in used:
                    print(f"FALSE {p['text']!r} ({p['value']})")

    def f1(tp: int) -> str:
        p, r = tp / n_pred if n_pred else 0.0, tp / n_gold if n_gold else 0.0
        return f"P {p:.3f}  R {r:.3f}  F1 {2 * p * r / (p + r) if p + r else 0.0:.3f}"

    print(f"{args.part}: {len(chosen)} passages, {n_gold} gold expressions, {n_pred} found")
    print(f"lenient extraction {f1(lenient)}")
    print(f"strict extraction  {f1(strict)}")
    print(f"value accuracy     {right / lenient if lenient else 0.0:.3f} ({right}/{lenient} matched)")
    corpus = ROOT / "samples/corpus/wikinews-de.jsonl"
    texts = [(r["text"], r.get("published")) for r in map(json.loads, corpus.open(encoding="utf-8"))]
    began = time.perf_counter()
    for text, published in texts:
        find_dates(text, published)
    chars = sum(len(t) for t, _ in texts)
    print(f"speed              {chars / (time.perf_counter() - began):,.0f} chars/s ({len(texts)} articles)")


if __name__ == "__main__":
    main()
