"""Questions about the whole store that need the NLP side to understand the user's words.

`lagebild entity Lavrov` must find the entity stored as "Sergej Lawrow": the user's name goes
through the same alias table and transliteration key as the mentions did when they were stored.
"""

from __future__ import annotations

from lagebild.nlp.names import alias_table, name_key, slug, strip_genitive
from lagebild.store.base import EntityProfile, QuoteHit, Store

LABELS = ("PER", "ORG", "LOC", "OTH")


def entity_profiles(store: Store, name: str) -> list[EntityProfile]:
    """Every stored entity this name can mean: by alias, by its canonical key, or by a form it had."""
    ids, keys = candidates(name)
    return store.entity_profiles(ids, keys)


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
    ids, keys = candidates(speaker)
    ids = sorted({*ids, *(p.entity_id for p in store.entity_profiles(ids, keys))})
    return store.quotes(speaker_ids=ids, speaker_keys=keys, story=story, outlet=outlet, limit=limit)


def candidates(name: str) -> tuple[list[str], list[str]]:
    """Entity ids and name keys a user's name can stand for."""
    keys = {name_key(name), name_key(strip_genitive(name))}
    ids = {slug(label, key) for label in LABELS for key in keys}
    entry = alias_table().lookup(name)
    if entry is not None:
        ids.add(entry.entity_id)
    return sorted(ids), sorted(keys)
