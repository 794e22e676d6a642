"""Translated reposts: the same article in another language, and which copy is the original.

The multilingual vectors of two translations are much closer than those of two independent
reports of one event; what a translation keeps besides its meaning confirms it: the numbers, the
entity ids (language-independent: Lawrow and Lavrov share one) and a similar length. Which copy is
the original: one that says it is translated or reposted is not; then the earlier one; then the
one written in its outlet's own language.
"""

from __future__ import annotations

from collections.abc import Callable

from lagebild.link.features import LinkFeatures
from lagebild.outlets import lookup_name

MIN_SIMILARITY = 0.6  # cosine of the two lead vectors: only then are the sentences aligned
MIN_ALIGNMENT = 0.6  # share of sentences with a counterpart, in order (LinkGraph.alignment)
STRONG_ALIGNMENT = 0.8
MIN_LENGTH_RATIO = 0.45  # shorter text / longer text, in characters
MAX_DAYS = 7


def _overlap(a: set[str], b: set[str]) -> float | None:
    """Share of the smaller set found in the larger one; None when there is too little to judge."""
    if min(len(a), len(b)) < 2:
        return None
    return len(a & b) / min(len(a), len(b))


def score(
    a: LinkFeatures, b: LinkFeatures, similarity: float, alignment: Callable[[], float]
) -> float | None:
    """How sure it is that one article translates the other; None when it is not a translation.

    The cheap checks come first; `alignment` (of the two articles' sentences) is computed last.
    """
    if not a.language or not b.language or a.language == b.language:
        return None
    if similarity < MIN_SIMILARITY:
        return None
    if a.dated and b.dated and gap_days(a, b) > MAX_DAYS:
        return None
    shorter, longer = sorted((a.chars, b.chars))
    if longer == 0 or shorter / longer < MIN_LENGTH_RATIO:
        return None
    aligned = alignment()
    if aligned < MIN_ALIGNMENT:
        return None
    evidence = similarity + aligned
    numbers = _overlap(set(a.numbers), set(b.numbers))
    if numbers is not None:
        # numbers written out in one language ("acht" for 8) lower the overlap of a true translation,
        # so disagreeing numbers only veto a weak alignment
        if numbers < 0.5 and aligned < STRONG_ALIGNMENT:
            return None
        evidence += 0.1 * (numbers - 0.5)
    entities = _overlap(set(a.entities), set(b.entities))
    if entities is not None:
        evidence += 0.05 * entities
    return evidence


def gap_days(a: LinkFeatures, b: LinkFeatures) -> int:
    """Days between the publication ranges of two articles (0 when they overlap or one is undated)."""
    if a.day_lo is None or a.day_hi is None or b.day_lo is None or b.day_hi is None:
        return 0
    return max(0, a.day_lo - b.day_hi, b.day_lo - a.day_hi)


def original_of(a: LinkFeatures, b: LinkFeatures) -> tuple[LinkFeatures, LinkFeatures]:
    """(original, translation) of a translated pair."""

    def key(f: LinkFeatures) -> tuple[int, int, int, str]:
        own = lookup_name(f.outlet) if f.outlet else None
        foreign = int(own is not None and own.language != f.language)
        return (int(f.translated_hint), f.day_lo if f.day_lo is not None else 10**9, foreign, f.id)

    first, second = sorted((a, b), key=key)
    return first, second
