"""Near-duplicates: the same article again, with other debris, another headline or a cut ending.

MinHash over word 5-grams estimates the Jaccard overlap of two texts; with the shingle counts
that gives the share of the shorter text found in the longer one (containment). A repost whose
ending was cut is contained almost whole in its source although the Jaccard overlap is modest; two
wire stories that share only a lead paragraph share a small part of either text.
"""

from __future__ import annotations

import numpy as np
from datasketch import LeanMinHash, MinHashLSH

from lagebild.link.features import NUM_PERM, SCHEME, LinkFeatures

# Candidate retrieval only: LSH finds pairs down to about this Jaccard overlap; `is_duplicate` decides.
LSH_THRESHOLD = 0.2
CONTAINMENT = 0.7  # share of the shorter text's shingles that the longer one has
MIN_SHINGLES = 12  # a few lines of boilerplate make no duplicate


def jaccard(a: LinkFeatures, b: LinkFeatures) -> float:
    return float(np.mean(a.minhash == b.minhash))


def containment(a: LinkFeatures, b: LinkFeatures) -> float:
    """Estimated share of the shorter text's shingles that occur in the other text."""
    j = jaccard(a, b)
    shorter = min(a.n_shingles, b.n_shingles)
    if shorter == 0:
        return 0.0
    shared = j * (a.n_shingles + b.n_shingles) / (1 + j)
    return min(1.0, shared / shorter)


def is_duplicate(a: LinkFeatures, b: LinkFeatures) -> bool:
    if min(a.n_shingles, b.n_shingles) < MIN_SHINGLES:
        return False
    return containment(a, b) >= CONTAINMENT


def order_key(f: LinkFeatures) -> tuple[int, int, str]:
    """Which copy counts as the original: the earlier publication, then the longer text, then the id."""
    return (f.day_lo if f.day_lo is not None else 10**9, -f.chars, f.id)


class ShingleIndex:
    """An LSH index of MinHash signatures: which stored articles may share much text with one."""

    def __init__(self) -> None:
        self._lsh = MinHashLSH(threshold=LSH_THRESHOLD, num_perm=NUM_PERM)
        self._keys: set[str] = set()

    def add(self, f: LinkFeatures) -> None:
        if f.id in self._keys or f.n_shingles < MIN_SHINGLES:
            return
        self._lsh.insert(f.id, LeanMinHash(seed=1, hashvalues=f.minhash, scheme=SCHEME))
        self._keys.add(f.id)

    def candidates(self, f: LinkFeatures) -> list[str]:
        if f.n_shingles < MIN_SHINGLES:
            return []
        return sorted(
            k for k in self._lsh.query(LeanMinHash(seed=1, hashvalues=f.minhash, scheme=SCHEME)) if k != f.id
        )
