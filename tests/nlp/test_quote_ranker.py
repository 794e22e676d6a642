"""The speaker model: its candidates, its choice, and the rules standing in when the model is removed."""

from __future__ import annotations

from pathlib import Path

import pytest

from lagebild.errors import LagebildError
from lagebild.nlp.quotes import cues as qc
from lagebild.nlp.quotes import find_quotes
from lagebild.nlp.quotes.clauses import Doc
from lagebild.nlp.quotes.ranker import (
    NOBODY,
    SpeakerModel,
    candidates,
    choose_speakers,
    load_speaker_model,
    phrases,
)
from lagebild.nlp.quotes.rules import rule_quotes
from lagebild.nlp.quotes.spkatt import GoldQuote, match, speaker_right


def texts(text: str, spans: list[tuple[int, int]]) -> list[str]:
    tokens = qc.tokenize(text)
    return [text[tokens[a].start : tokens[b - 1].end] for a, b in spans]


def test_phrases_are_minimal_noun_phrases_with_their_attributes() -> None:
    text = "Seit zwei Jahren warnt die Gewerkschaft der Lokführer (GDL), dass sie streiken werde."
    tokens = qc.tokenize(text)
    found = texts(text, phrases(tokens, 0, len(tokens)))
    assert "die Gewerkschaft der Lokführer (GDL)" in found
    assert "sie" in found
    assert not any(p.startswith("warnt") for p in found)


def test_phrases_keep_relative_pronouns_after_a_comma_and_adjectives_without_article() -> None:
    text = "Erste Medienberichte, denen die Polizei widersprach, nannten drei Tote."
    tokens = qc.tokenize(text)
    found = texts(text, phrases(tokens, 0, len(tokens)))
    assert found[:3] == ["Erste Medienberichte", "denen", "die Polizei"]


def test_candidates_are_nobody_and_phrases_outside_the_quote() -> None:
    text = "Die Ministerin besuchte das Werk. Dort sagte sie: „Die Arbeitsplätze der Firma bleiben.“"
    doc = Doc.of(text)
    (q,) = [q for q in rule_quotes(doc) if q.type == "direct"]
    spans = [c.span for c in candidates(doc, q, [], None)]
    assert spans[0] == NOBODY
    words = [text[s:e] for s, e in spans[1:]]
    assert "Die Ministerin" in words and "sie" in words
    assert not any(q.start <= s < q.end for s, _e in spans[1:])


def test_choose_speakers_takes_the_best_scoring_candidate() -> None:
    text = "Am Montag erklärte der Bürgermeister, Anna Roth habe die Stadt verlassen."
    doc = Doc.of(text)
    found = rule_quotes(doc)
    start = text.index("der Bürgermeister")
    mention = (start + 4, start + len("der Bürgermeister"), "PER")
    (q,) = choose_speakers(doc, found, [mention], SpeakerModel({"ent:PER=": 5.0}))
    assert q.speaker == mention[:2]
    (q,) = choose_speakers(doc, rule_quotes(doc), [], SpeakerModel({"nobody": 5.0}))
    assert q.speaker is None


def test_without_the_model_folder_the_rules_choose(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "ner-de").symlink_to(Path(__file__).resolve().parents[2] / "models" / "ner-de")
    monkeypatch.setenv("LAGEBILD_MODELS", str(tmp_path))
    load_speaker_model.cache_clear()
    try:
        assert load_speaker_model() is None
        text = "Die Lage sei ernst, sagte der Minister am Abend."
        assert [q["speaker"]["text"] for q in find_quotes(text)] == ["der Minister"]
    finally:
        load_speaker_model.cache_clear()


def test_an_unreadable_model_is_named(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "quote-speakers").mkdir()
    (tmp_path / "quote-speakers" / "weights.json").write_text("{not json", encoding="utf-8")
    monkeypatch.setenv("LAGEBILD_MODELS", str(tmp_path))
    load_speaker_model.cache_clear()
    try:
        with pytest.raises(LagebildError, match=r"speaker model at .* is unreadable"):
            load_speaker_model()
    finally:
        load_speaker_model.cache_clear()


def test_the_shipped_model_loads_and_records_its_licence() -> None:
    model = load_speaker_model()
    assert model is not None and len(model.weights) > 1000
    licence = Path(__file__).resolve().parents[2] / "models" / "quote-speakers" / "LICENSE"
    assert "CC BY-NC-SA 4.0" in licence.read_text(encoding="utf-8")


def test_matching_counts_half_overlap_of_each_and_speaker_overlap() -> None:
    gold = [GoldQuote([(10, 30)], [(0, 5)], "Indirect"), GoldQuote([(40, 50)], [], "Direct")]
    assert match([(12, 30), (40, 70)], gold) == [(0, 0)]
    assert speaker_right((3, 8), gold[0]) and not speaker_right((6, 8), gold[0])
    assert speaker_right(None, gold[1]) and not speaker_right((0, 1), gold[1])


def test_span_index_finds_every_overlapping_quote_and_no_other() -> None:
    from lagebild.nlp.quotes.clauses import Quote, SpanIndex

    quotes = [Quote(0, 100, "indirect"), Quote(10, 20, "direct"), Quote(150, 160, "direct")]
    index = SpanIndex(quotes[:2])
    index.add(quotes[2])
    assert index.overlapping(15, 16) == quotes[:2]
    assert index.overlapping(100, 150) == []
    assert index.overlapping(99, 151) == [quotes[0], quotes[2]]
