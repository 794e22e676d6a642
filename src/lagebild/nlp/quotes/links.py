"""Quote speakers and addressees tied to canonical entities: the mention at a party's (resolved) span,
else its name folded with the article's people (the `link_quotes` stage in `__init__.py`)."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from lagebild.model import Mention
from lagebild.nlp.entities.names import resolve
from lagebild.nlp.entities.roles import ROLE_WORD


def link(
    party: dict[str, Any],
    target: dict[str, Any],
    mentions: list[Mention],
    folded: dict[tuple[str, str], tuple[str | None, str | None]],
) -> None:
    """The entity of a party: the mention at its (resolved) span, else its name folded on its own."""
    start, end = target["start"], target["end"]
    inside = [m for m in mentions if m.start < end and start < m.end and m.entity_id]
    persons = [m for m in inside if m.label == "PER"] or inside
    if persons:
        best = max(persons, key=lambda m: m.end - m.start)
        party["entity_id"], party["canonical"] = best.entity_id, best.canonical
        return
    words = target["text"].split()
    if not words or not words[-1][:1].isupper() or ROLE_WORD.match(words[-1]):
        return  # a pronoun or role noun nobody was found for stays unresolved
    key = (target.get("field") or "text", target["text"])
    if key not in folded:  # fold each name once per article: long articles repeat their speakers
        context = [replace(m) for m in {m.text: m for m in mentions if m.label == "PER"}.values()]
        name = Mention(start, end, target["text"], "PER")
        resolve([*context, name])
        folded[key] = (name.entity_id, name.canonical)
    party["entity_id"], party["canonical"] = folded[key]
