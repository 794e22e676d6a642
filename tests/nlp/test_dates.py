"""Temporal expressions: each kind pinned with German sentences of our own."""

from __future__ import annotations

import pytest

from lagebild.model import Article
from lagebild.nlp.dates import dates, find_dates


def values(text: str, published: str | None = "2023-03-17") -> dict[str, tuple[str, str | None]]:
    return {d["text"]: (d["type"], d["value"]) for d in find_dates(text, published)}


@pytest.mark.parametrize(
    "text, expression, value",
    [
        ("Der Vertrag wurde am 21. Januar 2022 unterzeichnet.", "am 21. Januar 2022", "2022-01-21"),
        ("Die Frist endete am 2.12.2021 um Mitternacht.", "am 2.12.2021", "2021-12-02"),
        ("Die Inflation stieg im Dezember 2021 stark.", "im Dezember 2021", "2021-12"),
        ("Die Partei wurde 2021 gegründet.", "2021", "2021"),
        ("Im 20. Jahrhundert wuchs die Stadt.", "Im 20. Jahrhundert", "19"),
        ("In den 1930er Jahren herrschte Not.", "In den 1930er Jahren", "193"),
        ("Im Sommer 1940 kapitulierte Frankreich.", "Im Sommer 1940", "1940-SU"),
        ("Freitag, 21. Januar 2022, Genf.", "Freitag, 21. Januar 2022", "2022-01-21"),
    ],
)
def test_absolute_dates(text: str, expression: str, value: str) -> None:
    assert values(text)[expression] == ("DATE", value)


@pytest.mark.parametrize(
    "text, expression, value",
    [
        ("Die Ministerin reiste am Freitag nach Rom.", "am Freitag", "2023-03-17"),  # published on a Friday
        ("Die Ministerin reiste am Mittwoch nach Rom.", "am Mittwoch", "2023-03-15"),
        ("Sie wird am kommenden Dienstag nach Rom reisen.", "am kommenden Dienstag", "2023-03-21"),
        ("Gestern gab es Streit.", "Gestern", "2023-03-16"),
        ("Heute gibt es Streit.", "Heute", "2023-03-17"),
        ("Die Antwort kommt nächste Woche.", "nächste Woche", "2023-W12"),
        ("Vergangene Woche gab es Streit.", "Vergangene Woche", "2023-W10"),
        ("Das geschah vor zwei Tagen.", "vor zwei Tagen", "2023-03-15"),
        ("Die Preise steigen wieder Anfang April.", "Anfang April", "2023-04"),
        ("In den nächsten Tagen fällt die Entscheidung.", "In den nächsten Tagen", "FUTURE_REF"),
        ("Derzeit gibt es keine Bewegung.", "Derzeit", "PRESENT_REF"),
    ],
)
def test_relative_to_the_publication_date(text: str, expression: str, value: str) -> None:
    assert values(text)[expression] == ("DATE", value)


def test_a_modifier_is_kept_apart_from_the_value() -> None:
    (d,) = find_dates("Die Wahl findet Anfang März statt.", "2022-01-10")
    assert (d["value"], d["mod"]) == ("2022-03", "START")


def test_partial_dates_follow_the_tense_and_the_publication_month() -> None:
    assert values("Das Treffen fand am 2. Dezember statt.", "2021-12")["am 2. Dezember"][1] == "2021-12-02"
    assert (
        values("Das Treffen fand am 28. Dezember statt.", "2022-01-05")["am 28. Dezember"][1] == "2021-12-28"
    )
    future = values("Das Treffen wird am 3. Februar stattfinden.", "2022-12-20")
    assert future["am 3. Februar"][1] == "2023-02-03"


def test_narrative_anchors_to_the_last_mentioned_date() -> None:
    text = (
        "Am 1. September 1939 begann der Angriff. Am folgenden Tag fiel die Stadt. Im Sommer 1940 "
        "folgte der nächste Feldzug; am 22. Juni war er beendet. Zwei Jahre später kam die Wende."
    )
    found = values(text, "2009-05-01")
    assert found["Am folgenden Tag"][1] == "1939-09-02"
    assert found["am 22. Juni"][1] == "1940-06-22"
    assert found["Zwei Jahre später"][1] == "1942"


