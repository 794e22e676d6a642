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
- shared/data/text_dewiki_klexikon/klexikon_2898_articles.txt.xz: Klexikon (CC BY-SA);
- with `--bundestag GIT_DIR`: speeches of the 20th German Bundestag (2021–2025) from the plenary
  protocols, as `mathias-goebel/plenarsitzungsprotokolle` keeps them (one `komplett.txt` per speech;
  pinned at `BUNDESTAG_COMMIT`): speeches drawn in a fixed random order until `BUNDESTAG_SENTENCES`
  new sentences are kept. Official records of the Bundestag's public sessions; the text is only read
  to train on, never copied into the repository or a model (`models/ner/README.md`, Data).

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
import random
import re
import subprocess
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TextIO

import spacy

from lagebild.nlp.quotes.cues import sentences

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT.parent / "shared" / "data"
MIN_TOKENS, MAX_TOKENS = 4, 80
BUNDESTAG_REPO = "https://github.com/mathias-goebel/plenarsitzungsprotokolle"
BUNDESTAG_COMMIT = "fc6207104f5d7fe5f1e96a4d6664a5b91abc967a"
BUNDESTAG_SENTENCES = 50_000


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


def bundestag_speeches(git_dir: Path) -> Iterator[list[str]]:
    """Each speech's paragraphs, speeches in a fixed random order, from the pinned commit."""
    git = ["git", "--git-dir", str(git_dir)]
    listing = subprocess.run(
        [*git, "ls-tree", "-r", "--name-only", BUNDESTAG_COMMIT], capture_output=True, text=True, check=True
    )
    files = [name for name in listing.stdout.split("\n") if name.endswith("komplett.txt")]
    random.Random(0).shuffle(files)
    for name in files:
        shown = subprocess.run(
            [*git, "show", f"{BUNDESTAG_COMMIT}:{name}"], capture_output=True, text=True, check=True
        )
        yield shown.stdout.split("\n")


SOURCES: dict[str, Callable[[Path], Iterator[str]]] = {
    "samples/corpus (Wikinews)": sample_corpus,
    "quotes_wikinews/dev": wikinews_dev,
    "quotes_wikinews/train_compact": wikinews_train,
    "quotes_gepade_debates": gepade,
    "klexikon": klexikon,
}


class Writer:
    """Writes each new sentence once (ignoring case and spacing), tokenised, and counts per source."""

    def __init__(self, fh: TextIO) -> None:
        self.fh, self.tokenizer, self.seen = fh, spacy.blank("de").tokenizer, set[str]()
        self.kept = self.tokens = 0

    def add(self, text: str) -> None:
        words = [t.text for t in self.tokenizer(text) if not t.is_space]
        key = "".join(words).lower()
        if MIN_TOKENS <= len(words) <= MAX_TOKENS and key not in self.seen:
            self.seen.add(key)
            self.fh.write(" ".join(words) + "\n")
            self.kept += 1
            self.tokens += len(words)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", default=str(DATA))
    parser.add_argument("--out", default="/tmp/lagebild-ner/silver.txt")
    parser.add_argument("--bundestag", help=f"a git clone of {BUNDESTAG_REPO} (its .git folder)")
    args = parser.parse_args()
    data, out = Path(args.data), Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    with out.open("w", encoding="utf-8") as fh:
        writer = Writer(fh)

        def report(name: str, read: int, kept: int, tokens: int) -> None:
            added, words = writer.kept - kept, writer.tokens - tokens
            print(f"{name}: {read:,} read, {added:,} sentences kept, {words:,} tokens")

        for name, source in SOURCES.items():
            read, kept, tokens = 0, writer.kept, writer.tokens
            for text in source(data):
                read += 1
                writer.add(text)
            report(name, read, kept, tokens)
        if args.bundestag:
            read, kept, tokens = 0, writer.kept, writer.tokens
            for paragraphs in bundestag_speeches(Path(args.bundestag)):
                read += 1
                for paragraph in paragraphs:
                    for text in split(paragraph):
                        writer.add(text)
                if writer.kept - kept >= BUNDESTAG_SENTENCES:
                    break
            report("Bundestag speeches (20th term)", read, kept, tokens)
    print(f"total: {writer.kept:,} sentences, {writer.tokens:,} tokens -> {out}")


if __name__ == "__main__":
    main()
