"""Record in a trained model's meta.json whether it saw the unseen third of GermEval dev.

    python models/ner/mark_model.py MODEL_DIR [--no-holdout]

`benchmarks/ner_eval.py` reads this and warns when it scores a model on sentences it was trained on.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("model")
    parser.add_argument("--no-holdout", action="store_true")
    args = parser.parse_args()
    meta_path = Path(args.model) / "meta.json"
    meta = json.loads(meta_path.read_text(encoding="utf-8"))
    meta["lagebild"] = {"germeval_dev_unseen_third_in_training": bool(args.no_holdout)}
    meta_path.write_text(json.dumps(meta, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
