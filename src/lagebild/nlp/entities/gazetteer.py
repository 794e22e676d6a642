"""Names from the curated alias table (`names.py`) found in a text: the ones a model trained on
little data misses, such as the spelled-out "Organisation für Sicherheit und Zusammenarbeit in Europa"."""

from __future__ import annotations

import re
from bisect import bisect_right

from lagebild.model import Mention
from lagebild.nlp.entities.names import Entry, alias_table

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
