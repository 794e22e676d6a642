"""Temporal expressions resolved to TIMEX3 values against the publication date or the narrative.

Deictic expressions ("heute", "am Freitag", "nächste Woche", "vor zwei Tagen") are resolved against
the publication date. Anaphoric ones ("am folgenden Tag", "zwei Jahre später", "im Sommer", a day
and month without a year) are resolved against the reference time: the last date with a year the
text mentioned before, as a reader of a history would; without one, against the publication date.
A day or month without a year is placed by the tense of its sentence: in the past for past tense,
ahead for future tense. Durations ("90 Minuten" → PT90M) and sets ("jeden Montag" → XXXX-WXX-1) are
typed as such. When an article has no publication date, the latest full date in its text stands in,
and every value resolved against it says `"anchor": "inferred"`.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any

from lagebild.model import Article
from lagebild.nlp import date_grammar as g
from lagebild.pipeline import stage

_FUTURE = re.compile(
    r"\b(?:wird|werden|werde|würde|soll|sollen|sollte|will|wollen|plant|planen|geplant|kommenden?|nächsten?|"
    r"bevorstehend\w*|voraussichtlich|will|shall|going to|plans?|scheduled)\b",
    re.IGNORECASE,
)
_PAST = re.compile(
    r"\b(?:war|waren|hatte|hatten|wurde|wurden|sagte|sagten|hat|haben|ist|sind|fand|fanden|traf|trafen|"
    r"führte|führten|gab|was|were|had|did|said|met)\b",
    re.IGNORECASE,
)
_UNAMBIGUOUS_TRIGGER = re.compile(
    r"^(?:im|in|seit|bis|ab|von|zum|des|Anfang|Mitte|Ende|Beginn)\b", re.IGNORECASE
)
_MEASURE_AFTER = re.compile(r"^\s+[A-ZÄÖÜ][a-zäöüß]+")


@dataclass(slots=True)
class Anchor:
    """The date expressions are resolved against: a day (None when unknown) and where it came from."""

    day: dt.date | None
    precision: str  # "day", "month", "year"
    source: str  # "published", "reference", "inferred"


def find_dates(text: str, published: str | None, language: str | None = "de") -> list[dict[str, Any]]:
    """Temporal expressions of a text with TIMEX3 values, offsets into `text`."""
    matches = _scan(text)
    anchor = _parse_anchor(published, "published")
    if anchor.day is None:
        anchor = _infer(text, matches)
    reference: Anchor | None = None
    found = []
    for name, m in matches:
        historical = bool(
            reference and reference.day and anchor.day and abs(reference.day.year - anchor.day.year) > 1
        )
        value, kind, mod, uses = _resolve(name, m, text, anchor, reference, historical)
        if value is None and kind == "DATE":
            continue
        expr = {"start": m.start(), "end": m.end(), "text": m.group(), "type": kind, "value": value}
        if mod:
            expr["mod"] = mod
        if uses:
            expr["anchor"] = reference.source if uses == "reference" and reference else anchor.source
        found.append(expr)
        if kind == "DATE" and value and re.match(r"^\d{4}", value):
            reference = _parse_anchor(value, "reference") if "-W" not in value else reference
    return found


def _scan(text: str) -> list[tuple[str, re.Match[str]]]:
    """Leftmost-longest matches of all patterns, without overlaps."""
    candidates: list[tuple[int, int, str, re.Match[str]]] = []
    for name, pattern in g.COMPILED:
        for m in pattern.finditer(text):
            if m.end() > m.start() and _plausible(name, m, text):
                candidates.append((m.start(), -(m.end() - m.start()), name, m))
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
        if not (m.group("y") or m.group("mod") or _UNAMBIGUOUS_TRIGGER.match(word)):
            return m.group("m") not in ("August", "Jan")
    if name == "season":
        if not (m.group("pre") or m.group("s"))[0].isupper():
            return False
        return bool(m.group("y") or m.group("rel") or _UNAMBIGUOUS_TRIGGER.match(word))
    if name == "weekday" and not m.group("wd")[0].isupper():
        return False
    if name == "year" and m.group("y") == word:
        before = text[max(0, m.start() - 12) : m.start()]
        if re.search(r"(?:[\d,.€$%§]|Nr\.|S\.|Seite|Nummer)\s*$", before):
            return False
        if _MEASURE_AFTER.match(text[m.end() : m.end() + 30]):
            following = text[m.end() :].split(None, 1)[0].lower().strip(",.;")
            return following in g.MONTHS or following in g.SEASONS
    return True


def _parse_anchor(value: str | None, source: str) -> Anchor:
    if not value:
        return Anchor(None, "none", source)
    m = re.match(r"^(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?", value)
    if not m:
        return Anchor(None, "none", source)
    year, month, day = int(m.group(1)), int(m.group(2) or 1), int(m.group(3) or 1)
    try:
        date = dt.date(year, month, day)
    except ValueError:
        return Anchor(None, "none", source)
    precision = "day" if m.group(3) else "month" if m.group(2) else "year"
    return Anchor(date, precision, source)


def _infer(text: str, matches: list[tuple[str, re.Match[str]]]) -> Anchor:
    """No publication date: the latest full date the text mentions stands in."""
    latest: Anchor | None = None
    for name, m in matches:
        if name in ("full", "numeric", "iso", "full_en") and m.group("y"):
            value = _full(m, None)
            anchor = _parse_anchor(value, "inferred")
            if anchor.day and (latest is None or latest.day is None or anchor.day > latest.day):
                latest = anchor
    return latest or Anchor(None, "none", "inferred")


def _year(text: str | None, anchor: dt.date | None) -> int | None:
    if not text:
        return None
    digits = text.lstrip("'’")
    if len(digits) == 2:
        century = (anchor.year // 100 * 100) if anchor else 2000
        year = century + int(digits)
        return year - 100 if anchor and year > anchor.year + 10 else year
    return int(digits)


def _month(m: re.Match[str]) -> int | None:
    groups = m.groupdict()
    if groups.get("m"):
        return g.MONTHS.get(groups["m"].lower().rstrip("."))
    if groups.get("mn"):
        return int(groups["mn"])
    return None


def _full(m: re.Match[str], anchor: Anchor | None, future: bool = False) -> str | None:
    """A day and month (and year): the year from the text, else placed around the anchor."""
    month, day = _month(m), int(m.group("d"))
    year = _year(m.group("y"), anchor.day if anchor else None)
    if month is None:
        return None
    if year is None:
        if anchor is None or anchor.day is None:
            return f"XXXX-{month:02d}-{day:02d}"
        year = anchor.day.year if anchor.precision == "year" else _place_year(anchor.day, month, day, future)
    try:
        return dt.date(year, month, day).isoformat()
    except ValueError:
        return None


def _place_year(anchor: dt.date, month: int, day: int, future: bool) -> int:
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


def _tense_future(text: str, m: re.Match[str]) -> bool:
    start = max(text.rfind(".", 0, m.start()), text.rfind("\n", 0, m.start())) + 1
    end_candidates = [i for i in (text.find(".", m.end()), text.find("\n", m.end())) if i >= 0]
    sentence = text[start : min(end_candidates) if end_candidates else len(text)]
    return bool(_FUTURE.search(sentence)) and not _PAST.search(sentence)


def _number(word: str) -> float | None:
    word = word.lower().replace(",", ".")
    if word in g.NUMBERS:
        return float(g.NUMBERS[word])
    try:
        return float(word)
    except ValueError:
        return None


def _duration(n: float | None, unit: str) -> str:
    letter, is_time = g.UNITS[unit.lower()]
    amount = "X" if n is None else (str(int(n)) if n == int(n) else str(n))
    if letter == "DE":
        return f"P{amount}0Y" if amount != "X" else "PXDE"
    if letter == "CE":
        return f"P{amount}00Y" if amount != "X" else "PXCE"
    return f"PT{amount}{letter}" if is_time else f"P{amount}{letter}"


def _shift(day: dt.date, n: int, unit: str) -> str:
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


def _resolve(
    name: str, m: re.Match[str], text: str, anchor: Anchor, reference: Anchor | None, historical: bool = False
) -> tuple[str | None, str, str | None, str | None]:
    """(value, type, mod, which anchor was used) of one match.

    `historical`: the text tells of a time years away from its publication (a history, a biography);
    then a day or month without a year belongs to the year the narrative is in, and "heute" means the
    present in general (PRESENT_REF), not the publication day."""
    groups = m.groupdict()
    mod_word = (groups.get("mod") or "").lower()
    mod = g.MODIFIERS.get(mod_word)
    narrative = reference if reference and reference.day else anchor
    narrative_name = "reference" if narrative is reference else "published"
    if name in ("full", "full_en", "numeric", "iso"):
        if groups.get("y"):
            return _full(m, None), "DATE", None, None
        if historical and narrative.day is not None:
            narrative = Anchor(narrative.day, "year", narrative.source)
        return _full(m, narrative, _tense_future(text, m)), "DATE", None, narrative_name
    if name == "month":
        month = g.MONTHS[groups["m"].lower().rstrip(".")]
        if groups.get("y"):
            return f"{groups['y']}-{month:02d}", "DATE", mod, None
        if narrative.day is None:
            return f"XXXX-{month:02d}", "DATE", mod, None
        year = narrative.day.year + _year_step(groups.get("fol"))
        if narrative.precision != "year" and not historical and not groups.get("fol"):
            year = _place_year(narrative.day, month, 1, _tense_future(text, m))
        return f"{year}-{month:02d}", "DATE", mod, narrative_name
    if name == "season":
        season = (
            g.SEASONS[groups["s"].lower().rstrip("s")]
            if groups["s"].lower().rstrip("s") in g.SEASONS
            else g.SEASONS[groups["s"].lower()]
        )
        if groups.get("y"):
            return f"{groups['y']}-{season}", "DATE", mod, None
        base = anchor if groups.get("rel") else narrative
        if base.day is None:
            return f"XXXX-{season}", "DATE", mod, None
        shift = (
            1
            if (groups.get("rel") or "").lower() in g.NEXT
            else -1
            if (groups.get("rel") or "").lower() in g.LAST
            else 0
        ) + _year_step(groups.get("fol"))
        return (
            f"{base.day.year + shift}-{season}",
            "DATE",
            mod,
            "published" if base is anchor else narrative_name,
        )
    if name == "year":
        return groups["y"], "DATE", mod, None
    if name in ("decade", "decade_short"):
        if groups.get("dmod"):
            mod_word = groups["dmod"].lower()
            return groups["dec"], "DATE", g.MODIFIERS.get(mod_word), None
        if groups.get("dec"):
            return (
                groups["dec"],
                "DATE",
                {"frühen": "START", "early": "START", "späten": "END", "late": "END"}.get(mod_word),
                None,
            )
        century = narrative.day.year // 100 if narrative.day else 19
        return f"{century}{groups['dec2']}", "DATE", None, narrative_name
    if name in ("century", "century_en"):
        c = int(groups["c"])
        return (
            (f"{c - 1:02d}" if c > 0 else None),
            "DATE",
            {
                "frühen": "START",
                "beginnenden": "START",
                "späten": "END",
                "ausgehenden": "END",
                "early": "START",
                "late": "END",
            }.get(mod_word),
            None,
        )
    if name == "ref":
        word = groups["r"].lower()
        if any(
            w in word
            for w in (
                "zukunft",
                "nächsten",
                "kommenden",
                "folgenden",
                "künftig",
                "demnächst",
                "future",
                "soon",
            )
        ):
            return "FUTURE_REF", "DATE", None, None
        if word in ("damals", "früher"):
            return "PAST_REF", "DATE", None, None
        return "PRESENT_REF", "DATE", None, None
    if name == "duration":
        n = _number(groups["n"]) if groups.get("n") else None
        return _duration(n, groups["unit"]), "DURATION", None, None
    if name == "set":
        if groups.get("adv"):
            adv = groups["adv"].lower()
            letter = next(
                v
                for k, v in {
                    "tägl": "D",
                    "dail": "D",
                    "wöch": "W",
                    "week": "W",
                    "monat": "M",
                    "month": "M",
                    "jähr": "Y",
                    "year": "Y",
                    "annu": "Y",
                    "stünd": "TH",
                }.items()
                if adv.startswith(k)
            )
            return ("PT1H" if letter == "TH" else f"P1{letter}"), "SET", None, None
        what = groups["what"].lower()
        if what in g.WEEKDAYS:
            return f"XXXX-WXX-{g.WEEKDAYS[what] + 1}", "SET", None, None
        letter = {"tag": "D", "day": "D", "woche": "W", "week": "W", "monat": "M", "month": "M"}.get(
            what, "Y"
        )
        return f"P1{letter}", "SET", None, None
    if name == "time":
        hour = int(groups.get("h") or groups.get("h2") or 0)
        minute = int(groups.get("min") or groups.get("min2") or 0)
        day = anchor.day.isoformat() if anchor.day and anchor.precision == "day" else "XXXX-XX-XX"
        return f"{day}T{hour:02d}:{minute:02d}", "TIME", None, "published" if anchor.day else None
    if name == "holiday":
        if not groups.get("y") and narrative.day is None:
            return None, "DATE", None, None
        holiday_year = int(groups["y"]) if groups.get("y") else narrative.day.year  # type: ignore[union-attr]
        holiday = _holiday(groups["hol"].lower(), holiday_year)
        value = holiday.isoformat() if holiday else None
        return value, "DATE", None, None if groups.get("y") else narrative_name
    if name == "daypart":
        part = g.DAYPARTS[groups["dp"].lower()]
        if narrative.day is None or narrative.precision != "day":
            return f"XXXX-XX-XXT{part}", "TIME", None, None
        return f"{narrative.day.isoformat()}T{part}", "TIME", None, narrative_name
    # Deictic and anaphoric expressions need an anchor day.
    if name == "deictic_day":
        word = groups["w"].lower()
        offset = {
            "vorgestern": -2,
            "gestern": -1,
            "yesterday": -1,
            "heute": 0,
            "today": 0,
            "morgen": 1,
            "tomorrow": 1,
            "übermorgen": 2,
        }[word]
        if anchor.day is None or anchor.precision != "day" or (historical and offset == 0):
            return ("PRESENT_REF" if offset == 0 else None), "DATE", None, None
        return (anchor.day + dt.timedelta(days=offset)).isoformat(), "DATE", None, anchor.source
    if name == "weekday":
        if anchor.day is None or anchor.precision != "day":
            return f"XXXX-WXX-{g.WEEKDAYS[groups['wd'].lower()] + 1}", "DATE", None, None
        return (
            _weekday(
                anchor.day,
                g.WEEKDAYS[groups["wd"].lower()],
                (groups.get("rel") or "").lower(),
                _tense_future(text, m),
            ),
            "DATE",
            None,
            anchor.source,
        )
    if name == "rel_unit":
        if anchor.day is None:
            return None, "DATE", None, None
        rel = groups["rel"].lower()
        n = 1 if rel in g.NEXT else -1 if rel in g.LAST else 0
        unit = groups["unit"].lower()
        if unit in ("wochenende", "weekend"):
            year, week, _ = (anchor.day + dt.timedelta(weeks=n)).isocalendar()
            return f"{year}-W{week:02d}-WE", "DATE", None, anchor.source
        unit = {
            "woche": "woche",
            "week": "woche",
            "monat": "monat",
            "monats": "monat",
            "month": "monat",
            "jahrzehnt": "jahrzehnt",
        }.get(unit, "jahr")
        base = narrative if rel in g.THIS and unit == "jahr" and reference else anchor
        return _shift(base.day or anchor.day, n, unit), "DATE", None, base.source
    if name == "ago":
        n = _number(groups.get("n") or groups.get("n2") or "")
        unit = groups.get("unit") or groups.get("unit2") or "tag"
        if anchor.day is None or n is None:
            return None, "DATE", None, None
        return _shift(anchor.day, -int(n), unit), "DATE", None, anchor.source
    if name == "later":
        n = _number(groups["n"])
        if narrative.day is None or n is None:
            return None, "DATE", None, None
        direction = 1 if groups["dir"].lower() in ("später", "danach", "darauf", "later") else -1
        return _shift(narrative.day, direction * int(n), groups["unit"]), "DATE", None, narrative_name
    if name == "following":
        if narrative.day is None:
            return None, "DATE", None, None
        word = (groups.get("f") or groups.get("fy") or "").lower()
        if groups.get("fu"):
            unit = "monat" if groups["fu"].lower() == "monat" else "jahr"
            return (
                _shift(narrative.day, 0 if word in ("selben", "gleichen") else 1, unit),
                "DATE",
                None,
                narrative_name,
            )
        if "Jahr darauf" in m.group():
            return _shift(narrative.day, 1, "jahr"), "DATE", None, narrative_name
        if narrative.precision != "day":
            return None, "DATE", None, None
        step = 0 if word in ("selben", "gleichen") else -1 if word in ("vorigen", "vorangegangenen") else 1
        return (narrative.day + dt.timedelta(days=step)).isoformat(), "DATE", None, narrative_name
    return None, "DATE", None, None


def _holiday(name: str, year: int) -> dt.date | None:
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


def _year_step(following: str | None) -> int:
    """+1 for "des folgenden Jahres", -1 for "des vorigen Jahres" or "des Vorjahres", 0 for "desselben"."""
    words = (following or "").lower().split()
    if "vorjahres" in words:
        return -1
    return sum(g.YEAR_STEP.get(w, 0) for w in words)


def _weekday(anchor: dt.date, weekday: int, rel: str, future: bool) -> str:
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


@stage(requires=("text", "published"), provides=("dates",))
def dates(article: Article) -> Article:
    """Fill `article.dates` (with raw offsets); without a publication date, say that one was inferred."""
    found = find_dates(article.text, article.published, article.language)
    for d in found:
        d["raw_start"], d["raw_end"] = article.raw_span(d["start"], d["end"])
    if article.published is None:
        anchor = _infer(article.text, _scan(article.text))
        if anchor.day is not None:
            article.hints["published_inferred"] = anchor.day.isoformat()
    article.dates = found
    return article
