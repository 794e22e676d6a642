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


HOSTILE = {
    "id": "hostile-1",
    "title": "Angriff <script>alert(1)</script> auf <img src=x onerror=alert(1)> in Berlin",
    "text": (
        "Bundeskanzler Olaf Scholz sagte am Montag in Berlin: „<script>alert(1)</script> ist keine"
        " Antwort.“ Die Regierung prüfe den Vorfall <img src=x onerror=alert(1)> genau, sagte Scholz."
        " Der Angriff auf die Redaktion wurde von der Polizei untersucht."
    ),
    "published": "2022-02-07",
    "outlet": "Testblatt <b>Nachrichten</b>",
    "url": "javascript:alert(1)",
    "language": "de",
}


@pytest.fixture(scope="session")
def api_db(tmp_path_factory: pytest.TempPathFactory) -> str:
    """A real store with the seeds and one hostile article, ingested once for the API and browser
    tests (ingesting loads the NER model, which takes seconds)."""
    import json

    from lagebild.batch import ingest
    from lagebild.store import open_store

    folder = tmp_path_factory.mktemp("api")
    hostile = folder / "hostile.jsonl"
    hostile.write_text(json.dumps(HOSTILE, ensure_ascii=False) + "\n", encoding="utf-8")
    url = f"sqlite:///{folder / 'api.db'}"
    with open_store(url) as store:
        report = ingest([str(SEEDS), str(hostile)], store)
    assert report.added == 3, report.failures
    return url


@pytest.fixture(scope="session")
def story_db(tmp_path_factory: pytest.TempPathFactory) -> str:
    """A real store with the link test articles (tests/link/articles.py), whose Paris story has an
    original, a repost, a translation and an independent report: the story page's comparison and
    quote drift need several outlets quoting the same people."""
    import json

    from lagebild.batch import ingest
    from lagebild.store import open_store
    from link.articles import ALL

    folder = tmp_path_factory.mktemp("story")
    source = folder / "articles.jsonl"
    source.write_text("".join(json.dumps(a, ensure_ascii=False) + "\n" for a in ALL), encoding="utf-8")
    url = f"sqlite:///{folder / 'story.db'}"
    with open_store(url) as store:
        report = ingest([str(source)], store)
    assert report.added == len(ALL), report.failures
    return url
