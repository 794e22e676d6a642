"""Readers for token-per-line NER data (GermEval 2014 TSV), shared by training and evaluation.

The GermEval file has four columns (index, token, outer tag, inner tag) and `#` comment lines. Soft
hyphens from the original web text are dropped, since lagebild's clean text has none either.
"""

from __future__ import annotations

from pathlib import Path

TYPES = ("PER", "LOC", "ORG", "OTH")


def read_germeval(path: Path) -> list[list[tuple[str, str]]]:
    """Sentences as lists of (token, outer BIO tag)."""
    sents: list[list[tuple[str, str]]] = []
    cur: list[tuple[str, str]] = []
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            line = line.rstrip("\n")
            if line.startswith("#"):
                continue
            if not line:
                if cur:
                    sents.append(cur)
                    cur = []
                continue
            parts = line.split("\t")
            cur.append((parts[1].replace("\xad", ""), parts[2]))
    if cur:
        sents.append(cur)
    return sents


def bio_spans(tags: list[str], types: tuple[str, ...] = TYPES) -> list[tuple[int, int, str]]:
    """Token spans (start, end exclusive, type) of BIO tags; types outside `types` count as none."""
    spans: list[tuple[int, int, str]] = []
    start, label = None, ""
    for i, tag in enumerate([*tags, "O"]):
        kind = tag[2:] if tag[:2] in ("B-", "I-") and tag[2:] in types else None
        if start is not None and (kind is None or tag.startswith("B-") or kind != label):
            spans.append((start, i, label))
            start = None
        if kind and start is None:
            start, label = i, kind
    return spans
