"""Publication dates: normalise what inputs state, and find dates written in pages, URLs and text.

Every function returns ISO `YYYY-MM-DD` (or `YYYY-MM` where only the month is known) and never
guesses: a string without a recognisable date gives None. Month and weekday names come from the
CLDR data in babel, so "Jänner", "Sept." and "Dez." are covered without hand lists.
"""

from __future__ import annotations

import datetime as dt
import email.utils
import re
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from functools import cache

from babel.dates import get_day_names, get_month_names

# de_AT brings "Jänner", en_GB brings "Sept": both occur in real datelines and captions.
_LOCALES = ("de", "de_AT", "de_CH", "en", "en_GB")


@dataclass(frozen=True, slots=True)
class FoundDate:
    """A full calendar date written in a text, with where it stands."""

    value: dt.date
    start: int
    end: int
    weekday: bool

    @property
    def iso(self) -> str:
        return self.value.isoformat()


def _names(getter: Callable[..., Mapping[int, str]], widths: tuple[str, ...]) -> dict[str, int]:
    table: dict[str, int] = {}
    for locale in _LOCALES:
        for width in widths:
            for context in ("format", "stand-alone"):
                for number, name in getter(width, context, locale).items():
                    table[name.rstrip(".").casefold()] = number
    return table


@cache
def month_names() -> dict[str, int]:
    """Casefolded German and English month names and abbreviations (without dot) → month number."""
    return _names(get_month_names, ("wide", "abbreviated"))


@cache
def weekday_names() -> dict[str, int]:
    """Casefolded German and English weekday names → Python weekday (Monday = 0)."""
    return _names(get_day_names, ("wide", "abbreviated"))


def _alternation(names: dict[str, int]) -> str:
    # Longest first, so "Sept" is not cut to "Sep" and "Juni" not to "Jun".
    return "|".join(re.escape(n) for n in sorted(names, key=len, reverse=True))


@cache
def _patterns() -> tuple[re.Pattern[str], ...]:
    month = rf"(?P<month>{_alternation(month_names())})\.?"
    weekday = rf"(?:(?P<weekday>{_alternation(weekday_names())})\.?,?\s+(?:(?:den|the)\s+)?)?"
    year = r"(?P<year>(?:19|20)\d{2})"
    day = r"(?P<day>[0-3]?\d)"
    flags = re.IGNORECASE
    return (
        # 21. Januar 2022 / Freitag, den 21. Januar 2022 / 21 January 2022 / 21st of January, 2022
        re.compile(rf"\b{weekday}{day}(?:\.|st|nd|rd|th)?\s*(?:of\s+)?{month},?\s+{year}\b", flags),
        # Friday, Jan. 21, 2022 / January 21st 2022
        re.compile(rf"\b{weekday}{month}\s+{day}(?:st|nd|rd|th)?,?\s+{year}\b", flags),
        # 21.01.2022 / Fr., 21.01.22
        re.compile(
            rf"(?<![\d.]){weekday}{day}\.\s?(?P<mnum>[01]?\d)\.\s?(?P<year2>(?:19|20)?\d{{2}})(?![\d.]\d)",
            flags,
        ),
        # 2022-01-21
        re.compile(r"(?<!\d)(?P<year>(?:19|20)\d{2})-(?P<mnum>[01]\d)-(?P<day>[0-3]\d)(?!\d)"),
    )


def _year(text: str) -> int:
    year = int(text)
    if year >= 100:
        return year
    # Two-digit years in datelines ("21.01.22") belong to this century unless that is the future.
    return 2000 + year if 2000 + year <= dt.date.today().year + 1 else 1900 + year


def find_dates(text: str) -> Iterator[FoundDate]:
    """Every full calendar date written in `text`, in order of position.

    A weekday that contradicts its date ("Montag, 21. Januar 2022") rejects the match: such
    strings are typos or templates, not evidence.
    """
    seen: set[tuple[int, int]] = set()
    found: list[FoundDate] = []
    for pattern in _patterns():
        for m in pattern.finditer(text):
            groups = m.groupdict()
            month = month_names()[groups["month"].casefold()] if groups.get("month") else int(groups["mnum"])
            year = _year(groups.get("year") or groups["year2"])
            try:
                value = dt.date(year, month, int(groups["day"]))
            except ValueError:
                continue
            weekday = groups.get("weekday")
            if weekday and weekday_names()[weekday.casefold()] != value.weekday():
                continue
            if any(s < m.end() and m.start() < e for s, e in seen):
                continue
            seen.add((m.start(), m.end()))
            found.append(FoundDate(value, m.start(), m.end(), bool(weekday)))
    yield from sorted(found, key=lambda f: f.start)


