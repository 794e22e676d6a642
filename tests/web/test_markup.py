"""Article text cut into highlighted pieces, and chart geometry: pure functions, no server."""

from __future__ import annotations

from datetime import date

from lagebild.web.charts import month_range, months_chart, role_spans, story_chart
from lagebild.web.markup import pieces

TEXT = "Lawrow sagte am Freitag: „Wir sind bereit.“ Danach reiste er ab."


def record() -> dict:
    quote_start = TEXT.index("„")
    return {
        "text": TEXT,
        "entities": [
            {"start": 0, "end": 6, "text": "Lawrow", "label": "PER", "entity_id": "per:sergey-lavrov",
             "canonical": "Sergej Lawrow"},
            {"start": 0, "end": 6, "text": "Lawrow", "label": "PER", "entity_id": None},
            {"start": 2, "end": 8, "text": "caption", "label": "PER", "entity_id": "x", "field": "caption"},
        ],
        "quotes": [{"start": quote_start, "end": TEXT.index("“") + 1, "type": "direct",
                    "speaker": {"text": "Lawrow", "canonical": "Sergej Lawrow"}}],
        "dates": [{"start": 13, "end": 23, "value": "2022-01-21"}, {"start": 20, "end": 999, "value": "x"}],
    }  # fmt: skip


def test_markup_pieces_cover_the_text_in_order() -> None:
    parts = pieces(record())
    assert "".join(p.text for p in parts) == TEXT


def test_markup_pieces_carry_every_span_over_them() -> None:
    parts = {p.text: p for p in pieces(record())}
    assert parts["Lawrow"].entity_id == "per:sergey-lavrov"
    assert parts["Lawrow"].classes == ["ent", "ent-per"]
    assert parts["Lawrow"].title == "PER: Sergej Lawrow"
    assert parts["am Freitag"].classes == ["date"] and "2022-01-21" in (parts["am Freitag"].title or "")
    assert parts["„Wir sind bereit.“"].classes == ["quote"]
    assert "Sergej Lawrow" in (parts["„Wir sind bereit.“"].title or "")
    assert parts[" Danach reiste er ab."].classes == []  # spans out of range and captions are left out


def test_charts_months_fill_gaps_and_skip_bare_years() -> None:
    assert month_range("2021-11", "2022-02") == ["2021-11", "2021-12", "2022-01", "2022-02"]
    chart = months_chart([("2021-11", 2), ("2022-02", 4), ("2021", 9)])
    assert chart is not None
    assert [(b.label, b.value) for b in chart.bars] == [
        ("2021-11", 2),
        ("2021-12", 0),
        ("2022-01", 0),
        ("2022-02", 4),
    ]
    assert chart.peak == 4 and chart.bars[3].h > chart.bars[0].h > chart.bars[1].h == 0
    assert months_chart([("2021", 3)]) is None


def test_charts_role_spans_run_from_first_to_last_month() -> None:
    spans = role_spans([("Außenminister", 5, "2021-12", "2022-01-21"), ("Diplomat", 1, "2021", "2021")])
    assert spans is not None and (spans.first, spans.last) == ("2021-01", "2022-01")
    minister, diplomat = spans.rows
    assert minister.x > diplomat.x and minister.x + minister.w <= spans.width + 0.01


def test_charts_story_days_stack_outlets_and_mark_nearby_events() -> None:
    articles = [
        ("2024-03-04", "Tagesschau"),
        ("2024-03-04", "repost"),
        ("2024-03-05", "Tagesschau"),
        (None, "X"),
    ]
    events = [("2024-03-04", "Treffen: Scholz – Macron"), ("1963-01-22", "Vertrag: Élysée"), (None, "Besuch")]
    chart = story_chart(articles, events)
    assert chart is not None and chart.unit == "Tag" and chart.peak == 2
    assert len(chart.ticks) == 7 and chart.ticks[2][1] == "04.03."  # two days widened to a week
    assert [(s.day, s.outlet, s.colour) for s in chart.stacks] == [
        ("2024-03-04", "Tagesschau", "o0"),
        ("2024-03-04", "repost", "o1"),
        ("2024-03-05", "Tagesschau", "o0"),
    ]
    assert chart.stacks[1].y + chart.stacks[1].h == chart.stacks[0].y  # stacked
    (mark,) = chart.marks  # the 1963 treaty is history the story recalls, not one of its days
    assert mark.short == "Treffen" and abs(mark.x - chart.ticks[2][0]) < 0.01
    assert story_chart([(None, "X")], events) is None


def test_charts_story_long_runs_by_week_and_many_outlets_share_grey() -> None:
    articles = [(f"2024-{m:02d}-01", f"Medium {m}") for m in range(1, 11)]
    chart = story_chart(articles, [])
    assert chart is not None and chart.unit == "Woche"
    assert all(date.fromisoformat(s.day).weekday() == 0 for s in chart.stacks)
    assert [c for _, c, _ in chart.legend].count("o-rest") == 2
