"""Label the silver text with the accurate tagger, for the fast model to learn from (distillation).

    python models/ner/label_silver.py [--text /tmp/lagebild-ner/silver.txt] [--out /tmp/lagebild-ner/silver]
                                      [--limit 40000] [--teacher models/ner-accurate]

The text is one tokenised sentence per line (`build_silver_text.py`: German Wikinews, CC BY 2.5,
Bundestag speeches, CC0, and Klexikon, CC BY-SA). Sentences are tagged by the accurate model
(`--teacher`) and written as spaCy DocBin files of 5,000 sentences each, so an interrupted run keeps
what it labelled and resumes after it.
A teacher trained with the unseen GermEval third held out makes a student that may be scored on it.
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

import spacy
from spacy.tokens import Doc, DocBin, Span

from lagebild.nlp.entities.accurate import Tagger, model_path
from lagebild.nlp.entities.conll import bio_spans

CHUNK = 5000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--text", default="/tmp/lagebild-ner/silver.txt")
    parser.add_argument("--out", default="/tmp/lagebild-ner/silver")
    parser.add_argument("--limit", type=int, default=40000, help="sentences to label, from the top")
    parser.add_argument("--teacher", default=str(model_path()), help="the accurate model folder")
    args = parser.parse_args()
    lines = [line.split() for line in Path(args.text).read_text(encoding="utf-8").splitlines()]
    lines = [words for words in lines if words]
    lines = lines[: args.limit]  # the news sources come first in silver.txt, Klexikon after them
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    tagger = Tagger(Path(args.teacher))
    (out / "teacher.json").write_text(json.dumps(tagger.meta, indent=2), encoding="utf-8")
    vocab = spacy.blank("de").vocab
    for number, start in enumerate(range(0, len(lines), CHUNK)):
        target = out / f"part-{number:03d}.spacy"
        if target.exists():
            continue
        began = time.time()
        chunk = lines[start : start + CHUNK]
        docs = []
        for words, tags in zip(chunk, tagger.tag(chunk), strict=True):
            doc = Doc(vocab, words=words)
            doc.ents = [Span(doc, s, e, label=label) for s, e, label in bio_spans(tags)]
            docs.append(doc)
        DocBin(docs=docs).to_disk(target)
        words = sum(len(w) for w in chunk)
        print(
            f"{target.name}: {len(chunk)} sentences, {words / (time.time() - began):,.0f} words/s", flush=True
        )
    print(f"teacher {args.teacher}: {len(lines)} sentences labelled in {out}")


if __name__ == "__main__":
    main()
