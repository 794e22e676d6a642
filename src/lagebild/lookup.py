"""Questions about the whole store that need the NLP side to understand the user's words.

`lagebild entity Lavrov` must find the entity stored as "Sergej Lawrow": the user's name goes
through the same alias table and transliteration key as the mentions did when they were stored.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from lagebild.link.compare import Comparison, compare
from lagebild.nlp.names import alias_table, name_key, slug, strip_genitive
from lagebild.store.base import EntityProfile, EventHit, QuoteHit, Store, StoryArticle, StoryHit

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
