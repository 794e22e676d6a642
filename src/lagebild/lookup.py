"""Questions about the whole store that need the NLP side to understand the user's words.

`lagebild entity Lavrov` must find the entity stored as "Sergej Lawrow": the user's name goes
through the same alias table and transliteration key as the mentions did when they were stored.
"""

from __future__ import annotations

from lagebild.nlp.names import alias_table, name_key, slug, strip_genitive
from lagebild.store.base import EntityProfile, Store

LABELS = ("PER", "ORG", "LOC", "OTH")


def entity_profiles(store: Store, name: str) -> list[EntityProfile]:
    """Every stored entity this name can mean: by alias, by its canonical key, or by a form it had."""
    keys = {name_key(name), name_key(strip_genitive(name))}
    ids = {slug(label, key) for label in LABELS for key in keys}
    entry = alias_table().lookup(name)
    if entry is not None:
        ids.add(entry.entity_id)
    return store.entity_profiles(sorted(ids), sorted(keys))
