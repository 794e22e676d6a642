from __future__ import annotations

import pytest

from lagebild.errors import PipelineError
from lagebild.model import Article, SpanMap
from lagebild.pipeline import check_order, default_stages, stage


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
