"""What only the SQLite store has: a file that may be junk, a directory that may be missing, memory."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from lagebild.errors import StoreError
from lagebild.model import Article
from lagebild.store import open_store
from lagebild.store.sqlite import fts_query, migrate


def test_sqlite_not_a_database_and_missing_dir_are_clear(tmp_path: Path) -> None:
    junk = tmp_path / "junk.db"
    junk.write_bytes(b"this is not sqlite" * 100)
    with pytest.raises(StoreError, match="not a usable lagebild SQLite database"):
        open_store(str(junk))
    with pytest.raises(StoreError, match="does not exist"):
        open_store(f"sqlite:///{tmp_path}/nope/x.db")
    with pytest.raises(StoreError, match="Unknown store URL"):
        open_store("mysql://localhost/x")


def test_sqlite_memory_store() -> None:
    with open_store(":memory:") as store:
        text = "Die Außenminister führten am Freitag Gespräche in Genf."
        store.write_batch([Article(id="a", path="a.txt", raw=text, text=text)])
        assert store.count() == 1


def test_sqlite_newer_database_refused_by_migrate(tmp_path: Path) -> None:
    db = tmp_path / "a.db"
    open_store(str(db)).close()
    conn = sqlite3.connect(db)
    conn.execute("PRAGMA user_version = 999")
    with pytest.raises(StoreError, match="newer than this lagebild"):
        migrate(conn)
    conn.close()


def test_sqlite_query_is_requoted_for_fts5() -> None:
    match, positive = fts_query('Gespräche OR Genf "in Wien" -Ukraine')
    assert match == 'stems : (("gesprach" OR "genf") AND ("in wien")) NOT stems : "ukrain"'
    assert positive == {"gesprach", "genf", "in", "wien"}
