"""spaCy's hash and static-vector embedding, with the static vectors projected once per word at inference.

spaCy's `StaticVectors` layer looks up every token's vector and multiplies it by the layer's weights.
With the NER model's wide piece vectors (`piece_vectors.py`: 1,676 numbers a word) that gather and
product cost a third of the tagger's time, though a text repeats most of its words. This layer is
the same layer (name, weights, initialisation, and the training pass are spaCy's), but when it predicts
it asks the vectors for their projected rows (`PieceVectors.projected`), which remembers each word's
96 numbers instead of its 1,676. `lagebild.MultiHashEmbed.v1` builds spaCy's `MultiHashEmbed.v2` with
this layer in place of spaCy's, so a model trained with either architecture loads with the other.
spaCy finds the architecture by an entry point (`pyproject.toml`).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import Any

import spacy
from spacy.attrs import ORTH
from spacy.ml.models.tok2vec import MultiHashEmbed
from spacy.ml.staticvectors import forward as static_forward
from spacy.ml.staticvectors import init as static_init
from thinc.api import Model
from thinc.initializers import glorot_uniform_init
from thinc.types import Ragged


def projected_static_vectors(width: int) -> Model:
    """spaCy's `StaticVectors(width, dropout=0.0)` whose prediction is projected once per word."""
    return Model(
        "static_vectors",
        forward,
        init=partial(static_init, glorot_uniform_init),
        params={"W": None},
        attrs={"key_attr": "ORTH", "dropout_rate": 0.0},
        dims={"nO": width, "nM": None},
    )


def forward(model: Model, docs: list[Any], is_train: bool) -> tuple[Ragged, Callable]:
    vectors = docs[0].vocab.vectors if docs else None
    if is_train or vectors is None or not hasattr(vectors, "projected") or not sum(map(len, docs)):
        return static_forward(model, docs, is_train)
    keys = model.ops.flatten([doc.to_array(ORTH) for doc in docs])
    data = vectors.projected(keys, model.ops.as_contig(model.get_param("W")))
    lengths = model.ops.asarray1i([len(doc) for doc in docs])
    return Ragged(model.ops.asarray2f(data), lengths), lambda d_output: []


@spacy.registry.architectures("lagebild.MultiHashEmbed.v1")
def multi_hash_embed(
    width: int, attrs: list[str | int], rows: list[int], include_static_vectors: bool
) -> Model:
    """spaCy's `MultiHashEmbed.v2`, its static vectors projected once per word at inference."""
    model = MultiHashEmbed(width, attrs, rows, include_static_vectors)
    for node in list(model.walk()):
        if node.name == "static_vectors":
            model.replace_node(node, projected_static_vectors(width))
    return model
