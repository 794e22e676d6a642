"""Speakers of quotes: the subject found past appositions, passives, demonstratives and relative pronouns,
and the news cue verbs the GePaDe lexicon lacked. Each case is a German sentence of our own."""

from __future__ import annotations

from typing import Any

import pytest

from lagebild.nlp.quotes import find_quotes


def one(text: str, entities: list[tuple[int, int, str]] | None = None) -> dict[str, Any]:
    found = find_quotes(text, entities or [])
    assert len(found) == 1, found
    return found[0]


def speaker(q: dict[str, Any]) -> str | None:
    return q["speaker"]["text"] if q["speaker"] else None


def test_speaker_before_apposition_is_the_subject_not_the_object() -> None:
    # Regression: the comma closing the apposition made the object ("die Stadtwerke") the speaker.
    q = one(
        "Die Sprecherin der Opposition, Maria Lindner, forderte die Stadtwerke auf, die Preise zu senken."
    )
    assert speaker(q) == "Die Sprecherin der Opposition"
    assert q["text"] == "die Preise zu senken"


def test_speaker_before_relative_clause_is_the_subject() -> None:
    q = one("Der Bürgermeister, der seit Jahren im Amt ist, sagte Reportern, dass die Brücke bald öffne.")
    assert speaker(q) == "Der Bürgermeister"


def test_passive_cue_takes_the_von_agent() -> None:
    q = one("Zudem wurde die Landesregierung vom Naturschutzbund aufgefordert, den Wald zu schützen.")
    assert speaker(q) == "Naturschutzbund"


def test_passive_cue_without_agent_has_no_speaker() -> None:
    # The grammatical subject is the one spoken about, not the speaker.
    q = one("Der Manager wird beschuldigt, Gelder der Firma veruntreut zu haben.")
    assert q["speaker"] is None


def test_zitiert_passive_keeps_the_one_quoted() -> None:
    text = (
        "Die Trainerin Eva Roth wird von der Zeitung mit den Worten zitiert: „Wir haben verdient gewonnen.“"
    )
    q = one(text)
    assert speaker(q) == "Die Trainerin Eva Roth"


def test_numeral_adjective_stays_in_the_speaker_phrase() -> None:
    q = one(
        "Die 64-jährige Ministerin Ulla Berger hat diesen Montag angekündigt, dass sie zurücktreten werde."
    )
    assert speaker(q) == "Die 64-jährige Ministerin Ulla Berger"


def test_sentence_adverb_is_not_the_speaker() -> None:
    q = one("Sinngemäß erklärte die Behörde, sie habe keine Hinweise auf einen Anschlag.")
    assert speaker(q) == "die Behörde"


def test_demonstrative_speaker_resolves_to_the_person_before() -> None:
    text = "Die Polizei befragte den Nachbarn Karl Huber. Dieser behauptete, er habe nichts gehört."
    start = text.index("Karl Huber")
    q = one(text, [(start, start + len("Karl Huber"), "PER")])
    assert speaker(q) == "Dieser"
    assert q["speaker"]["resolved"]["text"] == "Karl Huber"


def test_relative_pronoun_speaker_resolves_to_its_antecedent() -> None:
    text = "Gehört wurde auch die Zeugin Petra Schulz, die angab, den Täter gesehen zu haben."
    q = one(text)
    assert speaker(q) == "die"
    assert q["speaker"]["resolved"]["text"] == "die Zeugin Petra Schulz"


@pytest.mark.parametrize(
    ("sentence", "cue"),
    [
        ("Die Regierung geht davon aus, dass die Preise weiter steigen werden.", "geht"),
        ("Die Reederei machte deutlich, dass sie keine Entschädigung zahlen werde.", "machte deutlich"),
        ("Die Forscher fanden heraus, dass die Mäuse mehr Fett aufnahmen.", "fanden heraus"),
        ("Der Minister verwies darauf, dass der Haushalt ausgeglichen sei.", "verwies"),
        ("Der Präsident sicherte zu, dass die Grenzen offen bleiben würden.", "sicherte zu"),
    ],
)
def test_news_cue_verbs_open_indirect_speech(sentence: str, cue: str) -> None:
    q = one(sentence)
    assert q["type"] == "indirect"
    assert q["cue"]["text"] == cue
    assert q["text"].startswith("dass ")
