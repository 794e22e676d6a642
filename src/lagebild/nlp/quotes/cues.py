"""Word-level helpers for quote detection: tokens, sentences, the cue lexicon, mood, noun phrases.

Kept apart from `rules.py` so the rules that find quotations read as rules, not string handling.
The cue lexicon (`data/speech_cues.tsv`) is built by `models/quotes/build_cues.py` from GePaDe (CC0).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache, lru_cache
from importlib import resources

from lagebild.nlp import words

TOKEN = re.compile(r"\w+(?:[-'’.]\w+)*-?|[^\w\s]")
OPEN_MARKS = '„“”"»«'
ABBREVIATIONS = words(
    "z b dr nr st prof bzw ca vgl etc usw u a mio mrd jh chr geb evtl ggf inkl hr fr abs art s bd ff tsd "
    "jan feb febr aug sept sep okt nov dez v engl franz ital span lt mr mrs ms jr sen gen col lt gov rep"
)
MONTHS = words("januar februar märz april mai juni juli august september oktober november dezember jänner")
# A sentence ends at . ! ? (after an optional closing mark) before a capital, digit or opening mark.
_SENTENCE_END = re.compile(r"[.!?…]+[“”\"»«'’)]*(?=\s+[„“\"»«(‚‘'A-ZÄÖÜ0-9])")

DETERMINERS = words(
    "der die das den dem des ein eine einer einem eines einen sein seine seiner seinem seines seinen ihr "
    "ihre ihrer ihrem ihres ihren dessen deren beide beiden zwei drei vier mehrere viele einige alle "
    "zahlreiche dieser diese dieses diesem diesen jener jene andere anderen"
)
PRONOUNS = words("er sie")
NAME_PARTICLES = words("von van de da di la le al el bin ibn dos del du ter")
# Function words and adverbs that open a clause in upper case without being a noun or a name.
FUNCTION_WORDS = frozenset(
    words(
        "der die das und ist in zu den von mit sich des auf für nicht im dem eine ein als auch es an werden "
        "aus er hat dass sie nach wird bei einer um am sind noch wie einem über einen so zum war haben nur "
        "oder aber vor zur bis mehr durch man sein wurde sei ihr ihre wir ich uns diese dieser diesem diesen "
        "dieses kann können soll sollen muss müssen wurden worden hatte hatten gegen schon wenn weil damit "
        "dann doch unter zwischen seit sowie jedoch sagte habe kein keine nichts wieder ob wo was wer jetzt "
        "heute immer sehr vom ins beim denn also hier dort nun etwa sondern bereits laut zudem ab wegen "
        "ohne während außerdem dabei daher deshalb deswegen darüber dazu gestern morgen später zuvor "
        "zunächst anschließend danach vorher gleichzeitig inzwischen mittlerweile trotzdem dennoch "
        "allerdings zuletzt erst insgesamt offenbar angeblich demnach ebenfalls ebenso rund fast knapp "
        "bislang bisher derzeit zurzeit erneut weiterhin seinerseits ihrerseits dagegen daraufhin "
        "trotz gemäß zufolge obwohl nachdem bevor wobei sodass indem seitdem denn gerade vielmehr "
        "hingegen jedenfalls immerhin überdies einerseits andererseits tatsächlich wohl ja nein "
        "eigentlich natürlich schließlich letztlich endlich bald damals einst zugleich ferner jeder "
        "jede jedes alle man wer welche welcher welches nie niemals mal"
    )
)
ADVERB_PREPOSITIONS = words(
    "bei beim auf in im am an nach vor mit von vom zu zum zur aus über unter gegenüber während seit durch "
    "für gegen um ohne bis ab ins angesichts trotz wegen als"
)
_ADVERB_ENDINGS = ("lich", "weise", "zeitig", "dings", "falls", "mals", "seits", "wärts", "end", "lang")
# Clause-opening adverbs the endings above miss; taken for a subject they made "Aktuell" a speaker.
SENTENCE_ADVERBS = words(
    "aktuell sinngemäß weiter insbesondere offiziell zusätzlich konkret ausdrücklich vorerst wörtlich "
    "parallel ähnlich genauso dort hier nun jetzt stattdessen zuerst erstmals"
)
# Demonstratives that stand for a person named just before ("Dieser behauptete, …").
DEMONSTRATIVES = words("dieser diese jener jene letzterer letztere")
AUXILIARIES = words(
    "hat hatte hatten haben habe hätte hätten ist war waren sind sei seien wäre wären wird wurde wurden "
    "werden werde würde würden kann konnte konnten können könne könnte soll sollte sollten sollen solle "
    "will wollte wollten wollen wolle muss musste mussten müssen müsse müsste darf durfte dürfe dürfte "
    "ließ ließen lässt"
)
# Konjunktiv I/II forms that mark reported speech; the 3rd person -e rule below catches regular verbs.
SUBJUNCTIVE = words(
    "sei seien seist habe hätte hätten werde würde würden könne könnte könnten müsse müsste müssten "
    "solle wolle dürfe dürfte dürften gebe gäbe wäre wären wisse lasse ließe käme ginge stünde läge "
    "bestehe bleibe liege stehe gehe komme handle handele gelte sehe trage"
)
_NOT_SUBJUNCTIVE = (
    DETERMINERS
    | FUNCTION_WORDS
    | words(
        "gerne heute ohne alleine einige keine meine deine unsere eure welche solche alte neue große gute "
        "ganze hohe letzte erste zweite dritte nächste halbe weitere frühere spätere bekannte genaue "
        "offene"
    )
)


@dataclass(frozen=True, slots=True)
class Token:
    start: int
    end: int
    text: str
    # Lower-cased once, when made: the quote rules ask for it millions of times in a corpus.
    lower: str = field(default="", compare=False, repr=False)

    def __post_init__(self) -> None:
        if not self.lower and self.text:
            object.__setattr__(self, "lower", self.text.lower())


@dataclass(frozen=True, slots=True)
class Cues:
    """The lexicon: verb forms (with the particle a separable verb needs), reporting verbs, frames."""

    verbs: dict[str, frozenset[str]]
    reported: frozenset[str]
    preps: frozenset[str]
    frame_nouns: frozenset[str]


@cache
def cues() -> Cues:
    """Load `data/speech_cues.tsv` once."""
    text = resources.files("lagebild").joinpath("data", "speech_cues.tsv").read_text(encoding="utf-8")
    verbs: dict[str, set[str]] = {}
    reported, preps, frames = set(), set(), set()
    for line in text.splitlines():
        if not line or line.startswith("#"):
            continue
        kind, form, particle, _count = line.split("\t")
        if kind in ("verb", "reported"):
            verbs.setdefault(form, set()).add("" if particle == "-" else particle)
            if kind == "reported":
                reported.add(form)
        elif kind == "prep":
            preps.add(form)
        elif kind == "after":
            frames.add(form)
    return Cues(
        {f: frozenset(p) for f, p in verbs.items()}, frozenset(reported), frozenset(preps), frozenset(frames)
    )


def tokenize(text: str, start: int = 0, end: int | None = None) -> list[Token]:
    return [
        Token(m.start(), m.end(), word, word.lower())
        for m in TOKEN.finditer(text, start, len(text) if end is None else end)
        for word in (m.group(),)
    ]


def sentences(text: str) -> list[tuple[int, int]]:
    """Sentence spans: split at line breaks and at end punctuation that is not an abbreviation or ordinal.

    >>> sentences("Am 2. Dezember sagte Dr. Meier ja. Er ging.")
    [(0, 34), (35, 43)]
    """
    return list(_sentences(text))


@lru_cache(maxsize=512)
def _sentences(text: str) -> tuple[tuple[int, int], ...]:
    """`sentences`, kept for the texts of the latest chunk of articles: the quote and event stages both
    split each text (one stage runs over the whole chunk of up to 128 articles before the next)."""
    spans: list[tuple[int, int]] = []
    for line in re.finditer(r"[^\n]+", text):
        start = line.start()
        for m in _SENTENCE_END.finditer(text, line.start(), line.end()):
            word = re.search(r"(\w+)\W*$", text[start : m.start() + 1])
            last = word.group(1).lower() if word else ""
            nxt = re.match(r"\s+\W*(\w+)", text[m.end() : line.end()])
            following = nxt.group(1).lower() if nxt else ""
            if text[m.start()] == "." and m.end() - m.start() == 1:
                if last in ABBREVIATIONS or (len(last) == 1 and last.isalpha()):
                    continue
                if last.isdigit() and len(last) <= 2 and (following in MONTHS or not following[:1].isupper()):
                    continue
            spans.append(_strip(text, start, m.end()))
            start = m.end()
        if text[start : line.end()].strip():
            spans.append(_strip(text, start, line.end()))
    return tuple(spans)


def _strip(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def is_adverb_like(word: str) -> bool:
    """True for a capitalised word that opens a clause without being a noun ("Gleichzeitig", "Außerdem")."""
    low = word.lower()
    return (
        low in FUNCTION_WORDS
        or low in SENTENCE_ADVERBS
        or (low.endswith(_ADVERB_ENDINGS) and "-" not in low and low not in ("belang", "klang"))
    )


def is_capitalised(tok: Token) -> bool:
    first = tok.text[:1]
    return first.isupper() and first.isalpha()


def is_subjunctive(tokens: list[Token], i: int) -> bool:
    """Konjunktiv I/II at token i: a listed form, or a lower-case 3rd person -e form not before a noun."""
    low = tokens[i].lower
    if low in SUBJUNCTIVE:
        return True
    if len(low) < 5 or not low.endswith("e") or not low.isalpha() or not tokens[i].text.islower():
        return False
    if low in _NOT_SUBJUNCTIVE or low.endswith(("te", "ere", "ige", "ische", "liche", "ste", "nde")):
        return False
    nxt = tokens[i + 1] if i + 1 < len(tokens) else None
    prev = tokens[i - 1] if i > 0 else None
    if nxt is not None and (is_capitalised(nxt) or nxt.lower in ("und", "oder")):
        return False
    return prev is not None and prev.lower not in DETERMINERS and prev.text not in ("„", "“", '"')


def noun_phrase(tokens: list[Token], i: int, end: int) -> tuple[int, int] | None:
    """Token range [i, j) of the noun phrase starting at i (determiner, adjectives, nouns, names,
    a genitive or "von" attribute, a party in brackets), or None when none starts there."""
    if i >= end or tokens[i].text[:1].isdigit():
        return None
    if tokens[i].lower in PRONOUNS:
        return i, i + 1
    j, last = i, -1
    while j < end and j - i < 14:
        tok = tokens[j]
        low = tok.lower
        nxt = tokens[j + 1] if j + 1 < end else None
        if is_capitalised(tok) and not (j == i and is_adverb_like(tok.text) and low not in DETERMINERS):
            if last >= 0 and low in FUNCTION_WORDS and low not in DETERMINERS:
                break
            if low in DETERMINERS:
                j += 1
                continue
            last = j
        elif low in DETERMINERS or tok.text.isdigit() or _name_particle(tok, nxt, last):
            pass
        elif is_adjective(tok) and (last < 0 or _attributive_before(tokens[j - 1])):
            pass  # after a noun an adjective opens a genitive ("des neuen Chefs"), it never follows bare
        elif last == j - 1 and low == "von" and nxt is not None and nxt.text in OPEN_MARKS:
            # "der Leiter von „Ärzte ohne Grenzen“": the quoted name belongs to the phrase.
            close = next((m for m in range(j + 2, min(end, j + 10)) if tokens[m].text in OPEN_MARKS), None)
            if close is None:
                break
            last, j = close, close + 1
            continue
        elif j > i and tok.text in OPEN_MARKS:
            # A quoted name inside the phrase: Die „Süddeutsche Zeitung“.
            if last == j - 1:
                last = j
        elif last == j - 1 and low in ("in", "aus") and nxt is not None and is_capitalised(nxt):
            # A place attribute: "Ein Regierungssprecher in Berlin".
            pass
        elif last >= 0 and tok.text == "(" and j + 2 < end and tokens[j + 2].text == ")":
            last = j + 2
            j += 3
            continue
        else:
            break
        j += 1
    return (i, last + 1) if last >= 0 else None


def _bare_noun(tok: Token) -> bool:
    return is_capitalised(tok) and tok.lower not in DETERMINERS


def _attributive_before(tok: Token) -> bool:
    """Whether an adjective after this token can be attributive: after a determiner or an adjective."""
    return tok.lower in DETERMINERS or is_adjective(tok)


def _name_particle(tok: Token, nxt: Token | None, last: int) -> bool:
    """ "von" in "Ursula von der Leyen", "de" in "Jaap de Hoop Scheffer"."""
    return last >= 0 and tok.lower in NAME_PARTICLES and nxt is not None and is_capitalised(nxt)


def is_adjective(tok: Token) -> bool:
    """A lower-case word with an adjective ending ("neuen", "81-jährige"); finite verbs in -e/-en pass
    too, so callers check the position."""
    low = tok.text
    plain = low.replace("-", "")
    if low[:1].isdigit() and "-" in low and low.rsplit("-", 1)[-1].isalpha():
        plain = low.rsplit("-", 1)[-1]  # "81-jährige", "64-jährige"
    return (
        plain.islower()
        and plain.isalpha()
        and low.endswith(("e", "en", "er", "es", "em"))
        and (low not in FUNCTION_WORDS and low not in AUXILIARIES)
    )


def noun_phrase_before(tokens: list[Token], j: int, begin: int) -> tuple[int, int] | None:
    """The noun phrase that ends right before token j ("den Angaben der Polizei zufolge")."""
    if j - 1 < begin or not (is_capitalised(tokens[j - 1]) or tokens[j - 1].text == ")"):
        return None
    i = j - 1
    while i > begin and j - i < 12:
        prev = tokens[i - 1]
        if prev.lower in DETERMINERS or is_adjective(prev) or is_capitalised(prev) or prev.text in "()":
            if is_capitalised(prev) and is_adverb_like(prev.text) and prev.lower not in DETERMINERS:
                break
            if is_adjective(prev) and i - 2 >= begin and _bare_noun(tokens[i - 2]):
                break  # "Sie entstammen Zeitungsberichten zufolge": a verb after a noun, no adjective
            i -= 1
        else:
            break
    return i, j
