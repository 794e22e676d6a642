"""Which matches of the date grammar are temporal expressions here, and which of overlapping ones win.

A four-digit number is a year only where its neighbours allow ("1512 wurde ...", not "1939 Soldaten"
or "Seite 2021"); a month name is a month only where it is not a name ("August Bebel", "Theresa May").

Speed: `re` tries a pattern at every position of the text, and at each word start it walks the long
case-insensitive alternations of the grammar one word after the other, for each of the 32 patterns; that
was about a sixth of an article's analysis. `scan` instead tries a pattern only where it can begin: after
a character its left bound allows, at three characters one of its matches can begin with. These
beginnings are read off each pattern's parse tree once (`_beginnings`), so the matches are exactly
those of `pattern.finditer` (tests compare the two on real texts): a sixth of the time.
"""

from __future__ import annotations

import functools
import importlib
import itertools
import re
import string
from collections.abc import Iterable, Iterator
from typing import Any

from lagebild.nlp.dates import grammar as g

_UNAMBIGUOUS_TRIGGER = re.compile(
    r"^(?:im|in|seit|bis|ab|von|vom|zum|des|Anfang|Mitte|Ende|Beginn)\b", re.IGNORECASE
)
_MEASURE_AFTER = re.compile(r"^\s+[A-ZÄÖÜ][a-zäöüß]+")
# A number before an adjective and its noun counts things: "1200 kubanische Mediziner".
_ADJECTIVE_NOUN_AFTER = re.compile(r"^\s+[a-zäöüß]+(?:sch|ig|lich|ell|al|iv)(?:e|en|er|es|em)\s+[A-ZÄÖÜ]")
_AMOUNT_BEFORE = re.compile(
    r"(?:\b(?:rund|etwa|ca\.|circa|über|mehr\s+als|weniger\s+als|knapp|fast|bis\s+zu|insgesamt|nur|"
    r"weitere|je|zusätzlich)|[€$£%§])\s*$",
    re.IGNORECASE,
)
_NOT_YEAR_BEFORE = re.compile(
    r"(?:\b(?:Nr\.|S\.|Seite|Seiten|Nummer|Zahl|Ziffer|Kapitel|Artikel|Art\.|Abs\.|Band|Bd\.|"
    r"Heft|Platz|Rang|Linie|Tel\.|Telefon|Postleitzahl|PLZ|Punkte|Punkten|Höhe\s+von))$"
)
_PARTNER_YEAR = re.compile(r"\s*(?:bzw\.|oder|und|bis|–|-)\s*(?P<y>[1-9]\d{2,3})(?![\d\w])(?!\s+[A-ZÄÖÜ])")
_BARE_YEAR = re.compile(r"(?P<prep>)(?P<y>[1-9]\d{2})")
_AMOUNT_AFTER = re.compile(
    r"\s*(?:[A-ZÄÖÜ%€$°'’]|\d|[.,]\d|(?:auf|pro|je|mal|x|km|m|cm|mm|kg|g|t|l|ha|mio|mrd)\b)"
)
_ENGLISH_ONLY_MONTHS = {"January", "February", "March", "May", "June", "July", "October", "December"}


# Characters for which `re`'s case-insensitive matching is comparing their lower(); others ("ſ" matches
# "s", the Kelvin sign "k") fold otherwise, and a position holding one is tried with every pattern.
_SAFE = frozenset(string.printable + "äöüÄÖÜß")
_ALPHABET = frozenset(c.lower() for c in _SAFE)
_SPACE = frozenset(c for c in _ALPHABET if c.isspace())
_DIGIT = frozenset(string.digits)
_WORDCHAR = frozenset(c for c in _ALPHABET if c.isalnum() or c == "_")
_PREFIX = 3  # characters of a match's beginning that are checked before the pattern is tried
# Positions a pattern may start at: its left bound (grammar.B or B_YEAR) rejects a word character or a
# dot before it, so every start is the text's start or follows a character of this class.
_BEFORE_START = re.compile(r"[^\w.]")
_Classes = tuple[frozenset[str], ...]


