"""Strict span+type NER F1 per type (PER, LOC, ORG, OTH) on GermEval-format data, and speed.

    python benchmarks/ner_eval.py [--data FILE.tsv] [--part unseen|tuning|all]

By default it reads the GermEval 2014 dev file in ../shared/data and scores only the UNSEEN third
(every third sentence) that models/ner/build_corpus.py keeps out of training and tuning. Each sentence
is one document, as in the acceptance test; outer tags only, *deriv and *part count as no entity.
The default scores what `lagebild analyze --no-clean` outputs, each sentence one JSONL record run
through every stage (model, role splitting, alias-table and rule names, label corrections);
`--model-only` scores the bare spaCy model. Speed is words/s of that run after start-up, one process,
one thread: run it as `OPENBLAS_NUM_THREADS=1 taskset -c 0 python benchmarks/ner_eval.py`.
"""

from __future__ import annotations

import argparse
import json
import time
from collections import Counter
from pathlib import Path

from lagebild.batch import analyze_all
from lagebild.ingest.jsonl import record
from lagebild.model import Article
from lagebild.nlp.entities import model_path, recognize_batch
from lagebild.nlp.entities.accurate import member_folders, recognize_accurate
from lagebild.nlp.entities.accurate import model_path as accurate_path
from lagebild.nlp.entities.conll import TYPES, bio_spans, read_germeval
from lagebild.pipeline import default_stages

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
    parser.add_argument("--part", choices=["unseen", "tuning", "all"], default="unseen")
    parser.add_argument("--model-only", action="store_true", help="score the tagger without the rules")
    parser.add_argument("--ner", choices=["fast", "accurate"], default="fast", help="which tagger")
    args = parser.parse_args()
    folders = member_folders(accurate_path()) if args.ner == "accurate" else [model_path()]
    metas = [json.loads((folder / "meta.json").read_text(encoding="utf-8")) for folder in folders]
    seen = [meta.get("lagebild", meta).get("germeval_dev_unseen_third_in_training", True) for meta in metas]
    if args.part == "unseen" and any(seen):
        print("WARNING: this model was trained on the 'unseen' third too; its score here is not held out.")
        print("         Train the evaluation model with LAGEBILD_NER_HOLDOUT=1 bash models/ner/train.sh.")
    sents = read_germeval(Path(args.data))
    if args.part == "unseen":
        sents = [s for i, s in enumerate(sents) if i % 3 == 0]
    elif args.part == "tuning":  # the ninth that picks checkpoints (models/ner/build_corpus.py)
        sents = [s for i, s in enumerate(sents) if i % 9 == 1]
    docs = [gold_spans(s) for s in sents]
    texts = [t for t, _ in docs]
    if args.model_only:
        recognize = recognize_accurate if args.ner == "accurate" else recognize_batch
        recognize(texts[:10])  # load the model outside the timing
        start = time.perf_counter()
        predicted = recognize(texts)
    else:
        stages = default_stages(clean=False, ner=args.ner)
        list(analyze_all([record({"text": t}, "warm-up", "1") for t in texts[:40]], stages))
        raws = [record({"id": str(i), "text": t}, "germeval", str(i)) for i, t in enumerate(texts)]
        start = time.perf_counter()
        predicted = [
            [m for m in a.entities if m.field == "text"] if isinstance(a, Article) else []
            for a in analyze_all(raws, stages)
        ]
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
