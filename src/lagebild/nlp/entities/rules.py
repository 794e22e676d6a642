"""Entities that follow fixed conventions or lexica, found by rule where a small model is weak.

- OTH: GermEval (and lagebild after it) types currencies ("3 Millionen Euro"), the world wars ("im
  Zweiten Weltkrieg") and titles of works in quotation marks after a word that announces one ("der Film
  „My Blueberry Nights“") as OTH; a model trained on a few thousand sentences learns them badly.
- PER: a known first name (Faker's name lists for German, English and other European locales, MIT)
  followed by capitalised words is a person ("Usain Bolt").
- LOC: a city (GeoNames) or country after a preposition of place ("in Königswinter", "aus Zandvoort").
"""

from __future__ import annotations

import re
from functools import cache

from lagebild.model import Mention
from lagebild.nlp import words
from lagebild.nlp.entities.names import alias_table, city_index
from lagebild.nlp.entities.roles import ROLE_WORD

CURRENCIES = r"Euro|EUR|US-Dollar|Dollar|USD|CHF|Yen|Rubel|Pfund Sterling|Yuan|Renminbi|Hrywnja|Zloty|Forint"
_CURRENCY = re.compile(rf"(?<![\w-])(?:{CURRENCIES})(?![\w-])")
_NUMBER_BEFORE = re.compile(
    r"(?:\d[\d.,]*|Mio\.|Mrd\.|Millionen|Milliarden|Billionen|Tausend|hundert|tausend)\s*$"
)
_WORLD_WAR = re.compile(r"(?<!\w)(?:Ersten|Erster|Erste|Zweiten|Zweiter|Zweite)\s+Weltkrieg(?:es|s|e)?(?!\w)")
_WORK_NOUNS = (
    "Film|Filme|Films|Buch|Buches|Buchs|Roman|Romans|Album|Albums|Lied|Song|Single|Motto|Bild|Bildes|Gemälde|"
    "Titel|Werk|Werkes|Oper|Serie|Sendung|Theaterstück|Stück|Ausstellung|Kampagne|Gedicht|Musical|Show|"
    "Zeitschrift|Magazin|Kolumne|Dokumentation|Hörspiel|Spiel|Spiels|Computerspiel|Videospiel|Projekt|Programm|"
    "Kinderbuch|Sachbuch|Bestseller|Slogan|Schlagzeile"
)
_TITLE = re.compile(rf"(?<!\w)(?:{_WORK_NOUNS})\s+[„\"»“]([^„“”\"«»\n]{{1,120}})[“”\"«]")


def oth_mentions(text: str) -> list[Mention]:
    """Currencies after amounts, world wars and announced titles of works."""
    found = []
    for m in _CURRENCY.finditer(text):
        if m.group() == "Euro" or _NUMBER_BEFORE.search(text, max(0, m.start() - 20), m.start()):
            found.append(Mention(m.start(), m.end(), m.group(), "OTH"))
    found += [Mention(m.start(), m.end(), m.group(), "OTH") for m in _WORLD_WAR.finditer(text)]
    for m in _TITLE.finditer(text):
        title = m.group(1).strip()
        if title and len(title.split()) <= 12:
            start = m.start(1) + m.group(1).index(title)
            found.append(Mention(start, start + len(title), title, "OTH"))
    return found


_FIRST_LOCALES = (
    "de_DE",
    "de_AT",
    "de_CH",
    "en_US",
    "en_GB",
    "fr_FR",
    "it_IT",
    "es_ES",
    "nl_NL",
    "pl_PL",
    "tr_TR",
)
_NAME_WORD = r"[A-ZÄÖÜ][a-zäöüßéèáàóòíìúçñ'’-]+"
_NAME_START = re.compile(rf"(?<![\w-]){_NAME_WORD}")
_REST = re.compile(rf"\s+((?:{_NAME_WORD}\s+)?{_NAME_WORD})(?![\w-])")
_PLACE = re.compile(
    rf"(?<!\w)(?:in|aus|nach|bei|nahe|von|im Raum)\s+({_NAME_WORD}(?:\s+{_NAME_WORD})?)(?![\w-])"
)
# Capitalised words that are not surnames although they follow a first name at a sentence start.
_NOT_SURNAME = words(
    "Der Die Das Den Dem Des Ein Eine Einer Und Oder Aber Im In Am An Auf Aus Bei Mit Nach Von Vor Zu Zur "
    "Zum Ich Er Sie Es Wir Ihr The And Of"
)


@cache
def first_names() -> frozenset[str]:
    """First names of the European locales of Faker's person providers."""
    import importlib

    names: set[str] = set()
    for locale in _FIRST_LOCALES:
        provider = importlib.import_module(f"faker.providers.person.{locale}").Provider
        for attr in ("first_names", "first_names_male", "first_names_female"):
            names.update(n for n in getattr(provider, attr, ()) if n[:1].isupper() and len(n) > 2)
    return frozenset(names)


def person_mentions(text: str) -> list[Mention]:
    """First name plus one or two capitalised words: "Usain Bolt", "Frank Walter Steinmeier"."""
    known = first_names()
    found: list[Mention] = []
    for w in _NAME_START.finditer(text):
        if found and w.start() < found[-1].end:
            continue
        rest_match = _REST.match(text, w.end()) if w.group() in known else None
        if rest_match is None:
            continue
        rest = rest_match.group(1).split()
        if rest[0] in _NOT_SURNAME or ROLE_WORD.match(rest[-1]):
            continue
        if len(rest) == 2 and rest[1] in _NOT_SURNAME:
            rest = rest[:1]
        end = rest_match.start(1) + len(" ".join(rest))
        found.append(Mention(w.start(), end, text[w.start() : end], "PER"))
    return found


def place_mentions(text: str) -> list[Mention]:
    """Known cities and countries right after a preposition of place."""
    cities, table = city_index(), alias_table()
    found = []
    people = first_names()
    for m in _PLACE.finditer(text):
        words = m.group(1).split()
        if words[0] in people:
            continue  # "von Robert Murjahn": a person, whatever town shares the name
        for n in (len(words), 1):
            name = " ".join(words[:n])
            entry = table.lookup(name, "LOC")
            if name.casefold() in cities or (entry is not None and entry.label == "LOC"):
                found.append(Mention(m.start(1), m.start(1) + len(name), name, "LOC"))
                break
    return found
