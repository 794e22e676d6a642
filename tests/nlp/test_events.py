"""Events with participants, place, date and status, from German sentences of our own."""

from __future__ import annotations

import re

from lagebild.model import Article, Mention
from lagebild.nlp.entities import finish
from lagebild.nlp.events import events


def article(
    text: str, names: dict[str, str], dates: dict[str, str], published: str = "2023-04-19"
) -> Article:
    """An article whose entities and dates are given: (surface → label) and (phrase → TIMEX value)."""
    mentions = [
        Mention(m.start(), m.end(), m.group(), label)
        for surface, label in names.items()
        for m in re.finditer(rf"\b{re.escape(surface)}\b", text)
    ]
    found = [
        {"start": m.start(), "end": m.end(), "text": m.group(), "type": "DATE", "value": value}
        for phrase, value in dates.items()
        for m in re.finditer(re.escape(phrase), text)
    ]
    a = Article(id="t", path="t", raw=text, text=text, published=published)
    a.entities = finish(text, sorted(mentions, key=lambda m: m.start))
    a.dates = sorted(found, key=lambda d: d["start"])
    return events(a)


def test_meeting_with_participants_place_and_date() -> None:
    a = article(
        "Die Außenministerin Annalena Baerbock und ihr chinesischer Kollege Qin Gang trafen sich am Montag"
        " in Peking.",
        {"Annalena Baerbock": "PER", "Qin Gang": "PER", "Peking": "LOC"},
        {"am Montag": "2023-04-17"},
    )
    (e,) = a.events
    assert (e["type"], e["status"], e["place"], e["date"]) == ("meeting", "happened", "Peking", "2023-04-17")
    assert e["participant_names"] == ["Annalena Baerbock", "Qin Gang"]
    assert a.text[e["trigger"]["start"] : e["trigger"]["end"]] == "trafen"
    assert (e["start"], e["raw_start"]) == (0, 0)


def test_planned_and_cancelled_meetings() -> None:
    planned = article(
        "Olaf Scholz und Emmanuel Macron wollen sich nächste Woche in Paris treffen.",
        {"Olaf Scholz": "PER", "Emmanuel Macron": "PER", "Paris": "LOC"},
        {"nächste Woche": "2023-W17"},
    )
    (e,) = planned.events
    assert (e["status"], e["date"], e["place"]) == ("planned", "2023-W17", "Paris")
    cancelled = article(
        "Das für Mai geplante Treffen zwischen Olaf Scholz und Emmanuel Macron wurde abgesagt.",
        {"Olaf Scholz": "PER", "Emmanuel Macron": "PER"},
        {},
    )
    assert [e["status"] for e in cancelled.events] == ["cancelled"]


def test_role_nouns_name_the_participant_and_sentences_about_one_meeting_merge() -> None:
    a = article(
        "Bundesaußenministerin Annalena Baerbock ist am Mittwoch in Kiew eingetroffen. "
        "Dort führte die Außenministerin Gespräche mit ihrem Amtskollegen Dmytro Kuleba. "
        "Das Gespräch mit Kuleba dauerte zwei Stunden.",
        {"Annalena Baerbock": "PER", "Dmytro Kuleba": "PER", "Kuleba": "PER", "Kiew": "LOC"},
        {"am Mittwoch": "2023-04-19"},
    )
    (talks,) = [e for e in a.events if e["type"] == "talks"]
    assert set(talks["participant_names"]) == {"Annalena Baerbock", "Dmytro Kuleba"}
    assert talks["date"] == "2023-04-19" and talks["date_inherited"]
    assert len(talks["evidence"]) == 2


def test_a_demonstrative_refers_back_and_adds_no_event() -> None:
    a = article(
        "Olaf Scholz traf am Dienstag Emmanuel Macron. Dieses Treffen sei wichtig gewesen, sagte"
        " ein Sprecher.",
        {"Olaf Scholz": "PER", "Emmanuel Macron": "PER"},
        {"am Dienstag": "2023-04-18"},
    )
    assert len(a.events) == 1


def test_the_same_meeting_gets_one_id_across_articles_and_another_date_another_id() -> None:
    names = {"Olaf Scholz": "PER", "Scholz": "PER", "Emmanuel Macron": "PER", "Macron": "PER"}
    first = article(
        "Olaf Scholz traf am Dienstag Emmanuel Macron in Paris.", names, {"am Dienstag": "2023-04-18"}
    )
    second = article("Macron und Scholz trafen sich am 18. April.", names, {"am 18. April": "2023-04-18"})
    later = article("Macron und Scholz trafen sich am 20. April.", names, {"am 20. April": "2023-04-20"})
    assert first.events[0]["id"] == second.events[0]["id"] != later.events[0]["id"]


def test_a_future_date_makes_an_event_planned_without_any_modal() -> None:
    a = article(
        "Die Verhandlungen zwischen Olaf Scholz und Emmanuel Macron am 2. Mai in Berlin.",
        {"Olaf Scholz": "PER", "Emmanuel Macron": "PER", "Berlin": "LOC"},
        {"am 2. Mai": "2023-05-02"},
    )
    assert [e["status"] for e in a.events] == ["planned"]


def test_sprachen_von_is_a_statement_not_talks() -> None:
    a = article(
        "Olaf Scholz und Emmanuel Macron sprachen am Dienstag von einem großen Erfolg.",
        {"Olaf Scholz": "PER", "Emmanuel Macron": "PER"},
        {"am Dienstag": "2023-04-18"},
    )
    assert a.events == []
