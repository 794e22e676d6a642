"""Events: meetings, talks, calls, visits, summits, press conferences and statements.

An event is found at a trigger word ("Treffen", "trafen sich", "Telefonat", "Gipfel", "talks") and
gets what its sentence says: participants (people and organisations, also where the text says "er"
or "der US-Außenminister"), a place (a location after "in", "im", "nach", …), an occasion ("am Rande
des Ministertreffens der OSZE"), a date (a resolved date expression of the dates stage; else the
last fixed date of the preceding sentences, as narrative continues in the same time) and a status:
happened, planned ("werden in naher Zukunft direkte Kontakte unterhalten") or cancelled.

Sentences that speak of one event are merged into it within an article. The event id depends only
on the kind of event, its date and its participants' entity ids, so two articles reporting the
same meeting give it the same id.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from dataclasses import dataclass, field
from typing import Any

from lagebild.model import Article, Mention
from lagebild.nlp import words
from lagebild.nlp.entities.roles import ROLE_WORD
from lagebild.nlp.quotes.cues import sentences
from lagebild.stages import stage

TRIGGERS: dict[str, tuple[str, ...]] = {
    "summit": ("gipfel", "gipfeltreffen", "gipfelkonferenz", "ministertreffen", "ministerrat", "summit"),
    "press_conference": ("pressekonferenz", "medienkonferenz", "pressekonferenzen", "press conference"),
    "call": ("telefonat", "telefonats", "telefonierte", "telefonierten", "telefongespräch", "phone call"),
    "visit": (
        "besuch", "besuchs", "besuchte", "besuchten", "staatsbesuch", "antrittsbesuch", "visit", "visited",
    ),
    "talks": (
        "gespräch", "gespräche", "gesprächen", "gesprächs", "verhandlungen", "verhandelten", "unterredung",
        "sprachen", "talks", "negotiations",
    ),
    "meeting": (
        "treffen", "treffens", "trafen", "traf", "getroffen", "trifft", "begegnung", "zusammenkunft",
        "spitzentreffen", "kontakt", "kontakte", "meeting", "met", "meet", "meets",
    ),
    "statement": ("erklärung", "stellungnahme", "statement"),
}  # fmt: skip
KIND = {word: kind for kind, forms in TRIGGERS.items() for word in forms}
MULTIWORD = [w for w in KIND if " " in w]
# Kinds that name the same happening when participants and date agree ("Gespräche" and "Treffen").
CLASS = {"meeting": "meeting", "talks": "meeting", "summit": "meeting", "call": "call", "visit": "visit"}

PLANNED = words(
    "werden wird werde würde würden soll sollen sollte sollten wollen will plant planen planten geplant "
    "geplante geplanten bevorstehend bevorstehende bevorstehenden künftig künftige demnächst weitere "
    "weiteres weiterer könnte könnten feststehe feststeht zustande stattfinden vereinbart vereinbarten "
    "angekündigt angekündigte plans planned upcoming"
)
CANCELLED = words("abgesagt absagen abgebrochen geplatzt cancelled canceled postponed verschoben")
PAST_AUX = words("hatten hatte haben hat habe fand fanden führten führte war waren wurde wurden")
PLACE_PREPOSITIONS = words("in im nach auf bei am at")
INHERIT_SENTENCES = 2  # an undated event takes a day from at most this many sentences before
_WORD = re.compile(r"\w+(?:-\w+)*")
_OCCASION = re.compile(
    r"\b(?:am Rande|im Rahmen|während|bei)\s+(?:des|der|dem|eines|einer|the)\s+", re.IGNORECASE
)
_SPOKE_OF = re.compile(r"(?:\s+(?!mit\b|über\b|miteinander\b)\S+){0,3}?\s+(?:von|vom|davon)\b")
_FIXED = re.compile(r"^\d{4}(?:-W\d{2}|-\d{2}(?:-\d{2})?)?$")


@dataclass(slots=True)
class Found:
    kind: str
    trigger: tuple[int, int, str]
    sentence: tuple[int, int]
    participants: list[Mention] = field(default_factory=list)
    place: Mention | None = None
    occasion: tuple[int, int, str] | None = None
    date: dict[str, Any] | None = None
    date_inherited: bool = False
    status: str = "happened"
    evidence: list[tuple[int, int]] = field(default_factory=list)


@stage(requires=("text", "entities", "dates"), provides=("events",))
def events(article: Article) -> Article:
    """Fill `article.events` from the clean text, its entities and its resolved dates."""
    article.events = [
        record(article, e)
        for e in find_events(article.text, article.entities, article.dates, article.published)
    ]
    return article


def find_events(
    text: str, mentions: list[Mention], dates: list[dict[str, Any]], published: str | None
) -> list[Found]:
    """Events of one text, merged where several sentences speak of the same one."""
    mentions = [m for m in mentions if m.field == "text" and not m.label.endswith("part")]
    dates = [d for d in dates if d.get("field", "text") == "text"]
    found: list[Found] = []
    last_fixed: dict[str, Any] | None = None
    last_fixed_at = -10
    for index, (s_start, s_end) in enumerate(sentences(text)):
        sentence = text[s_start:s_end]
        in_sentence = [d for d in dates if s_start <= d["start"] < s_end]
        for trigger in triggers(sentence, s_start):
            event = Found(KIND[trigger[2].lower()], trigger, (s_start, s_end), evidence=[(s_start, s_end)])
            event.participants = participants(text, mentions, s_start, s_end, trigger)
            event.place = place(text, mentions, s_start, s_end)
            event.occasion = occasion(text, mentions, s_start, s_end)
            if event.occasion:  # the organisation whose meeting it was is the occasion, not a party
                o_start, o_end, _ = event.occasion
                event.participants = [p for p in event.participants if not o_start <= p.start < o_end]
            event.status = status(sentence, in_sentence, published)
            event.date = next((d for d in in_sentence if _fixed(d)), None)
            if (
                event.date is None
                and last_fixed is not None
                and index - last_fixed_at <= INHERIT_SENTENCES
                and event.status == "happened"
                and not _after(last_fixed, published)
            ):
                event.date, event.date_inherited = last_fixed, True
            if event.participants or event.place or event.date:
                found.append(event)
        days = [d for d in in_sentence if _fixed(d) and len(str(d["value"])) == 10]
        if days:  # only a day carries over: "im Dezember" is too vague to date the next sentence's talks
            last_fixed, last_fixed_at = days[-1], index
    # an event nobody is named for ("Gespräche in Genf" with no sentence saying who) is left out
    return [e for e in merge(found) if e.participants]


def triggers(sentence: str, offset: int) -> list[tuple[int, int, str]]:
    """Trigger words of a sentence; one trigger per kind, the first."""
    out: dict[str, tuple[int, int, str]] = {}
    lowered = sentence.lower()
    for phrase in MULTIWORD:
        i = lowered.find(phrase)
        if i >= 0:
            out.setdefault(
                KIND[phrase], (offset + i, offset + i + len(phrase), sentence[i : i + len(phrase)])
            )
    for m in _WORD.finditer(sentence):
        kind = KIND.get(m.group().lower())
        if kind == "talks" and m.group().lower() == "sprachen" and _SPOKE_OF.match(sentence, m.end()):
            continue  # "sprachen von einer Abwahl" reports what they said; "sprachen über …" is talks
        if kind and kind not in out:
            out[kind] = (offset + m.start(), offset + m.end(), m.group())
    return sorted(out.values())


_ATTACHED = re.compile(r"^\s*(zwischen|mit|des|der|von|with|between|of)?\s*")
_CLAUSE_END = re.compile(r"[,.;:!?]|\s(?:in|im|am|auf|über|vor|nach|ohne|um|seit|und dass|dass)\s")
_DEMONSTRATIVE = re.compile(r"\b(?:dies(?:e|er|es|em|en)|jene[rsmn]?|this|that)\s+$", re.IGNORECASE)


def participants(
    text: str, mentions: list[Mention], start: int, end: int, trigger: tuple[int, int, str]
) -> list[Mention]:
    """Who took part: the names attached to the trigger ("Treffen Putins und Bidens", "Gespräch mit
    Lawrow" plus its subject), else the people and organisations of the sentence; pronouns and role
    nouns ("der US-Außenminister") stand for the person they refer to. "Dieses Treffen" refers back
    to an event already found and brings no participants of its own."""
    before = [m for m in mentions if m.end <= start and m.label == "PER"]
    if _DEMONSTRATIVE.search(text[max(start, trigger[0] - 20) : trigger[0]]):
        return []
    after = text[trigger[1] : end]
    attached = _ATTACHED.match(after)
    preposition = attached.group(1) if attached else None
    stop = _CLAUSE_END.search(after, attached.end() if attached else 0)
    phrase_end = trigger[1] + (stop.start() if stop else len(after))
    in_phrase = [m for m in mentions if trigger[1] <= m.start < phrase_end and m.label in ("PER", "ORG")]
    in_phrase += _role_nouns(text, trigger[1], phrase_end, before)
    if preposition in ("zwischen", "between") and not in_phrase:
        return []  # "ein weiteres Gespräch zwischen ihnen": whom it means is not said here
    if in_phrase and (preposition or in_phrase[0].start - trigger[1] <= 2):
        people = in_phrase
        if preposition in ("mit", "with"):
            people = _sentence_people(text, mentions, start, trigger[0], before, trigger) + in_phrase
    else:
        people = _sentence_people(text, mentions, start, end, before, trigger)
    unique: dict[str | None, Mention] = {}
    for p in people:
        unique.setdefault(p.entity_id, p)
    return list(unique.values())


def _sentence_people(
    text: str,
    mentions: list[Mention],
    start: int,
    end: int,
    before: list[Mention],
    trigger: tuple[int, int, str],
) -> list[Mention]:
    people = [m for m in mentions if start <= m.start < end and m.label in ("PER", "ORG")]
    people += _role_nouns(text, start, end, before)
    pronoun = re.search(r"\ber\b", text[max(start, trigger[0] - 80) : trigger[0]])
    if pronoun and not people and before:
        people.append(before[-1])
    return people


def _role_nouns(text: str, start: int, end: int, before: list[Mention]) -> list[Mention]:
    found = []
    for m in re.finditer(
        r"\b(?:[Dd]er|[Dd]ie|[Dd]em|[Dd]en|[Dd]es)\s+(?:[a-zäöüß]+e[nrs]?\s+){0,3}(\S+)", text[start:end]
    ):
        noun = m.group(1).strip(",.;:")
        if ROLE_WORD.match(noun):
            holder = role_holder(noun, [p for p in before if p.end <= start + m.start()])
            if holder is not None:
                found.append(holder)
    return found


def role_holder(noun: str, earlier: list[Mention]) -> Mention | None:
    """The person most recently given this role in the text ("Außenminister" → Sergei Lawrow)."""
    for m in reversed(earlier):
        if m.role is None:
            continue
        head = m.role.text.split()[-1]
        if head == noun or (head.lower().endswith(noun.lower()) and "-" not in noun):
            return m
    return None


def place(text: str, mentions: list[Mention], start: int, end: int) -> Mention | None:
    """The first location of the sentence right after a preposition of place."""
    for m in mentions:
        if start <= m.start < end and m.label == "LOC":
            preceding = text[max(start, m.start - 12) : m.start].split()
            if preceding and preceding[-1].lower() in PLACE_PREPOSITIONS:
                return m
    return None


def occasion(text: str, mentions: list[Mention], start: int, end: int) -> tuple[int, int, str] | None:
    """The occasion an event happened at: "am Rande des Ministertreffens der OSZE"."""
    sentence = text[start:end]
    m = _OCCASION.search(sentence)
    if m is None:
        return None
    o_start = start + m.end()
    orgs = [x for x in mentions if o_start <= x.start < o_start + 120 and x.label == "ORG" and x.end <= end]
    o_end = orgs[0].end if orgs else o_start + len(sentence[m.end() :].split(",")[0].split(" und ")[0])
    if text[o_end : o_end + 2] == " (":  # "… in Europa (OSZE)"
        close = text.find(")", o_end, end)
        o_end = close + 1 if close > 0 else o_end
    return o_start, o_end, text[o_start:o_end]


def status(sentence: str, dates: list[dict[str, Any]], published: str | None) -> str:
    said = {w.lower() for w in _WORD.findall(sentence)}
    if said & CANCELLED:
        return "cancelled"
    future = any(d.get("value") == "FUTURE_REF" or _after(d, published) for d in dates)
    if future or (said & PLANNED and not said & PAST_AUX):
        return "planned"
    return "happened"


def merge(found: list[Found]) -> list[Found]:
    """One event per happening: same class, compatible date and status, overlapping participants."""
    merged: list[Found] = []
    for e in found:
        target = next((m for m in merged if _same(m, e)), None)
        if target is None:
            merged.append(e)
            continue
        seen = {p.entity_id for p in target.participants}
        target.participants += [p for p in e.participants if p.entity_id not in seen]
        target.place = target.place or e.place
        target.occasion = target.occasion or e.occasion
        if target.date is None or (target.date_inherited and e.date and not e.date_inherited):
            target.date, target.date_inherited = e.date, e.date_inherited
        target.evidence.append(e.sentence)
    return merged


def _same(a: Found, b: Found) -> bool:
    if CLASS.get(a.kind, a.kind) != CLASS.get(b.kind, b.kind) or a.status != b.status:
        return False
    da, db = (a.date or {}).get("value"), (b.date or {}).get("value")
    if da and db and da != db:
        return False
    pa, pb = {p.entity_id for p in a.participants}, {p.entity_id for p in b.participants}
    return not pa or not pb or (bool(pa & pb) and len(pa & pb) >= min(len(pa), len(pb), 2))


def _after(d: dict[str, Any], published: str | None) -> bool:
    """A fixed date later than the publication date (compared at the coarser of the two precisions)."""
    value = str(d.get("value") or "")
    if not published or not _fixed(d) or "W" in value:
        return bool(published and "W" in value and _week_after(value, published))
    n = min(len(value), len(published))
    return value[:n] > published[:n]


def _week_after(value: str, published: str) -> bool:
    """An ISO week ("2022-W04") that begins after a publication day."""
    try:
        year, week = int(value[:4]), int(value[6:8])
        day = dt.date.fromisocalendar(year, week, 1)
        return day > dt.date.fromisoformat(published[:10]) if len(published) >= 10 else False
    except ValueError:
        return False


def _fixed(d: dict[str, Any]) -> bool:
    return d.get("type", "DATE") == "DATE" and bool(_FIXED.match(str(d.get("value") or "")))


def event_id(kind: str, date: str | None, status: str, participants: list[str]) -> str:
    """Stable across articles: the class of event, its date (or its status) and who took part."""
    key = "|".join([CLASS.get(kind, kind), date or status, *sorted(participants)])
    return "ev:" + hashlib.sha1(key.encode("utf-8")).hexdigest()[:12]


def record(article: Article, e: Found) -> dict[str, Any]:
    """The event as the analysis record has it (DESIGN.md), with its evidence and raw offsets."""
    ids = [p.entity_id for p in e.participants if p.entity_id]
    date = e.date.get("value") if e.date else None
    start, end = e.evidence[0]
    raw_start, raw_end = article.raw_span(start, end)
    return {
        "id": event_id(e.kind, date, e.status, ids),
        "type": e.kind,
        "status": e.status,
        "participants": ids,
        "participant_names": [p.canonical or p.text for p in e.participants],
        "place": (e.place.canonical or e.place.text) if e.place else None,
        "place_entity_id": e.place.entity_id if e.place else None,
        "occasion": {"start": e.occasion[0], "end": e.occasion[1], "text": e.occasion[2]}
        if e.occasion
        else None,
        "date": date,
        "date_text": e.date.get("text") if e.date else None,
        "date_inherited": e.date_inherited,
        "trigger": {"start": e.trigger[0], "end": e.trigger[1], "text": e.trigger[2]},
        "start": start,
        "end": end,
        "raw_start": raw_start,
        "raw_end": raw_end,
        "evidence": [{"start": s, "end": t} for s, t in e.evidence],
    }
