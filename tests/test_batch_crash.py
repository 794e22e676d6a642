"""Crash safety and concurrency, end to end on every backend: `lagebild ingest` killed with SIGKILL
halfway leaves a consistent store that a second run completes to exactly what one clean run stores,
and two ingests of the same files at once store every article once."""

from __future__ import annotations

import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from lagebild.batch import ingest
from lagebild.pipeline import default_stages
from lagebild.store import open_store
from lagebild.store.sql import SQLStore

ARTICLES = 120
BATCH = 4


def place(i: int) -> str:
    """A made-up word only article i contains, so a search for it must find exactly that article."""
    return f"Zorbel{i:03d}"  # digits, so no stemmer cuts the endings that tell them apart


def make_corpus(directory: Path) -> Path:
    directory.mkdir()
    for i in range(ARTICLES):
        (directory / f"{i:03d}.txt").write_text(
            f"Treffen in {place(i)}\n\nIn {place(i)} trafen sich am Montag die Außenminister Annalena"
            " Baerbock und Sergej Lawrow zu Gesprächen. „Wir haben offen gesprochen“, sagte Baerbock"
            f" nach dem Treffen. Lawrow sagte, man werde die Gespräche fortsetzen. Nummer {i}.",
            encoding="utf-8",
        )
    return directory


def ingest_command(corpus: Path, db_url: str) -> list[str]:
    return [
        sys.executable, "-c", "from lagebild.cli import main; main()", "ingest", str(corpus),
        "--db", db_url, "--batch-size", str(BATCH), "--no-clean", "-q",
    ]  # fmt: skip


def assert_consistent(store: SQLStore) -> None:
    """Every stored article has all its index rows (mentions, quotes, events, full text) and no more."""
    records = list(store.iter_records())
    tables = ("mentions", "quotes", "events")
    per_article: dict[str, dict[str, int]] = {}
    for table in tables:
        rows = store.fetch_all(f"SELECT article_id, count(*) AS n FROM {table} GROUP BY article_id")
        per_article[table] = {r["article_id"]: int(r["n"]) for r in rows}
    for record in records:
        expected = {
            "mentions": sum(1 for e in record["entities"] if e.get("entity_id")),
            "quotes": len(record["quotes"]),
            "events": len(record["events"]),
        }
        for table, n in expected.items():
            assert per_article[table].get(record["id"], 0) == n, (table, record["id"])
        word = next(w for w in record["text"].split() if w.startswith("Zorbel"))
        assert [hit.id for hit in store.search(word)] == [record["id"]]
    ids = {r["id"] for r in records}
    for table in tables:
        assert set(per_article[table]) <= ids, f"{table} rows of an article that is not stored"
    assert len(ids) == len(records) == store.count()


def test_batch_ingest_killed_midway_is_consistent_and_resumes(db_url: str, tmp_path: Path) -> None:
    corpus = make_corpus(tmp_path / "corpus")
    open_store(db_url).close()  # migrated before the race, so the watcher below can count
    log = tmp_path / "ingest.log"
    with log.open("wb") as out:
        proc = subprocess.Popen(ingest_command(corpus, db_url), stdout=out, stderr=subprocess.STDOUT)
    try:
        with open_store(db_url) as watcher:
            deadline = time.monotonic() + 300
            while watcher.count() < 2 * BATCH:
                if proc.poll() is not None:
                    pytest.fail(f"ingest ended before it could be killed: {log.read_text()[-2000:]}")
                assert time.monotonic() < deadline, "ingest stored nothing in 300 s"
                time.sleep(0.01)
        time.sleep(0.15)  # into the next batch: its analysis or its transaction
        proc.send_signal(signal.SIGKILL)
    finally:
        proc.kill()
        proc.wait()
    assert proc.returncode == -signal.SIGKILL

    with open_store(db_url) as store:
        stored = store.count()
        assert 2 * BATCH <= stored < ARTICLES, "killed too late to test anything"
        assert stored % BATCH == 0, "a batch was stored in part"
        assert_consistent(store)
        report = ingest([str(corpus)], store, stages=default_stages(clean=False), batch_size=BATCH)
        assert not report.failures
        assert report.added == ARTICLES - stored
        assert_consistent(store)
        resumed = sorted(r["id"] for r in store.iter_records())
    with open_store(f"sqlite:///{tmp_path / 'clean.db'}") as clean:
        ingest([str(corpus)], clean, stages=default_stages(clean=False), batch_size=BATCH)
        assert resumed == sorted(r["id"] for r in clean.iter_records())
    assert len(resumed) == ARTICLES


def test_batch_two_ingests_at_once_store_every_article_once(db_url: str, tmp_path: Path) -> None:
    corpus = make_corpus(tmp_path / "corpus")
    open_store(db_url).close()
    logs = [tmp_path / "one.log", tmp_path / "two.log"]
    procs = []
    for log in logs:
        with log.open("wb") as out:
            procs.append(
                subprocess.Popen(ingest_command(corpus, db_url), stdout=out, stderr=subprocess.STDOUT)
            )
    for proc in procs:
        assert proc.wait(timeout=300) == 0
    added = [int(log.read_text().split(" articles added")[0].rsplit(" ", 1)[1]) for log in logs]
    assert sum(added) == ARTICLES, [log.read_text() for log in logs]
    with open_store(db_url) as store:
        assert store.count() == ARTICLES
        assert_consistent(store)
