"""Resolve speakers that are pronouns or role nouns ("er", "der stellvertretende Außenminister") to a name.

The antecedent is the nearest fitting named person before the quote: one that already spoke is preferred
(news keeps talking about its last speaker), a role noun must share its head ("Außenminister") and is
scored by shared modifiers ("stellvertretende"). PER spans from the entity stage win over the
capitalised-name heuristic used when there are none.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from lagebild.nlp.entities.roles import ROLE_HEADS
from lagebild.nlp.quotes import cues as qc
from lagebild.nlp.quotes.clauses import Quote

SELF_REFERENCES = qc.words("seinerseits ihrerseits")
RELATIVE = qc.words("der die das welcher welche welches")
WINDOW = 3000  # characters: a pronoun further from any named speaker is left unresolved


@dataclass(slots=True)
class _Person:
    start: int
    end: int
    roles: frozenset[str]  # lower-case role words before the name ("us-außenminister")
    modifiers: frozenset[str]  # stems of the adjectives before it ("stellvert", "russisc")
    spoke: bool = False


def is_role(word: str) -> bool:
    return word.lower().rsplit("-", 1)[-1].endswith(ROLE_HEADS)


def _stem(word: str) -> str:
    return word.lower()[:8]


def _describe(tokens: Sequence[qc.Token], a: int, b: int) -> tuple[frozenset[str], frozenset[str], int]:
    """Role words, modifier stems and the index where the name starts inside tokens[a:b]."""
    roles, mods, name_from = set(), set(), a
    for k in range(a, b):
        tok = tokens[k]
        if qc.is_capitalised(tok) and is_role(tok.text):
            roles.add(tok.lower)
            name_from = k + 1
        elif tok.text.islower() and tok.lower not in qc.DETERMINERS:
            mods.add(_stem(tok.text))
    return frozenset(roles), frozenset(mods), name_from


def _names(tokens: Sequence[qc.Token], persons: Sequence[tuple[int, int]]) -> list[_Person]:
    """Named persons in the text: given PER spans, else a role noun followed by capitalised words."""
    out: list[_Person] = []
    index = {tok.start: k for k, tok in enumerate(tokens)}
    if persons:
        for s, e in persons:
            k = index.get(s)
            ctx = range(max(0, k - 4), k) if k is not None else range(0)
            roles, mods, _ = (
                _describe(tokens, ctx.start, ctx.stop) if k is not None else (frozenset(), frozenset(), 0)
            )
            out.append(_Person(s, e, roles, mods))
        return out
    for k, tok in enumerate(tokens):
        if not (qc.is_capitalised(tok) and is_role(tok.text)):
            continue
        j = k + 1
        while j < len(tokens) and j < k + 4 and qc.is_capitalised(tokens[j]) and not is_role(tokens[j].text):
            if tokens[j].lower in qc.FUNCTION_WORDS:
                break
            j += 1
        if j > k + 1:
            a = k
            while a > 0 and k - a < 4 and (tokens[a - 1].text.islower() or is_role(tokens[a - 1].text)):
                if tokens[a - 1].lower in qc.FUNCTION_WORDS and tokens[a - 1].lower not in qc.DETERMINERS:
                    break
                a -= 1
            roles, mods, _ = _describe(tokens, a, k + 1)
            out.append(_Person(tokens[k + 1].start, tokens[j - 1].end, roles, mods))
    return out


def resolve_speakers(
    text: str, tokens: Sequence[qc.Token], found: list[Quote], persons: Sequence[tuple[int, int]]
) -> list[Quote]:
    """Add `extra["resolved"]` to quotes whose speaker is a pronoun or a bare role noun."""
    people = _names(tokens, persons)
    by_start = {tok.start: k for k, tok in enumerate(tokens)}
    for q in sorted(found, key=lambda q: q.start):
        if q.speaker is None or q.speaker[0] not in by_start:
            continue
        a = by_start[q.speaker[0]]
        b = a
        while b < len(tokens) and tokens[b].end <= q.speaker[1]:
            b += 1
        roles, mods, name_from = _describe(tokens, a, b)
        named = [t for t in tokens[name_from:b] if qc.is_capitalised(t) and t.lower not in qc.DETERMINERS]
        pronoun = b - a == 1 and tokens[a].lower in qc.PRONOUNS | qc.DEMONSTRATIVES | SELF_REFERENCES
        if b - a == 1 and a > 0 and tokens[a - 1].text == "," and tokens[a].lower in RELATIVE:
            # "Jimmy Carter, der als Beobachter im Land war, sagte": the phrase before the comma.
            np = qc.noun_phrase_before(list(tokens), a - 1, max(0, a - 15))
            if np is not None:
                q.extra["resolved"] = (tokens[np[0]].start, tokens[np[1] - 1].end)
            continue
        if named and not pronoun:
            s, e = named[0].start, named[-1].end
            if roles or persons:
                people.append(_Person(s, e, roles, mods, spoke=True))
            else:
                people.append(_Person(s, e, frozenset(), frozenset(), spoke=True))
            continue
        if not (pronoun or roles):
            continue
        best = _antecedent(people, q.speaker[0], roles, mods, pronoun)
        if best is not None:
            q.extra["resolved"] = (best.start, best.end)
    return found


def _antecedent(
    people: list[_Person], before: int, roles: frozenset[str], mods: frozenset[str], pronoun: bool
) -> _Person | None:
    candidates = [p for p in people if p.end <= before and before - p.start < WINDOW]
    if pronoun:
        spoke = [p for p in candidates if p.spoke]
        pool = spoke or candidates
        return max(pool, key=lambda p: p.start) if pool else None
    heads = {r.rsplit("-", 1)[-1] for r in roles}
    fitting = [p for p in candidates if heads & {r.rsplit("-", 1)[-1] for r in p.roles}]
    if not fitting:
        return None
    return max(
        fitting, key=lambda p: (2 * len(roles & p.roles) + 2 * len(mods & p.modifiers) + p.spoke, p.start)
    )


def resolve_role_in(text: str, role_words: Sequence[str]) -> tuple[int, int] | None:
    """The first named person in `text` that carries one of the role words (for a speaker in the title)."""
    heads = {w.lower().rsplit("-", 1)[-1] for w in role_words}
    for p in _names(qc.tokenize(text), ()):
        if heads & {r.rsplit("-", 1)[-1] for r in p.roles} or {w.lower() for w in role_words} & p.roles:
            return p.start, p.end
    return None
