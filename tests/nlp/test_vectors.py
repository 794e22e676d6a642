"""The NER model's floret vectors, cached per word, are the numbers spaCy computes per batch."""

from __future__ import annotations

import numpy as np


def test_vectors_cached_equal_spacys_own() -> None:
    import spacy

    from lagebild.nlp.entities import load_model, model_path
    from lagebild.nlp.vectors import cache_vectors

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
