"""Train the speaker model (`models/quote-speakers/weights.json`) that picks each quote's speaker.

    python models/quotes/train_speakers.py [--corpus gepade|wikinews] [--out models/quote-speakers]

The articles are read as `lagebild analyze --no-clean` reads them (entities from the shipped NER), the
quote rules run, and every rule quote that matches a gold quote becomes one training example: its
candidates (`nlp/quotes/ranker.py`) with those overlapping the gold speaker marked right ("nobody" when
the gold quote has no speaker). Quotes whose gold speaker is no candidate are left out. The model is a
conditional logit (softmax over a quote's candidates) fitted by AdaGrad with L2 regularisation.

The shipped weights are trained on the Wikinews train split (`--corpus wikinews`, the default), whose
annotations are CC BY-NC-SA 4.0: the model inherits that licence, and `models/quote-speakers/LICENSE`
says so. `--corpus gepade` trains on GePaDe (Bundestag speeches, CC0 1.0) instead; parliamentary speech
is too far from news (speakers are "ich" and "wir"), and that model chose worse than the rules on
Wikinews. Neither corpus is the Wikinews dev split on which `benchmarks/quotes_eval.py` reports.
"""

from __future__ import annotations

import argparse
import json
import math
import random
from pathlib import Path

from lagebild.batch import analyze_all
from lagebild.ingest.jsonl import record
from lagebild.model import Article
from lagebild.nlp import entities
from lagebild.nlp.quotes.clauses import Doc
from lagebild.nlp.quotes.ranker import NOBODY, Candidate, SpeakerModel, candidates, with_previous
from lagebild.nlp.quotes.rules import rule_quotes
from lagebild.nlp.quotes.spkatt import GoldArticle, match, read_compact, speaker_right
from lagebild.pipeline import default_stages

ROOT = Path(__file__).resolve().parents[2]
CORPORA = {
    "gepade": ROOT.parent / "shared/data/quotes_gepade_debates/train",
    "wikinews": ROOT.parent / "shared/data/quotes_wikinews/train_compact",
}
# Candidates, which of them are right, whether the rules' speaker is right, the article's number.
Example = tuple[list[Candidate], list[bool], bool, int]


def examples(articles: list[GoldArticle]) -> tuple[list[Example], dict[str, int]]:
    """Training examples, and counts of what was kept and left out."""
    stages = default_stages(clean=False)
    stages = stages[: stages.index(entities.entities) + 1]
    raws = [record({"id": a.name, "text": a.text}, "train_speakers", a.name) for a in articles]
    out: list[Example] = []
    counts = {"matched": 0, "rule right": 0, "no candidate": 0}
    for number, (art, item) in enumerate(zip(articles, analyze_all(raws, stages), strict=True)):
        if not isinstance(item, Article):
            raise SystemExit(f"analysis failed: {item}")
        mentions = sorted((m.start, m.end, m.label) for m in item.entities if m.field == "text")
        doc = Doc.of(item.text)
        found = rule_quotes(doc)
        previous = dict(enumerate(p for _q, p in with_previous(found)))
        for i, j in sorted(match([(q.start, q.end) for q in found], art.quotes)):
            q, gold = found[i], art.quotes[j]
            cands = candidates(doc, q, mentions, previous[i])
            right = [speaker_right(None if c.span == NOBODY else c.span, gold) for c in cands]
            rule_right = speaker_right(q.speaker, gold)
            counts["matched"] += 1
            counts["rule right"] += rule_right
            counts["no candidate"] += not any(right)
            out.append((cands, right, rule_right, number))
    return out, counts


def train(data: list[Example], epochs: int, l2: float, rate: float, seeds: int = 5) -> SpeakerModel:
    """The average of models fitted in several example orders: one order alone moves single choices."""
    models = [train_once(data, epochs, l2, rate, seed) for seed in range(13, 13 + seeds)]
    keys = {f for m in models for f in m.weights}
    return SpeakerModel({f: sum(m.weights.get(f, 0.0) for m in models) / len(models) for f in keys})


def train_once(data: list[Example], epochs: int, l2: float, rate: float, seed: int) -> SpeakerModel:
    """Maximise the log of the probability mass on right candidates, by AdaGrad."""
    model = SpeakerModel({})
    weights = model.weights
    squares: dict[str, float] = {}
    order = list(range(len(data)))
    rng = random.Random(seed)
    for _epoch in range(epochs):
        rng.shuffle(order)
        for n in order:
            cands, right, _rule, _article = data[n]
            if not any(right):
                continue
            scores = [model.score(c) for c in cands]
            top = max(scores)
            exp = [math.exp(s - top) for s in scores]
            total = sum(exp)
            mass = sum(e for e, r in zip(exp, right, strict=True) if r)
            grads: dict[str, float] = {}
            for c, e, r in zip(cands, exp, right, strict=True):
                g = e / total - (e / mass if r else 0.0)  # d(-log P(right)) / d(score)
                for f in c.features:
                    grads[f] = grads.get(f, 0.0) + g
            for f, g in grads.items():
                w = weights.get(f, 0.0)
                g += l2 * w
                squares[f] = squares.get(f, 0.0) + g * g
                weights[f] = w - rate * g / math.sqrt(squares[f] + 1e-8)
    return model


def accuracy(data: list[Example], model: SpeakerModel) -> float:
    """The share of matched quotes whose chosen speaker is right (as `quotes_eval.py` counts it)."""
    hits = 0
    for cands, right, _rule, _article in data:
        scores = [model.score(c) for c in cands]
        hits += right[max(range(len(scores)), key=scores.__getitem__)]
    return hits / len(data) if data else 0.0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", choices=sorted(CORPORA), default="wikinews")
    parser.add_argument("--out", default=str(ROOT / "models/quote-speakers"))
    parser.add_argument("--epochs", type=int, default=5)
    parser.add_argument("--l2", type=float, default=1e-4)
    parser.add_argument("--rate", type=float, default=0.05)
    parser.add_argument(
        "--folds", type=int, default=5, help="cross-validation folds for the printed accuracy"
    )
    args = parser.parse_args()
    articles = list(read_compact(CORPORA[args.corpus]))
    data, counts = examples(articles)
    print(f"{args.corpus}: {len(articles)} documents, {counts}")
    model_hits = rule_hits = 0
    for fold in range(args.folds):
        held = data[fold :: args.folds]
        fitted = train(
            [x for n, x in enumerate(data) if n % args.folds != fold], args.epochs, args.l2, args.rate
        )
        model_hits += round(accuracy(held, fitted) * len(held))
        rule_hits += sum(x[2] for x in held)
    print(
        f"speaker right on matched quotes, {args.folds}-fold cross-validation: "
        f"model {model_hits / len(data):.3f}, rules {rule_hits / len(data):.3f}"
    )
    model = train(data, args.epochs, args.l2, args.rate)
    kept = {f: round(w, 4) for f, w in sorted(model.weights.items()) if abs(w) >= 1e-3}
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    meta = {
        "corpus": args.corpus,
        "licence": "CC0-1.0"
        if args.corpus == "gepade"
        else "CC-BY-NC-SA-4.0 (from the Wikinews annotations)",
        "examples": len(data),
        "epochs": args.epochs,
        "l2": args.l2,
        "rate": args.rate,
    }
    (out / "weights.json").write_text(
        json.dumps(
            {"meta": meta, "weights": kept},
            ensure_ascii=False,
            indent=0,
        )
        + "\n",
        encoding="utf-8",
    )
    print(f"{len(kept)} weights written to {out / 'weights.json'}")


if __name__ == "__main__":
    main()
