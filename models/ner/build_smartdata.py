"""Convert DFKI SmartData v1 train (German news, CC BY 4.0) to the compact PER/LOC/ORG/OTH format.

    python models/ner/build_smartdata.py [--data ../shared/data] [--out models/ner/data/smartdata.tsv.gz]

SmartData marks mentions by character offsets in whole documents, with fine-grained types. It is
news text, which GermEval's Wikipedia-heavy dev is short of, and ORG-rich. Its conventions differ from
GermEval's in three ways, handled here so they do not teach the tagger the wrong thing:

- `location` also covers adjectives ("dänischen", "Berliner"), which GermEval calls LOCderiv and the
  strict metric treats as no entity: a lower-case one becomes O, a capitalised one ending like an
  adjective or demonym (-er, -isch…) becomes `?` (unknown; "Hannover" is lost with them).
- organisation mentions include nominal references ("Gruppe", "Konzern"): single generic nouns are O.
- it has no OTH and its `location-route` (train lines, "RE 7") has no GermEval counterpart: `?`.

Tokens and sentences come from spaCy's German tokenizer and rule sentencizer. The output is written
next to the other built corpora and kept out of git: it is rebuilt from ../shared/data.
"""

from __future__ import annotations

import argparse
import gzip
import json
import sys
from collections.abc import Iterator
from pathlib import Path

import spacy

sys.path.insert(0, str(Path(__file__).resolve().parent))
from corpora import TYPES, UNKNOWN, Sentence, bio_errors, repair_bio, stats, write_tagged

HERE = Path(__file__).resolve().parent
GENERIC = {"Gruppe", "Konzern", "Unternehmen", "Firma", "Bank", "Verein", "Partei", "Regierung", "Behörde"}
ADJECTIVE_ENDINGS = ("er", "ern", "isch", "ische", "ischen", "ischer", "isches", "ischem")


def documents(path: Path) -> Iterator[dict]:
    """The concatenated pretty-printed JSON objects of the SmartData file, one per document."""
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        text = fh.read()
    decoder, i = json.JSONDecoder(), 0
    while True:
        while i < len(text) and text[i] in " \r\n\t,":
            i += 1
        if i >= len(text):
            return
        obj, i = decoder.raw_decode(text, i)
        yield obj


def label_of(kind: str, mention: str) -> str:
    """Our type for a SmartData mention: PER/LOC/ORG, `?` (unknown) or O."""
    single = " " not in mention.strip()
    if kind == "person":
        return "PER"
    if kind.startswith("organization"):
        return "O" if single and mention in GENERIC else "ORG"
    if kind == "location-route":
        return UNKNOWN
    if kind.startswith("location"):
        if single and mention[:1].islower():
            return "O"
        if single and mention.endswith(ADJECTIVE_ENDINGS):
            return UNKNOWN
        return "LOC"
    return "O"


def convert(doc: dict, nlp) -> list[Sentence]:
    text = doc["text"]["string"]
    parsed = nlp(text)
    labels = ["O"] * len(parsed)
    mentions = sorted(doc.get("conceptMentions", {}).get("array", []), key=lambda m: m["span"]["start"])
    for m in mentions:
        start, end = m["span"]["start"], m["span"]["end"]
        label = label_of(m["type"], text[start:end])
        span = parsed.char_span(start, end, alignment_mode="expand")
        if label == "O" or span is None or any(labels[i] != "O" for i in range(span.start, span.end)):
            continue
        for i in range(span.start, span.end):
            if parsed[i].is_space:
                continue
            labels[i] = label if label == UNKNOWN else ("B-" if i == span.start else "I-") + label
    sents = []
    for sent in parsed.sents:
        tokens = [t for t in sent if not t.is_space]
        # a mention cut by a sentence end continues as a span of its own
        tags = repair_bio([labels[t.i] for t in tokens])
        if len(tokens) > 2:
            sents.append([(t.text, tag) for t, tag in zip(tokens, tags, strict=True)])
    return sents


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", default=str(HERE.parents[2] / "shared" / "data"))
    parser.add_argument("--out", default=str(HERE / "data" / "smartdata.tsv.gz"))
    args = parser.parse_args()
    nlp = spacy.blank("de")
    nlp.add_pipe("sentencizer")
    source = Path(args.data) / "ner_smartdata_v1" / "train.json.gz"
    sents = [sent for doc in documents(source) for sent in convert(doc, nlp)]
    bad = [e for s in sents for e in bio_errors(s)]
    if bad:
        raise SystemExit(f"{len(bad)} BIO errors after conversion, e.g. {bad[:3]}")
    write_tagged(args.out, sents)
    counts = stats(sents)
    print(args.out, {k: counts[k] for k in ("sentences", "tokens", *TYPES, UNKNOWN)})


if __name__ == "__main__":
    main()
