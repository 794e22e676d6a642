"""Name variants fold into one entity; different people do not."""

from __future__ import annotations

from pathlib import Path

import pytest

from lagebild.model import Mention
from lagebild.nlp.entities import finish, names
from lagebild.nlp.entities.names import name_key, resolve


def mentions(text: str, *spans: tuple[str, str]) -> list[Mention]:
    """Mentions at the first occurrence of each (surface, label) after the previous one."""
    out, pos = [], 0
    for surface, label in spans:
        start = text.index(surface, pos)
        out.append(Mention(start, start + len(surface), surface, label))
        pos = start + len(surface)
    return out


@pytest.mark.parametrize(
    "a, b",
    [
        ("Sergei Lawrow", "Sergey Lavrov"),
        ("Sergej Lawrow", "Sergei Lawrow"),
        ("Anthony Blinken", "Antony Blinken"),
        ("Wolodymyr Selenskyj", "Volodymyr Zelenskyy"),
        ("Sergei Rjabkow", "Sergey Ryabkov"),
        ("Dmitrij Kuleschow", "Dmitri Kuleshov"),
        ("Thomas Müller", "Thomas Mueller"),
    ],
)
def test_transliteration_variants_share_a_key(a: str, b: str) -> None:
    assert name_key(a) == name_key(b)


@pytest.mark.parametrize("a, b", [("Sergej Lawrow", "Sergej Rjabkow"), ("Thomas Müller", "Gerd Müller")])
def test_different_names_keep_different_keys(a: str, b: str) -> None:
    assert name_key(a) != name_key(b)


def test_surname_and_genitive_join_the_full_name_in_the_article() -> None:
    text = "Die Ministerin Karin Schwarzkopf reiste ab. Schwarzkopf sagte, Schwarzkopfs Plan stehe."
    found = resolve(
        mentions(text, ("Karin Schwarzkopf", "PER"), ("Schwarzkopf", "PER"), ("Schwarzkopfs", "PER"))
    )
    assert {m.entity_id for m in found} == {"per:karin-shvarzkopf"}
    assert {m.canonical for m in found} == {"Karin Schwarzkopf"}


def test_an_ambiguous_surname_is_not_merged() -> None:
    text = "Thomas Müller traf Gerd Müller. Müller lachte."
    found = resolve(mentions(text, ("Thomas Müller", "PER"), ("Gerd Müller", "PER"), ("Müller", "PER")))
    assert len({m.entity_id for m in found}) == 3


def test_an_unknown_bare_surname_stays_its_own_entity() -> None:
    (m,) = resolve(mentions("Müller lachte.", ("Müller", "PER")))
    assert m.entity_id == "per:muler" and m.canonical == "Müller"


def test_alias_table_folds_places_organisations_and_famous_people_across_articles() -> None:
    first = resolve(
        mentions(
            "In Genf trafen sich Lavrov und die OSCE.", ("Genf", "LOC"), ("Lavrov", "PER"), ("OSCE", "ORG")
        )
    )
    second = resolve(
        mentions(
            "Geneva: Sergej Lawrow bei der OSZE.",
            ("Geneva", "LOC"),
            ("Sergej Lawrow", "PER"),
            ("OSZE", "ORG"),
        )
    )
    assert [m.entity_id for m in first] == [m.entity_id for m in second]
    assert [m.canonical for m in second] == [
        "Genf", "Sergej Lawrow", "Organisation für Sicherheit und Zusammenarbeit in Europa",
    ]  # fmt: skip


def test_cities_outside_the_table_fold_through_geonames() -> None:
    (a,) = resolve(mentions("Er flog nach Mailand.", ("Mailand", "LOC")))
    (b,) = resolve(mentions("Er flog nach Neapel.", ("Neapel", "LOC")))
    (c,) = resolve(mentions("He flew to Naples.", ("Naples", "LOC")))
    assert a.canonical == "Mailand"  # in the table
    assert b.entity_id == c.entity_id == "loc:naples"


def test_the_table_corrects_the_model_but_never_turns_a_person_into_a_place() -> None:
    (lawrow,) = resolve(mentions("Lawrow kam.", ("Lawrow", "ORG")))
    assert lawrow.label == "PER"
    (paris,) = resolve(mentions("Paris lachte.", ("Paris", "PER")))
    assert paris.label == "PER" and paris.entity_id == "per:paris"


def test_users_extend_the_alias_table(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    extra = tmp_path / "aliases.tsv"
    extra.write_text("PER\tJewgeni Prigoschin\tWagner-Chef\n", encoding="utf-8")
    monkeypatch.setenv("LAGEBILD_ALIASES", str(extra))
    names.alias_table.cache_clear()
    try:
        (m,) = resolve(mentions("Der Wagner-Chef drohte.", ("Wagner-Chef", "PER")))
        assert m.canonical == "Jewgeni Prigoschin"
    finally:
        monkeypatch.delenv("LAGEBILD_ALIASES")
        names.alias_table.cache_clear()


def test_roles_before_and_after_names_and_inside_a_swallowed_span() -> None:
    text = (
        "Der stellvertretende russische Außenminister Sergei Rjabkow warnte. "
        "Bundeskanzler Olaf Scholz widersprach. Karin Schwarzkopf, die Verteidigungsministerin, schwieg."
    )
    found = finish(
        text,
        mentions(
            text,
            ("Sergei Rjabkow", "PER"),
            ("Bundeskanzler Olaf Scholz", "PER"),
            ("Karin Schwarzkopf", "PER"),
        ),
    )
    by_name = {m.text: m for m in found}
    assert by_name["Sergei Rjabkow"].role is not None
    assert by_name["Sergei Rjabkow"].role.text == "stellvertretende russische Außenminister"
    assert by_name["Olaf Scholz"].role is not None and by_name["Olaf Scholz"].role.text == "Bundeskanzler"
    assert by_name["Karin Schwarzkopf"].role is not None
    assert by_name["Karin Schwarzkopf"].role.text == "Verteidigungsministerin"
    for m in found:
        assert text[m.start : m.end] == m.text
        if m.role:
            assert text[m.role.start : m.role.end] == m.role.text


def test_known_names_the_model_missed_are_added_whole() -> None:
    text = "Die Organisation für Sicherheit und Zusammenarbeit in Europa tagte in Stockholm."
    found = finish(text, mentions(text, ("Europa", "LOC")))
    osze = found[0]
    assert (osze.text, osze.label, osze.canonical) == (
        "Organisation für Sicherheit und Zusammenarbeit in Europa", "ORG",
        "Organisation für Sicherheit und Zusammenarbeit in Europa",
    )  # fmt: skip
    assert ("Stockholm", "LOC") in {(m.text, m.label) for m in found}


def test_one_word_company_names_from_the_table_are_found_and_folded() -> None:
    text = "Airbus und VW melden Gewinne, die Volkswagen AG mehr als Airbus."
    found = finish(text, [])
    assert {(m.text, m.canonical) for m in found} >= {
        ("Airbus", "Airbus"), ("VW", "Volkswagen"), ("Volkswagen AG", "Volkswagen"),
    }  # fmt: skip
