"""Label the silver text with the accurate tagger, for the fast model to learn from (distillation).

    python models/ner/label_silver.py [--text /tmp/lagebild-ner/silver.txt] [--out /tmp/lagebild-ner/silver]
                                      [--limit 40000] [--teacher models/ner-accurate] [--labels FILE]

The text is one tokenised sentence per line (`build_silver_text.py`: German Wikinews, CC BY 2.5,
Bundestag speeches, CC0 and official records, and Klexikon, CC BY-SA). Sentences are tagged by the
accurate model (`--teacher`) and written as spaCy DocBin files of 5,000 sentences each, so an interrupted
run keeps what it labelled and resumes after it; `--share K/N` lets N processes split the chunks.
A teacher trained with the unseen GermEval third held out makes a student that may be scored on it.

Labelling 2.5 million words takes the teacher pair over an hour on two cores, so its labels are kept
apart from the text (`--labels`, `silver_labels.txt.gz` in models/ner/data: token offsets and types
only, no words): when that file matches the text, the DocBins are rebuilt from it in seconds and no
teacher is loaded; otherwise the text is labelled and the file written.
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import json
import time
from pathlib import Path

import spacy
from spacy.tokens import Doc, DocBin, Span

from lagebild.nlp.entities.accurate import Tagger, model_path
from lagebild.nlp.entities.conll import bio_spans

CHUNK = 5000
Spans = list[tuple[int, int, str]]


def text_digest(lines: list[list[str]]) -> str:
    """What the labels belong to: the sentences exactly as labelled (after `--limit`)."""
    digest = hashlib.sha256()
    for words in lines:
        digest.update((" ".join(words) + "\n").encode("utf-8"))
    return digest.hexdigest()


def write_labels(path: Path, digest: str, teacher: dict, labels: list[Spans]) -> None:
    """One line per sentence: its entities as `start-end-TYPE` (token offsets), blank when none; a
    header line names the text's digest and the teacher. Same labels, same bytes (gzip without a time)."""
    header = json.dumps({"sentences": len(labels), "sha256": digest, "teacher": teacher}, sort_keys=True)
    body = "\n".join(" ".join(f"{s}-{e}-{label}" for s, e, label in spans) for spans in labels)
    with path.open("wb") as raw, gzip.GzipFile(fileobj=raw, mode="wb", mtime=0, filename="") as out:
        out.write(f"# {header}\n{body}\n".encode())


def read_labels(path: Path) -> tuple[dict, list[Spans]]:
    """The header and each sentence's entities of a file `write_labels` wrote."""
    lines = gzip.decompress(path.read_bytes()).decode("utf-8").split("\n")
    header = json.loads(lines[0].removeprefix("# "))
    labels = [
        [(int(s), int(e), label) for s, e, label in (item.split("-", 2) for item in line.split())]
        for line in lines[1 : 1 + header["sentences"]]
    ]
    return header, labels


def matching_labels(path: Path | None, lines: list[list[str]]) -> list[Spans] | None:
    """The stored labels when `path` holds them for exactly these sentences, else None (said why)."""
    if path is None or not path.exists():
        return None
    header, labels = read_labels(path)
    if header["sha256"] != text_digest(lines) or len(labels) != len(lines):
        print(f"{path}: labels of another text ({header['sentences']} sentences); labelling anew")
        return None
    if any(e > len(words) for spans, words in zip(labels, lines, strict=True) for _, e, _ in spans):
        raise SystemExit(f"{path}: a span runs past its sentence; the file is damaged")
    return labels


def to_docs(vocab, lines: list[list[str]], labels: list[Spans]) -> list[Doc]:
    docs = []
    for words, spans in zip(lines, labels, strict=True):
        doc = Doc(vocab, words=words)
        doc.ents = [Span(doc, s, e, label=label) for s, e, label in spans]
        docs.append(doc)
    return docs


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--text", default="/tmp/lagebild-ner/silver.txt")
    parser.add_argument("--out", default="/tmp/lagebild-ner/silver")
    parser.add_argument("--limit", type=int, default=40000, help="sentences to label, from the top")
    parser.add_argument("--teacher", default=str(model_path()), help="the accurate model folder")
    parser.add_argument("--labels", type=Path, help="stored labels: read when they match, else written")
    parser.add_argument("--stored-only", action="store_true", help="fail unless --labels match the text")
    parser.add_argument(
        "--share", default="0/1", help="K/N: label only every N-th chunk from the K-th (one process a core)"
    )
    args = parser.parse_args()
    lines = [line.split() for line in Path(args.text).read_text(encoding="utf-8").splitlines()]
    lines = [words for words in lines if words]
    lines = lines[: args.limit]  # the news sources come first in silver.txt, Klexikon after them
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    vocab = spacy.blank("de").vocab
    parts = [out / f"part-{number:03d}.spacy" for number in range(-(-len(lines) // CHUNK))]
    stored = matching_labels(args.labels, lines)
    if stored is not None:
        for number, part in enumerate(parts):
            chunk = slice(number * CHUNK, (number + 1) * CHUNK)
            DocBin(docs=to_docs(vocab, lines[chunk], stored[chunk])).to_disk(part)
        print(f"{len(lines)} sentences from the labels in {args.labels} -> {out}")
        return
    if args.stored_only:
        raise SystemExit(f"{args.labels}: no labels of this text ({len(lines)} sentences from {args.text})")
    tagger = Tagger(Path(args.teacher))
    (out / "teacher.json").write_text(json.dumps(tagger.meta, indent=2), encoding="utf-8")
    mine, shares = (int(k) for k in args.share.split("/"))
    for number, target in enumerate(parts):
        if target.exists() or number % shares != mine:
            continue
        began = time.time()
        chunk = lines[number * CHUNK : (number + 1) * CHUNK]
        labels = [bio_spans(tags) for tags in tagger.tag(chunk)]
        DocBin(docs=to_docs(vocab, chunk, labels)).to_disk(target)
        words = sum(len(w) for w in chunk)
        print(
            f"{target.name}: {len(chunk)} sentences, {words / (time.time() - began):,.0f} words/s", flush=True
        )
    missing = [part for part in parts if not part.exists()]
    if missing:
        print(f"{len(missing)} chunks still to label (other shares); run again when they are done")
        return
    print(f"teacher {args.teacher}: {len(lines)} sentences labelled in {out}")
    if args.labels is not None:
        labels = [
            [(e.start, e.end, e.label_) for e in doc.ents]
            for part in parts
            for doc in DocBin().from_disk(part).get_docs(vocab)
        ]
        write_labels(args.labels, text_digest(lines), tagger.meta, labels)
        print(f"labels written to {args.labels}")


if __name__ == "__main__":
    main()
