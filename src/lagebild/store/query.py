"""The search syntax of `lagebild search`, parsed once for every backend, and the snippets of hits.

Users write words (all must match), "quoted phrases", OR between alternatives and -word to exclude.
The parse is backend-neutral: SQLite re-quotes the terms into an FTS5 expression, PostgreSQL builds a
tsquery from bound parameters. Either way no user input reaches a query language unescaped.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from lagebild.errors import StoreError
from lagebild.store.stems import stem, words

_QUERY_PART = re.compile(r'(-?)"([^"]*)"?|(\S+)')


@dataclass(slots=True)
class ParsedQuery:
    """`groups` are ANDed; the phrases inside one group are ORed. A phrase is a list of words."""

    groups: list[list[list[str]]] = field(default_factory=list)
    excluded: list[list[str]] = field(default_factory=list)
    positive: set[str] = field(default_factory=set)  # stems of the wanted words, for snippets


def parse_query(query: str) -> ParsedQuery:
    """Split the user's query into AND groups of OR-ed phrases and excluded phrases.

    >>> parse_query('Genf OR Wien "in Genf" -Ukraine').groups
    [[['Genf'], ['Wien']], [['in', 'Genf']]]
    """
    parsed = ParsedQuery()
    pending_or = False
    for m in _QUERY_PART.finditer(query):
        negate, phrase, word = m.group(1), m.group(2), m.group(3)
        if word == "OR":
            pending_or = True
            continue
        if word is not None and word.startswith("-") and len(word) > 1:
            negate, word = "-", word[1:]
        terms = words(phrase if phrase is not None else word or "")
        if not terms:
            continue
        if negate:
            parsed.excluded.append(terms)
            continue
        parsed.positive.update(stem(t) for t in terms)
        if pending_or and parsed.groups:
            parsed.groups[-1].append(terms)
        else:
            parsed.groups.append([terms])
        pending_or = False
    if not parsed.groups:
        raise StoreError(
            f"Search query {query!r} has no word to look for; give at least one word that is not excluded."
        )
    return parsed


def snippet(text: str, positive: set[str], width: int = 160) -> str:
    """The text around the first word that matched, with matched words in [brackets]."""
    first = None
    marked: list[tuple[int, int]] = []
    for m in re.finditer(r"\w+", text):
        if first is not None and m.start() > first + width:
            break  # past the end of any window around the first match
        if stem(m.group()) in positive:
            if first is None:
                first = m.start()
            marked.append((m.start(), m.end()))
    if first is None:
        return text[:width].replace("\n", " ")
    start = max(0, first - width // 3)
    end = min(len(text), start + width)
    out, pos = [], start
    for a, b in marked:
        if a < start or b > end:
            continue
        out += [text[pos:a], "[", text[a:b], "]"]
        pos = b
    out.append(text[pos:end])
    prefix = "…" if start > 0 else ""
    suffix = "…" if end < len(text) else ""
    return prefix + "".join(out).replace("\n", " ") + suffix
