"""Named entities (PER, ORG, LOC, OTH) with a German NER model that lagebild trains itself.

No pretrained German model can be installed offline, so `models/ner/train.sh` trains one from the
openly licensed corpora in ../shared/data and ships it in `models/ner-de`. The model is loaded once
per process; `$LAGEBILD_MODELS` points at another models folder.

The stage then does what a statistical model trained on little data does badly: it cuts roles off
person names and keeps them (`roles.py`), adds names from the curated alias table the model missed
(the spelled-out "Organisation für Sicherheit und Zusammenarbeit in Europa"), and folds variants into
canonical entities (`names.py`).
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Iterable
from functools import cache
from pathlib import Path
from typing import Any

from lagebild.errors import LagebildError
from lagebild.model import Article, Mention
from lagebild.nlp import models_root, words
from lagebild.nlp.entities.names import Entry, alias_table, resolve
from lagebild.nlp.entities.roles import ROLE_WORD, attach_roles, split_role
from lagebild.nlp.entities.rules import oth_mentions, person_mentions, place_mentions
from lagebild.nlp.entities.vectors import cache_vectors
from lagebild.stages import stage

MODEL_NAME = "ner-de"


def model_path() -> Path:
    """Where the NER model lives: $LAGEBILD_MODELS/ner-de, else the repository's models/ner-de."""
    return models_root() / MODEL_NAME


@cache
def load_model() -> Any:
    import spacy

    path = model_path()
    if not (path / "meta.json").exists():
        raise LagebildError(
            f"NER model not found at {path}; run models/ner/train.sh or set LAGEBILD_MODELS to its folder."
        )
    return cache_vectors(spacy.load(path))


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


_WORD = re.compile(r"\w+(?:[.\-/'’]\w+)*\.?")
_MAX_WORDS = 9


def gazetteer_mentions(text: str) -> list[Mention]:
    """Alias-table names in the text (longest match first), genitive -s included.

    Only forms that cannot be ordinary words are used: several words, an acronym, or a person's or
    place's name ("Lawrow", "Genf"); single-word organisation aliases such as "Linke" are not.
    """
    surfaces = alias_table().surfaces
    reach = _prefix_reach(surfaces)
    words = list(_WORD.finditer(text))
    starts = [w.start() for w in words]
    found: list[Mention] = []
    i = 0
    while i < len(words):
        if not words[i].group()[0].isupper():
            i += 1
            continue
        start = starts[i]
        # A form of n >= 2 words is the span, less its final dot and at most one more character, so it
        # starts with this word and the character after it and reaches the last word's start: spans
        # that no form can be are skipped without slicing them (most capitalised words begin none).
        longest = reach.get(text[start : words[i].end() + 1], 0)
        most = min(_MAX_WORDS, len(words) - i, bisect_right(starts, start + longest, i) - i)
        for n in range(most, 0, -1):
            end = words[i + n - 1].end()
            match = _surface_match(text[start:end], surfaces)
            if match is not None:
                form, label = match
                found.append(Mention(start, start + len(form), form, label))
                i += n
                break
        else:
            part = _compound_part(words[i], surfaces)
            if part is not None:
                found.append(part)
            i += 1
    return found


_REACH: list[tuple[dict[str, Entry], dict[str, int]]] = []


def _prefix_reach(surfaces: dict[str, Entry]) -> dict[str, int]:
    """Every prefix of an alias form → the length of the longest form that begins with it; kept for
    the table it was built from (held here, so an identity check is safe when tests swap tables)."""
    if _REACH and _REACH[0][0] is surfaces:
        return _REACH[0][1]
    reach: dict[str, int] = {}
    for form in surfaces:
        for k in range(1, len(form) + 1):
            reach[form[:k]] = max(reach.get(form[:k], 0), len(form))
    _REACH[:] = [(surfaces, reach)]
    return reach


def _compound_part(word: re.Match[str], surfaces: dict[str, Entry]) -> Mention | None:
    """A known name at the front of a hyphenated compound: "NATO-Mitglied", "Ukraine-Krise".

    Labelled as GermEval labels such parts ("ORGpart"): the compound as a whole is no entity, but
    the article does speak of NATO.
    """
    if "-" not in word.group():
        return None
    head = word.group().split("-")[0]
    entry = surfaces.get(head)
    if entry is None or len(head) < 2:
        return None
    start = word.start()
    return Mention(
        start,
        start + len(head),
        head,
        entry.label + "part",
        entity_id=entry.entity_id,
        canonical=entry.canonical,
    )


