"""The German (and basic English) grammar of temporal expressions: words and patterns.

Each pattern has a name that `resolve.py` turns into a TIMEX3 value. The patterns are tried together,
leftmost-longest, so "Freitag, 21. Januar 2022" is one expression and not a weekday and a date.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

MONTHS = {
    "januar": 1, "jänner": 1, "jan": 1, "februar": 2, "feber": 2, "feb": 2, "märz": 3, "mär": 3, "april": 4,
    "apr": 4, "mai": 5, "juni": 6, "jun": 6, "juli": 7, "jul": 7, "august": 8, "aug": 8, "september": 9,
    "sept": 9, "sep": 9, "oktober": 10, "okt": 10, "november": 11, "nov": 11, "dezember": 12, "dez": 12,
    "january": 1, "february": 2, "march": 3, "may": 5, "june": 6, "july": 7, "october": 10,
    "december": 12, "oct": 10, "dec": 12,
}  # fmt: skip
WEEKDAYS = {
    "montag": 0, "dienstag": 1, "mittwoch": 2, "donnerstag": 3, "freitag": 4, "samstag": 5, "sonnabend": 5,
    "sonntag": 6, "monday": 0, "tuesday": 1, "wednesday": 2, "thursday": 3, "friday": 4, "saturday": 5,
    "sunday": 6,
}  # fmt: skip
SEASONS = {
    "frühling": "SP", "frühjahr": "SP", "sommer": "SU", "herbst": "FA", "winter": "WI", "spring": "SP",
    "summer": "SU", "autumn": "FA", "fall": "FA",
}  # fmt: skip
NUMBERS = {
    "ein": 1, "eine": 1, "einem": 1, "einen": 1, "einer": 1, "eins": 1, "zwei": 2, "drei": 3, "vier": 4,
    "fünf": 5, "sechs": 6, "sieben": 7, "acht": 8, "neun": 9, "zehn": 10, "elf": 11, "zwölf": 12,
    "fünfzehn": 15, "zwanzig": 20, "dreißig": 30, "vierzig": 40, "fünfzig": 50, "hundert": 100,
    "anderthalb": 1.5, "eineinhalb": 1.5, "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4,
    "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10, "twelve": 12, "twenty": 20,
}  # fmt: skip
# unit word → (TIMEX3 duration letter, is it a time unit (PT…))
UNITS = {
    "sekunde": ("S", True), "sekunden": ("S", True), "minute": ("M", True), "minuten": ("M", True),
    "stunde": ("H", True), "stunden": ("H", True), "tag": ("D", False), "tage": ("D", False),
    "tagen": ("D", False), "tages": ("D", False), "woche": ("W", False), "wochen": ("W", False),
    "monat": ("M", False), "monate": ("M", False), "monaten": ("M", False), "monats": ("M", False),
    "jahr": ("Y", False), "jahre": ("Y", False), "jahren": ("Y", False), "jahres": ("Y", False),
    "jahrzehnt": ("DE", False), "jahrzehnte": ("DE", False), "jahrzehnten": ("DE", False),
    "jahrhundert": ("CE", False), "jahrhunderte": ("CE", False), "jahrhunderten": ("CE", False),
    "second": ("S", True), "seconds": ("S", True), "minutes": ("M", True), "hour": ("H", True),
    "hours": ("H", True), "day": ("D", False), "days": ("D", False), "week": ("W", False),
    "weeks": ("W", False), "month": ("M", False), "months": ("M", False), "year": ("Y", False),
    "years": ("Y", False),
}  # fmt: skip
MODIFIERS = {
    "anfang": "START", "beginn": "START", "mitte": "MID", "ende": "END", "early": "START", "mid": "MID",
    "late": "END", "end": "END", "gegen ende": "END", "zu beginn": "START", "frühen": "START", "späten": "END",
}  # fmt: skip
NEXT = {
    "nächste",
    "nächsten",
    "nächster",
    "nächstes",
    "kommende",
    "kommenden",
    "kommender",
    "kommendes",
    "next",
}
LAST = {
    "vergangene", "vergangenen", "vergangener", "vergangenes", "letzte", "letzten", "letzter", "letztes",
    "vorige", "vorigen", "voriger", "voriges", "last", "past", "previous",
}  # fmt: skip
THIS = {
    "diese", "diesen", "dieser", "dieses", "diesem", "jenem", "jenen", "jener", "jenes", "this", "laufenden",
    "laufende", "selben", "gleichen", "demselben", "derselben", "same",
}  # fmt: skip
ORDINALS = {
    "ersten": 1,
    "zweiten": 2,
    "dritten": 3,
    "vierten": 4,
    "first": 1,
    "second": 2,
    "third": 3,
    "fourth": 4,
}
# Holidays: fixed (month, day), or days after Easter Sunday.
HOLIDAYS: dict[str, tuple[int, int] | int] = {
    "weihnachten": (12, 25), "heiligabend": (12, 24), "heiligen abend": (12, 24), "silvester": (12, 31),
    "neujahr": (1, 1), "neujahrstag": (1, 1), "christmas": (12, 25), "new year's day": (1, 1),
    "ostern": 0, "ostersonntag": 0, "ostermontag": 1, "karfreitag": -2, "pfingsten": 49, "pfingstsonntag": 49,
    "pfingstmontag": 50, "christi himmelfahrt": 39, "easter": 0,
}  # fmt: skip


def _alt(words: Iterable[object]) -> str:
    return "|".join(sorted((re.escape(str(w)) for w in words), key=len, reverse=True))


M = _alt(
    [m for m in MONTHS if len(m) > 3]
    + [
        "Mai",
        "May",
        "Jan",
        "Feb",
        "Apr",
        "Jun",
        "Jul",
        "Aug",
        "Sep",
        "Sept",
        "Okt",
        "Oct",
        "Nov",
        "Dez",
        "Dec",
    ]
)
WD = _alt(WEEKDAYS)
SEASON = _alt(s for s in SEASONS if s != "fall")  # German "Fall" is a case, not autumn
NUM = rf"(?:\d+(?:,\d+)?|{_alt(NUMBERS)})"
UNIT = _alt(UNITS)
MOD = r"(?:Anfang|Mitte|Ende|Beginn|Gegen Ende|Zu Beginn|Early|Mid|Late|anfang|mitte|ende|beginn|gegen ende|zu beginn|early|mid|late)"
YEAR = r"(?:1[0-9]{3}|20[0-9]{2})"
DAY = r"(?:[12][0-9]|3[01]|0?[1-9])"
NEXT_W, LAST_W, THIS_W = _alt(NEXT), _alt(LAST), _alt(THIS)
B, E = r"(?<![\w.-])", r"(?![\w-])"
# Years may stand in a hyphenated range ("1867-1879") but not in a compound ("COVID-19", "2019-Bericht").
B_YEAR, E_YEAR = r"(?<![\w.,])(?<![^\W\d]-)", r"(?![\w]|-[^\W\d])"
ERA = r"\s+(?:v\.\s?Chr\.|n\.\s?Chr\.|vor\s+Christus|nach\s+Christus|v\.\s?u\.\s?Z\.|n\.\s?u\.\s?Z\.|BC|AD)"
NUM_WORD = r"(?:ein|zwei|drei|vier|fünf|sechs|sieben|acht|neun|zehn|elf|zwölf|fünfzehn|zwanzig|dreißig|vierzig|fünfzig|hundert|mehr)"
FOLLOWING_YEAR = r"desselben\s+Jahres|des\s+(?:selben|gleichen|folgenden|nächsten|darauffolgenden|vorigen|vorangegangenen)\s+Jahres|des\s+Vorjahres"
YEAR_STEP = {"folgenden": 1, "nächsten": 1, "darauffolgenden": 1, "vorigen": -1, "vorangegangenen": -1}

# (name, pattern); named groups carry the parts. Order does not matter: the longest match wins.
PATTERNS: list[tuple[str, str]] = [
    (
        "full",
        rf"(?:(?:am|vom|bis|zum|seit|ab|on)\s+)?(?:(?P<wd>{WD}),?\s+(?:den\s+|the\s+)?)?(?P<d>{DAY})(?:\.?\s*(?P<m>{M})\.?|\.\s?(?P<mn>0?[1-9]|1[0-2])\.)(?:\s*(?P<y>{YEAR}|['’]\d\d|\d{{1,4}}(?={ERA}))(?P<era>{ERA})?)?",
    ),
    (
        "full_en",
        rf"(?:(?:on)\s+)?(?:(?P<wd>{WD}),?\s+)?(?P<m>{M})\.?\s+(?P<d>{DAY})(?:st|nd|rd|th)?(?:,?\s+(?P<y>{YEAR}))?",
    ),
    ("numeric", rf"(?P<d>{DAY})\.(?P<mn>0?[1-9]|1[0-2])\.(?P<y>{YEAR}|\d\d){E}"),
    (
        "era_year",
        rf"(?:(?:im\s+Jahr(?:e)?|um|bis|seit|ab|von|vor|nach|Im\s+Jahr(?:e)?|Um|Bis|Seit|Ab|Von|Vor|Nach)\s+)?(?P<y>\d{{1,4}})(?P<era>{ERA})",
    ),
    (
        "year3",
        r"(?:(?:im|Im|das|Das|des)\s+Jahr(?:e|es)?|(?P<prep>seit|um|ab|bis|von|nach|Seit|Um|Ab|Bis|Von|Nach)(?=\s+\d{3}\b))\s+(?P<y>[1-9]\d{1,2})",
    ),
    (
        "day_range",
        rf"(?:(?:vom|zwischen\s+dem|Vom|Zwischen\s+dem)\s+)?(?P<d>{DAY})\.(?=\s*(?:bis(?:\s+zum)?|und(?:\s+dem)?|–|-|/)\s*{DAY}\.\s*(?P<m>{M})(?:\s+(?P<y>{YEAR}))?)",
    ),
    (
        "daypart_date",
        rf"(?:(?:am|in\s+der|Am|In\s+der)\s+)?(?P<dp>Morgen|Vormittag|Mittag|Nachmittag|Abend|Nacht)\s+(?P<rel>des|vom|zum|auf\s+den)\s+(?P<d>{DAY})\.\s*(?P<m>{M})(?:\s+(?P<y>{YEAR}))?",
    ),
    (
        "mod_unit",
        r"(?P<mod>Anfang|Mitte|Ende|Beginn)\s+(?P<which>des|dieses|jenes|desselben|des\s+gleichen)\s+(?P<unit>Jahres|Monats)",
    ),
    (
        "vague_duration",
        r"(?P<prep>seit|vor|für|über|nach|Seit|Vor|Für|Über|Nach)\s+(?:vielen\s+|einigen\s+|mehreren\s+)?(?P<vu>Jahrhunderten|Jahrzehnten|Jahren|Monaten|Wochen|Tagen|Stunden)|(?P<lang>jahrhunderte|jahrzehnte|jahre|monate|wochen|tage|stunden)lang(?:e|en|er|es|em)?",
    ),
    (
        "age",
        rf"(?P<n>\d+(?:,\d+)?-|{NUM_WORD})(?P<au>jährig|monatig|wöchig|tägig|stündig|minütig)(?:e|en|er|es|em)?",
    ),
    (
        "part_of_year",
        rf"(?:(?:im|in\s+the)\s+)?(?P<ord>ersten|zweiten|dritten|vierten|1\.|2\.|3\.|4\.|first|second|third|fourth)\s+(?P<part>Halbjahr|Quartal|Jahreshälfte|Jahresviertel|half|quarter)(?:\s+(?:des\s+Jahres\s+)?(?P<y>{YEAR}))?",
    ),
    (
        "century_range",
        r"(?:(?:vom|zwischen\s+dem|Vom|Zwischen\s+dem)\s+)?(?P<c>[1-2]?[0-9])\.(?=\s*(?:bis(?:\s+ins|\s+zum)?|und(?:\s+dem)?|–|-)\s*[1-2]?[0-9]\.\s*Jahrhundert)",
    ),
    ("iso", rf"(?P<y>{YEAR})-(?P<mn>0[1-9]|1[0-2])-(?P<d>0[1-9]|[12][0-9]|3[01]){E}"),
    (
        "month",
        rf"(?:(?:im|in|seit|bis|ab|von|vom|zum|des|Im|In|Seit|Bis|Ab|Von|Vom|in the|since|until)\s+)?(?:(?P<mod>{MOD})\s+(?:des\s+)?)?(?P<m>{M})(?:\s+(?:des\s+Jahres\s+)?(?P<y>{YEAR})|\s+(?P<fol>{FOLLOWING_YEAR}))?",
    ),
    (
        "season",
        rf"(?:(?:im|in|seit|bis|Im|In|Seit|Bis)\s+)?(?:(?P<mod>{MOD})\s+(?:des\s+)?)?(?P<rel>{NEXT_W}|{LAST_W}|{THIS_W})?\s*(?P<pre>Früh|Spät|Hoch|früh|spät|hoch)?(?P<s>{SEASON})(?:s)?(?:\s+(?P<y>{YEAR})(?:/\d\d)?|\s+(?P<fol>{FOLLOWING_YEAR}))?",
    ),
    (
        "year",
        rf"(?:(?:im\s+Jahr(?:e)?|in\s+the\s+year|Im\s+Jahr(?:e)?|(?P<mod>{MOD})(?:\s+des\s+Jahres)?|seit|bis|ab|von|vor|nach|um|im|in|Seit|Bis|Ab|Von|Vor|Nach|Um|Im|In|since|until|by|after|before)\s+)?(?P<y>{YEAR})(?:/(?P<y2>\d\d(?:\d\d)?))?",
    ),
    (
        "decade",
        rf"(?:(?P<dmod>{MOD})\s+)?(?:(?:in\s+den|den|die|der|In\s+den|the)\s+)?(?:(?P<mod>frühen|späten|early|late)\s+)?(?P<dec>1[0-9]{{2}}|20[0-9])0(?:er|s)(?:\s*(?:Jahre(?:n)?|-Jahre(?:n)?))?",
    ),
    ("decade_short", r"(?:(?:in\s+den|den|die|der|In\s+den)\s+)(?P<dec2>[2-9])0er(?:\s*(?:Jahre(?:n)?))"),
    (
        "century",
        rf"(?:(?P<dmod>{MOD}|(?:der\s+)?(?:ersten|zweiten)\s+Hälfte)\s+)?(?:(?:im|des|ins|Im|Ins|Des|the)\s+)?(?:(?P<mod>frühen|späten|ausgehenden|beginnenden|early|late)\s+)?(?P<c>[1-2]?[0-9])\.\s*Jahrhundert(?:s)?",
    ),
    ("century_en", r"(?:the\s+)?(?P<c>[1-2]?[0-9])(?:st|nd|rd|th)\s+century"),
    (
        "deictic_day",
        r"(?P<w>vorgestern|gestern|heute|morgen|übermorgen|yesterday|today|tomorrow)(?P<part>abend|morgen|nachmittag|mittag|vormittag|früh)?",
    ),
    (
        "weekday",
        rf"(?:(?:am|vom|seit|bis|ab|zum|on|On|Am)\s+)?(?:(?P<rel>{NEXT_W}|{LAST_W}|{THIS_W})\s+)?(?P<wd>{WD})(?P<part>abend|morgen|nachmittag|mittag|vormittag|früh|nacht)?",
    ),
    (
        "rel_unit",
        rf"(?:(?:in\s+der|im|in|am|Im|In|In\s+der|Am)\s+)?(?P<rel>{NEXT_W}|{LAST_W}|{THIS_W})\s+(?P<unit>Woche|Monat|Monats|Jahr|Jahres|Jahrzehnt|Wochenende|week|month|year|weekend)",
    ),
    (
        "ago",
        rf"(?:vor|Vor)\s+(?P<n>{NUM}|einigen|wenigen|mehreren)\s+(?P<unit>{UNIT})|(?P<n2>{NUM}|a few|several)\s+(?P<unit2>{UNIT})\s+ago",
    ),
    (
        "later",
        rf"(?P<n>{NUM}|einige|wenige)\s+(?P<unit>{UNIT})\s+(?P<dir>später|danach|darauf|zuvor|davor|früher|later|earlier|before)",
    ),
    (
        "following",
        r"(?:am|Am|tags|Tags)\s+(?P<f>folgenden|nächsten|darauffolgenden|selben|gleichen|vorigen|vorangegangenen)?\s*(?:Tag|Tage|darauf)|(?:im|Im)\s+(?P<fy>folgenden|darauffolgenden|selben|gleichen|nächsten)\s+(?P<fu>Jahr|Monat)|(?:im|Im)\s+Jahr\s+darauf|(?P<rel_noun>(?:im|am|Im|Am)\s+(?:Vorjahr|Folgejahr|Vormonat|Folgemonat|Vortag|Folgetag)|(?:im|Im)\s+(?:Jahr|Monat)\s+(?:zuvor|danach)|(?:tags|Tags)\s+zuvor)|(?:the\s+)?(?:next|following)\s+day",
    ),
    (
        "holiday",
        rf"(?:(?:an|zu|um|über|bis|seit|am|An|Zu|Um|Über|Bis|Seit|Am)\s+)?(?P<hol>{_alt([h.title() for h in HOLIDAYS] + [h for h in HOLIDAYS if h[0].isupper()])})(?:\s+(?P<y>{YEAR}))?",
    ),
    (
        "daypart",
        r"(?:am|Am|in\s+der|In\s+der)\s+(?P<dp>Morgen|Vormittag|Mittag|Nachmittag|Abend|Nacht)|(?:(?:spät|früh)\s*)?(?P<adv>morgens|vormittags|mittags|nachmittags|abends|nachts)",
    ),
    (
        "ref",
        r"(?P<r>in\s+naher\s+Zukunft|die\s+Gegenwart|der\s+Gegenwart|aktuell|in\s+den\s+(?:nächsten|kommenden|folgenden)\s+(?:Tagen|Wochen|Monaten|Jahren)|künftig|demnächst|derzeit|zurzeit|gegenwärtig|momentan|heutzutage|jetzt|in\s+Zukunft|in\s+the\s+near\s+future|currently|nowadays)",
    ),
    (
        "duration",
        rf"(?:(?:seit|für|über|rund|etwa|fast|knapp|mehr\s+als|nach|binnen|innerhalb\s+von|for|about|over)\s+)?(?P<n>{NUM}|einige|einigen|mehrere|mehreren|wenige|wenigen|several|a\s+few)\s+(?P<unit>{UNIT})(?:\s+lang)?",
    ),
    (
        "set",
        rf"(?P<every>jeden|jede|jedes|alle|every|each)\s+(?P<what>{WD}|Tag|Woche|Monat|Jahr|day|week|month|year)|(?P<adv>täglich|wöchentlich|monatlich|jährlich|stündlich|daily|weekly|monthly|yearly|annually)",
    ),
    (
        "time",
        r"(?:(?:um|gegen|ab|bis|at)\s+)?(?P<h>[01]?[0-9]|2[0-3])(?:[:.](?P<min>[0-5][0-9]))?\s*(?:Uhr|(?-i:h)\b)|(?:(?:um|gegen|ab|bis|at)\s+)(?P<h2>[01]?[0-9]|2[0-3]):(?P<min2>[0-5][0-9])(?:\s*(?:Uhr|a\.m\.|p\.m\.))?|(?P<h3>[01]?[0-9]|2[0-3]):(?P<min3>[0-5][0-9])\s*(?:a\.m\.|p\.m\.)",
    ),
]
BOUNDS = {"year": (B_YEAR, E_YEAR), "era_year": (B_YEAR, E)}
COMPILED = [
    (
        name,
        re.compile(
            BOUNDS.get(name, (B, E))[0] + "(?:" + pattern + ")" + BOUNDS.get(name, (B, E))[1], re.IGNORECASE
        ),
    )
    for name, pattern in PATTERNS
]
DAYPARTS = {
    "morgen": "MO",
    "vormittag": "MO",
    "mittag": "MI",
    "nachmittag": "AF",
    "abend": "EV",
    "nacht": "NI",
}
CASE_SENSITIVE = {"month", "season", "year", "weekday"}  # their words must be written as names (capitalised)
