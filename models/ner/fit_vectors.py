"""Give the fast tagger's floret vectors what the accurate tagger knows about each word type.

    python models/ner/fit_vectors.py [--cbow /tmp/lagebild-ner/vectors] [--teacher models/ner-accurate] \
        [--text /tmp/lagebild-ner/text.txt /tmp/lagebild-ner/silver.txt] [--out /tmp/lagebild-ner/vectors-fit]

The CNN learns names from a few thousand gold sentences, some silver and floret vectors trained on a
few million words; the accurate tagger's encoder was pretrained on far more. Here each frequent word
of the training text is run through the accurate tagger on its own, and its first piece's last-layer
state (reduced by PCA) and tag log-probabilities become that word's *type vector*. A floret table of
the same hashing as the CBOW vectors is then fitted by ridge least squares, so that the mean of a
word's subword rows reproduces its type vector: words never seen (most new names) get the vector
their character n-grams suggest. The CBOW table and the fitted table are joined column-wise into one
floret table, which `config.cfg` reads as `paths.vectors` like before.

The vocabulary comes from training text only, never from GermEval dev, so the unseen third stays
unseen. Printed: the fit's R² on a held-out 5 % of the words (how well n-grams predict new words), for
`--ridge` and any `--try-ridge` strengths; the type vectors are cached beside `--out`.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections import Counter
from pathlib import Path

import numpy as np
import spacy
from scipy import sparse
from spacy.vectors import Vectors

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "src"))
from lagebild.nlp.entities.accurate import Tagger

HERE = Path(__file__).resolve().parent


def vocabulary(paths: list[str], size: int, min_count: int) -> list[str]:
    """The most frequent space-separated tokens of the (pre-tokenised) training text."""
    counts: Counter[str] = Counter()
    for path in paths:
        with open(path, encoding="utf-8") as fh:
            for line in fh:
                counts.update(line.split())
    return [w for w, c in counts.most_common(size) if c >= min_count and len(w) < 40]


def type_vectors(tagger: Tagger, words: list[str], batch: int = 256) -> tuple[np.ndarray, np.ndarray]:
    """Each word encoded alone: its first piece's last-layer state in the tagger's first member, and
    the tag log-probabilities of the whole tagger."""
    encoded = [tagger.encoder.tokenizer.encode_words([w], 32)[0] for w in words]
    order = sorted(range(len(words)), key=lambda i: len(encoded[i]))
    member = tagger.members[0]
    states = np.zeros((len(words), member.head_w.shape[0]), dtype=np.float32)
    logp = np.zeros((len(words), member.head_w.shape[1]), dtype=np.float32)
    for start in range(0, len(order), batch):
        chunk = order[start : start + batch]
        ids = [encoded[i] for i in chunk]
        run = tagger.encoder.start(ids)
        x = run.x
        for weights in tagger.encoder.layers[: member.first] + member.layers:
            x = tagger.encoder.layer(run, x, weights)
        states[chunk] = x.reshape(run.shape)[:, 1]
        logp[chunk] = tagger.log_probs(ids)[:, 1]
    return states, logp


def targets(states: np.ndarray, logp: np.ndarray, dims: int) -> np.ndarray:
    """PCA of the states plus the log-probs, each block scaled to unit mean variance."""
    centred = states - states.mean(axis=0)
    _, _, components = np.linalg.svd(centred[:: max(1, len(centred) // 20000)], full_matrices=False)
    reduced = centred @ components[: dims - logp.shape[1]].T
    blocks = [reduced, logp - logp.mean(axis=0)]
    return np.hstack([b / np.sqrt(b.var(axis=0).mean()) for b in blocks]).astype(np.float32)


def incidence(vectors: Vectors, words: list[str]) -> sparse.csr_matrix:
    """Words × floret rows: each of a word's n-gram hash rows weighs 1/count, as floret averages them."""
    rows_of, indptr, indices = vectors.shape[0], [0], []
    for word in words:
        rows = [h % rows_of for gram in vectors._get_ngrams(word) for h in vectors._get_ngram_hashes(gram)]
        indices.extend(rows)
        indptr.append(len(indices))
    lengths = np.diff(indptr)
    data = np.repeat(1.0 / lengths, lengths).astype(np.float32)
    matrix = sparse.csr_matrix((data, indices, indptr), shape=(len(words), rows_of))
    matrix.sum_duplicates()
    return matrix


