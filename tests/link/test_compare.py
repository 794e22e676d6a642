"""Outlet comparison and quote drift on hand-made analysis records."""

from __future__ import annotations

from typing import Any

from lagebild.link.compare import compare, quote_drift


def record(
    id: str, outlet: str, published: str, quotes: list[tuple[str, str, str]], **kw: Any
) -> dict[str, Any]:
    """A minimal analysis record; quotes as (speaker entity id, speaker, text)."""
    return {
        "id": id,
        "outlet": {"name": outlet},
        "published": published,
        "language": kw.get("language", "de"),
        "title": kw.get("title", id),
        "text": kw.get("text", ""),
        "entities": kw.get("entities", []),
        "quotes": [
            {
                "type": kw.get("type", "direct"),
                "text": text,
                "start": 0,
                "end": len(text),
                "speaker": {"entity_id": sid, "canonical": name, "text": name},
            }
            for sid, name, text in quotes
        ],
        "duplicate_of": kw.get("duplicate_of"),
        "translation_of": kw.get("translation_of"),
        "story_id": "st-1",
    }


LAWROW = ("per:sergey-lavrov", "Sergej Lawrow")
BLINKEN = ("per:antony-blinken", "Antony Blinken")


def test_compare_quote_drift_marks_the_words_that_differ_and_names_the_change() -> None:
    first = record(
        "a", "Tagesschau", "2022-01-21", [(*LAWROW, "Das Treffen war eine nützliche, ehrliche Diskussion")]
    )
    later = record("b", "Bild", "2022-01-22", [(*LAWROW, "Das Treffen war eine ehrliche Diskussion")])
    cut = record("d", "Welt", "2022-01-23", [(*LAWROW, "Das Treffen war eine nützliche")])
    other = record(
        "c", "Spiegel", "2022-01-22", [(*BLINKEN, "Das Treffen war eine nützliche, ehrliche Diskussion")]
    )
    drift = quote_drift([first, later, other, cut])
    assert len(drift) == 1  # the same words from Blinken are another statement
    versions = drift[0].versions
    assert [v.article_id for v in versions] == ["a", "b", "d"]
    assert drift[0].speaker == "Sergej Lawrow"
    assert versions[0].changes == [] and versions[0].segments[0].op == "equal"
    assert versions[1].changes == ["wording"]
    assert [(s.text, s.op) for s in versions[1].segments] == [
        ("Das Treffen war eine", "equal"),
        ("nützliche,", "deleted"),
        ("ehrliche Diskussion", "equal"),
    ]
    assert versions[2].changes == ["shortened"]


def test_compare_quote_drift_flags_changed_numbers_and_direct_turned_indirect() -> None:
    a = record(
        "a",
        "Tagesschau",
        "2024-03-04",
        [("per:olaf-scholz", "Olaf Scholz", "Wir liefern 17 Systeme bis 2030")],
    )
    b = record(
        "b", "Bild", "2024-03-05", [("per:olaf-scholz", "Olaf Scholz", "Wir liefern 12 Systeme bis 2030")],
        type="indirect",
    )  # fmt: skip
    (group,) = quote_drift([a, b])
    changed = group.versions[1]
    assert "numbers" in changed.changes and "type: direct → indirect" in changed.changes
    assert [(s.text, s.op) for s in changed.segments if s.op != "equal"] == [
        ("17", "deleted"),
        ("12", "inserted"),
    ]


def test_compare_outlets_first_report_and_what_each_leaves_out() -> None:
    def ent(name: str) -> dict[str, Any]:
        return {"label": "PER", "text": name, "canonical": name}

    a = record(
        "a",
        "Tagesschau",
        "2024-03-04",
        [],
        entities=[ent("Olaf Scholz"), ent("Johann Wadephul")],
        text="17 Staaten",
    )
    b = record(
        "b",
        "Bild",
        "2024-03-05",
        [],
        entities=[ent("Olaf Scholz"), ent("Johann Wadephul")],
        text="17 Staaten",
    )
    c = record("c", "Spiegel", "2024-03-05", [], entities=[ent("Olaf Scholz")], duplicate_of="a")
    result = compare([c, b, a])
    assert result is not None
    assert [o.outlet for o in result.outlets] == ["Tagesschau", "Bild", "Spiegel"]
    assert result.outlets[0].first_report and not result.outlets[2].first_report
    spiegel = result.outlets[2]
    assert spiegel.missing_entities == ["Johann Wadephul"] and spiegel.missing_numbers == ["17"]
    assert spiegel.articles[0]["kind"] == "duplicate"


def test_compare_a_same_day_translation_comes_after_its_original_and_is_no_first_report() -> None:
    english = record(
        "a-en", "repost", "2024-03-04", [(*LAWROW, "The meeting was a useful, honest discussion")],
        language="en", translation_of="b-de",
    )  # fmt: skip
    german = record(
        "b-de", "Tagesschau", "2024-03-04", [(*LAWROW, "Das Treffen war eine ehrliche Diskussion")]
    )
    result = compare([english, german])
    assert result is not None
    assert [(o.outlet, o.first_report) for o in result.outlets] == [("Tagesschau", True), ("repost", False)]
