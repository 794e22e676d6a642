"""The shared server store: PostgreSQL 15+, the same tables and queries as SQLite, German full text.

Several ingests may write at once. Each batch is one transaction; `INSERT … ON CONFLICT DO NOTHING`
on the unique id and content hash makes a concurrent copy of an article a duplicate instead of an
error, and a batch that deadlocks with another session is retried whole. Write transactions take one
advisory lock first, so they commit in the order they numbered their articles, as SQLite's
`BEGIN IMMEDIATE` makes them do: `link_graph` catches up on other writers by `rowid > last seen`.
"""

from __future__ import annotations

import random
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from functools import lru_cache
from importlib.abc import Traversable
from pathlib import Path
from typing import Any

from lagebild.errors import StoreError
from lagebild.link.graph import LinkChanges
from lagebild.model import Article
from lagebild.store import redact_url, schema
from lagebild.store.base import BatchResult
from lagebild.store.query import ParsedQuery
from lagebild.store.sql import Row, SQLStore, insert_article
from lagebild.store.stems import index_terms, stem

try:
    import psycopg
    from psycopg import errors as pg_errors
    from psycopg.rows import dict_row
except ImportError:  # the core installs without it
    psycopg = None  # type: ignore[assignment]

MIGRATIONS = schema.MIGRATIONS / "postgres"
# Any fixed number: it names the lock that keeps two processes from migrating one database at once.
_MIGRATION_LOCK = 0x6C616765
_WRITE_LOCK = 0x6C616766  # held by each write transaction until it commits
_RETRIES = 5


class PostgresStore(SQLStore):
    """A store in a PostgreSQL database, opened from a `postgresql://` URL."""

    nocase_eq = "lower({}) = lower(?)"
    # The stems go in as text and become the tsvector in the same INSERT; 'simple' only splits them.
    # A tsvector holds at most 1 MB, so an article's first 300,000 characters of stems are indexed.
    article_insert = insert_article(", search", ", to_tsvector('simple', left(?, 300000))")

    def __init__(self, url: str, *, migrations: Path | Traversable | None = None) -> None:
        if psycopg is None:
            raise StoreError("PostgreSQL stores need the psycopg driver: pip install 'lagebild[postgres]'.")
        self.url = url
        try:
            self.conn = psycopg.connect(url, autocommit=True, row_factory=dict_row)
        except psycopg.Error as exc:
            raise StoreError(f"Cannot connect to PostgreSQL at {redact_url(url)}: {one_line(exc)}") from exc
        try:
            migrate(self.conn, migrations)
        except psycopg.Error as exc:
            self.conn.close()
            raise StoreError(
                f"{redact_url(url)} is not a usable lagebild PostgreSQL database ({one_line(exc)});"
                " choose another --db."
            ) from exc
        except BaseException:
            self.conn.close()
            raise

    def fetch_all(self, sql: str, params: Sequence[Any] = ()) -> Sequence[Row]:
        cur = self.conn.execute(_placeholders(sql), params)
        return cur.fetchall() if cur.description is not None else []

    def schema_version(self) -> int:
        return int(self._one("SELECT coalesce(max(version), 0) AS v FROM schema_version")["v"])

    def _execute(self, sql: str, params: Sequence[Any] = ()) -> None:
        self.conn.execute(_placeholders(sql), params)

    def _executemany(self, sql: str, rows: Sequence[Sequence[Any]]) -> None:
        if rows:
            self.conn.cursor().executemany(_placeholders(sql), rows)

    @contextmanager
    def _transaction(self) -> Iterator[None]:
        """A write transaction that holds the store's write lock until it commits. Without it a batch
        that numbered its articles first but commits last would be skipped by a reader that had seen a
        later batch's higher rowid (sequences are not transactional)."""
        with self.conn.transaction():
            self.conn.execute("SELECT pg_advisory_xact_lock(%s)", (_WRITE_LOCK,))
            yield

    def write_batch(self, articles: Sequence[Article], links: LinkChanges | None = None) -> BatchResult:
        """One transaction per batch, retried when it deadlocks with a concurrent ingest."""
        for attempt in range(1, _RETRIES + 1):
            try:
                return super().write_batch(articles, links)
            except (pg_errors.DeadlockDetected, pg_errors.SerializationFailure):
                if attempt == _RETRIES:
                    raise
                time.sleep(random.uniform(0.05, 0.2) * attempt)  # apart, so they do not collide again
        raise AssertionError("unreachable")

    def _article_params(self, article: Article, chash: str) -> tuple[Any, ...]:
        return (*super()._article_params(article, chash), index_terms(article))

    def _search_source(self, parsed: ParsedQuery) -> tuple[str, str, list[Any]]:
        # Each phrase is one bound parameter (its stems) given to phraseto_tsquery, which reads it as
        # plain text; only the AND/OR/NOT structure is SQL, and that comes from the parse.
        phrase = "phraseto_tsquery('simple', ?)"
        parts = ["(" + " || ".join([phrase] * len(group)) + ")" for group in parsed.groups]
        parts += [f"!!{phrase}" for _ in parsed.excluded]
        params: list[Any] = [_stems(p) for group in parsed.groups for p in group]
        params += [_stems(p) for p in parsed.excluded]
        return (
            f"FROM articles a, (SELECT {' && '.join(parts)} AS query) q WHERE a.search @@ q.query",
            "ts_rank(a.search, q.query)",
            params,
        )

    def close(self) -> None:
        self.conn.close()

    def __enter__(self) -> PostgresStore:
        return self


def migrate(conn: Any, directory: Path | Traversable | None = None) -> int:
    """Apply the migrations newer than the `schema_version` table says, each in its own transaction."""

    def apply(version: int, script: str) -> None:
        with conn.transaction():
            conn.execute(script)  # several statements, no parameters: one simple-protocol query
            conn.execute("INSERT INTO schema_version (version) VALUES (%s)", (version,))

    conn.execute("SELECT pg_advisory_lock(%s)", (_MIGRATION_LOCK,))
    try:
        conn.execute(
            "CREATE TABLE IF NOT EXISTS schema_version (version INTEGER PRIMARY KEY,"
            " applied_at TIMESTAMPTZ NOT NULL DEFAULT now())"
        )
        current = conn.execute("SELECT coalesce(max(version), 0) AS v FROM schema_version").fetchone()["v"]
        return schema.upgrade(directory if directory is not None else MIGRATIONS, int(current), apply)
    finally:
        conn.execute("SELECT pg_advisory_unlock(%s)", (_MIGRATION_LOCK,))


def _stems(words: list[str]) -> str:
    return " ".join(stem(w) for w in words)


@lru_cache(maxsize=256)
def _placeholders(sql: str) -> str:
    """The shared SQL's `?` placeholders as psycopg's `%s` (a literal % doubled first)."""
    return sql.replace("%", "%%").replace("?", "%s")


def one_line(exc: BaseException) -> str:
    return " ".join(str(exc).split())
