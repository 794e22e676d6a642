"""The date scanner tries a pattern only where it can begin; its matches must be finditer's."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from lagebild.nlp.dates import grammar as g
from lagebild.nlp.dates.scan import _starts_index, matches

SAMPLES = Path(__file__).resolve().parents[2] / "samples" / "corpus"


def found(pairs: object) -> list[tuple[str, tuple[int, int], tuple[str | None, ...]]]:
    return sorted((name, m.span(), m.groups()) for name, m in pairs)  # type: ignore[attr-defined]


def finditer(text: str) -> list[tuple[str, re.Match[str]]]:
    return [(name, m) for name, pattern in g.COMPILED for m in pattern.finditer(text)]


def test_scan_models_every_pattern() -> None:
    """A pattern whose beginnings cannot be read off its parse tree runs over the whole text: slow."""
    _, _, whole_text = _starts_index()
    assert [g.COMPILED[i][0] for i in whole_text] == []


@pytest.mark.parametrize(
    "text",
    [
        "Am 21. Januar 2022 trafen sie sich, am  Freitag  und  im\n Sommer 1940 (  Herbst ) wieder.",
        "  Sommer und\tWinter, –Frühjahr 2020, [Herbst], /Montag/, 1867-1879, COVID-19, 2019-Bericht.",
        "ſeit 1990, İm Januar, im KELVIN-Jahr, MONTAG, 12 Uhr, 12h, 9:30 a.m., ÜBER Jahre, über drei Jahre.",
        "Weihnachten 2021, zu Ostern, 44 v. Chr., die 1920er, Mitte des Jahres, jahrzehntelang, x",
        "5",
        "Mai",
        "Es war 2020",
        "„Heute“ – sagte er – „nicht morgen“, am 3.5.",
        "",
    ],
)
def test_scan_matches_as_finditer_on_odd_texts(text: str) -> None:
    assert found(matches(text)) == found(finditer(text))


def test_scan_matches_as_finditer_on_the_sample_corpus() -> None:
    lines = (SAMPLES / "wikinews-de.jsonl").read_text(encoding="utf-8").splitlines()
    for line in lines:
        text = json.loads(line)["text"]
        assert found(matches(text)) == found(finditer(text))
