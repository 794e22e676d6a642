"""Tokenized German text for lagebild's floret word vectors, one sentence per line.

    python models/ner/build_text.py [--data ../shared/data] [--out /tmp/lagebild-ner/text.txt]

The text is the Klexikon dump (CC BY-SA), the LER court decisions (CC BY 4.0),
GePaDe Bundestag speeches (CC0) and the Europeana newspapers (CC0) in ../shared/data, tokenized with
the same spaCy German tokenizer the NER model uses so that vector rows and model tokens agree.
The GermEval sentences are not included: the vectors must not see the evaluation text. Nor is the
German Wikipedia dump beside Klexikon: GermEval's test sentences were sampled from Wikipedia too.
"""

from __future__ import annotations

import argparse
import gzip
import json
import lzma
from collections.abc import Iterator
from pathlib import Path

import spacy

DATA = Path(__file__).resolve().parents[3] / "shared" / "data"


def wiki_lines(data: Path) -> Iterator[str]:
    with lzma.open(
        data / "text_dewiki_klexikon" / "klexikon_2898_articles.txt.xz", "rt", encoding="utf-8"
    ) as fh:
        for line in fh:
            line = line.strip()
            if line and not (line.startswith("=== ") and line.endswith(" ===")):
                yield line


def conll_lines(data: Path) -> Iterator[str]:
    for path in sorted((data / "ner_legal_ler").glob("*.conll.gz")):
        words: list[str] = []
        with gzip.open(path, "rt", encoding="utf-8") as fh:
            for line in fh:
                line = line.strip()
                if line:
                    words.append(line.rsplit(" ", 1)[0])
                elif words:
                    yield " ".join(words)
                    words = []
    for path in sorted((data / "ner_europeana_newspapers_de").glob("*.bio")):
        words = [line.split()[0] for line in path.open(encoding="utf-8") if line.split()]
        for i in range(0, len(words), 30):
            yield " ".join(words[i : i + 30])


def gepade_lines(data: Path) -> Iterator[str]:
    for path in sorted((data / "quotes_gepade_debates").rglob("*.json")):
        for sentence in json.loads(path.read_text(encoding="utf-8"))["Sentences"]:
            yield " ".join(sentence["Tokens"])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", default=str(DATA))
    parser.add_argument("--out", default="/tmp/lagebild-ner/text.txt")
    args = parser.parse_args()
    data = Path(args.data)
    tokenizer = spacy.blank("de").tokenizer
    n = 0
    with open(args.out, "w", encoding="utf-8") as out:
        for source in (wiki_lines, conll_lines, gepade_lines):
            for line in source(data):
                out.write(" ".join(t.text for t in tokenizer(line) if not t.is_space) + "\n")
                n += 1
    print(f"{n} lines -> {args.out}")


if __name__ == "__main__":
    main()
