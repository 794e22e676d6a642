"""Strict span+type NER F1 per type (PER, LOC, ORG, OTH) on GermEval-format data, and speed.

    python benchmarks/ner_eval.py [--data FILE.tsv] [--part unseen|all]

By default it reads the GermEval 2014 dev file in ../shared/data and scores only the UNSEEN third
(every third sentence) that models/ner/build_corpus.py keeps out of training and tuning. Each sentence
is one document, as in the acceptance test; outer tags only, *deriv and *part count as no entity.
The default scores what `lagebild analyze` outputs (model, role splitting, alias-table names, label
corrections); `--model-only` scores the bare spaCy model. Speed is words/s on one process and one
thread (run it under `taskset -c 0` to pin one core).
"""

from __future__ import annotations

import argparse
import time
from collections import Counter
from pathlib import Path

from lagebild.nlp.conll import TYPES, bio_spans, read_germeval
from lagebild.nlp.entities import finish, recognize_batch

DEFAULT = Path(__file__).resolve().parents[2] / "shared/data/germeval2014/NER-de-dev.tsv"


def gold_spans(tokens: list[tuple[str, str]]) -> tuple[str, set[tuple[int, int, str]]]:
    """The sentence joined by spaces, and its gold entities as character spans."""
    text, offsets = "", []
    for tok, _ in tokens:
        offsets.append(len(text) + (1 if text else 0))
        text += (" " if text else "") + tok
    spans = {
        (offsets[s], offsets[e - 1] + len(tokens[e - 1][0]), label)
        for s, e, label in bio_spans([tag for _, tag in tokens])
    }
    return text, spans


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", default=str(DEFAULT))
    parser.add_argument("--part", choices=["unseen", "all"], default="unseen")
    parser.add_argument("--model-only", action="store_true", help="score the spaCy model without the rules")
    args = parser.parse_args()
    sents = read_germeval(Path(args.data))
    if args.part == "unseen":
        sents = [s for i, s in enumerate(sents) if i % 3 == 0]
    docs = [gold_spans(s) for s in sents]
    texts = [t for t, _ in docs]
    recognize_batch(texts[:10])  # load the model outside the timing
    start = time.perf_counter()
    predicted = recognize_batch(texts)
    if not args.model_only:
        predicted = [finish(text, mentions) for text, mentions in zip(texts, predicted, strict=True)]
    elapsed = time.perf_counter() - start
    tp: Counter[str] = Counter()
    fp: Counter[str] = Counter()
    fn: Counter[str] = Counter()
    for (_, gold), mentions in zip(docs, predicted, strict=True):
        pred = {(m.start, m.end, m.label) for m in mentions if m.label in TYPES}
        for s in pred & gold:
            tp[s[2]] += 1
        for s in pred - gold:
            fp[s[2]] += 1
        for s in gold - pred:
            fn[s[2]] += 1

    def prf(t: int, p: int, n: int) -> str:
        prec = t / (t + p) if t + p else 0.0
        rec = t / (t + n) if t + n else 0.0
        f1 = 2 * prec * rec / (prec + rec) if prec + rec else 0.0
        return f"P={prec:.3f} R={rec:.3f} F1={f1:.3f}"

    print(f"{len(sents)} sentences ({args.part}) from {args.data}")
    for t in TYPES:
        print(f"  {t}: {prf(tp[t], fp[t], fn[t])}  (gold {tp[t] + fn[t]})")
    print(f"  all: {prf(sum(tp.values()), sum(fp.values()), sum(fn.values()))}")
    words = sum(len(s) for s in sents)
    print(f"speed: {words / elapsed:,.0f} words/s ({words} words in {elapsed:.2f} s)")


if __name__ == "__main__":
    main()
