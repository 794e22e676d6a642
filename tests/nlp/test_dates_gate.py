"""Quality gate for dates: the hand-annotated dev data must stay above pinned floors (STYLE.md, 5).

The floors sit a little under the figures of `python benchmarks/dates_eval.py --part all` over every data
file, so a rule change that costs recall, precision or values elsewhere fails here; raise them as the
figures improve.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
DATA = sorted((ROOT / "benchmarks/data").glob("dates_*.txt"))


def _evaluator():  # type: ignore[no-untyped-def]
    spec = importlib.util.spec_from_file_location("dates_eval", ROOT / "benchmarks/dates_eval.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize("path", DATA, ids=[p.name for p in DATA])
def test_dates_stay_above_their_floors(path: Path) -> None:
    evaluator = _evaluator()
    n_gold, n_pred, lenient, _, right = evaluator.score(evaluator.passages(path), errors=False)
    precision, recall = lenient / n_pred, lenient / n_gold
    f1 = 2 * precision * recall / (precision + recall)
    assert f1 >= 0.95, f"{path.name}: lenient F1 {f1:.3f} fell below 0.95"
    assert right / lenient >= 0.93, f"{path.name}: value accuracy {right / lenient:.3f} fell below 0.93"
