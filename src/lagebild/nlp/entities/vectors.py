"""Static word vectors of a spaCy model, computed once per word instead of once per batch.

A floret table (models/ner-de has one) holds no row per word: each lookup hashes the word's character
n-grams in Python and averages their rows, again in every batch the word occurs in; that was about a
tenth of the NER model's time on news. `cache_vectors` swaps the table for a subclass that keeps each
word's vector. The numbers are the same: a word's mean does not depend on the rest of its batch
(float32 both; the test compares them).
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import cache
from typing import Any

import numpy as np

MAX_WORDS = 200_000  # about 100 MB of 100-dimensional vectors; then the cache starts afresh


@cache
def _cached_floret_class() -> type:
    from spacy.vectors import Vectors  # spaCy loads only with a model, not with this module

    class CachedFloretVectors(Vectors):
        """Floret vectors that remember the vector of each word (by its string's hash) they were asked
        for, in one table that a batch is gathered from."""

        def get_batch(self, keys: Iterable[int]) -> Any:
            memo: Memo = self.__dict__.setdefault("_lagebild_memo", Memo(self.data.shape[1]))
            keys = np.asarray(keys, dtype=np.uint64).ravel()
            if not len(keys) or not keys.all():  # the empty string's hash is 0; spaCy answers an
                return super().get_batch(keys)  # all-empty batch with float64 zeros: left to it
            unique, where = np.unique(keys, return_inverse=True)
            rows = [memo.rows.get(k, -1) for k in unique.tolist()]
            missing = [k for k, row in zip(unique.tolist(), rows, strict=True) if row < 0]
            if len(memo.rows) + len(missing) > MAX_WORDS:
                memo = self.__dict__["_lagebild_memo"] = Memo(self.data.shape[1])
                rows, missing = [-1] * len(unique), unique.tolist()
            if missing:
                added = iter(memo.add(missing, super().get_batch(missing)))
                rows = [row if row >= 0 else next(added) for row in rows]
            return memo.table[np.asarray(rows, dtype=np.int64)[where.ravel()]]

    return CachedFloretVectors


class Memo:
    """Word vectors computed so far: one table, and the row of each key in it."""

    def __init__(self, width: int) -> None:
        self.rows: dict[int, int] = {}
        self.table = np.zeros((4096, width), dtype=np.float32)

    def add(self, keys: list[int], vectors: np.ndarray) -> range:
        start = len(self.rows)
        while start + len(keys) > len(self.table):
            self.table = np.concatenate([self.table, np.zeros_like(self.table)])
        self.table[start : start + len(keys)] = vectors
        self.rows.update(zip(keys, range(start, start + len(keys)), strict=True))
        return range(start, start + len(keys))


def cache_vectors(nlp: Any) -> Any:
    """Give a loaded spaCy pipeline whose vectors are a floret table the caching table; returns it."""
    vectors = nlp.vocab.vectors
    cls = _cached_floret_class()
    if getattr(vectors, "mode", None) != "floret" or isinstance(vectors, cls):
        return nlp
    nlp.vocab.vectors = cls(
        strings=vectors.strings,
        data=vectors.data,
        name=vectors.name,
        mode=vectors.mode,
        minn=vectors.minn,
        maxn=vectors.maxn,
        hash_count=vectors.hash_count,
        hash_seed=vectors.hash_seed,
        bow=vectors.bow,
        eow=vectors.eow,
        attr=vectors.attr,
    )
    return nlp
