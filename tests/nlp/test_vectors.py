"""The NER model's floret vectors, cached per word, are the numbers spaCy computes per batch."""

from __future__ import annotations

import numpy as np
import pytest


def test_vectors_cached_equal_spacys_own(monkeypatch: pytest.MonkeyPatch) -> None:
    import spacy

    from lagebild.nlp.entities import load_model, model_path, vectors
    from lagebild.nlp.entities.vectors import cache_vectors

    monkeypatch.setattr(vectors, "MAX_WORDS", 6)  # the memo starts afresh within these batches

    plain = spacy.load(model_path()).vocab.vectors
    if plain.mode != "floret":  # another model: nothing is cached
        return
    cached = cache_vectors(load_model()).vocab.vectors
    assert type(cached) is not type(plain)
    words = ["Lawrow", "sagte", "am", "Freitag", "in", "Genf", "Lawrow", "x", "Außenminister"]
    for batch in (words, words[::-1], words[2:5], ["Genf"]):
        keys = [cached.strings.add(w) for w in batch]
        assert keys == [plain.strings.add(w) for w in batch]
        assert np.array_equal(cached.get_batch(keys), plain.get_batch(keys))
        assert cached.get_batch(keys).dtype == plain.get_batch(keys).dtype
