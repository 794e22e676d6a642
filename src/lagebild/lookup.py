"""Questions about the whole store that need the NLP side to understand the user's words.

`lagebild entity Lavrov` must find the entity stored as "Sergej Lawrow": the user's name goes
through the same alias table and transliteration key as the mentions did when they were stored.
"""

from __future__ import annotations

from dataclasses import dataclass

from lagebild.nlp.names import alias_table, name_key, slug, strip_genitive
from lagebild.store.base import EntityProfile, EventHit, QuoteHit, Store

LABELS = ("PER", "ORG", "LOC", "OTH")


def entity_profiles(store: Store, name: str) -> list[EntityProfile]:
    """Every stored entity this name can mean: by alias, by its canonical key, or by a form it had."""
    ids, keys = candidates(name)
    return store.entity_profiles(ids, keys)


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


def candidates(name: str) -> tuple[list[str], list[str]]:
    """Entity ids and name keys a user's name can stand for."""
    keys = {name_key(name), name_key(strip_genitive(name))}
    ids = {slug(label, key) for label in LABELS for key in keys}
    entry = alias_table().lookup(name)
    if entry is not None:
        ids.add(entry.entity_id)
    return sorted(ids), sorted(keys)


def stored_ids(store: Store, name: str) -> tuple[list[str], list[str]]:
    """The candidates of a name plus the stored entities mentioned under one of its forms."""
    ids, keys = candidates(name)
    return sorted({*ids, *(p.entity_id for p in store.entity_profiles(ids, keys))}), keys


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


def timeline(store: Store, subject: str, *, limit: int = 1000) -> list[TimelineItem]:
    """Dated events and quotes of an entity (any spelling) or of a story id, oldest first."""
    by_story = store.events(story=subject, limit=limit), store.quotes(story=subject, limit=limit)
    if by_story[0] or by_story[1]:
        events, quotes = by_story
    else:
        ids, keys = stored_ids(store, subject)
        if not ids:
            return []
        events = store.events(entity_ids=ids, limit=limit)
        quotes = store.quotes(speaker_ids=ids, speaker_keys=keys, limit=limit)
    items = [_event_item(e) for e in events] + [_quote_item(q) for q in quotes]
    return sorted(items, key=lambda i: (i.date or i.published or "", i.published or "", i.kind))


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
