"""Each match of the date grammar resolved to a TIMEX3 value, against the publication date or the
reference time of the narrative (see the package's docstring)."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any

from lagebild.nlp.dates import grammar as g
from lagebild.nlp.dates import values as v
from lagebild.nlp.dates.scan import scan

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


_DATED = re.compile(r"^\d{4}")  # values that can become the reference time (not BC, not XXXX, not weeks)


@dataclass(slots=True)
class Anchor:
    """The date expressions are resolved against: a day (None when unknown) and where it came from."""

    day: dt.date | None
    precision: str  # "day", "month", "year"
    source: str  # "published", "reference", "inferred"


def find_dates(text: str, published: str | None, language: str | None = "de") -> list[dict[str, Any]]:
    """Temporal expressions of a text with TIMEX3 values, offsets into `text`."""
    return resolve(text, published, language)[0]


def resolve(
    text: str, published: str | None, language: str | None = "de"
) -> tuple[list[dict[str, Any]], Anchor]:
    """`find_dates`, and the anchor its values were resolved against (inferred when `published` is
    missing or unreadable)."""
    matches = scan(text)
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
        if (
            kind in ("DATE", "TIME")
            and value
            and re.match(r"^\d{4}", value)
            and not re.search(r"-W\d", value)
        ):
            reference = _parse_anchor(value, "reference")
    return found, anchor


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
    if month is None:
        return None
    era = m.groupdict().get("era")
    if era:  # dt.date knows no year before 1: the value is written directly
        prefix = "BC" if v.before_christ(era) else ""
        return f"{prefix}{int(m.group('y')):04d}-{month:02d}-{day:02d}"
    year = v.year_of(m.group("y"), anchor.day if anchor else None)
    if year is None:
        if anchor is None or anchor.day is None:
            return f"XXXX-{month:02d}-{day:02d}"
        year = anchor.day.year if anchor.precision == "year" else v.place_year(anchor.day, month, day, future)
    try:
        return dt.date(year, month, day).isoformat()
    except ValueError:
        return None


_COORDINATED_YEAR = re.compile(
    rf"\s*(?:und|oder|bis|sowie|–|-)\s+(?:(?:Anfang|Mitte|Ende)\s+)?(?:{g.M}|{g.SEASON})\s+({g.YEAR})\b",
    re.IGNORECASE,
)


def _borrowed_year(text: str, end: int) -> str | None:
    """The year a coordinated expression lends: "im Sommer und Herbst 2020", "vom Juli bis August 1943"."""
    m = _COORDINATED_YEAR.match(text, end, end + 40)
    return m.group(1) if m else None


def _tense_future(text: str, m: re.Match[str]) -> bool:
    start = max(text.rfind(".", 0, m.start()), text.rfind("\n", 0, m.start())) + 1
    end_candidates = [i for i in (text.find(".", m.end()), text.find("\n", m.end())) if i >= 0]
    sentence = text[start : min(end_candidates) if end_candidates else len(text)]
    return bool(_FUTURE.search(sentence)) and not _PAST.search(sentence)


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
        year_text = groups.get("y") or _borrowed_year(text, m.end())
        if year_text:
            return f"{year_text}-{month:02d}", "DATE", mod, None
        if narrative.day is None:
            return f"XXXX-{month:02d}", "DATE", mod, None
        year = narrative.day.year + v.year_step(groups.get("fol"))
        if narrative.precision != "year" and not historical and not groups.get("fol"):
            year = v.place_year(narrative.day, month, 1, _tense_future(text, m))
        return f"{year}-{month:02d}", "DATE", mod, narrative_name
    if name == "season":
        season = (
            g.SEASONS[groups["s"].lower().rstrip("s")]
            if groups["s"].lower().rstrip("s") in g.SEASONS
            else g.SEASONS[groups["s"].lower()]
        )
        year_text = groups.get("y") or _borrowed_year(text, m.end())
        if year_text:
            return f"{year_text}-{season}", "DATE", mod, None
        base = anchor if groups.get("rel") else narrative
        if base.day is None:
            return f"XXXX-{season}", "DATE", mod, None
        shift = (
            1
            if (groups.get("rel") or "").lower() in g.NEXT
            else -1
            if (groups.get("rel") or "").lower() in g.LAST
            else 0
        ) + v.year_step(groups.get("fol"))
        return (
            f"{base.day.year + shift}-{season}",
            "DATE",
            mod,
            "published" if base is anchor else narrative_name,
        )
    if name == "year":
        return groups["y"], "DATE", mod, None
    if name in ("era_year", "year3"):
        prefix = "BC" if name == "era_year" and v.before_christ(groups["era"]) else ""
        return f"{prefix}{int(groups['y']):04d}", "DATE", None, None
    if name == "day_range":
        if groups.get("y"):
            return _full(m, None), "DATE", None, None
        return _full(m, narrative, _tense_future(text, m)), "DATE", None, narrative_name
    if name == "daypart_date":
        part = g.DAYPARTS[groups["dp"].lower()]
        day = _full(m, None if groups.get("y") else narrative, _tense_future(text, m))
        if day and day[0].isdigit() and groups["rel"].lower() != "des" and part == "NI":
            # "die Nacht zum 4. März" begins on the 3rd
            day = (dt.date.fromisoformat(day) - dt.timedelta(days=1)).isoformat()
        return (f"{day}T{part}" if day else None), "TIME", None, None if groups.get("y") else narrative_name
    if name == "mod_unit":
        if narrative.day is None:
            return None, "DATE", mod, None
        unit_mod = g.MODIFIERS.get(groups["mod"].lower())
        if groups["unit"].lower() == "monats" and narrative.precision != "year":
            return narrative.day.strftime("%Y-%m"), "DATE", unit_mod, narrative_name
        return str(narrative.day.year), "DATE", unit_mod, narrative_name
    if name == "vague_duration":
        unit = (groups.get("vu") or groups.get("lang") or "").lower()
        letter, is_time = next(
            (v for k, v in g.UNITS.items() if k.startswith(unit[:5]) and unit[:5]), ("Y", False)
        )
        if (groups.get("prep") or "").lower() == "vor":
            return "PAST_REF", "DATE", None, None
        return v.duration(None, v.unit_word(letter, is_time)), "DURATION", None, None
    if name == "age":
        n = groups["n"].rstrip("-")
        amount = None if n.lower() == "mehr" else v.number(n)
        unit = {"jährig": "jahr", "monatig": "monat", "wöchig": "woche", "tägig": "tag"}.get(
            groups["au"].lower(), "stunde" if groups["au"].lower() == "stündig" else "minute"
        )
        return v.duration(amount, unit), "DURATION", None, None
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
    if name == "part_of_year":
        ordinal = groups["ord"].lower().rstrip(".")
        n = int(ordinal) if ordinal.isdigit() else g.ORDINALS[ordinal]
        label = f"H{n}" if groups["part"].lower() in ("halbjahr", "jahreshälfte", "half") else f"Q{n}"
        if groups.get("y"):
            return f"{groups['y']}-{label}", "DATE", None, None
        if narrative.day is None:
            return f"XXXX-{label}", "DATE", None, None
        return f"{narrative.day.year}-{label}", "DATE", None, narrative_name
    if name == "century_range":
        return f"{int(groups['c']) - 1:02d}", "DATE", None, None
    if name in ("century", "century_en"):
        c = int(groups["c"])
        dmod = (groups.get("dmod") or "").lower()
        if dmod:
            mod_word = "frühen" if "ersten" in dmod else "späten" if "zweiten" in dmod else ""
            mod = g.MODIFIERS.get(dmod)
        return (
            (f"{c - 1:02d}" if c > 0 else None),
            "DATE",
            mod
            or {
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
        if word == "früher":
            return "PAST_REF", "DATE", None, None
        return "PRESENT_REF", "DATE", None, None
    if name == "duration":
        n = v.number(groups["n"]) if groups.get("n") else None
        return v.duration(n, groups["unit"]), "DURATION", None, None
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
        hour = int(groups.get("h") or groups.get("h2") or groups.get("h3") or 0)
        minute = int(groups.get("min") or groups.get("min2") or groups.get("min3") or 0)
        # a clock time belongs to the day the narrative is on, which in news is mostly the publication day
        base = narrative if narrative.day and narrative.precision == "day" else anchor
        if not (base.day and base.precision == "day"):
            return f"XXXX-XX-XXT{hour:02d}:{minute:02d}", "TIME", None, None
        uses = narrative_name if base is narrative else "published"
        return f"{base.day.isoformat()}T{hour:02d}:{minute:02d}", "TIME", None, uses
    if name == "holiday":
        if not groups.get("y") and narrative.day is None:
            return None, "DATE", None, None
        holiday_year = int(groups["y"]) if groups.get("y") else narrative.day.year  # type: ignore[union-attr]
        holiday = v.holiday(groups["hol"].lower(), holiday_year)
        value = holiday.isoformat() if holiday else None
        return value, "DATE", None, None if groups.get("y") else narrative_name
    if name == "daypart":
        part = g.DAYPARTS[(groups.get("dp") or groups["adv"][:-1]).lower()]
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
            v.weekday_near(
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
        return v.shift(base.day or anchor.day, n, unit), "DATE", None, base.source
    if name == "ago":
        n = v.number(groups.get("n") or groups.get("n2") or "")
        unit = groups.get("unit") or groups.get("unit2") or "tag"
        if n is None:  # "vor wenigen Jahren"
            return "PAST_REF", "DATE", None, None
        if anchor.day is None:
            return None, "DATE", None, None
        return v.shift(anchor.day, -int(n), unit), "DATE", None, anchor.source
    if name == "later":
        n = v.number(groups["n"])
        if narrative.day is None:
            return None, "DATE", None, None
        if n is None:  # "wenige Tage danach": near the reference, at the precision the unit allows
            coarse = g.UNITS.get(groups["unit"].lower(), ("Y", False))[0] in ("S", "M", "H", "D", "W")
            value = narrative.day.strftime("%Y-%m") if coarse else str(narrative.day.year)
            return value, "DATE", "APPROX", narrative_name
        direction = 1 if groups["dir"].lower() in ("später", "danach", "darauf", "later") else -1
        return v.shift(narrative.day, direction * int(n), groups["unit"]), "DATE", None, narrative_name
    if name == "following":
        if narrative.day is None:
            return None, "DATE", None, None
        word = (groups.get("f") or groups.get("fy") or "").lower()
        if groups.get("rel_noun"):
            return _relative_noun(groups["rel_noun"], narrative), "DATE", None, narrative_name
        if groups.get("fu"):
            unit = "monat" if groups["fu"].lower() == "monat" else "jahr"
            return (
                v.shift(narrative.day, 0 if word in ("selben", "gleichen") else 1, unit),
                "DATE",
                None,
                narrative_name,
            )
        if "Jahr darauf" in m.group():
            return v.shift(narrative.day, 1, "jahr"), "DATE", None, narrative_name
        if narrative.precision != "day":
            return None, "DATE", None, None
        step = 0 if word in ("selben", "gleichen") else -1 if word in ("vorigen", "vorangegangenen") else 1
        return (narrative.day + dt.timedelta(days=step)).isoformat(), "DATE", None, narrative_name
    return None, "DATE", None, None


def _relative_noun(phrase: str, narrative: Anchor) -> str | None:
    """ "im Vorjahr", "am Folgetag", "im Jahr zuvor", "tags zuvor": one unit before or after the reference."""
    phrase = phrase.lower()
    step = -1 if ("vor" in phrase.split()[-1] or "zuvor" in phrase) else 1
    day = narrative.day
    if day is None:
        return None
    if "tag" in phrase:
        return (day + dt.timedelta(days=step)).isoformat() if narrative.precision == "day" else None
    if "monat" in phrase:
        return v.shift(day, step, "monat") if narrative.precision != "year" else None
    return str(day.year + step)