def _beginnings(pattern: re.Pattern[str]) -> frozenset[str] | None:
    """Every lower-cased string of `_PREFIX` `_SAFE` characters that a match of `pattern` can begin
    with (a superset), or None when the parse tree holds something this does not model."""
    try:
        parser: Any = importlib.import_module("re._parser")
        c: Any = importlib.import_module("re._constants")
    except ImportError:  # a Python whose `re` is laid out otherwise: the patterns run as they are
        return None

    def chars(op: Any, av: Any) -> frozenset[str]:
        """The lower-cased `_SAFE` characters one item of a character class (or a literal) matches."""
        if op is c.LITERAL:
            return safe(chr(av))
        if op is c.RANGE:
            return frozenset().union(*(safe(chr(code)) for code in range(av[0], av[1] + 1)))
        if op is c.CATEGORY:
            known = {c.CATEGORY_DIGIT: _DIGIT, c.CATEGORY_SPACE: _SPACE, c.CATEGORY_WORD: _WORDCHAR}
            return known.get(av, _ALPHABET)  # a negated category: anything, to be safe
        return _ALPHABET  # NOT_LITERAL, ANY, a negated class

    def safe(ch: str) -> frozenset[str]:
        if ch in _SAFE:
            return frozenset({ch.lower()})
        # case-insensitive, "K" (Kelvin) matches "k": to be safe, a cased character matches anything
        return _ALPHABET if ch.lower() != ch.upper() else frozenset()

    def seq(items: Iterable[tuple[Any, Any]], k: int) -> set[_Classes]:
        """Beginnings (up to k characters, shorter where the match may end) of a sequence of items."""
        out: set[_Classes] = {()}
        for op, av in items:
            out = _concat(out, one(op, av, k), k)
        return out

    def one(op: Any, av: Any, k: int) -> set[_Classes]:
        if op in (c.LITERAL, c.NOT_LITERAL, c.ANY):
            return {(chars(op, av),)}
        if op is c.IN:
            if any(o is c.NEGATE for o, _ in av):
                return {(_ALPHABET,)}
            return {(frozenset().union(*(chars(o, a) for o, a in av)),)}
        if op in (c.AT, c.ASSERT, c.ASSERT_NOT):
            return {()}  # zero-width
        if op is c.SUBPATTERN:
            return seq(av[3], k)
        if op is c.ATOMIC_GROUP:
            return seq(av, k)
        if op is c.BRANCH:
            return set().union(*(seq(alt, k) for alt in av[1]))
        if op in (c.MAX_REPEAT, c.MIN_REPEAT, c.POSSESSIVE_REPEAT):
            # item{lo,hi}: the beginnings of lo .. max(lo, k) + 1 repeats are those of any number
            lo, hi, item = av
            body = seq(item, k)
            done: set[_Classes] = set()
            reps: set[_Classes] = {()}
            n = 0
            while True:
                if n >= lo:
                    done |= reps
                if n == hi or (n > lo and n > k):
                    return done
                reps, n = _concat(reps, body, k), n + 1
        raise ValueError(op)

    try:
        tree = parser.parse(pattern.pattern, pattern.flags)
        if tree.getwidth()[0] == 0:
            return None  # an empty match would need finditer's rules for empty matches
        found = seq(tree.data, _PREFIX)
    except (ValueError, TypeError, AttributeError):
        return None
    pad = (_ALPHABET,) * _PREFIX  # a match that may end early is followed by anything
    return frozenset(
        "".join(chs) for classes in found for chs in itertools.product(*(classes + pad)[:_PREFIX])
    )


def _concat(heads: set[_Classes], tails: set[_Classes], k: int) -> set[_Classes]:
    """Beginnings of a sequence followed by another, cut at k characters."""
    return {h if len(h) >= k else (h + t)[:k] for h in heads for t in ({()} if len(h) >= k else tails)}


@functools.cache
def _starts_index() -> tuple[dict[str, tuple[int, ...]], tuple[int, ...], tuple[int, ...]]:
    """Which patterns can begin with each lower-cased string of `_PREFIX` `_SAFE` characters (strings
    not listed begin none), which may begin with anything else, and which run over the whole text."""
    bounded, whole = [], []
    index: dict[str, list[int]] = {}
    for i, (name, pattern) in enumerate(g.COMPILED):
        found = _beginnings(pattern)
        if found is None or not pattern.pattern.startswith(g.BOUNDS.get(name, (g.B, g.E))[0]):
            whole.append(i)
            continue
        bounded.append(i)
        for key in found:
            index.setdefault(key, []).append(i)
    return {k: tuple(v) for k, v in index.items()}, tuple(bounded), tuple(whole)


_UNSAFE = re.compile("[^" + re.escape("".join(sorted(_SAFE))) + "]")


def matches(text: str) -> Iterator[tuple[str, re.Match[str]]]:
    """What `pattern.finditer(text)` gives for each pattern of the grammar, pattern by pattern: each
    pattern is tried only at the positions where it can begin."""
    starts, any_start, whole_text = _starts_index()
    lowered = text.lower()
    # a beginning holding another character (or cut by the text's end) may begin any pattern
    unsafe = {m.start() for m in _UNSAFE.finditer(text)}
    if len(lowered) != len(text):  # "İ" lower-cased is two characters: offsets would shift
        unsafe = set(range(len(text)))
    ends = range(len(text) - _PREFIX + 1, len(text) + 1)
    where: list[list[int]] = [[] for _ in g.COMPILED]
    for pos in itertools.chain((0,), (m.end() for m in _BEFORE_START.finditer(text))):
        if pos in ends or (unsafe and not unsafe.isdisjoint(range(pos, pos + _PREFIX))):
            found = any_start
        else:
            found = starts.get(lowered[pos : pos + _PREFIX], ())
        for i in found:
            where[i].append(pos)
    for i, (name, pattern) in enumerate(g.COMPILED):
        if i in whole_text:
            for m in pattern.finditer(text):
                yield name, m
            continue
        end = 0
        for pos in where[i]:
            # finditer's next match is the first one starting at or after the end of the last
            if pos >= end and (match := pattern.match(text, pos)):
                end = match.end()
                yield name, match


