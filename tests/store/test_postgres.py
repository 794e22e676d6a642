"""What only the PostgreSQL store has: a driver that may be missing, a server that may be down, a URL
with a password, and a database that is not lagebild's."""

from __future__ import annotations

import threading
import time
from datetime import date

import pytest

import lagebild.store.postgres as pg
from lagebild.errors import StoreError
from lagebild.link import LinkChanges, LinkGraph
from lagebild.link.linker import link
from lagebild.model import Article
from lagebild.store import open_store

from .test_store import article


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


def test_postgres_link_graph_catches_up_on_a_batch_that_commits_after_a_later_one(pg_url: str) -> None:
    """A batch that numbered its article first but commits last is still read by a reader's catch-up.

    Writer 1 stores an article and then stalls (an outside session holds `link_features`, which it
    writes last); writer 2 stores another article meanwhile. A reader catching up in between must not
    move past writer 1's row for good."""
    import psycopg

    first = article("first", "Die Außenminister führten am Freitag Gespräche in Genf über die Ukraine.")
    later = article("later", "Beim Gipfel in Brüssel sprachen die Regierungschefs über Energiepreise.")
    days = [date(2022, 1, 21).toordinal()]  # the day both are published
    changes = link(LinkGraph(), [first])
    errors: list[BaseException] = []

    def write(a: Article, links: LinkChanges | None) -> None:
        try:
            with open_store(pg_url) as store:
                store.write_batch([a], links)
        except BaseException as exc:
            errors.append(exc)

    def waiting(watch: psycopg.Connection) -> int:  # in its own session: a transaction sees one snapshot
        row = watch.execute("SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock'").fetchone()
        return int(row[0]) if row else 0

    with (
        open_store(pg_url) as reader,
        psycopg.connect(pg_url, autocommit=True) as outside,
        psycopg.connect(pg_url, autocommit=True) as watch,
    ):
        graph = reader.link_graph(days, undated=False)
        with outside.transaction():
            outside.execute("LOCK TABLE link_features IN SHARE ROW EXCLUSIVE MODE")
            writer1 = threading.Thread(target=write, args=(first, changes))
            writer1.start()
            deadline = time.monotonic() + 60
            while waiting(watch) < 1 and time.monotonic() < deadline:
                time.sleep(0.05)
            writer2 = threading.Thread(target=write, args=(later, None))
            writer2.start()
            while writer2.is_alive() and waiting(watch) < 2 and time.monotonic() < deadline:
                time.sleep(0.05)
            graph = reader.link_graph(days, undated=False, graph=graph)  # catch up while writer 1 stalls
        writer1.join()
        writer2.join()
        assert not errors
        graph = reader.link_graph(days, undated=False, graph=graph)
        assert "first" in graph.features
