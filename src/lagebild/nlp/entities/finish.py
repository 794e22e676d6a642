"""The model's mentions made into the stage's: edges tidied, roles cut off and attached (`roles.py`),
alias-table and rule names (`gazetteer.py`, `rules.py`) added where the model found nothing, and
variants folded into canonical entities (`names.py`).
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Callable

from lagebild.model import Mention
from lagebild.nlp import words
from lagebild.nlp.entities.gazetteer import gazetteer_mentions
from lagebild.nlp.entities.names import resolve
from lagebild.nlp.entities.roles import ROLE_WORD, attach_roles, split_role
from lagebild.nlp.entities.rules import oth_mentions, person_mentions, place_mentions

_OPENERS = "„“”\"»«‚‘’'(["
_PARTICLES = words("von van de der den da di du zu und")
_STOPPERS = '„“”"»«('


def tidy(text: str, m: Mention) -> Mention | None:
    """A mention without the quotation marks and brackets a model trained on little data lets into
    its edges ("„ Hamburger Frauenhilfe", "IKB ( News"); None when nothing is left."""
    start, end = m.start, m.end
    while start < end and (text[start] in _OPENERS or text[start].isspace()):
        start += 1
    cut = next((i for i in range(start + 1, end) if text[i] in _STOPPERS), end)
    end = cut
    while end > start and (text[end - 1] in " \t\n,;:–-'’" or text[end - 1] in _STOPPERS):
        end -= 1
    last = text[start:end].rsplit(" ", 1)
    if len(last) == 2 and last[1] in _PARTICLES:  # "David von": the name ends before its particle
        end = start + len(last[0])
    if end <= start:
        return None
    if (start, end) == (m.start, m.end):
        return m
    return Mention(start, end, text[start:end], m.label, role=m.role)


def finish(text: str, mentions: list[Mention], *, fold: bool = True) -> list[Mention]:
    """Roles cut off and attached, alias-table and rule names added where the model found nothing, folding."""
    mentions = [t for m in mentions if (t := tidy(text, m)) is not None]
    mentions = [
        split_role(text, m) if m.label == "PER" else m for m in mentions if not ROLE_WORD.match(m.text)
    ]
    model_found = {id(m) for m in mentions}

    def known_name(extra: Mention, over: list[Mention]) -> bool:
        # a longer known name replaces the pieces the model found inside it
        return all(extra.start <= m.start and m.end <= extra.end for m in over)

    def rule_name(extra: Mention, over: list[Mention]) -> bool:
        # a rule name where nothing was found, or inside a model span of another type ("Napoleons
        # Regensburg" tagged as one LOC)
        return not over or (
            len(over) == 1
            and id(over[0]) in model_found
            and over[0].label != extra.label
            and over[0].start <= extra.start
            and extra.end <= over[0].end
        )

    mentions = overlay(mentions, gazetteer_mentions(text) + oth_mentions(text), known_name)
    mentions = overlay(mentions, person_mentions(text) + place_mentions(text), rule_name)
    attach_roles(text, mentions)
    return resolve(mentions) if fold else mentions


def overlay(
    base: list[Mention], extra: list[Mention], accept: Callable[[Mention, list[Mention]], bool]
) -> list[Mention]:
    """`base` (sorted, not overlapping) with each `extra` mention that `accept`s the base mentions it
    overlaps, which it then replaces; in one sweep with binary search, so long texts stay fast."""
    base = sorted(base, key=lambda m: m.start)
    starts, ends = [m.start for m in base], [m.end for m in base]
    removed: set[int] = set()
    added: list[Mention] = []
    for e in sorted(extra, key=lambda m: (m.start, -m.end)):
        if added and e.start < added[-1].end:
            continue  # extras do not overlap each other: the first (and longest) wins
        over = [
            base[k]
            for k in range(bisect_right(ends, e.start), bisect_left(starts, e.end))
            if k not in removed
        ]
        if accept(e, over):
            removed.update(k for k in range(bisect_right(ends, e.start), bisect_left(starts, e.end)))
            added.append(e)
    kept = [m for k, m in enumerate(base) if k not in removed]
    return sorted(kept + added, key=lambda m: m.start)
