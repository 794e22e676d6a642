"""Named entities (PER, ORG, LOC, OTH) with a German NER model that lagebild trains itself.

A statistical model trained on little data misses names and cuts them badly, so its mentions are
finished by rules: roles cut off person names and kept, names from the curated alias table and from
rules added, variants folded into canonical entities.

The package: `ner.py` loads the model (`models/ner-de`) and tags texts with it, `accurate.py` is the
slower e5 tagger (`e5.py` reads the encoder in numpy) behind `--ner accurate`, `finish.py` tidies
what a tagger found and adds `gazetteer.py`'s alias-table names and `rules.py`'s rule names,
`roles.py` cuts off and attaches roles, `names.py` folds variants into canonical entities,
`piece_vectors.py` gives the model its word vectors (e5 and USE-m3 piece embeddings), `conll.py`
reads GermEval for training and evaluation; the stages are `entities` and `entities_accurate` below.
"""

from __future__ import annotations

from collections.abc import Callable

from lagebild.model import Article, Mention
from lagebild.nlp.entities.finish import finish
from lagebild.nlp.entities.names import resolve
from lagebild.nlp.entities.ner import load_model, model_path, recognize_batch
from lagebild.stages import stage

__all__ = [
    "entities",
    "entities_accurate",
    "finish",
    "load_model",
    "model_path",
    "recognize_articles",
    "recognize_batch",
]


def _fields(article: Article) -> list[tuple[str, str, int | None]]:
    """The strings of an article that name entities: text, title, and each removed caption once."""
    captions: dict[str, int] = {}
    for removal in article.removed:
        if removal.kind == "caption":
            captions.setdefault(removal.text, removal.raw_start)
    fields: list[tuple[str, str, int | None]] = [("text", article.text, None)]
    if article.title:
        fields.append(("title", article.title, None))
    return fields + [("caption", text, base) for text, base in captions.items()]


Recognizer = Callable[[list[str]], list[list[Mention]]]


def recognize_articles(articles: list[Article], recognize: Recognizer | None = None) -> list[Article]:
    """The entity stage over many articles, with one model call for all their strings."""
    fields = [_fields(a) for a in articles]
    tagged = iter((recognize or recognize_batch)([text for f in fields for _, text, _ in f]))
    for article, article_fields in zip(articles, fields, strict=True):
        found: list[Mention] = []
        for field, text, base in article_fields:
            for m in finish(text, next(tagged), fold=False):
                m.field, m.raw_base = field, base
                found.append(m)
        article.entities = resolve(found)
    return articles


@stage(requires=("text", "title"), provides=("entities",), batch=recognize_articles)
def entities(article: Article) -> Article:
    """Find PER/ORG/LOC/OTH mentions and fold them into canonical entities.

    Besides the clean text, the title and the photo captions that cleaning removed are read too:
    captions often name the people in a story ("Präsident Wolodymyr Selenskyj antwortet …") and
    are kept out of the text only because pages repeat them. Each caption text is read once.
    """
    return recognize_articles([article])[0]


def recognize_articles_accurate(articles: list[Article]) -> list[Article]:
    from lagebild.nlp.entities.accurate import recognize_accurate

    return recognize_articles(articles, recognize_accurate)


@stage(requires=("text", "title"), provides=("entities",), batch=recognize_articles_accurate)
def entities_accurate(article: Article) -> Article:
    """The entity stage with the accurate tagger (`--ner accurate`): multilingual-e5-small with
    lagebild's adapters instead of the CNN; the same rules, roles and folding follow."""
    return recognize_articles_accurate([article])[0]
