"""Linking against a real SQLite store: incremental ingest, stable ids, the seeds' storyline, CLI."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from lagebild.batch import ingest
from lagebild.cli import main
from lagebild.store import open_store

from .articles import ALL


def write_jsonl(path: Path, items: list[dict[str, object]]) -> Path:
    path.write_text("".join(json.dumps(i, ensure_ascii=False) + "\n" for i in items), encoding="utf-8")
    return path


def partition(records: list[dict[str, object]], key: str) -> set[frozenset[object]]:
    by: dict[object, set[object]] = {}
    for r in records:
        by.setdefault(r[key], set()).add(r["id"])
    return {frozenset(v) for v in by.values()}


def test_store_links_incremental_batches_give_the_grouping_of_one_run(tmp_path: Path) -> None:
    whole = write_jsonl(tmp_path / "all.jsonl", ALL)
    with open_store(str(tmp_path / "one.db")) as store:
        ingest([str(whole)], store)
        one = list(store.iter_records())
    # the same articles in reverse order, over three files ingested one after another
    parts = [ALL[::-1][i : i + 3] for i in range(0, len(ALL), 3)]
    with open_store(str(tmp_path / "three.db")) as store:
        for n, part in enumerate(parts):
            ingest([str(write_jsonl(tmp_path / f"part{n}.jsonl", part))], store)
        three = list(store.iter_records())
        for key in ("story_id", "storyline_id"):
            assert partition(three, key) == partition(one, key)
        for key in ("duplicate_of", "translation_of"):
            assert {r["id"]: r[key] for r in three} == {r["id"]: r[key] for r in one}
        # ingesting the same articles again changes nothing
        before = [(r["id"], r["story_id"], r["storyline_id"]) for r in three]
        report = ingest([str(whole)], store)
        assert report.added == 0 and report.duplicates == len(ALL)
        assert [(r["id"], r["story_id"], r["storyline_id"]) for r in store.iter_records()] == before
        stories = store.stories()
        assert sum(s.articles for s in stories) == len(ALL)
        paris = next(s for s in stories if "paris-original" in {a.id for a in store.story_articles([s.id])})
        assert paris.articles == 4 and paris.first_date == "2024-03-04"
        assert set(paris.outlets) == {"Tagesschau", "Nachrichtenportal Süd", "repost", "Rheinische Zeitung"}


def test_store_links_seeds_share_a_storyline_not_a_story(seeds_dir: Path, db_url: str) -> None:
    runner = CliRunner()
    assert runner.invoke(main, ["ingest", str(seeds_dir), "--db", db_url, "-q"]).exit_code == 0
    out = runner.invoke(main, ["export", "-o", "-", "--db", db_url])
    records = [json.loads(line) for line in out.stdout.splitlines() if line.startswith("{")]
    assert len(records) == 2
    assert records[0]["story_id"] != records[1]["story_id"]
    assert records[0]["storyline_id"] == records[1]["storyline_id"] is not None
    storyline = records[0]["storyline_id"]

    listed = runner.invoke(main, ["stories", "--db", db_url, "--entity", "Lavrov"])
    assert listed.exit_code == 0 and listed.output.count("storyline " + storyline) == 2
    # newest first
    assert listed.output.index("2022-01-21") < listed.output.index("2021-12-02")

    timeline = runner.invoke(main, ["timeline", storyline, "--db", db_url])
    assert timeline.exit_code == 0, timeline.output
    osce, geneva = timeline.output.index("2021-12-02"), timeline.output.index("in Genf")
    assert osce < geneva
    assert "RT DE" in timeline.output and "Fox News" in timeline.output

    compared = runner.invoke(main, ["compare", storyline, "--db", db_url])
    assert compared.exit_code == 0, compared.output
    first, second = compared.output.index("== 2021-12-02"), compared.output.index("== 2022-01-21")
    assert first < second
    assert "RT DE" in compared.output[first:second] and "Fox News" in compared.output[second:]

    story = runner.invoke(main, ["story", records[1]["story_id"], "--db", db_url])
    assert story.exit_code == 0 and "Sergej Lawrow" in story.output and "Storyline" in story.output


def test_store_links_unknown_story_is_one_clear_line(db_url: str) -> None:
    result = CliRunner().invoke(main, ["compare", "st-nothing", "--db", db_url])
    assert result.exit_code == 1
    assert "No story or storyline 'st-nothing'" in result.output


def test_store_links_analyze_links_within_its_input(articles_jsonl: Path, tmp_path: Path) -> None:
    out = tmp_path / "out.jsonl"
    result = CliRunner().invoke(main, ["analyze", str(articles_jsonl), "-o", str(out)])
    assert result.exit_code == 0, result.output
    records = {r["id"]: r for r in map(json.loads, out.read_text(encoding="utf-8").splitlines())}
    assert records["paris-repost"]["duplicate_of"] == "paris-original"
    assert records["paris-english"]["translation_of"] == "paris-original"
    assert records["paris-other-report"]["story_id"] == records["paris-original"]["story_id"]
    assert records["strike-talks"]["story_id"] != records["paris-original"]["story_id"]


def test_store_links_articles_stored_unlinked_are_linked_by_the_next_ingest(
    seeds_dir: Path, db_url: str
) -> None:
    runner = CliRunner()
    assert runner.invoke(main, ["ingest", str(seeds_dir), "--db", db_url, "-q", "--no-link"]).exit_code == 0
    with open_store(db_url) as store:
        assert all(r["story_id"] is None for r in store.iter_records())
    again = runner.invoke(main, ["ingest", str(seeds_dir), "--db", db_url, "-q"])
    assert again.exit_code == 0 and "2 stored articles linked" in again.output
    with open_store(db_url) as store:
        records = list(store.iter_records())
        assert len({r["story_id"] for r in records}) == 2
        assert len({r["storyline_id"] for r in records}) == 1
        assert store.unlinked(10) == []
