"""Shared fixtures: the seed articles, and a fresh real store on every backend.

`db_url` (and `store`, built on it) is parametrised over SQLite and PostgreSQL, so every test that
uses it runs on both. PostgreSQL is a real server: the one `$LAGEBILD_TEST_PG` names (a URL that may
create databases), else one this session starts from the installed PostgreSQL binaries in a temporary
directory (tests/pg_server.py). Without either the PostgreSQL cases are skipped with the reason, except
in CI (`CI=true`), where that is an error, so a broken set-up cannot pass as green.
"""

from __future__ import annotations

import itertools
import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from pg_server import PgServer, admin_connect, start_server

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "samples" / "corpus" / "seeds"
SAMPLES = ROOT / "samples" / "corpus"
BACKENDS = ["sqlite", "postgres"]
_databases = itertools.count(1)


@pytest.fixture
def seeds_dir() -> Path:
    return SEEDS


@pytest.fixture(scope="session")
def pg_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[PgServer]:
    """A PostgreSQL server for the session; skipped (failed in CI) when there is none."""
    url = os.environ.get("LAGEBILD_TEST_PG")
    server: PgServer | None = None
    try:
        server = PgServer(url) if url else start_server()
        admin_connect(server.url).close()  # reachable, and the driver is installed
    except Exception as exc:  # any reason at all: it is reported below, never swallowed in CI
        reason = f"no PostgreSQL server for the tests ({exc}); set LAGEBILD_TEST_PG=postgresql://…"
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(reason)
        pytest.skip(reason)
    yield server
    server.stop()


@pytest.fixture
def pg_url(pg_server: PgServer) -> Iterator[str]:
    """A fresh, empty database on the test server, dropped after the test."""
    name = f"lagebild_test_{os.getpid()}_{next(_databases)}"
    with admin_connect(pg_server.url) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    yield pg_server.database_url(name)
    with admin_connect(pg_server.url) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture(params=BACKENDS)
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    if request.param == "postgres":
        return str(request.getfixturevalue("pg_url"))
    return f"sqlite:///{tmp_path / 'test.db'}"


@pytest.fixture
def store(db_url: str) -> Iterator[object]:
    from lagebild.store import open_store

    with open_store(db_url) as s:
        yield s
