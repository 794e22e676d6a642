"""Named entities (PER, ORG, LOC, OTH); the stages are `entities` and `entities_accurate`."""

from __future__ import annotations

from lagebild.nlp.entities.ner import (
    entities,
    entities_accurate,
    finish,
    load_model,
    model_path,
    recognize_articles,
    recognize_batch,
)

__all__ = [
    "entities",
    "entities_accurate",
    "finish",
    "load_model",
    "model_path",
    "recognize_articles",
    "recognize_batch",
]
