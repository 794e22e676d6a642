"""Strict span+type NER F1 per type (PER, LOC, ORG, OTH) on GermEval-format data, and speed.

    python benchmarks/ner_eval.py [--data FILE.tsv] [--part unseen|tuning|all]
    python benchmarks/ner_eval.py --data models/ner/data/uner_pud.tsv.gz

By default it reads the GermEval 2014 dev file in ../shared/data and scores only the UNSEEN third
(every third sentence) that models/ner/build_corpus.py keeps out of training and tuning. Each sentence
is one document, as in the acceptance test; outer tags only, *deriv and *part count as no entity.
A compact gold file of models/ner/data (`*.tsv.gz`) is scored whole, over the types it annotates
(UNER German-PUD: PER, LOC, ORG): a predicted mention of another type, or one touching a token whose
gold label is unknown (`?`), is left out, since that corpus cannot say whether it is right. The fast
model never trains on those files (the accurate pair does), so UNER German-PUD, 1,000 news and
Wikipedia sentences, is a decision set for the fast model four times the size of the tuning ninth.
The default scores what `lagebild analyze --no-clean` outputs, each sentence one JSONL record run
through every stage (model, role splitting, alias-table and rule names, label corrections);
`--model-only` scores the bare spaCy model. Speed is words/s of that run after start-up, one process,
one thread: run it as `OPENBLAS_NUM_THREADS=1 taskset -c 0 python benchmarks/ner_eval.py`.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "models" / "ner"))
from build_corpus import germeval_split
from corpora import UNKNOWN, read_tagged

from lagebild.batch import analyze_all
from lagebild.ingest.jsonl import record
from lagebild.model import Article
from lagebild.nlp.entities import model_path, recognize_batch
from lagebild.nlp.entities.accurate import member_folders, recognize_accurate
from lagebild.nlp.entities.accurate import model_path as accurate_path
from lagebild.nlp.entities.conll import TYPES, bio_spans, read_germeval
from lagebild.pipeline import default_stages

DEFAULT = Path(__file__).resolve().parents[2] / "shared/data/germeval2014/NER-de-dev.tsv"


def gold_spans(
    tokens: list[tuple[str, str]],
) -> tuple[str, set[tuple[int, int, str]], list[tuple[int, int]]]:
    """The sentence joined by spaces, its gold entities as character spans, and the character spans of
    the tokens whose gold label is unknown (`?`)."""
    text, offsets = "", []
    for tok, _ in tokens:
        offsets.append(len(text) + (1 if text else 0))
        text += (" " if text else "") + tok
    spans = {
        (offsets[s], offsets[e - 1] + len(tokens[e - 1][0]), label)
        for s, e, label in bio_spans([tag for _, tag in tokens])
    }
    unknown = [(at, at + len(tok)) for at, (tok, tag) in zip(offsets, tokens, strict=True) if tag == UNKNOWN]
    return text, spans, unknown


def is_compact(path: str | Path) -> bool:
    """A compact gold file of models/ner/data (`token<TAB>label`, gzip'd), not a GermEval TSV."""
    return Path(path).name.endswith(".tsv.gz")


def read_gold(path: Path, part: str) -> tuple[list[list[tuple[str, str]]], tuple[str, ...]]:
    """The sentences to score and the entity types their gold annotates."""
    if is_compact(path):
        sents = read_tagged(path)
        return sents, tuple(t for t in TYPES if any(tag[2:] == t for s in sents for _, tag in s))
    sents = read_germeval(path)
    return (sents if part == "all" else germeval_split(sents)[part]), TYPES


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", default=str(DEFAULT))
    parser.add_argument(
        "--part",
        choices=["unseen", "tuning", "all"],
        default="unseen",
        help="which sentences of a GermEval file (a compact *.tsv.gz is scored whole)",
    )
    parser.add_argument("--model-only", action="store_true", help="score the tagger without the rules")
    parser.add_argument("--ner", choices=["fast", "accurate"], default="fast", help="which tagger")
    args = parser.parse_args()
    folders = member_folders(accurate_path()) if args.ner == "accurate" else [model_path()]
    metas = [json.loads((folder / "meta.json").read_text(encoding="utf-8")) for folder in folders]
    seen = [meta.get("lagebild", meta).get("germeval_dev_unseen_third_in_training", True) for meta in metas]
    compact = is_compact(args.data)
    if args.part == "unseen" and any(seen) and not compact:
        print("WARNING: this model was trained on the 'unseen' third too; its score here is not held out.")
        print("         Train the evaluation model with LAGEBILD_NER_HOLDOUT=1 bash models/ner/train.sh.")
    sents, types = read_gold(Path(args.data), args.part)
    docs = [gold_spans(s) for s in sents]
    texts = [t for t, _, _ in docs]
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
    for (_, gold, hidden), mentions in zip(docs, predicted, strict=True):
        pred = {
            (m.start, m.end, m.label)
            for m in mentions
            if m.label in types and not any(m.start < e and s < m.end for s, e in hidden)
        }
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

    print(f"{len(sents)} sentences ({'all' if compact else args.part}) from {args.data}")
    for t in types:
        print(f"  {t}: {prf(tp[t], fp[t], fn[t])}  (gold {tp[t] + fn[t]})")
    print(f"  all: {prf(sum(tp.values()), sum(fp.values()), sum(fn.values()))}")
    words = sum(len(s) for s in sents)
    print(f"speed: {words / elapsed:,.0f} words/s ({words} words in {elapsed:.2f} s)")


if __name__ == "__main__":
    main()
