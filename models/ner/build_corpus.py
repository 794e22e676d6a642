"""Build the NER training and evaluation corpora of lagebild from ../shared/data (spaCy DocBin files).

    python models/ner/build_corpus.py [--data ../shared/data] [--out /tmp/lagebild-ner]

- GermEval 2014 dev (CC BY 4.0): every third sentence is kept UNSEEN as `eval.spacy` (reported, never
  tuned on); every ninth of the rest (`tuning.spacy`) picks spaCy's best checkpoint; the others
  train. Outer tags only; *deriv and *part count as no entity, as the GermEval strict metric over
  PER/LOC/ORG/OTH treats them.
- SmartData v1 train (CC BY 4.0): person → PER, organization* → ORG, location* → LOC.
- German LER (CC BY 4.0), a deterministic sample: PER/RR/AN → PER, ORG/UN/INN/GRT/MRK → ORG,
  LD/ST/STR/LDS → LOC; legal citation classes are left untagged.
"""

from __future__ import annotations

import argparse
import gzip
import random
import sys
from pathlib import Path
from typing import TypeVar

import spacy
from spacy.tokens import Doc, DocBin, Span

from lagebild.nlp.entities.conll import bio_spans, read_germeval

sys.path.insert(0, str(Path(__file__).resolve().parent))
from build_smartdata import documents

T = TypeVar("T")

LER_MAP = {
    "PER": "PER", "RR": "PER", "AN": "PER",
    "ORG": "ORG", "UN": "ORG", "INN": "ORG", "GRT": "ORG", "MRK": "ORG",
    "LD": "LOC", "ST": "LOC", "STR": "LOC", "LDS": "LOC",
}  # fmt: skip


def germeval_split(sents: list[T], holdout: bool = True) -> dict[str, list[T]]:
    """GermEval dev by sentence index: every third (from the first) is 'unseen', every ninth (from the
    second) is 'tuning', the rest is 'train'; without `holdout` the unseen third trains as well."""
    return {
        "train": [s for i, s in enumerate(sents) if i % 9 != 1 and (not holdout or i % 3)],
        "tuning": [s for i, s in enumerate(sents) if i % 9 == 1],
        "unseen": [s for i, s in enumerate(sents) if i % 3 == 0],
    }


def clean_edges(span: Span) -> bool:
    """spaCy cannot learn an entity that starts or ends in whitespace or bare punctuation."""
    first, last = span[0], span[-1]
    return not (first.is_space or last.is_space or (len(span) == 1 and first.is_punct)) and bool(
        span.text.strip()
    )


def bio_doc(vocab, tokens: list[tuple[str, str]], mapping: dict[str, str] | None = None) -> Doc:
    doc = Doc(vocab, words=[t for t, _ in tokens])
    tags = [t[:2] + mapping.get(t[2:], "") if mapping and t[:2] in ("B-", "I-") else t for _, t in tokens]
    spans = [Span(doc, s, e, label=label) for s, e, label in bio_spans(tags)]
    doc.ents = [span for span in spans if clean_edges(span)]
    return doc


def smartdata(path: Path, nlp) -> list[Doc]:
    docs = []
    for obj in documents(path):
        doc = nlp.make_doc(obj["text"]["string"])
        ents = []
        for m in obj.get("conceptMentions", {}).get("array", []):
            kind = m["type"]
            label = "PER" if kind == "person" else "ORG" if kind.startswith("organization") else None
            label = label or ("LOC" if kind.startswith("location") else None)
            if label:
                start, end = m["span"]["start"], m["span"]["end"]
                while start < end and not obj["text"]["string"][start].strip():
                    start += 1
                while end > start and not obj["text"]["string"][end - 1].strip():
                    end -= 1
                span = doc.char_span(start, end, label=label, alignment_mode="expand")
                if span is not None and clean_edges(span):
                    ents.append(span)
        doc.ents = spacy.util.filter_spans(ents)
        docs.append(doc)
    return docs


def ler(folder: Path, vocab, n: int) -> list[Doc]:
    sents = []
    for path in sorted(folder.glob("*.conll.gz")):
        cur: list[tuple[str, str]] = []
        with gzip.open(path, "rt", encoding="utf-8") as fh:
            for line in fh:
                line = line.strip()
                if not line:
                    if cur:
                        sents.append(cur)
                        cur = []
                else:
                    tok, tag = line.rsplit(" ", 1)
                    cur.append((tok, tag))
    random.Random(13).shuffle(sents)
    return [bio_doc(vocab, s, LER_MAP) for s in sents[:n]]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", default=str(Path(__file__).resolve().parents[3] / "shared" / "data"))
    parser.add_argument("--out", default="/tmp/lagebild-ner")
    parser.add_argument("--ler", type=int, default=6000, help="LER sentences to sample")
    parser.add_argument("--upsample", type=int, default=2, help="copies of the GermEval train part")
    parser.add_argument("--silver", nargs="*", default=[], help="DocBin folders from label_silver.py")
    parser.add_argument(
        "--no-smartdata", action="store_true", help="leave SmartData's gold out (no OTH, other bounds)"
    )
    parser.add_argument(
        "--no-holdout",
        action="store_true",
        help="train on the unseen third too (the shipped model); its eval.spacy is then not held out",
    )
    args = parser.parse_args()
    data, out = Path(args.data), Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    nlp = spacy.blank("de")
    ge = read_germeval(data / "germeval2014" / "NER-de-dev.tsv")
    parts = germeval_split(ge, holdout=not args.no_holdout)
    train = [bio_doc(nlp.vocab, s) for s in parts["train"]] * args.upsample
    tuning = [bio_doc(nlp.vocab, s) for s in parts["tuning"]]
    unseen = [bio_doc(nlp.vocab, s) for s in parts["unseen"]]
    if not args.no_smartdata:
        train += smartdata(data / "ner_smartdata_v1" / "train.json.gz", nlp)
    train += ler(data / "ner_legal_ler", nlp.vocab, args.ler)
    for folder in args.silver:
        for part in sorted(Path(folder).glob("part-*.spacy")):
            train += list(DocBin().from_disk(part).get_docs(nlp.vocab))
    random.Random(7).shuffle(train)
    DocBin(docs=train).to_disk(out / "train.spacy")
    DocBin(docs=tuning).to_disk(out / "tuning.spacy")
    DocBin(docs=unseen).to_disk(out / "eval.spacy")
    print(f"train: {len(train)} docs, unseen GermEval eval: {len(unseen)} sentences -> {out}")


if __name__ == "__main__":
    main()
