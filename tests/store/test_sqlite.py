"""The SQLite store against real SQLite files: idempotency, rollback, search, migrations."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from lagebild.errors import StoreError
from lagebild.model import Article, Outlet
from lagebild.store import open_store
from lagebild.store.sqlite import SQLiteStore, migrate


def article(id: str, text: str, **kw: object) -> Article:
    fields: dict = {"title": f"Titel {id}", "published": "2022-01-21", "language": "de"} | kw
    return Article(id=id, path=f"{id}.txt", raw=text, text=text, **fields)


TALKS = "Die Außenminister führten am Freitag Gespräche in Genf über die Ukraine."
SUMMIT = "Beim Gipfel in Brüssel sprachen die Regierungschefs über Energiepreise."


def test_sqlite_same_article_twice_is_stored_once(tmp_path: Path) -> None:
    with open_store(f"sqlite:///{tmp_path}/a.db") as store:
        first = store.write_batch([article("a", TALKS)])
        again = store.write_batch([article("a", TALKS), article("b", TALKS), article("a", TALKS)])
        assert first.added == ["a"]
        assert again.added == []
        assert again.duplicates == [("a", "a"), ("b", "a"), ("a", "a")]
        assert store.count() == 1


def test_sqlite_failed_batch_rolls_back_whole(tmp_path: Path) -> None:
    with open_store(f"sqlite:///{tmp_path}/a.db") as store:
        store.write_batch([article("a", TALKS)])
        bad = article("c", "Noch ein Text über etwas anderes.", record=object())  # not bindable
        with pytest.raises((sqlite3.Error, TypeError)):
            store.write_batch([article("b", SUMMIT), bad])
        assert store.count() == 1
        assert store.get("b") is None
        assert store.write_batch([article("b", SUMMIT)]).added == ["b"]


def test_sqlite_search_matches_german_inflections_and_umlauts(tmp_path: Path) -> None:
    with open_store(f"sqlite:///{tmp_path}/a.db") as store:
        store.write_batch(
            [
                article("talks", TALKS, outlet=Outlet("Fox News", "x")),
                article("summit", SUMMIT, published="2021-12", outlet=Outlet("RT DE", "y")),
            ]
        )
        assert [h.id for h in store.search("Gespräch")] == ["talks"]
        assert [h.id for h in store.search("aussenministers")] == ["talks"]
        assert [h.id for h in store.search("Brussel")] == ["summit"]
        assert {h.id for h in store.search("Genf OR Gipfel")} == {"talks", "summit"}
        assert [h.id for h in store.search('"Gespräche in Genf"')] == ["talks"]
        assert store.search('"Genf Gespräche"') == []
        assert [h.id for h in store.search("über -Ukraine")] == ["summit"]
        assert [h.id for h in store.search("über", outlet="rt de")] == ["summit"]
        assert [h.id for h in store.search("über", since="2021-12-15", until="2021-12-31")] == ["summit"]
        assert [h.id for h in store.search("über", since="2022")] == ["talks"]
        assert "[Gespräche]" in store.search("Gespräch")[0].snippet


@pytest.mark.parametrize("query", ['"unclosed', "NOT(", "AND OR", "stems:x", "*", 'a" OR "b'])
def test_sqlite_hostile_query_never_leaks_sqlite_errors(tmp_path: Path, query: str) -> None:
    with open_store(f"sqlite:///{tmp_path}/a.db") as store:
        store.write_batch([article("talks", TALKS)])
        try:
            store.search(query)
        except StoreError as exc:
            assert "Search query" in str(exc) or "Cannot search" in str(exc)


def test_sqlite_sources_mark_resume(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path}/a.db"
    with open_store(url) as store:
        assert not store.has_source("x.txt", "d1")
        store.mark_source("x.txt", "d1", 1, 0)
    with open_store(url) as store:
        assert store.has_source("x.txt", "d1")
        assert not store.has_source("x.txt", "d2")


def test_sqlite_migration_upgrades_and_refuses_newer(tmp_path: Path) -> None:
    db = tmp_path / "a.db"
    shipped = Path(__file__).resolve().parents[2] / "src/lagebild/store/migrations"
    first = tmp_path / "first"
    first.mkdir()
    (first / "0001_init.sql").write_text(
        (shipped / "0001_init.sql").read_text(encoding="utf-8"), encoding="utf-8"
    )
    old = SQLiteStore(str(db), migrations=first)  # a database from before entity mentions had a table
    entity = {"start": 0, "end": 6, "text": "Lawrow", "label": "PER", "entity_id": "per:sergey-lavrov"}
    old.conn.execute(
        "INSERT INTO articles (id, content_hash, raw, text, record_json, published)"
        " VALUES (?, ?, ?, ?, ?, ?)",
        ("old", "h", "Lawrow", "Lawrow", json.dumps({"entities": [entity]}), "2021-12"),
    )
    old.close()
    with open_store(str(db)) as store:  # upgraded: the old article's entities are indexed too
        (profile,) = store.entity_profiles(["per:sergey-lavrov"], [])
        assert (profile.mentions, profile.first_seen) == (1, "2021-12")
        store.write_batch([article("a", TALKS)])
    later = tmp_path / "later"
    later.mkdir()
    for script in shipped.glob("*.sql"):
        (later / script.name).write_text(script.read_text(encoding="utf-8"), encoding="utf-8")
    latest = max(int(p.name[:4]) for p in later.glob("*.sql"))
    (later / f"{latest + 1:04d}_notes.sql").write_text("CREATE TABLE notes (id TEXT);\n", encoding="utf-8")
    store2 = SQLiteStore(str(db), migrations=later)
    assert store2.conn.execute("PRAGMA user_version").fetchone()[0] == latest + 1
    assert store2.count() == 2
    store2.close()
    with pytest.raises(StoreError, match="newer than this lagebild"):
        open_store(str(db))
    conn = sqlite3.connect(db)
    with pytest.raises(StoreError):
        migrate(conn)
    conn.close()


def test_sqlite_not_a_database_and_missing_dir_are_clear(tmp_path: Path) -> None:
    junk = tmp_path / "junk.db"
    junk.write_bytes(b"this is not sqlite" * 100)
    with pytest.raises(StoreError, match="not a usable lagebild SQLite database"):
        open_store(str(junk))
    with pytest.raises(StoreError, match="does not exist"):
        open_store(f"sqlite:///{tmp_path}/nope/x.db")
    with pytest.raises(StoreError, match="PostgreSQL"):
        open_store("postgresql://localhost/x")


def test_sqlite_memory_store_and_stats() -> None:
    with open_store(":memory:") as store:
        store.write_batch([article("a", TALKS, outlet=Outlet("Fox News", "x")), article("b", SUMMIT)])
        stats = store.stats()
        assert stats["articles"] == 2
        assert stats["outlets"] == {"Fox News": 1, "unknown": 1}
        assert [r["id"] for r in store.iter_records()] == ["a", "b"]
