"""The link test articles, analysed once per session (analysis loads the NER model)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from lagebild.link import LinkFeatures, features
from lagebild.model import Article, RawArticle
from lagebild.pipeline import analyze_many, default_stages

from .articles import ALL


def raw(item: dict[str, object]) -> RawArticle:
    hints = {k: v for k, v in item.items() if k != "text"}
    return RawArticle(
        path="tests/link/articles.py", record=str(item["id"]), raw_text=str(item["text"]), hints=hints
    )


@pytest.fixture(scope="session")
def analysed() -> dict[str, tuple[Article, LinkFeatures]]:
    articles = analyze_many([raw(item) for item in ALL], default_stages())
    assert all(isinstance(a, Article) for a in articles)
    feats = features(articles)  # type: ignore[arg-type]
    return {a.id: (a, f) for a, f in zip(articles, feats, strict=True)}  # type: ignore[union-attr]


@pytest.fixture
def articles_jsonl(tmp_path: Path) -> Path:
    path = tmp_path / "articles.jsonl"
    path.write_text("".join(json.dumps(item, ensure_ascii=False) + "\n" for item in ALL), encoding="utf-8")
    return path