def _surface_match(span: str, surfaces: dict[str, Entry]) -> tuple[str, str] | None:
    names = alias_table().names
    for form in (span, span.rstrip("."), span.rstrip(".")[:-1] if span.rstrip(".").endswith("s") else ""):
        entry = surfaces.get(form)
        if entry is None:
            continue
        usable = (
            " " in form
            or sum(c.isupper() for c in form) > 1
            or entry.label in ("PER", "LOC")
            or form in names
        )
        if usable:
            return (span.rstrip(".") if form != span.rstrip(".") else form), entry.label
    return None


_OPENERS = "„“”\"»«‚‘’'(["
_PARTICLES = words("von van de der den da di du zu und")
_STOPPERS = '„“”"»«('


def tidy(text: str, m: Mention) -> Mention | None:
    """A mention without the quotation marks and brackets a model trained on little data lets into
    its edges ("„ Hamburger Frauenhilfe", "IKB ( News"); None when nothing is left."""
    start, end = m.start, m.end
    while start < end and (text[start] in _OPENERS or text[start].isspace()):
        start += 1
    cut = next((i for i in range(start + 1, end) if text[i] in _STOPPERS), end)
    end = cut
    while end > start and (text[end - 1] in " \t\n,;:–-'’" or text[end - 1] in _STOPPERS):
        end -= 1
    last = text[start:end].rsplit(" ", 1)
    if len(last) == 2 and last[1] in _PARTICLES:  # "David von": the name ends before its particle
        end = start + len(last[0])
    if end <= start:
        return None
    if (start, end) == (m.start, m.end):
        return m
    return Mention(start, end, text[start:end], m.label, role=m.role)


def finish(text: str, mentions: list[Mention], *, fold: bool = True) -> list[Mention]:
    """Roles cut off and attached, alias-table and rule names added where the model found nothing, folding."""
    mentions = [t for m in mentions if (t := tidy(text, m)) is not None]
    mentions = [
        split_role(text, m) if m.label == "PER" else m for m in mentions if not ROLE_WORD.match(m.text)
    ]
    model_found = {id(m) for m in mentions}

    def known_name(extra: Mention, over: list[Mention]) -> bool:
        # a longer known name replaces the pieces the model found inside it
        return all(extra.start <= m.start and m.end <= extra.end for m in over)

    def rule_name(extra: Mention, over: list[Mention]) -> bool:
        # a rule name where nothing was found, or inside a model span of another type ("Napoleons
        # Regensburg" tagged as one LOC)
        return not over or (
            len(over) == 1
            and id(over[0]) in model_found
            and over[0].label != extra.label
            and over[0].start <= extra.start
            and extra.end <= over[0].end
        )

    mentions = overlay(mentions, gazetteer_mentions(text) + oth_mentions(text), known_name)
    mentions = overlay(mentions, person_mentions(text) + place_mentions(text), rule_name)
    attach_roles(text, mentions)
    return resolve(mentions) if fold else mentions


def overlay(
    base: list[Mention], extra: list[Mention], accept: Callable[[Mention, list[Mention]], bool]
) -> list[Mention]:
    """`base` (sorted, not overlapping) with each `extra` mention that `accept`s the base mentions it
    overlaps, which it then replaces; in one sweep with binary search, so long texts stay fast."""
    base = sorted(base, key=lambda m: m.start)
    starts, ends = [m.start for m in base], [m.end for m in base]
    removed: set[int] = set()
    added: list[Mention] = []
    for e in sorted(extra, key=lambda m: (m.start, -m.end)):
        if added and e.start < added[-1].end:
            continue  # extras do not overlap each other: the first (and longest) wins
        over = [
            base[k]
            for k in range(bisect_right(ends, e.start), bisect_left(starts, e.end))
            if k not in removed
        ]
        if accept(e, over):
            removed.update(k for k in range(bisect_right(ends, e.start), bisect_left(starts, e.end)))
            added.append(e)
    kept = [m for k, m in enumerate(base) if k not in removed]
    return sorted(kept + added, key=lambda m: m.start)


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
