"""Which matches of the date grammar are temporal expressions here, and which of overlapping ones win.

A four-digit number is a year only where its neighbours allow ("1512 wurde ...", not "1939 Soldaten"
or "Seite 2021"); a month name is a month only where it is not a name ("August Bebel", "Theresa May").
"""

from __future__ import annotations

import re

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


def scan(text: str) -> list[tuple[str, re.Match[str]]]:
    """Leftmost-longest matches of all patterns, without overlaps."""
    candidates: list[tuple[int, int, str, re.Match[str]]] = []
    for name, pattern in g.COMPILED:
        for m in pattern.finditer(text):
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
