"""Language stages that read the clean text: entities, quotes, dates and events."""

from __future__ import annotations

import os
from pathlib import Path


def models_root() -> Path:
    """Where trained models live: $LAGEBILD_MODELS, else the repository's `models/` folder."""
    base = os.environ.get("LAGEBILD_MODELS")
    return Path(base) if base else Path(__file__).resolve().parents[3] / "models"


def words(text: str) -> frozenset[str]:
    """A word set written as one string, as word lists read best."""
    return frozenset(text.split())
