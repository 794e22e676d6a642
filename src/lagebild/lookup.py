"""Questions about the whole store that need the NLP side to understand the user's words.

`lagebild entity Lavrov` must find the entity stored as "Sergej Lawrow": the user's name goes
through the same alias table and transliteration key as the mentions did when they were stored.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from lagebild.link.compare import Comparison, compare
from lagebild.nlp.entities.names import alias_table, name_key, slug, strip_genitive
from lagebild.store.base import (
    EntityCount,
    EntityProfile,
    EventHit,
    QuoteHit,
    Store,
    StoryArticle,
    StoryHit,
)

LABELS = ("PER", "ORG", "LOC", "OTH")
ENTITY_ID = re.compile(r"^(?:per|org|loc|oth):\S+$")


def entity_profiles(store: Store, name: str) -> list[EntityProfile]:
    """Every stored entity this name can mean: by alias, by its canonical key, or by a form it had."""
    ids, keys = candidates(name)
    profiles = store.entity_profiles(ids, keys)
    for p in profiles:
        p.roles = fold_roles(p.roles)
    return profiles


def entity_profile(store: Store, entity_id: str) -> EntityProfile | None:
    """One entity by its id, roles folded as `entity_profiles` folds them."""
    found = [p for p in store.entity_profiles([entity_id], []) if p.entity_id == entity_id]
    if not found:
        return None
    found[0].roles = fold_roles(found[0].roles)
    return found[0]


_ADJECTIVE_END = re.compile(r"(?:e|em|en|er|es)$")
_DETERMINERS = {"der", "die", "das", "des", "dem", "den", "ein", "eine", "einer", "eines", "einem", "einen"}


def role_key(role: str) -> str:
    """A role with the inflection of its adjectives and determiners folded away.

    >>> role_key("russischen Außenminister") == role_key("russische Außenminister")
    True
    """
    out = []
    for word in role.split():
        if word.lower() in _DETERMINERS:
            continue
        # A lower-case word before the role noun is an adjective ("stellvertretende"); its ending
        # only says case and gender. Capitalised words are nouns or names and stay as they are.
        out.append(_ADJECTIVE_END.sub("", word) if word[:1].islower() else word)
    return " ".join(out)


Role = tuple[str, int, str | None, str | None]


def fold_roles(roles: list[Role]) -> list[Role]:
    """Roles that differ only in inflection as one, shown in their most frequent form."""
    groups: dict[str, list[Role]] = {}
    for role in roles:
        groups.setdefault(role_key(role[0]), []).append(role)
    folded = []
    for members in groups.values():
        forms = Counter({r[0]: r[1] for r in members})
        firsts = [r[2] for r in members if r[2]]
        lasts = [r[3] for r in members if r[3]]
        folded.append(
            (
                forms.most_common(1)[0][0],
                sum(r[1] for r in members),
                min(firsts) if firsts else None,
                max(lasts) if lasts else None,
            )
        )
    return sorted(folded, key=lambda r: (-r[1], r[0]))


def surname_only(store: Store, profile: EntityProfile) -> list[EntityProfile]:
    """Entities stored under this person's surname alone ("Schwarzkopf" where no article gave the full
    name): shown beside the person, never merged, since the surname may be someone else's."""
    words = profile.canonical.split()
    if profile.label != "PER" or len(words) < 2:
        return []
    ids = [slug("PER", name_key(words[-1]))]
    return [p for p in store.entity_profiles(ids, []) if p.entity_id != profile.entity_id]


def speaker_quotes(
    store: Store,
    speaker: str | None,
    *,
    story: str | None = None,
    outlet: str | None = None,
    limit: int = 100,
) -> list[QuoteHit]:
    """Quotes of every entity the speaker's name can mean (also where the text says "er")."""
    if speaker is None:
        return store.quotes(story=story, outlet=outlet, limit=limit)
    ids, keys = stored_ids(store, speaker)
    return store.quotes(speaker_ids=ids, speaker_keys=keys, story=story, outlet=outlet, limit=limit)


def find_entities(store: Store, query: str, *, limit: int = 20) -> list[EntityCount]:
    """Entities a search box query can mean: what `entity_profiles` finds, then forms starting with it."""
    exact = [
        EntityCount(p.entity_id, p.canonical, p.label, p.articles) for p in entity_profiles(store, query)
    ]
    seen = {e.entity_id for e in exact}
    more = [e for e in store.find_entities(name_key(query), limit=limit) if e.entity_id not in seen]
    return (exact + more)[:limit]


def candidates(name: str) -> tuple[list[str], list[str]]:
    """Entity ids and name keys a user's name can stand for."""
    keys = {name_key(name), name_key(strip_genitive(name))}
    ids = {slug(label, key) for label in LABELS for key in keys}
    if ENTITY_ID.match(name):  # an id as the API and the web pages pass it ("per:sergey-lavrov")
        ids.add(name)
    entry = alias_table().lookup(name)
    if entry is not None:
        ids.add(entry.entity_id)
    return sorted(ids), sorted(keys)


