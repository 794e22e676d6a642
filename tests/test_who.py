"""Entities and quotes across the store, end to end on the seeds: `lagebild entity` and `lagebild quotes`."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from lagebild.cli import main


def run(*args: str) -> str:
    result = CliRunner().invoke(main, list(args), catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result.output


@pytest.fixture
def seeded(seeds_dir: Path, db_url: str) -> str:
    run("ingest", str(seeds_dir), "--db", db_url, "-q")
    return db_url


def records(db_url: str, tmp_path: Path) -> list[dict]:
    out = tmp_path / "out.jsonl"
    run("export", "-o", str(out), "--db", db_url)
    return [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]


def test_seed_entities_have_their_types_and_fold_across_articles(seeded: str, tmp_path: Path) -> None:
    found: dict[str, set[str]] = {}
    ids: dict[str, set[str]] = {}
    for record in records(seeded, tmp_path):
        for e in record["entities"]:
            field = e.get("field", "text")
            if field == "text":
                assert record["text"][e["start"] : e["end"]] == e["text"]
            elif field == "title":
                assert record["title"][e["start"] : e["end"]] == e["text"]
            found.setdefault(e["label"].removesuffix("part"), set()).add(e["canonical"])
            ids.setdefault(e["text"], set()).add(e["entity_id"])
    for name in ("Antony Blinken", "Sergej Lawrow", "Sergej Rjabkow", "Wladimir Putin", "Joe Biden"):
        assert name in found["PER"]
    assert "Wolodymyr Selenskyj" in found["PER"]
    assert {"Organisation für Sicherheit und Zusammenarbeit in Europa", "NATO"} <= found["ORG"]
    assert {"Genf", "Moskau", "Ukraine", "Europa"} <= found["LOC"]
    assert ids["Anthony Blinken"] == ids["Antony Blinken"]
    assert ids["Sergei Lawrow"] == ids["Sergej Lawrow"]
    assert ids["Putins"] == ids["Wladimir Putin"] and ids["Bidens"] == ids["Joe Biden"]


def test_entity_command_shows_variants_roles_and_articles(seeded: str) -> None:
    out = run("entity", "Blinken", "--db", seeded, "--json")
    (profile,) = [json.loads(line) for line in out.splitlines()]
    assert profile["canonical"] == "Antony Blinken" and profile["articles"] == 2
    forms = {form for form, _ in profile["variants"]}
    assert {"Anthony Blinken", "Antony Blinken"} <= forms
    assert any("Außenminister" in role for role, *_ in profile["roles"])
    assert (profile["first_seen"], profile["last_seen"]) == ("2021-12", "2022-01-21")
    lavrov = run("entity", "Lavrov", "--db", seeded)
    assert lavrov.startswith("Sergej Lawrow  [PER]")


def test_entity_command_says_clearly_when_nothing_matches(seeded: str) -> None:
    result = CliRunner().invoke(main, ["entity", "Nobody Known", "--db", seeded])
    assert result.exit_code == 1
    assert "No stored entity matches 'Nobody Known'" in result.output


def test_quotes_command_finds_a_speaker_in_any_spelling(seeded: str) -> None:
    for spelling in ("Lawrow", "Lavrov", "Sergei Lawrow"):
        hits = [
            json.loads(line)
            for line in run("quotes", "--speaker", spelling, "--db", seeded, "--json").splitlines()
        ]
        assert hits and {h["speaker_canonical"] for h in hits} == {"Sergej Lawrow"}
    texts = " ".join(h["text"] for h in hits)
    assert "Ich kann nicht sagen, ob wir auf dem richtigen Weg sind" in texts
    everyone = run("quotes", "--db", seeded, "--outlet", "Fox News")
    assert "Antony Blinken" in everyone


def test_quote_speakers_carry_entities_also_for_pronouns_and_roles(seeded: str, tmp_path: Path) -> None:
    speakers = set()
    for record in records(seeded, tmp_path):
        for q in record["quotes"]:
            s = q["speaker"]
            if s and s["text"].split()[0].lower() in {"er", "der"}:
                speakers.add((s["text"], s["canonical"]))
    assert ("der stellvertretende Außenminister", "Sergej Rjabkow") in speakers or any(
        canonical == "Sergej Rjabkow" for _, canonical in speakers
    )
    assert any(text == "er" and canonical for text, canonical in speakers)


def test_seed_dates_resolve_against_each_publication_date(seeded: str, tmp_path: Path) -> None:
    by_title = {r["published"]: r for r in records(seeded, tmp_path)}
    first = {d["text"]: d for d in by_title["2021-12"]["dates"]}
    second = {d["text"]: d for d in by_title["2022-01-21"]["dates"]}
    assert first["am 2. Dezember"]["value"] == "2021-12-02"
    assert second["am Freitag"]["value"] == "2022-01-21"
    assert second["nächste Woche"]["value"] == "2022-W04"
    duration = next(d for text, d in second.items() if "90 Minuten" in text)
    assert (duration["type"], duration["value"]) == ("DURATION", "PT90M")


def test_seed_events_meetings_talks_and_the_planned_summit(seeded: str, tmp_path: Path) -> None:
    events = [e for r in records(seeded, tmp_path) for e in r["events"]]
    people = {"Antony Blinken", "Sergej Lawrow"}
    osce = [e for e in events if e["date"] == "2021-12-02" and set(e["participant_names"]) == people]
    assert osce and "OSZE" in osce[0]["occasion"]["text"] and osce[0]["status"] == "happened"
    geneva = [e for e in events if e["date"] == "2022-01-21" and set(e["participant_names"]) == people]
    assert geneva and geneva[0]["place"] == "Genf"
    planned = [e for e in events if set(e["participant_names"]) == {"Wladimir Putin", "Joe Biden"}]
    assert planned and all(e["status"] == "planned" and e["date"] is None for e in planned)
    assert len({e["id"] for e in planned}) == 1  # both articles report the same planned contact


def test_timeline_orders_events_and_quotes_of_an_entity(seeded: str) -> None:
    items = [json.loads(line) for line in run("timeline", "Lavrov", "--db", seeded, "--json").splitlines()]
    dated = [i["date"] for i in items if i["kind"] == "event"]
    assert dated == sorted(dated) and "2021-12-02" in dated and "2022-01-21" in dated
    assert any(i["kind"] == "quote" for i in items)
    result = CliRunner().invoke(main, ["timeline", "Niemand Bekannt", "--db", seeded])
    assert result.exit_code == 1 and "Nothing dated is stored" in result.output


def test_the_ingest_report_names_what_was_found(seeds_dir: Path, db_url: str) -> None:
    out = run("ingest", str(seeds_dir), "--db", db_url)
    assert "found:" in out and "quotes" in out and "events" in out
    assert "most named:" in out and "Sergej Lawrow (2)" in out
    assert "lagebild timeline" in out


def test_entity_shows_the_surname_alone_beside_the_person_without_merging(
    db_url: str, tmp_path: Path
) -> None:
    first = tmp_path / "a.jsonl"
    first.write_text(
        json.dumps(
            {
                "id": "a",
                "text": "Die Ministerin Karin Meyer reiste nach Rom.",
                "published": "2023-01-02",
            }
        )
        + "\n"
        + json.dumps(
            {
                "id": "b",
                "text": "Meyer sagte am Montag in Berlin, die Lage sei ernst.",
                "published": "2023-01-03",
            }
        )
        + "\n",
        encoding="utf-8",
    )
    run("ingest", str(first), "--db", db_url, "-q")
    (profile,) = [
        json.loads(line) for line in run("entity", "Karin Meyer", "--db", db_url, "--json").splitlines()
    ]
    assert profile["entity_id"] == "per:karin-meyer"
    assert profile["surname_only"] == ["per:meyer"]
