from __future__ import annotations

import pytest

from lagebild.errors import PipelineError
from lagebild.model import Article, SpanMap
from lagebild.pipeline import check_order, default_stages
from lagebild.stages import stage


def test_pipeline_default_stages_are_in_order() -> None:
    check_order(default_stages())
    check_order(default_stages(clean=False))


def test_pipeline_check_order_names_the_missing_requirement() -> None:
    @stage(requires=("entities",), provides=("quotes",))
    def quotes(article: Article) -> Article:
        return article

    with pytest.raises(PipelineError, match="'quotes' requires entities"):
        check_order([quotes])


def test_span_map_maps_every_clean_character_back() -> None:
    raw = "HEADER\n\nAlpha beta.\nJUNK\nGamma."
    kept = [(8, 20), (25, 31)]
    text = "".join(raw[a:b] for a, b in kept)
    segments, pos = [], 0
    for a, b in kept:
        segments.append((pos, a, b - a))
        pos += b - a
    span_map = SpanMap(segments)
    assert all(raw[span_map.to_raw(i)] == text[i] for i in range(len(text)))
    start = text.index("Gamma")
    assert raw[span_map.to_raw(start) : span_map.to_raw(start + 5, end=True)] == "Gamma"
    assert span_map.to_raw(len(text), end=True) == len(raw)


def test_analyze_many_uses_the_batch_form_and_loses_only_the_article_at_fault() -> None:
    from lagebild.model import Article, RawArticle
    from lagebild.pipeline import analyze_many
    from lagebild.stages import stage

    seen: list[int] = []

    def shout_all(articles: list[Article]) -> list[Article]:
        seen.append(len(articles))
        if any("kaputt" in a.raw for a in articles):
            raise ValueError("batch refused")
        for a in articles:
            a.text = a.raw.upper()
        return articles

    @stage(requires=("raw",), provides=("text",), batch=shout_all)
    def shout(article: Article) -> Article:
        if "kaputt" in article.raw:
            raise ValueError("kaputt")
        article.text = article.raw.upper()
        return article

    good = [RawArticle(path=f"{i}.txt", raw_text=f"text {i}") for i in range(3)]
    results = analyze_many(good, [shout])
    assert seen == [3] and [r.text for r in results if isinstance(r, Article)] == [
        "TEXT 0",
        "TEXT 1",
        "TEXT 2",
    ]
    mixed = analyze_many([good[0], RawArticle(path="bad.txt", raw_text="kaputt"), good[1]], [shout])
    assert isinstance(mixed[1], ValueError)
    assert [r.text for r in mixed if isinstance(r, Article)] == ["TEXT 0", "TEXT 1"]


def test_pipeline_stage_modules_do_not_import_the_pipeline() -> None:
    """Stages register through lagebild.stages; importing one must not pull in pipeline.py."""
    import subprocess
    import sys

    modules = ["lagebild.clean", "lagebild.meta", "lagebild.nlp.entities", "lagebild.nlp.quotes",
               "lagebild.nlp.dates", "lagebild.nlp.events"]  # fmt: skip
    code = f"import sys; import {', '.join(modules)}; print('lagebild.pipeline' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
