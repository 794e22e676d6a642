"""Readers for the NER training data of issue #13: the compact gold files in `models/ner/data/` and
GermEval 2014 dev with the split that `build_corpus.py` uses.

The compact format is gzip'd UTF-8, one `token<TAB>label` per line, a blank line between sentences.
Labels are BIO over PER/LOC/ORG/OTH, plus `?` for a token whose gold label is unknown (a MISC span of
a corpus whose MISC does not follow GermEval's OTH): a trainer should mask those tokens out of the
loss, never read them as O.

    >>> from corpora import read_tagged
    >>> sents = read_tagged("models/ner/data/uner_pud.tsv.gz")
"""

from __future__ import annotations

import gzip
import importlib.util
import io
from collections import Counter
from collections.abc import Iterable
from pathlib import Path

TYPES = ("PER", "LOC", "ORG", "OTH")
UNKNOWN = "?"
LABELS = frozenset({"O", UNKNOWN} | {f"{p}-{t}" for p in "BI" for t in TYPES})
HERE = Path(__file__).resolve().parent
DATA = HERE / "data"
GERMEVAL_DEV = HERE.parents[2] / "shared" / "data" / "germeval2014" / "NER-de-dev.tsv"

Sentence = list[tuple[str, str]]


def read_tagged(path: str | Path) -> list[Sentence]:
    """Sentences of a compact gold file as lists of (token, label)."""
    sents: list[Sentence] = []
    cur: Sentence = []
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        for n, line in enumerate(fh, 1):
            line = line.rstrip("\n")
            if not line:
                if cur:
                    sents.append(cur)
                    cur = []
                continue
            token, sep, label = line.rpartition("\t")
            if not sep or label not in LABELS:
                raise ValueError(f"{path}:{n}: expected 'token<TAB>label' with a label in {sorted(LABELS)}")
            cur.append((token, label))
    if cur:
        sents.append(cur)
    return sents


def write_tagged(path: str | Path, sents: Iterable[Sentence]) -> None:
    """Write sentences in the compact format; the gzip header carries no name or time, so the same
    sentences always give the same bytes."""
    with open(path, "wb") as raw, gzip.GzipFile(filename="", fileobj=raw, mode="wb", mtime=0) as gz:
        text = io.TextIOWrapper(gz, encoding="utf-8", newline="\n")
        for sent in sents:
            for token, label in sent:
                if label not in LABELS or not token or any(c in token for c in "\t\n"):
                    raise ValueError(f"cannot write token {token!r} with label {label!r}")
                text.write(f"{token}\t{label}\n")
            text.write("\n")
        text.flush()
        text.detach()


def repair_bio(labels: list[str]) -> list[str]:
    """An I- that does not continue a span of its type starts one (B-), as `bio_spans` reads it."""
    out: list[str] = []
    for label in labels:
        if label.startswith("I-") and (not out or out[-1][2:] != label[2:]):
            label = "B-" + label[2:]
        out.append(label)
    return out


def bio_errors(sent: Sentence) -> list[str]:
    """What is wrong with a sentence's labels (unknown labels, I- without its B-); empty when well-formed."""
    errors, prev = [], "O"
    for i, (_, label) in enumerate(sent):
        if label not in LABELS:
            errors.append(f"token {i}: unknown label {label!r}")
        elif label.startswith("I-") and prev[2:] != label[2:]:
            errors.append(f"token {i}: {label} after {prev}")
        prev = label
    return errors


def germeval_outer(tag: str) -> str:
    """GermEval outer tag → BIO over the four main types; *deriv and *part are no entity, as in the
    strict metric (and `lagebild.nlp.entities.conll.bio_spans`)."""
    return tag if tag[:2] in ("B-", "I-") and tag[2:] in TYPES else "O"


def read_germeval(path: str | Path = GERMEVAL_DEV) -> list[Sentence]:
    """GermEval 2014 TSV sentences as (token, label) over PER/LOC/ORG/OTH BIO (outer tags only).

    An I- tag left behind by a dropped *part/*deriv tag becomes B-, which gives the same spans that
    `bio_spans` finds in the raw tags, so scores on these labels equal `benchmarks/ner_eval.py`'s gold.
    """
    from lagebild.nlp.entities.conll import read_germeval as read_raw

    sents = []
    for sent in read_raw(Path(path)):
        labels = repair_bio([germeval_outer(tag) for _, tag in sent])
        sents.append([(tok, label) for (tok, _), label in zip(sent, labels, strict=True)])
    return sents


def _build_corpus():
    spec = importlib.util.spec_from_file_location("build_corpus", HERE / "build_corpus.py")
    if spec is None or spec.loader is None:
        raise ImportError(f"cannot load {HERE / 'build_corpus.py'}")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def germeval_parts(path: str | Path = GERMEVAL_DEV, holdout: bool = True) -> dict[str, list[Sentence]]:
    """GermEval dev split as `build_corpus.py` splits it: 'unseen' (every third sentence, from the
    first; reported, never trained or tuned on), 'tuning' (every ninth, from the second; picks the
    checkpoint) and 'train' (the rest; with `holdout=False` also the unseen third, as for the shipped
    model)."""
    return _build_corpus().germeval_split(read_germeval(path), holdout=holdout)


def stats(sents: list[Sentence]) -> dict[str, int]:
    """Sentences, tokens, entities per type and `?` tokens of a corpus."""
    counts: Counter[str] = Counter(sentences=len(sents), tokens=sum(len(s) for s in sents))
    for sent in sents:
        for _, label in sent:
            if label.startswith("B-"):
                counts[label[2:]] += 1
            elif label == UNKNOWN:
                counts[UNKNOWN] += 1
    return {k: counts[k] for k in ("sentences", "tokens", *TYPES, UNKNOWN)}
