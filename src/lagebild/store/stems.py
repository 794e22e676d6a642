"""German-aware index terms: case folded, umlauts and ß folded, Snowball stems.

The same function builds the index (SQLite's FTS5 `stems` column, PostgreSQL's `search` tsvector)
and the query, so "Gespräch" matches "Gesprächen" and "Außenministers" matches "Außenminister", and
both backends find the same articles.
"""

from __future__ import annotations

import re
import threading
from functools import lru_cache
from typing import TYPE_CHECKING

import snowballstemmer

if TYPE_CHECKING:
    from lagebild.model import Article

_WORD = re.compile(r"\w+", re.UNICODE)
_FOLD = str.maketrans({"ä": "a", "ö": "o", "ü": "u", "ß": "ss"})
# A Snowball stemmer keeps the word it works on in itself, so two threads sharing one corrupt each
# other's words (IndexError under `lagebild serve`); each thread gets its own.
_local = threading.local()


@lru_cache(maxsize=200_000)
def stem(word: str) -> str:
    """One index term: lower case, Snowball German stem, then umlauts folded."""
    stemmer = getattr(_local, "stemmer", None)
    if stemmer is None:
        stemmer = _local.stemmer = snowballstemmer.stemmer("german")
    return str(stemmer.stemWord(word.lower())).translate(_FOLD)


def stems(text: str) -> str:
    """The index terms of a text, space separated, in text order."""
    return " ".join(stem(w) for w in _WORD.findall(text))


def words(text: str) -> list[str]:
    return _WORD.findall(text)


def index_terms(article: Article) -> str:
    """What the full-text index holds for an article: the stems of its title and text."""
    return stems(f"{article.title or ''} {article.text}")
