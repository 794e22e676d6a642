"""What only the PostgreSQL store has: a driver that may be missing, a server that may be down, a URL
with a password, and a database that is not lagebild's."""

from __future__ import annotations

import pytest

import lagebild.store.postgres as pg
from lagebild.errors import StoreError
from lagebild.store import open_store


def test_postgres_without_driver_says_which_extra_to_install(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(pg, "psycopg", None)
    with pytest.raises(StoreError, match=r"lagebild\[postgres\]"):
        open_store("postgresql://localhost/lagebild")


def test_postgres_unreachable_server_is_one_clear_line_without_the_password() -> None:
    pytest.importorskip("psycopg")
    with pytest.raises(StoreError, match="Cannot connect to PostgreSQL") as caught:
        open_store("postgresql://me:s3cret@127.0.0.1:1/lagebild?connect_timeout=3")
    assert "s3cret" not in str(caught.value)
    assert "\n" not in str(caught.value)


def test_postgres_database_of_someone_else_is_refused_clearly(pg_url: str) -> None:
    import psycopg

    with psycopg.connect(pg_url, autocommit=True) as conn:
        conn.execute("CREATE TABLE articles (something_else INTEGER)")
    with pytest.raises(StoreError, match="not a usable lagebild PostgreSQL database"):
        open_store(pg_url)


def test_postgres_placeholders_double_literal_percent_signs() -> None:
    assert pg._placeholders("SELECT '100%' WHERE a = ? AND b LIKE ?") == (
        "SELECT '100%%' WHERE a = %s AND b LIKE %s"
    )


def test_postgres_url_password_is_never_shown() -> None:
    from lagebild.store import redact_url

    assert redact_url("postgresql://me:s3cret@db:5432/lagebild") == "postgresql://me:***@db:5432/lagebild"
    assert redact_url("postgresql://me@db/lagebild") == "postgresql://me@db/lagebild"
    assert redact_url("sqlite:///a.db") == "sqlite:///a.db"
