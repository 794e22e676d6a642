"""Pair quotation marks into direct-quote spans, whatever marks the outlet or the translator used.

German „…“, »…«, Swiss «…», English “…” and "…", and the mismatched pairs machine translation leaves
(„…” or “…“) are all paired by context: a mark after a space and before a letter opens, a mark after a
letter and before a space or punctuation closes. A quote that runs over several paragraphs re-opens each
paragraph without closing the one before, as print convention has it.
"""

from __future__ import annotations

DOUBLE_MARKS = frozenset('„“”"»«')
_OPEN_AFTER = " \t\n([{–—-/‚'"
_CLOSE_BEFORE = " \t\n.,;:!?)]}–—-…'’"


def _role(text: str, i: int) -> str:
    """'open', 'close' or 'either' for the mark at i."""
    if text[i] == "„":
        return "open"
    left = text[i - 1] if i > 0 else "\n"
    right = text[i + 1] if i + 1 < len(text) else "\n"
    opens = left in _OPEN_AFTER and right not in " \t\n"
    closes = left not in " \t\n" and right in _CLOSE_BEFORE
    if opens and not closes:
        return "open"
    if closes and not opens:
        return "close"
    return "close" if text[i] == "”" else "either"


def _paragraph_start(text: str, i: int) -> bool:
    j = i - 1
    while j >= 0 and text[j] in " \t":
        j -= 1
    return j < 0 or text[j] == "\n"


def quote_pairs(text: str) -> list[tuple[int, int]]:
    """Spans (marks included) of double-quoted passages, in text order.

    >>> quote_pairs('Er sagte: „Ja.” Dann “nein“.')
    [(10, 15), (21, 27)]
    """
    pairs: list[tuple[int, int]] = []
    open_at: int | None = None
    for i, ch in enumerate(text):
        if ch == "\n" and open_at is not None:
            # A quote left open at a paragraph end continues only if the next paragraph re-opens it;
            # an opening mark at a paragraph start with no closer quotes that whole paragraph.
            rest = text[i:].lstrip()
            if rest[:1] in DOUBLE_MARKS and _role(text, len(text) - len(rest)) != "close":
                continue
            if _paragraph_start(text, open_at):
                pairs.append((open_at, i))
            open_at = None
            continue
        if ch not in DOUBLE_MARKS:
            continue
        role = _role(text, i)
        if open_at is None:
            if role != "close":
                open_at = i
        elif role != "open":
            pairs.append((open_at, i + 1))
            open_at = None
        elif not ("\n" in text[open_at:i] and _paragraph_start(text, i)):
            open_at = i
    if open_at is not None and _paragraph_start(text, open_at):
        pairs.append((open_at, len(text.rstrip())))
    return pairs