def ridge(a: sparse.csr_matrix, y: np.ndarray, strength: float, steps: int) -> np.ndarray:
    """Solve (AᵀA + λI) T = AᵀY by conjugate gradients, all columns at once (λ relative to AᵀA's diagonal)."""
    at = a.T.tocsr()
    lam = strength * float(np.asarray(a.multiply(a).sum(axis=0)).mean())

    def apply(t: np.ndarray) -> np.ndarray:
        return at @ (a @ t) + lam * t

    t = np.zeros((a.shape[1], y.shape[1]), dtype=np.float32)
    r = at @ y
    p = r.copy()
    rr = (r * r).sum(axis=0)
    for _ in range(steps):
        ap = apply(p)
        alpha = rr / np.maximum((p * ap).sum(axis=0), 1e-20)
        t += p * alpha
        r -= ap * alpha
        new = (r * r).sum(axis=0)
        p = r + p * (new / np.maximum(rr, 1e-20))
        rr = new
    return t


def r2(pred: np.ndarray, gold: np.ndarray) -> float:
    return float(1 - ((pred - gold) ** 2).sum() / ((gold - gold.mean(axis=0)) ** 2).sum())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cbow", default="/tmp/lagebild-ner/vectors", help="the floret CBOW vectors folder")
    parser.add_argument("--teacher", default=str(HERE.parent / "ner-accurate"))
    texts = [f"/tmp/lagebild-ner/{name}.txt" for name in ("text", "silver")]
    parser.add_argument("--text", nargs="+", default=texts, help="tokenised training text")
    parser.add_argument("--out", default="/tmp/lagebild-ner/vectors-fit")
    parser.add_argument("--words", type=int, default=150000)
    parser.add_argument("--min-count", type=int, default=2)
    parser.add_argument("--dims", type=int, default=64)
    parser.add_argument("--ridge", type=float, default=1.0, help="chosen on held-out words' R²")
    parser.add_argument("--steps", type=int, default=150)
    parser.add_argument("--try-ridge", type=float, nargs="*", default=[], help="also report these strengths")
    args = parser.parse_args()
    started = time.time()
    cbow = spacy.load(args.cbow).vocab.vectors
    words = vocabulary(args.text, args.words, args.min_count)
    print(f"{len(words)} words ({time.time() - started:.0f} s)", flush=True)
    cache = Path(args.out).with_suffix(".types.npz")
    if cache.exists() and list(np.load(cache)["words"]) == words:
        y = np.load(cache)["y"]
    else:
        states, logp = type_vectors(Tagger(Path(args.teacher)), words)
        y = targets(states, logp, args.dims)
        np.savez(cache, words=np.array(words), y=y)
    print(f"type vectors {y.shape} ({time.time() - started:.0f} s)", flush=True)
    a = incidence(cbow, words)
    held = np.arange(len(words)) % 20 == 7
    for strength in sorted({args.ridge, *args.try_ridge}):
        fit = ridge(a[~held], y[~held], strength, args.steps)
        seen, new = r2(a[~held] @ fit, y[~held]), r2(a[held] @ fit, y[held])
        print(f"ridge {strength}: R² seen words {seen:.3f}, held-out words {new:.3f}", flush=True)
    table = ridge(a, y, args.ridge, args.steps)
    data = np.hstack([cbow.data, table]).astype(np.float32)
    settings = {k: getattr(cbow, k) for k in ("minn", "maxn", "hash_count", "hash_seed", "bow", "eow")}
    nlp = spacy.blank("de")
    nlp.vocab.vectors = Vectors(strings=nlp.vocab.strings, data=data, mode="floret", attr="ORTH", **settings)
    nlp.to_disk(args.out)
    print(f"{args.out}: floret table {data.shape} ({time.time() - started:.0f} s)")


if __name__ == "__main__":
    main()
