"""Training the speaker model from the Wikinews train split: it must choose better than the rules on
articles it has not seen. Slow (it reads 300 articles through the NER)."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT.parent / "shared" / "data" / "quotes_wikinews" / "train_compact"


@pytest.mark.slow
@pytest.mark.skipif(not DATA.exists(), reason="../shared/data is not beside the repository")
def test_the_trained_speaker_model_beats_the_rules_on_unseen_articles() -> None:
    spec = importlib.util.spec_from_file_location("train_speakers", ROOT / "models/quotes/train_speakers.py")
    assert spec is not None and spec.loader is not None
    train_speakers = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(train_speakers)
    from lagebild.nlp.quotes.spkatt import read_compact

    articles = list(read_compact(DATA))[:300]
    data, counts = train_speakers.examples(articles)
    assert counts["matched"] > 500
    seen = [x for x in data if x[3] % 3 != 0]
    unseen = [x for x in data if x[3] % 3 == 0]
    model = train_speakers.train(seen, 5, 1e-4, 0.05, seeds=2)
    rules = sum(x[2] for x in unseen) / len(unseen)
    assert train_speakers.accuracy(unseen, model) > rules
