"""Rule-found entities: currencies, world wars, titles of works, first-name persons, places."""

from __future__ import annotations

from lagebild.model import Mention
from lagebild.nlp.entities import finish
from lagebild.nlp.entities.finish import tidy
from lagebild.nlp.entities.rules import oth_mentions, person_mentions, place_mentions


def spans(mentions: list[Mention]) -> set[tuple[str, str]]:
    return {(m.text, m.label) for m in mentions}


def test_currencies_wars_and_titles_are_oth() -> None:
    text = (
        "Die Bank zahlte 1,5 Millionen Euro und 20 US-Dollar. Im Zweiten Weltkrieg lief der Film "
        "„Die Brücke am Fluss“ nicht. Der Eurovision-Sieger und europäische Pläne bleiben außen vor."
    )
    assert spans(oth_mentions(text)) == {
        ("Euro", "OTH"), ("US-Dollar", "OTH"), ("Zweiten Weltkrieg", "OTH"), ("Die Brücke am Fluss", "OTH"),
    }  # fmt: skip


def test_a_title_in_quotation_marks_needs_a_word_that_announces_it() -> None:
    assert oth_mentions("Er nannte das „unverantwortlich“.") == []


def test_first_name_and_surname_make_a_person_but_not_a_sentence_start() -> None:
    text = "Gestern lief Jonas Kowalczyk. Maria Der sagte nichts. Frank Walter Steinmeier kam."
    assert spans(person_mentions(text)) == {("Jonas Kowalczyk", "PER"), ("Frank Walter Steinmeier", "PER")}


def test_known_places_after_prepositions() -> None:
    text = "Er zog von Königswinter nach Frankreich und wohnte bei Freunden in Neapel."
    assert spans(place_mentions(text)) == {("Königswinter", "LOC"), ("Frankreich", "LOC"), ("Neapel", "LOC")}


def test_tidy_cuts_quotation_marks_and_brackets_off_a_mention() -> None:
    text = "Der „ Hamburger Frauenhilfe “ und die IKB ( News ) gehören dazu."
    a = tidy(text, Mention(4, 28, text[4:28], "ORG"))
    b = tidy(text, Mention(38, 46, text[38:46], "ORG"))
    assert a is not None and b is not None
    assert (a.text, b.text) == ("Hamburger Frauenhilfe", "IKB")


def test_a_rule_person_replaces_a_model_span_of_another_type_around_it() -> None:
    text = "Der bayerische Europaminister Markus Söder sprach."
    found = finish(text, [Mention(4, 42, text[4:42], "ORG")])
    assert ("Markus Söder", "PER") in spans(found)


def test_a_bare_role_word_is_no_entity_but_a_role() -> None:
    text = "Der General Karl Brenner sprach mit dem Minister."
    found = finish(text, [Mention(4, 24, "General Karl Brenner", "PER"), Mention(40, 48, "Minister", "PER")])
    assert [(m.text, m.role.text if m.role else None) for m in found] == [("Karl Brenner", "General")]


def test_relations_and_trailing_particles_leave_the_name() -> None:
    text = "Sein Sohn Murchad kam mit David von der Insel."
    a, b = text.index("Sohn Murchad"), text.index("David von")
    found = finish(text, [Mention(a, a + 12, "Sohn Murchad", "PER"), Mention(b, b + 9, "David von", "PER")])
    assert [m.text for m in found] == ["Murchad", "David"]