def stored_ids(store: Store, name: str) -> tuple[list[str], list[str]]:
    """The candidates of a name plus the stored entities mentioned under one of its forms."""
    ids, keys = candidates(name)
    return sorted({*ids, *(p.entity_id for p in store.entity_profiles(ids, keys))}), keys


# Not ' and ’: they are apostrophes too ("geht's"), and a quote may end in one.
_QUOTE_MARKS = '"„“”‚‘«»‹›'


def unquote(text: str) -> str:
    """A quote's text without the quotation marks around it, so it can be wrapped in one pair.

    >>> unquote("„Wir sind bereit.“")
    'Wir sind bereit.'
    """
    return " ".join(text.split()).strip(_QUOTE_MARKS).strip()


def shorten(text: str, width: int = 200) -> str:
    """At most `width` characters, cut at a word boundary and marked with "…"."""
    text = " ".join(text.split())
    if len(text) <= width:
        return text
    cut = text[: width - 1]
    if text[width - 1] != " " and " " in cut:
        cut = cut.rsplit(" ", 1)[0]
    return cut.rstrip(" ,;:–-") + "…"


@dataclass(slots=True)
class TimelineItem:
    """One dated line of a timeline: an event or a quote, with where it was reported."""

    date: str | None
    kind: str  # "event" or "quote"
    summary: str
    evidence: str
    article_id: str
    outlet: str | None
    published: str | None
    event_id: str | None = None


def story_ids(store: Store, subject: str) -> list[str]:
    """The stories a story or storyline id stands for, oldest first; [] when it is neither."""
    if store.story(subject) is not None:
        return [subject]
    found = store.stories(storyline=subject, limit=10_000)
    return [s.id for s in sorted(found, key=lambda s: (s.first_date or "~", s.id))]


def timeline(store: Store, subject: str, *, limit: int = 1000) -> list[TimelineItem]:
    """Dated events and quotes of a story, a storyline or an entity (any spelling), oldest first."""
    ids = story_ids(store, subject)
    if ids:
        events = store.events(stories=ids, limit=limit)
        quotes = store.quotes(stories=ids, limit=limit)
    else:
        ids, keys = stored_ids(store, subject)
        if not ids:
            return []
        events = store.events(entity_ids=ids, limit=limit)
        quotes = store.quotes(speaker_ids=ids, speaker_keys=keys, limit=limit)
    items = [_event_item(e) for e in events] + [_quote_item(q) for q in quotes]
    return sorted(items, key=lambda i: (i.date or i.published or "", i.published or "", i.kind))


@dataclass(slots=True)
class StoryView:
    """A story as `lagebild story` shows it: its articles, events and main speakers."""

    story: StoryHit
    articles: list[StoryArticle]
    events: list[EventHit]
    speakers: list[tuple[str, int]]
    storyline: list[StoryHit]  # the stories of its storyline, oldest first (itself included)


def story_view(store: Store, story_id: str) -> StoryView | None:
    story = store.story(story_id)
    if story is None:
        return None
    speakers = Counter(
        q.speaker_canonical or q.speaker for q in store.quotes(story=story_id, limit=10_000) if q.speaker
    )
    line = store.stories(storyline=story.storyline_id, limit=1000)
    return StoryView(
        story,
        store.story_articles([story_id]),
        store.events(story=story_id),
        [(name, n) for name, n in speakers.most_common(10) if name],
        sorted(line, key=lambda s: (s.first_date or "~", s.id)),
    )


def comparisons(store: Store, subject: str) -> list[tuple[StoryHit, Comparison]]:
    """The outlet comparison of a story, or of each story of a storyline in order."""
    out = []
    for sid in story_ids(store, subject):
        story = store.story(sid)
        records = [r for a in store.story_articles([sid]) if (r := store.get(a.id)) is not None]
        result = compare(records)
        if story is not None and result is not None:
            out.append((story, result))
    return out


def _event_item(e: EventHit) -> TimelineItem:
    who = " – ".join(e.participants) or "?"
    where = f" in {e.place}" if e.place else ""
    status = "" if e.status == "happened" else f" ({e.status})"
    return TimelineItem(
        e.date, "event", f"{e.type}{status}: {who}{where}", e.evidence, e.article_id, e.outlet, e.published,
        e.event_id,
    )  # fmt: skip


def _quote_item(q: QuoteHit) -> TimelineItem:
    who = q.speaker_canonical or q.speaker or "?"
    return TimelineItem(
        q.published, "quote", f"{who} ({q.type}, {q.cue or '-'})", q.text, q.article_id, q.outlet, q.published
    )
