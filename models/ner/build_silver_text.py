"""German sentences for the NER teacher to label (issue #13), one a line, tokens joined by single spaces.

    python models/ner/build_silver_text.py [--data ../shared/data] [--out /tmp/lagebild-ner/silver.txt]

Tokens come from the tokenizer of `spacy.blank("de")`, the one the student model runs, and sentences
from lagebild's rule splitter (`lagebild.nlp.quotes.cues.sentences`). Sources, in this order (a
sentence already seen is skipped, so a later source counts only what it adds):

- samples/corpus/wikinews-de.jsonl: 300 German Wikinews articles (CC BY 2.5), titles and texts;
- shared/data/quotes_wikinews/dev: the same corpus's dev articles (`originalText`);
- shared/data/quotes_wikinews/train_compact: its train articles, given only as sentences of tokens
  (the tokens are joined by spaces and tokenized again by spaCy);
- shared/data/quotes_gepade_debates/{train,dev}: Bundestag speeches (CC0), given as sentences of tokens;
  political language full of people, parties and institutions, which GermEval's ORG is weakest on;
- shared/data/text_dewiki_klexikon/klexikon_2898_articles.txt.xz: Klexikon (CC BY-SA).

Never the quotation TEST split (not in shared/ and the acceptance set), never `dewiki_*` (German
Wikipedia may share sentences with GermEval 2014 test), and not the Europeana newspapers (OCR of
19th- and early 20th-century print: old spelling, broken words, no sentence boundaries). The two seed
articles are left out too: they are the project's hand-checked examples.
Sentences under 4 or over 80 tokens are dropped; duplicates (ignoring case and spacing) are dropped.
"""

from __future__ import annotations

import argparse
import json
import lzma
import re
from collections.abc import Callable, Iterator
from pathlib import Path

import spacy

from lagebild.nlp.quotes.cues import sentences

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT.parent / "shared" / "data"
MIN_TOKENS, MAX_TOKENS = 4, 80


def split(text: str) -> Iterator[str]:
    for start, end in sentences(text):
        yield text[start:end]


def sample_corpus(data: Path) -> Iterator[str]:
    with (ROOT / "samples" / "corpus" / "wikinews-de.jsonl").open(encoding="utf-8") as fh:
        for line in fh:
            article = json.loads(line)
            yield article["title"]
            yield from split(article["text"])


def title_of(path: Path) -> str:
    """'11059 - Some title (2005-08-20).json' → 'Some title'."""
    return re.sub(r"^\d+ - | \(\d{4}-\d\d-\d\d\)$", "", path.name.split(".")[0])


def wikinews_dev(data: Path) -> Iterator[str]:
    for path in sorted((data / "quotes_wikinews" / "dev").glob("*.json")):
        yield title_of(path)
        yield from split(json.loads(path.read_text(encoding="utf-8"))["originalText"])


def wikinews_train(data: Path) -> Iterator[str]:
    for path in sorted((data / "quotes_wikinews" / "train_compact").glob("*.json")):
        yield title_of(path)
        for sentence in json.loads(path.read_text(encoding="utf-8"))["Sentences"]:
            yield " ".join(sentence["Tokens"])


def gepade(data: Path) -> Iterator[str]:
    for part in ("train", "dev"):
        for path in sorted((data / "quotes_gepade_debates" / part).glob("*.json")):
            for sentence in json.loads(path.read_text(encoding="utf-8"))["Sentences"]:
                yield " ".join(sentence["Tokens"])


def klexikon(data: Path) -> Iterator[str]:
    path = data / "text_dewiki_klexikon" / "klexikon_2898_articles.txt.xz"
    with lzma.open(path, "rt", encoding="utf-8") as fh:
        for line in fh:
            line = line.strip()
            if line and not (line.startswith("=== ") and line.endswith(" ===")):
                yield from split(line)


SOURCES: dict[str, Callable[[Path], Iterator[str]]] = {
    "samples/corpus (Wikinews)": sample_corpus,
    "quotes_wikinews/dev": wikinews_dev,
    "quotes_wikinews/train_compact": wikinews_train,
    "quotes_gepade_debates": gepade,
    "klexikon": klexikon,
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", default=str(DATA))
    parser.add_argument("--out", default="/tmp/lagebild-ner/silver.txt")
    args = parser.parse_args()
    data, out = Path(args.data), Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    tokenizer = spacy.blank("de").tokenizer
    seen: set[str] = set()
    total_sents = total_tokens = 0
    with out.open("w", encoding="utf-8") as fh:
        for name, source in SOURCES.items():
            read = kept = tokens = 0
            for text in source(data):
                read += 1
                words = [t.text for t in tokenizer(text) if not t.is_space]
                key = "".join(words).lower()
                if not MIN_TOKENS <= len(words) <= MAX_TOKENS or key in seen:
                    continue
                seen.add(key)
                fh.write(" ".join(words) + "\n")
                kept += 1
                tokens += len(words)
            print(f"{name}: {read:,} sentences read, {kept:,} kept, {tokens:,} tokens")
            total_sents += kept
            total_tokens += tokens
    print(f"total: {total_sents:,} sentences, {total_tokens:,} tokens -> {out}")


if __name__ == "__main__":
    main()
