"""Quote detection and speaker attribution against German Wikinews (GermEval 2023 SpkAtt corpus).

    python benchmarks/quotes_eval.py [--split dev|train] [--data ../shared/data/quotes_wikinews] [--errors N]

A predicted quote matches a gold one when their character overlap is at least half of each (gold quotes
split around an inserted frame count as one, by the sum of their parts); matching is one-to-one, largest
overlap first. A matched quote is speaker-attributed when the predicted speaker span overlaps the gold
speaker span, or when both have none, or when the predicted speaker's entity (a pronoun resolved to a
name, say) is one named inside the gold speaker span. Printed: quote P/R/F1, speaker-attributed
P/R/F1, recall per gold type, articles per second.

Licence discipline: the Wikinews annotations are CC BY-NC-SA, so nothing shipped is built from them (the
cue lexicon comes from GePaDe, CC0; the rest are hand-written rules). The train split (700 articles,
detokenised here with the gold token spans mapped to characters) was used to measure and guide the
rules; the dev split (150 articles with their original text) is only used for the reported numbers.
"""

from __future__ import annotations

import argparse
import re
import time
from collections import Counter
from pathlib import Path

from lagebild.batch import analyze_all
from lagebild.ingest.jsonl import record
from lagebild.model import Article, Mention
from lagebild.nlp.quotes.spkatt import (
    GoldArticle,
    GoldQuote,
    match,
    overlap,
    read_compact,
    read_pretty,
    speaker_right,
)
from lagebild.pipeline import default_stages


def prf(tp: int, n_pred: int, n_gold: int) -> str:
    p = tp / n_pred if n_pred else 0.0
    r = tp / n_gold if n_gold else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return f"P {p:.3f}  R {r:.3f}  F1 {f:.3f}"


def pipeline_quotes(articles: list[GoldArticle]) -> list[tuple[list[dict], list[Mention]]]:
    """Quotes as `lagebild analyze --no-clean` finds them: every stage, the article's date as published."""
    raws = []
    for art in articles:
        found = re.search(r"\((\d{4}-\d{2}-\d{2})\)", art.name)
        date = found.group(1) if found else None
        raws.append(record({"id": art.name, "text": art.text, "published": date}, "quotes_eval", art.name))
    out = []
    for item in analyze_all(raws, default_stages(clean=False)):
        if not isinstance(item, Article):
            raise SystemExit(f"analysis failed: {item}")
        mentions = [m for m in item.entities if m.field == "text" and m.entity_id]
        out.append(([q for q in item.quotes if q.get("field", "text") == "text"], mentions))
    return out


def _span(part: dict | None) -> tuple[int, int] | None:
    return (part["start"], part["end"]) if part else None


def main() -> None:
    root = Path(__file__).resolve().parents[1]
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--split", choices=("dev", "train"), default="dev")
    parser.add_argument("--data", default=str(root.parent / "shared/data/quotes_wikinews"))
    parser.add_argument("--errors", type=int, default=0, help="print this many misses and false alarms")
    args = parser.parse_args()
    data = Path(args.data)
    reader = read_pretty(data / "dev") if args.split == "dev" else read_compact(data / "train_compact")
    articles = list(reader)
    n_pred = n_gold = tp = tp_speaker = 0
    gold_types: Counter[str] = Counter()
    found_types: Counter[str] = Counter()
    misses: list[str] = []
    began = time.perf_counter()
    preds = pipeline_quotes(articles)
    elapsed = time.perf_counter() - began
    for art, (pred, mentions) in zip(articles, preds, strict=True):
        name, text, gold = art.name, art.text, art.quotes

        def right(p: dict, g: GoldQuote, mentions: list[Mention] = mentions) -> bool:
            named = frozenset(
                m.entity_id for m in mentions if m.entity_id and overlap([(m.start, m.end)], g.speaker)
            )
            sp = p["speaker"]
            return speaker_right(_span(sp), g, sp and sp.get("entity_id"), named)

        pairs = match([(p["start"], p["end"]) for p in pred], gold)
        n_pred += len(pred)
        n_gold += len(gold)
        tp += len(pairs)
        tp_speaker += sum(right(pred[i], gold[j]) for i, j in pairs)
        gold_types.update(g.type for g in gold)
        found_types.update(gold[j].type for _i, j in pairs)
        hit_p, hit_g = {i for i, _ in pairs}, {j for _, j in pairs}
        for j, g in enumerate(gold):
            if j not in hit_g:
                s, e = g.quote[0][0], g.quote[-1][1]
                misses.append(f"MISS {g.type:<20} {name[:30]}: {text[s:e][:160]!r}")
        for i, p in enumerate(pred):
            if i not in hit_p:
                misses.append(f"FALSE {p['type']:<19} {name[:30]}: {p['text'][:160]!r}")
        for i, j in pairs:
            if not right(pred[i], gold[j]):
                g = gold[j].speaker
                gs = text[g[0][0] : g[-1][1]] if g else None
                sp = pred[i]["speaker"]
                misses.append(f"SPEAKER {sp and sp['text']!r} gold {gs!r}: {pred[i]['text'][:100]!r}")
    print(f"split {args.split}: {len(articles)} articles, {n_gold} gold quotes, {n_pred} predicted")
    print(f"quote              {prf(tp, n_pred, n_gold)}")
    print(f"speaker-attributed {prf(tp_speaker, n_pred, n_gold)}")
    for kind, n in sorted(gold_types.items()):
        print(f"  recall {kind:<22} {found_types[kind] / n:.3f}  ({found_types[kind]}/{n})")
    print(f"speed              {len(articles) / elapsed:.1f} articles/s")
    for line in misses[: args.errors]:
        print(line)


if __name__ == "__main__":
    main()
