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


def test_sentence_initial_years_and_hyphenated_ranges_are_years() -> None:
    found = values("Die Stadt wuchs. 1512 wurde sie frei, 1530 reich. Das Gericht (1867-1879) tagte hier.")
    assert [found[y] for y in ("1512", "1530", "1867", "1879")] == [
        ("DATE", "1512"),
        ("DATE", "1530"),
        ("DATE", "1867"),
        ("DATE", "1879"),
    ]


@pytest.mark.parametrize(
    "text",
    [
        "Nach dem Beben wurden rund 1200 kubanische Ärzte entsandt.",
        "Der Kurs lag bei 2010 Bolivar, die Zahl 1958 fiel.",
        "Theresa May kritisierte die Bank.",
        "Während des Dreißigjährigen Krieges brannte die Stadt.",
        "In diesem Fall gilt die Regel.",
        "Das Gewicht liegt zwischen 100 bis 200 km und von 567 bis 650 Gramm.",
        "Die Formel lautet C 2 H 5 O H, das Spiel endete 6:4, 13:15.",
    ],
)
def test_counts_names_and_scores_are_not_dates(text: str) -> None:
    assert values(text) == {}


def test_a_bare_number_is_not_mistaken_for_a_day_and_month() -> None:
    found = values("Die Bevölkerung sank von 2001 bis 2011. Danach stieg sie.")
    assert found["bis 2011"] == ("DATE", "2011")


def test_early_history_three_digit_years_and_years_before_christ() -> None:
    found = values(
        "Pippin herrschte seit 751 als König. Karl kam im Jahr 747 bzw. 748 zur Welt. "
        "Im Jahr 800 wurde er Kaiser. "
        "Caesar starb am 15. März 44 v. Chr., Augustus im Jahr 14 n. Chr.",
        "2021-03-01",
    )
    assert found["seit 751"][1] == "0751"
    assert found["748"][1] == "0748"
    assert found["Im Jahr 800"][1] == "0800"
    assert found["am 15. März 44 v. Chr."][1] == "BC0044-03-15"
    assert found["im Jahr 14 n. Chr."][1] == "0014"


def test_day_ranges_give_both_days_and_coordinated_expressions_share_a_year() -> None:
    found = values(
        "Man tagte vom 1. bis 3. Mai 1648. Die Feier lief im Sommer und Herbst 2020, "
        "dann vom Juli bis August 2021.",
        "2022-01-01",
    )
    assert found["vom 1."][1] == "1648-05-01"
    assert found["bis 3. Mai 1648"][1] == "1648-05-03"
    assert found["im Sommer"][1] == "2020-SU"
    assert found["vom Juli"][1] == "2021-07"


def test_parts_of_the_day_and_clock_times_follow_the_narrative_day() -> None:
    text = (
        "Der Herzog starb in der Nacht zum 4. März 1623. Am folgenden Tag rief der Rat seinen Sohn aus. "
        "Am 11. April 1912 legte das Schiff um 13:30 Uhr ab und erreichte spät abends den Hafen."
    )
    found = values(text, "2012-08-20")
    assert found["in der Nacht zum 4. März 1623"] == ("TIME", "1623-03-03TNI")
    assert found["Am folgenden Tag"][1] == "1623-03-04"
    assert found["um 13:30 Uhr"] == ("TIME", "1912-04-11T13:30")
    assert found["spät abends"] == ("TIME", "1912-04-11TEV")


def test_anaphora_of_history_resolve_against_the_reference_time() -> None:
    text = (
        "In den 1880er Jahren wuchs die Stadt. 1885 wurde der Bahnhof eröffnet, drei Jahre später die Bahn. "
        "Mitte des Jahres zählte man 1890 Häuser. Im Vorjahr war der Hafen fertig. "
        "Im Winter 1946/47 sang sie, im darauffolgenden Jahr nicht. "
        "Im ersten Halbjahr 2016 sanken die Zahlen."
    )
    found = {d["text"]: (d["value"], d.get("mod")) for d in find_dates(text, "2009-11-11")}
    assert found["In den 1880er Jahren"] == ("188", None)
    assert found["drei Jahre später"] == ("1888", None)
    assert found["Mitte des Jahres"] == ("1888", "MID")
    assert found["Im Vorjahr"] == ("1887", None)
    assert found["im darauffolgenden Jahr"] == ("1947", None)
    assert found["Im ersten Halbjahr 2016"] == ("2016-H1", None)
    assert "1890" not in found  # "1890 Häuser" counts houses


def test_centuries_with_modifiers_and_ranges() -> None:
    found = {
        d["text"]: (d["value"], d.get("mod"))
        for d in find_dates(
            "Anfang des 17. Jahrhunderts begann es, im 9. Jahrhundert war es still, "
            "vom 16. bis ins 18. Jahrhundert blühte es.",
            "2021-03-01",
        )
    }
    assert found["Anfang des 17. Jahrhunderts"] == ("16", "START")
    assert found["im 9. Jahrhundert"] == ("08", None)
    assert found["vom 16."] == ("15", None)


def test_vague_durations_ages_and_the_present() -> None:
    found = values(
        "Seit Jahrzehnten fordern Anwohner eine Sanierung; der 51-Jährige sprach nach zweijähriger Bauzeit. "
        "Bis vor wenigen Jahren lebte er dort, aktuell in Rom, und wartete wenige Wochen.",
        "2021-03-01",
    )
    assert found["Seit Jahrzehnten"] == ("DURATION", "PXDE")
    assert found["51-Jährige"] == ("DURATION", "P51Y")
    assert found["zweijähriger"] == ("DURATION", "P2Y")
    assert found["vor wenigen Jahren"] == ("DATE", "PAST_REF")
    assert found["aktuell"] == ("DATE", "PRESENT_REF")
    assert found["wenige Wochen"] == ("DURATION", "PXW")
