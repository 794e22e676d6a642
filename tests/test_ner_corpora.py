"""The NER training data of models/ner/data: every file (shipped, or built locally by build_gold.py)
reads, has only the allowed labels and well-formed BIO; the GermEval reader and split agree with
build_corpus.py and the benchmark's gold spans."""

from __future__ import annotations

import importlib.util
import itertools
import sys
from pathlib import Path

import pytest

from lagebild.nlp.entities.conll import TYPES

ROOT = Path(__file__).resolve().parents[1]


def _script(name: str):
    """A module of models/ner (not a package), loaded once and registered for the others' imports."""
    spec = importlib.util.spec_from_file_location(name, ROOT / f"models/ner/{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


corpora = _script("corpora")
label_silver = _script("label_silver")

FILES = sorted(corpora.DATA.glob("*.tsv.gz"))


def test_ner_corpora_ships_uner_pud() -> None:
    assert corpora.DATA / "uner_pud.tsv.gz" in FILES


@pytest.mark.parametrize("path", FILES, ids=[p.name for p in FILES])
def test_ner_corpora_file_is_well_formed_bio(path: Path) -> None:
    sents = corpora.read_tagged(path)
    assert sents
    assert all(tok and label in corpora.LABELS for s in sents for tok, label in s)
    assert [e for s in sents for e in corpora.bio_errors(s)] == []
    counts = corpora.stats(sents)
    assert counts["PER"] and counts["LOC"] and counts["ORG"]


def test_ner_corpora_round_trip(tmp_path: Path) -> None:
    sents = [[("Angela", "B-PER"), ("Merkel", "I-PER"), ("sprach", "O")], [("deutsche", "?"), ("EM", "?")]]
    corpora.write_tagged(tmp_path / "x.tsv.gz", sents)
    assert corpora.read_tagged(tmp_path / "x.tsv.gz") == sents
    first = (tmp_path / "x.tsv.gz").read_bytes()
    corpora.write_tagged(tmp_path / "x.tsv.gz", sents)
    assert (tmp_path / "x.tsv.gz").read_bytes() == first


def test_ner_corpora_repair_bio_starts_orphan_spans() -> None:
    assert corpora.repair_bio(["O", "I-LOC", "I-LOC", "I-PER", "B-PER", "I-PER"]) == [
        "O", "B-LOC", "I-LOC", "B-PER", "B-PER", "I-PER",
    ]  # fmt: skip


@pytest.mark.skipif(not corpora.GERMEVAL_DEV.exists(), reason="../shared/data is not beside the repository")
def test_ner_corpora_germeval_matches_the_benchmark_and_build_corpus() -> None:
    from lagebild.nlp.entities.conll import bio_spans, read_germeval

    raw = read_germeval(corpora.GERMEVAL_DEV)
    mapped = corpora.read_germeval()
    for r, m in zip(raw, mapped, strict=True):
        assert bio_spans([t for _, t in r]) == bio_spans([t for _, t in m])
        assert corpora.bio_errors(m) == []
    parts = corpora.germeval_parts()
    assert {k: len(v) for k, v in parts.items()} == {"train": 1221, "tuning": 245, "unseen": 734}
    assert parts["unseen"][0] == mapped[0]
    assert parts["tuning"][0] == mapped[1]
    assert parts["train"][0] == mapped[2]
    assert len(corpora.germeval_parts(holdout=False)["train"]) == 1221 + 734


def _script(name: str):
    spec = importlib.util.spec_from_file_location(name, ROOT / "models/ner" / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_ner_corpora_smartdata_follows_germeval_conventions() -> None:
    import spacy

    smartdata = _script("build_smartdata")
    nlp = spacy.blank("de")
    nlp.add_pipe("sentencizer")
    text = "Der dänische Konzern Maersk verlegt seinen Sitz nach Berlin. Die Gruppe spart, sagte Jens Hansen."
    mentions = [
        ("location", "dänische"), ("organization-company", "Maersk"), ("location-city", "Berlin"),
        ("organization-company", "Gruppe"), ("person", "Jens Hansen"),
    ]  # fmt: skip
    doc = {
        "text": {"string": text},
        "conceptMentions": {
            "array": [
                {"type": kind, "span": {"start": text.index(m), "end": text.index(m) + len(m)}}
                for kind, m in mentions
            ]
        },
    }
    sents = smartdata.convert(doc, nlp)
    labelled = {tok: label for sent in sents for tok, label in sent if label != "O"}
    assert labelled == {"Maersk": "B-ORG", "Berlin": "B-LOC", "Jens": "B-PER", "Hansen": "I-PER"}
    assert smartdata.label_of("location", "Berliner") == corpora.UNKNOWN
    assert smartdata.label_of("location-route", "RE 7") == corpora.UNKNOWN


def test_ner_corpora_silver_labels_rebuild_the_teachers_docs(tmp_path: Path) -> None:
    import spacy

    lines = [["Olaf", "Scholz", "sprach", "in", "Berlin", "."], ["Kein", "Name", "hier", "."], ["Die", "EU"]]
    labels = [[(0, 2, "PER"), (4, 5, "LOC")], [], [(1, 2, "ORG")]]
    path = tmp_path / "labels.txt.gz"
    label_silver.write_labels(path, label_silver.text_digest(lines), {"members": {}}, labels)
    first = path.read_bytes()
    label_silver.write_labels(path, label_silver.text_digest(lines), {"members": {}}, labels)
    assert path.read_bytes() == first
    assert label_silver.matching_labels(path, lines) == labels
    docs = label_silver.to_docs(spacy.blank("de").vocab, lines, labels)
    assert [[(e.text, e.label_) for e in d.ents] for d in docs] == [
        [("Olaf Scholz", "PER"), ("Berlin", "LOC")], [], [("EU", "ORG")],
    ]  # fmt: skip
    # labels of another text (one word changed, or one sentence fewer) are not used
    assert label_silver.matching_labels(path, [lines[0], ["Kein", "Name", "da", "."], lines[2]]) is None
    assert label_silver.matching_labels(path, lines[:2]) is None


def test_ner_corpora_committed_silver_labels_are_well_formed() -> None:
    path = corpora.DATA / "silver_labels.txt.gz"
    header, labels = label_silver.read_labels(path)
    assert header["sentences"] == len(labels) > 100_000
    assert not header["teacher"]["germeval_dev_unseen_third_in_training"]
    spans = [span for sentence in labels for span in sentence]
    assert all(0 <= s < e and label in TYPES for s, e, label in spans)
    assert all(a[1] <= b[0] for sentence in labels for a, b in itertools.pairwise(sentence))
