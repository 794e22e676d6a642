"""How much entity type a word's vector alone carries: the probe behind the NER model's piece vectors.

    python benchmarks/word_vector_probe.py --corpus /tmp/lagebild-ner/train.spacy [--part tuning]
                                           [--floret DIR]

A small classifier (one hidden layer of 128, Adam, 300 full-batch steps; torch, the training extra)
learns each token's entity type (O/PER/LOC/ORG/OTH) from its word's vector and three shape bits only,
no context, on tokens of the CNN's training corpus (`models/ner/build_corpus.py` writes it: GermEval's
training part and the teacher's silver; the last `--docs` documents, all entity tokens and a tenth of
the O tokens). It is scored on GermEval dev's unseen third (`--part tuning`: the tuning ninth, the part
to choose by): micro F1 over entity tokens, for all tokens and for words the probe never saw. The
vectors compared are e5's piece means, USE-m3's, and both side by side, as the NER model reads them.
`--floret` adds a floret vectors folder (spaCy's `init vectors` output, as the removed
`models/ner/train_vectors.py` wrote it; git history has it) to compare.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "models" / "ner"))
from build_corpus import germeval_split

from lagebild.nlp.entities.conll import read_germeval
from lagebild.nlp.entities.piece_vectors import piece_means, use_means

GERMEVAL = Path(__file__).resolve().parents[2] / "shared/data/germeval2014/NER-de-dev.tsv"
TYPES = ["PER", "LOC", "ORG", "OTH"]


def token_types(docs: list) -> tuple[list[str], list[str]]:
    words, labels = [], []
    for doc in docs:
        tags = ["O"] * len(doc)
        for ent in doc.ents:
            tags[ent.start : ent.end] = [ent.label_] * len(ent)
        words += [token.text for token in doc]
        labels += tags
    return words, labels


def micro_f1(gold: np.ndarray, pred: np.ndarray) -> float:
    hit = int(((gold == pred) & np.isin(gold, TYPES)).sum())
    total = int(np.isin(pred, TYPES).sum() + np.isin(gold, TYPES).sum())
    return 2 * hit / total if total else 0.0


def probe(train: np.ndarray, y_train: np.ndarray, test: np.ndarray) -> np.ndarray:
    import torch

    torch.manual_seed(0)
    classes = ["O", *TYPES]
    x = torch.tensor(train, dtype=torch.float32)
    y = torch.tensor([classes.index(c) for c in y_train])
    net = torch.nn.Sequential(torch.nn.Linear(x.shape[1], 128), torch.nn.ReLU(), torch.nn.Linear(128, 5))
    opt = torch.optim.Adam(net.parameters(), lr=0.01, weight_decay=1e-5)
    for _ in range(300):
        opt.zero_grad()
        torch.nn.functional.cross_entropy(net(x), y).backward()
        opt.step()
    with torch.no_grad():
        return np.array(classes)[net(torch.tensor(test, dtype=torch.float32)).argmax(1).numpy()]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", required=True, help="the CNN's train.spacy")
    parser.add_argument("--floret", help="a floret vectors folder to compare")
    parser.add_argument("--docs", type=int, default=30_000)
    parser.add_argument("--part", choices=["unseen", "tuning"], default="unseen", help="the part to score")
    args = parser.parse_args()
    import spacy
    import torch
    from spacy.tokens import DocBin

    torch.set_num_threads(1)
    nlp = spacy.load(args.floret) if args.floret else spacy.blank("de")
    docs = list(DocBin().from_disk(args.corpus).get_docs(nlp.vocab))[-args.docs :]
    train_words, train_labels = token_types(docs)
    y_train = np.array(train_labels)
    keep = (y_train != "O") | (np.random.default_rng(0).random(len(y_train)) < 0.1)
    train_words = [w for w, k in zip(train_words, keep, strict=True) if k]
    y_train = y_train[keep]
    scored = germeval_split(read_germeval(GERMEVAL))[args.part]
    test = [(w, t[2:] if t[:2] in ("B-", "I-") else "O") for sentence in scored for w, t in sentence]
    test_words = [w for w, _ in test]
    y_test = np.array([t for _, t in test])
    types = sorted(set(train_words) | set(test_words))
    row = {w: i for i, w in enumerate(types)}
    shape = np.array([[w[:1].isupper(), w.isupper(), any(c.isdigit() for c in w)] for w in types], float)
    unit = lambda m: m / (np.linalg.norm(m, axis=1, keepdims=True) + 1e-6)  # noqa: E731
    e5, use = unit(piece_means(types)), unit(use_means(types))
    tables = {"e5 piece means": e5, "USE-m3 piece means": use, "e5 + USE-m3": np.hstack([e5, use])}
    if args.floret:
        floret = unit(np.asarray(nlp.vocab.vectors.get_batch([nlp.vocab.strings.add(w) for w in types])))
        tables = {"floret": floret, **tables, "floret + e5": np.hstack([floret, e5])}
    seen = {w.lower() for w in train_words}
    new = np.array([w.lower() not in seen for w in test_words])
    print(f"{len(y_train)} probe training tokens; {len(test_words)} test tokens, {new.sum()} of unseen words")
    for name, table in tables.items():
        features = np.hstack([table, shape])
        pred = probe(features[[row[w] for w in train_words]], y_train, features[[row[w] for w in test_words]])
        everything, unseen_words = micro_f1(y_test, pred), micro_f1(y_test[new], pred[new])
        print(f"{name:16} micro F1 {everything:.3f}, on words it never saw {unseen_words:.3f}")


if __name__ == "__main__":
    main()
