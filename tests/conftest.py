"""Shared fixtures: the seed articles and a fresh real SQLite store."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "samples" / "corpus" / "seeds"
SAMPLES = ROOT / "samples" / "corpus"


@pytest.fixture
def seeds_dir() -> Path:
    return SEEDS


@pytest.fixture
def db_url(tmp_path: Path) -> str:
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
