"""Publication-date parsing: input hints, URLs, datelines and captions."""

from __future__ import annotations

import datetime as dt

import pytest

from lagebild.pubdate import caption_date, dateline_date, find_dates, normalize_date, url_date


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2022-01-21", "2022-01-21"),
        ("2022-01-21T23:30:00+01:00", "2022-01-21"),
        ("2021-12", "2021-12"),
        ("Fri, 21 Jan 2022 14:30:00 +0100", "2022-01-21"),
        ("21.01.2022", "2022-01-21"),
        ("21. Januar 2022", "2022-01-21"),
        ("21. Jänner 2022", "2022-01-21"),
        ("Jan. 21, 2022", "2022-01-21"),
        ("Sept. 3, 2021", "2021-09-03"),
        (dt.date(2022, 1, 21), "2022-01-21"),
    ],
)
def test_normalize_date_accepts_input_formats(value: object, expected: str) -> None:
    assert normalize_date(value) == expected


@pytest.mark.parametrize("value", ["", "demnächst", "2022-13-01", "31.02.2022", None, 2022])
def test_normalize_date_never_invents(value: object) -> None:
    assert normalize_date(value) is None


def test_find_dates_rejects_weekday_that_contradicts_date() -> None:
    assert [f.iso for f in find_dates("Montag, 21. Januar 2022")] == []
    assert [f.iso for f in find_dates("Freitag, den 21. Januar 2022")] == ["2022-01-21"]


def test_find_dates_reads_english_caption_style() -> None:
    (found,) = find_dates("talks in Geneva, Friday, Jan. 21, 2022. (AP Photo)")
    assert found.iso == "2022-01-21" and found.weekday


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://www.foxnews.com/politics/2022/01/21/blinken-lavrov", "2022-01-21"),
        ("https://example.org/news/2022-01-21-talks.html", "2022-01-21"),
        ("https://www.waz.de/politik/article241847490/x.html", None),
        (None, None),
    ],
)
def test_url_date_reads_path_dates_only(url: str | None, expected: str | None) -> None:
    assert url_date(url) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("BERLIN, 21. Januar 2022 – Die Regierung hat", "2022-01-21"),
        ("21.01.2022, 14:30 Uhr\nDie Regierung hat", "2022-01-21"),
        ("Montag, 3. Mai 2021\n\nDie Regierung hat", "2021-05-03"),
        ("Stand: 21.01.2022 14:30 Uhr", "2022-01-21"),
        ("Berlin (dpa) – Die Regierung hat", None),
        ("Am 21. Januar 2022 wird das Gesetz in Kraft treten.", None),
    ],
)
def test_dateline_date_only_at_the_start(text: str, expected: str | None) -> None:
    assert dateline_date(text) == expected


def test_caption_date_takes_latest_past_date() -> None:
    captions = ["Blinken am Freitag, 14. Januar 2022, in Genf", "Lawrow am 21. Januar 2022 in Genf"]
    assert caption_date(captions, not_after=dt.date(2022, 2, 1)) == "2022-01-21"
    assert caption_date(captions, not_after=dt.date(2022, 1, 15)) == "2022-01-14"


def test_caption_date_needs_weekday_style_in_body() -> None:
    assert caption_date([], "Die Frist endet am 31. März 2021.", not_after=dt.date(2022, 1, 1)) is None
    assert (
        caption_date([], "in Kiew, Freitag, 21. Januar 2022.", not_after=dt.date(2022, 2, 1)) == "2022-01-21"
    )
