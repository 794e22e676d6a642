"""The German NER model that lagebild trains itself, and recognition with it.

No pretrained German model can be installed offline, so `models/ner/train.sh` trains one from the
openly licensed corpora in ../shared/data and ships it in `models/ner-de`. The model is loaded once
per process; `$LAGEBILD_MODELS` points at another models folder.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import cache
from pathlib import Path
from typing import Any

from lagebild.errors import LagebildError
from lagebild.model import Mention
from lagebild.nlp import models_root

MODEL_NAME = "ner-de"


def model_path() -> Path:
    """Where the NER model lives: $LAGEBILD_MODELS/ner-de, else the repository's models/ner-de."""
    return models_root() / MODEL_NAME


@cache
def load_model() -> Any:
    import spacy

    import lagebild.nlp.entities.piece_vectors  # noqa: F401  (registers the model's vectors with spaCy)

    path = model_path()
    if not (path / "meta.json").exists():
        raise LagebildError(
            f"NER model not found at {path}; run models/ner/train.sh or set LAGEBILD_MODELS to its folder."
        )
    return spacy.load(path)


PIECE_CHARS = 20_000  # the model reads long texts in pieces of about this size, cut between paragraphs


def pieces(text: str, size: int = PIECE_CHARS) -> list[int]:
    """Start offsets of the pieces of a long text: cut at a paragraph break, else a line break, else a
    sentence end or a space, so that no entity is cut and memory stays bounded for a 5 MB article."""
    starts, pos = [0], 0
    while len(text) - pos > size:
        window = text[pos + size // 2 : pos + size]
        cut = next(
            (window.rfind(sep) + len(sep) for sep in ("\n\n", "\n", ". ", " ") if window.rfind(sep) > 0), -1
        )
        pos = pos + size // 2 + cut if cut > 0 else pos + size
        starts.append(pos)
    return starts


def recognize_batch(texts: Iterable[str], batch_size: int = 64) -> list[list[Mention]]:
    """Entity mentions of many texts at once (nlp.pipe batches them for speed); long texts are read in
    pieces and their mentions put back at their offsets in the whole text."""
    nlp = load_model()
    owners: list[tuple[int, int]] = []  # (text index, offset of the piece)
    chunks: list[str] = []
    texts = list(texts)
    for i, text in enumerate(texts):
        starts = pieces(text)
        for start, end in zip(starts, [*starts[1:], len(text)], strict=True):
            owners.append((i, start))
            chunks.append(text[start:end])
    found: list[list[Mention]] = [[] for _ in texts]
    for (i, offset), doc in zip(owners, nlp.pipe(chunks, batch_size=batch_size), strict=True):
        found[i] += [Mention(offset + e.start_char, offset + e.end_char, e.text, e.label_) for e in doc.ents]
    return found