def scan(text: str) -> list[tuple[str, re.Match[str]]]:
    """Leftmost-longest matches of all patterns, without overlaps."""
    candidates: list[tuple[int, int, str, re.Match[str]]] = []
    for name, m in matches(text):
        if m.end() > m.start() and _plausible(name, m, text):
            candidates.append((m.start(), -(m.end() - m.start()), name, m))
    # "747 bzw. 748", "von 751 bis 768": the partner of a year is a year even with three digits
    for m in [c[3] for c in candidates if c[2] in ("year", "year3", "era_year")]:
        partner = _PARTNER_YEAR.match(text, m.end())
        if partner and len(partner.group("y")) == 3:
            candidates.append((partner.start("y"), -3, "year3", _BARE_YEAR.match(text, partner.start("y"))))  # type: ignore[arg-type]
    candidates.sort(key=lambda c: (c[0], c[1]))
    chosen: list[tuple[str, re.Match[str]]] = []
    last_end = -1
    for start, _, name, m in candidates:
        if start >= last_end:
            chosen.append((name, m))
            last_end = m.end()
    return chosen


def _plausible(name: str, m: re.Match[str], text: str) -> bool:
    """Reject matches whose words are ordinary words here: "am Morgen", "August Bebel", "1939 Soldaten"."""
    word = m.group()
    if name == "deictic_day" and m.group("w") == "Morgen":
        return bool(re.search(r"(?:^|[.!?]\s+)$", text[max(0, m.start() - 3) : m.start()]))
    if name == "month":
        if not m.group("m")[0].isupper():
            return False
        if not m.group("y") and _MEASURE_AFTER.match(text[m.end() : m.end() + 30]):
            return False  # "von August Bebel": a name, not a month
        if m.group("m") in _ENGLISH_ONLY_MONTHS and not m.group("y"):
            return False  # "Theresa May"
        if not (m.group("y") or m.group("mod") or _UNAMBIGUOUS_TRIGGER.match(word)):
            return m.group("m") not in ("August", "Jan")
    if name == "season":
        if not (m.group("pre") or m.group("s"))[0].isupper():
            return False
        return bool(m.group("y") or m.group("rel") or _UNAMBIGUOUS_TRIGGER.match(word))
    if name == "weekday" and not m.group("wd")[0].isupper():
        return False
    if name == "age" and word[0].isupper():
        # "des Dreißigjährigen Krieges" names a war; only at a sentence start may the word be capitalised
        return bool(re.search(r"(?:^|[.!?:]\s+)$", text[max(0, m.start() - 3) : m.start()]))
    if name == "year" and m.group("y") == word:
        return _plausible_year(m, text)
    if name == "year3" and m.group("prep"):
        # "seit 751", "um 800": a year; "von 200 auf 300", "bis 500 Meter": amounts
        after = text[m.end() : m.end() + 10]
        if re.search(r"\d\s*(?:bis|und|oder|–|-)?\s*$", text[max(0, m.start() - 8) : m.start()]):
            return False  # "100 bis 200 km"
        partner = re.match(r"\s*(?:bis|und|oder|–|-)\s*\d[\d.,']*", text[m.end() : m.end() + 20])
        if partner and re.match(_AMOUNT_AFTER, text[m.end() + partner.end() : m.end() + partner.end() + 10]):
            return False  # "von 567 bis 650 Gramm"
        return not re.match(_AMOUNT_AFTER, after)
    return True


def _plausible_year(m: re.Match[str], text: str) -> bool:
    """A bare four-digit number is a year unless its neighbours make it a count, a page or a code.

    Sentence-initial years ("1512 wurde das Erzstift ...") are the commonest dates of histories, so the
    default is yes; "1939 Soldaten", "rund 1200 kubanische Mediziner", "Seite 2021" are not."""
    before = text[max(0, m.start() - 20) : m.start()]
    if re.search(r"\d\s+$", before) or _NOT_YEAR_BEFORE.search(before.rstrip()):
        return False
    after = text[m.end() : m.end() + 40]
    if _MEASURE_AFTER.match(after):
        following = text[m.end() :].split(None, 1)[0].lower().strip(",.;")
        return following in g.MONTHS or following in g.SEASONS
    if _AMOUNT_BEFORE.search(before) and re.match(r"^\s+[a-zäöüß]+(?:e|en|er|es)\s+[A-ZÄÖÜ]", after):
        return False
    return not _ADJECTIVE_NOUN_AFTER.match(after)