def test_durations_and_sets_are_not_dates() -> None:
    found = values(
        "Sie sprachen etwa 90 Minuten lang. Seit drei Jahren tagt der Rat jeden Montag, zudem täglich."
    )
    assert found["etwa 90 Minuten lang"] == ("DURATION", "PT90M")
    assert found["Seit drei Jahren"] == ("DURATION", "P3Y")
    assert found["jeden Montag"] == ("SET", "XXXX-WXX-1")
    assert found["täglich"] == ("SET", "P1D")


def test_numbers_and_words_that_are_not_dates() -> None:
    found = values("Die Armee hatte 1939 Soldaten. Dann kam Post von August Bebel. Seite 2021 fehlt.")
    assert found == {}


def test_am_morgen_is_a_part_of_the_day_not_tomorrow() -> None:
    assert values("Am Morgen kam Post.") == {"Am Morgen": ("TIME", "2023-03-17TMO")}
    assert values("Morgen kommt Post.")["Morgen"] == ("DATE", "2023-03-18")


def test_offsets_point_into_the_text() -> None:
    text = "Am Freitag trafen sie sich, nächste Woche wieder."
    for d in find_dates(text, "2022-01-21"):
        assert text[d["start"] : d["end"]] == d["text"]


def test_without_a_publication_date_one_is_inferred_from_the_text_and_said() -> None:
    text = "Am 3. Mai 2022 tagte der Rat. Am Freitag darauf gab es Streit, gestern auch."
    article = dates(Article(id="x", path="x", raw=text, text=text))
    yesterday = next(d for d in article.dates if d["text"] == "gestern")
    assert (yesterday["value"], yesterday["anchor"]) == ("2022-05-02", "inferred")
    assert article.hints["published_inferred"] == "2022-05-03"
    assert article.to_record()["published_inferred"] == "2022-05-03"
    assert article.published is None


def test_modifiers_of_decades_years_and_seasons_in_narrative() -> None:
    found = {
        d["text"]: (d["value"], d.get("mod"))
        for d in find_dates(
            "Anfang der 1930er Jahre wuchs die Partei. Anfang des Jahres 1943 kam die Wende, "
            "im Spätherbst 1942 "
            "hatte sie sich angekündigt.",
            "2009-05-01",
        )
    }
    assert found["Anfang der 1930er Jahre"] == ("193", "START")
    assert found["Anfang des Jahres 1943"] == ("1943", "START")
    assert found["im Spätherbst 1942"] == ("1942-FA", None)


def test_a_history_keeps_its_own_year_and_heute_means_the_present() -> None:
    text = (
        "Am 22. Juni 1941 begann der Angriff. Im Dezember desselben Jahres stand die Armee vor der Stadt, "
        "am 6. Juni hatte sie die Grenze noch nicht erreicht. Im Frühjahr des folgenden Jahres kam die "
        "Offensive. Heute erinnert ein Denkmal daran."
    )
    found = values(text, "2009-05-01")
    assert found["Im Dezember desselben Jahres"][1] == "1941-12"
    assert found["am 6. Juni"][1] == "1941-06-06"
    assert found["Im Frühjahr des folgenden Jahres"][1] == "1942-SP"
    assert found["Heute"][1] == "PRESENT_REF"


def test_holidays_fixed_and_counted_from_easter() -> None:
    found = values(
        "Weihnachten 1914 ruhten die Waffen. Zu Ostern 1916 begann der Aufstand, an Pfingsten folgte mehr."
    )
    assert found["Weihnachten 1914"][1] == "1914-12-25"
    assert found["Zu Ostern 1916"][1] == "1916-04-23"
    assert found["an Pfingsten"][1] == "1916-06-11"


def test_english_expressions() -> None:
    text = "Blinken met Lavrov on Friday after 90 minutes of talks. On January 21, 2022 they met; "
    text += "two days ago too."
    found = {d["text"]: (d["type"], d["value"]) for d in find_dates(text, "2022-01-21", "en")}
    assert found["on Friday"] == ("DATE", "2022-01-21")
    assert found["90 minutes"] == ("DURATION", "PT90M")
    assert found["On January 21, 2022"] == ("DATE", "2022-01-21")
    assert found["two days ago"] == ("DATE", "2022-01-19")
