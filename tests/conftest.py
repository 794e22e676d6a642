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