_ISO = re.compile(r"^\s*(?P<year>(?:19|20)\d{2})-(?P<month>[01]\d)(?:-(?P<day>[0-3]\d))?(?:[T\s].*)?\s*$")
_YEAR_MONTH = re.compile(r"^\s*(?P<month>[01]?\d)[./](?P<year>(?:19|20)\d{2})\s*$")


def normalize_date(value: object) -> str | None:
    """A date as an input states it → ISO `YYYY-MM-DD` / `YYYY-MM`, or None.

    Accepts ISO dates and timestamps (the date as written, not shifted to UTC: the outlet's own
    calendar day is the publication day), RFC 822 feed dates, "21.01.2022", "21. Januar 2022",
    "Jan. 21, 2022", and datetime objects.

    >>> normalize_date("Fri, 21 Jan 2022 14:30:00 +0100")
    '2022-01-21'
    >>> normalize_date("2021-12")
    '2021-12'
    """
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()[:10]
    if not isinstance(value, str) or not value.strip():
        return None
    if m := _ISO.match(value):
        year, month = int(m["year"]), int(m["month"])
        if not 1 <= month <= 12:
            return None
        if m["day"] is None:
            return f"{year:04d}-{month:02d}"
        try:
            return dt.date(year, month, int(m["day"])).isoformat()
        except ValueError:
            return None
    if m := _YEAR_MONTH.match(value):
        month = int(m["month"])
        return f"{int(m['year']):04d}-{month:02d}" if 1 <= month <= 12 else None
    try:
        return email.utils.parsedate_to_datetime(value).date().isoformat()
    except (TypeError, ValueError, IndexError):
        pass
    first = next(find_dates(value), None)
    return first.iso if first else None


_URL_DATE = re.compile(
    r"/(?P<year>(?:19|20)\d{2})(?P<sep>[/-])(?P<month>[01]?\d)(?P=sep)(?P<day>[0-3]?\d)(?:[/_.-]|$)"
    r"|/(?P<cyear>(?:19|20)\d{2})(?P<cmonth>[01]\d)(?P<cday>[0-3]\d)/"
)


def url_date(url: str | None) -> str | None:
    """A date in a URL path (`/2022/01/21/`, `/2022-01-21-`, `/20220121/`), or None."""
    if not url:
        return None
    path = re.sub(r"^[a-z]+://[^/]+", "", url, flags=re.IGNORECASE)
    for m in _URL_DATE.finditer(path):
        year = m["year"] or m["cyear"]
        month = m["month"] or m["cmonth"]
        day = m["day"] or m["cday"]
        try:
            return dt.date(int(year), int(month), int(day)).isoformat()
        except ValueError:
            continue
    return None


# What may stand before a dateline date on its line: a place, a weekday, "Stand:", an agency.
_DATELINE_PREFIX = re.compile(
    r"^\s*(?:(?:[A-ZÄÖÜ][\w./-]*|\([\w/ -]+\)|stand|veröffentlicht|aktualisiert|zuletzt|published|updated|"
    r"posted|am|on|vom|um)[\s,:|–—-]*){0,5}$",
)
# What may follow it: a separator, a time, or the end of the line.
_DATELINE_SUFFIX = re.compile(r"^\s*(?:$|[,|–—-]|\(|/|\d{1,2}[:.]\d{2}|um\b|at\b)")


def dateline_date(text: str, *, lines: int = 3) -> str | None:
    """The date of a dateline in the first lines of a text, or None.

    "BERLIN, 21. Januar 2022 – …", "21.01.2022, 14:30 Uhr", "Montag, 3. Mai 2021" count; a date
    inside a sentence ("Am 21. Januar 2022 wird …") does not, because the words around it are
    prose rather than a place, weekday or time.
    """
    head = [line for line in text.lstrip().splitlines() if line.strip()][:lines]
    for line in head:
        for found in find_dates(line):
            if _DATELINE_PREFIX.match(line[: found.start]) and _DATELINE_SUFFIX.match(line[found.end :]):
                return found.iso
    return None


def caption_date(captions: list[str], body: str = "", *, not_after: dt.date | None = None) -> str | None:
    """The latest full date written in captions or the body, not later than `not_after`, or None.

    Photo captions of agency pictures ("… am Freitag, 21. Januar 2022, in Genf") carry the day of
    the event, which for news is the day of the article; the latest such date is the best lower
    bound, while dates after `not_after` (default: today) are announcements, not the past. In the
    body only the caption style with a weekday counts: plain dates there are mostly history or
    deadlines.
    """
    limit = not_after or dt.date.today()
    found = [f for text in captions for f in find_dates(text)]
    found += [f for f in find_dates(body) if f.weekday]
    dates = [f.value for f in found if f.value <= limit]
    return max(dates).isoformat() if dates else None
