"""Calendar arithmetic for TIMEX values: shifting, placing a day in a year, durations, holidays.

Pure functions of dates and words, kept apart from the grammar (`grammar.py`), the choice of matches
(`scan.py`) and the resolution of each match (`resolve.py`).
"""

from __future__ import annotations

import datetime as dt
import re

from lagebild.nlp.dates import grammar as g


def year_of(text: str | None, anchor: dt.date | None) -> int | None:
    if not text:
        return None
    digits = text.lstrip("'’")
    if len(digits) == 2:
        century = (anchor.year // 100 * 100) if anchor else 2000
        year = century + int(digits)
        return year - 100 if anchor and year > anchor.year + 10 else year
    return int(digits)


def before_christ(era: str) -> bool:
    return bool(re.search(r"v\.|vor|BC", era))


def place_year(anchor: dt.date, month: int, day: int, future: bool) -> int:
    """The year that puts day/month nearest the anchor: behind it, or ahead for future tense."""
    for year in (anchor.year, anchor.year - 1, anchor.year + 1):
        try:
            candidate = dt.date(year, month, day)
        except ValueError:
            continue
        delta = (candidate - anchor).days
        if (future and 0 <= delta < 300) or (not future and -300 < delta <= 31):
            return year
    return anchor.year


def number(word: str) -> float | None:
    word = word.lower().replace(",", ".")
    if word in g.NUMBERS:
        return float(g.NUMBERS[word])
    try:
        return float(word)
    except ValueError:
        return None


def duration(n: float | None, unit: str) -> str:
    letter, is_time = g.UNITS[unit.lower()]
    amount = "X" if n is None else (str(int(n)) if n == int(n) else str(n))
    if letter == "DE":
        return f"P{amount}0Y" if amount != "X" else "PXDE"
    if letter == "CE":
        return f"P{amount}00Y" if amount != "X" else "PXCE"
    return f"PT{amount}{letter}" if is_time else f"P{amount}{letter}"


def shift(day: dt.date, n: int, unit: str) -> str:
    """The anchor day moved by n units, at the precision of the unit."""
    letter, _ = g.UNITS.get(unit.lower(), ("D", False))
    if letter == "D":
        return (day + dt.timedelta(days=n)).isoformat()
    if letter == "W":
        year, week, _ = (day + dt.timedelta(weeks=n)).isocalendar()
        return f"{year}-W{week:02d}"
    if letter == "M":
        month = day.month - 1 + n
        return f"{day.year + month // 12}-{month % 12 + 1:02d}"
    if letter == "DE":
        return str((day.year + 10 * n) // 10)
    if letter == "CE":
        return str((day.year + 100 * n) // 100)
    return str(day.year + n)


def unit_word(letter: str, is_time: bool) -> str:
    """A unit word of UNITS for a duration letter ("Y" → "jahr")."""
    return next(k for k, v in g.UNITS.items() if v == (letter, is_time))


def holiday(name: str, year: int) -> dt.date | None:
    """The date of a holiday in a year: fixed ones, and those counted from Easter Sunday."""
    rule = g.HOLIDAYS.get(name)
    if isinstance(rule, tuple):
        return dt.date(year, *rule)
    if rule is None:
        return None
    # Easter Sunday by the anonymous Gregorian algorithm (Meeus/Jones/Butcher).
    a, b, c = year % 19, year // 100, year % 100
    d, e = b // 4, b % 4
    g_ = (8 * b + 13) // 25
    h = (19 * a + b - d - g_ + 15) % 30
    i, k = c // 4, c % 4
    l_ = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 19 * l_) // 433
    month = (h + l_ - 7 * m + 90) // 25
    day = (h + l_ - 7 * m + 33 * month + 19) % 32
    return dt.date(year, month, day) + dt.timedelta(days=rule)


def year_step(following: str | None) -> int:
    """+1 for "des folgenden Jahres", -1 for "des vorigen Jahres" or "des Vorjahres", 0 for "desselben"."""
    words = (following or "").lower().split()
    if "vorjahres" in words:
        return -1
    return sum(g.YEAR_STEP.get(w, 0) for w in words)


def weekday_near(anchor: dt.date, weekday: int, rel: str, future: bool) -> str:
    """The weekday nearest the anchor: the same day, the last one, or the next for future tense."""
    delta = weekday - anchor.weekday()
    if rel in g.NEXT:
        return (anchor + dt.timedelta(days=delta + 7 if delta <= 0 else delta)).isoformat()
    if rel in g.LAST:
        return (anchor + dt.timedelta(days=delta - 7 if delta >= 0 else delta)).isoformat()
    if delta == 0:
        return anchor.isoformat()
    if future:
        return (anchor + dt.timedelta(days=delta if delta > 0 else delta + 7)).isoformat()
    return (anchor + dt.timedelta(days=delta if delta < 0 else delta - 7)).isoformat()
