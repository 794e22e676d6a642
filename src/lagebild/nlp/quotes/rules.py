"""The quote rules put together: `rule_quotes` runs the rules of `indirect.py` (cue verbs, nouns of
saying, frames such as "laut X"), `direct.py` (quotation marks) and `reported.py` ("Dies bestätigte
X", Konjunktiv, headlines), drops what is no quote, and gives each its cue and a speaker proposed from
syntax. `find_quotes` runs them, lets the speaker model (`ranker.py`) choose among the candidate
speakers, and resolves pronouns and role nouns (`speakers.py`).

Rules, not a trained model, so the shipped behaviour carries no NonCommercial licence: the cue lexicon
comes from GePaDe (CC0, see `models/quotes/build_cues.py`) and the rules were written against German
news syntax. A quote is a dict of the analysis-record shape (DESIGN.md) with character offsets into
the text it was found in.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from lagebild.nlp.quotes import cues as qc
from lagebild.nlp.quotes.clauses import Doc, Quote, SpanIndex
from lagebild.nlp.quotes.direct import direct
from lagebild.nlp.quotes.indirect import frames, indirect, noun_frames
from lagebild.nlp.quotes.ranker import Mention, choose_speakers
from lagebild.nlp.quotes.reported import RELATIVE, anaphoric, free_indirect, headlines, reported
from lagebild.nlp.quotes.speakers import resolve_speakers


def find_quotes(text: str, entities: Sequence[Mention] = (), rank: bool = True) -> list[dict[str, Any]]:
    """All quotations in `text`. `entities` (character span and label, in text order) help choose
    speakers and resolve pronouns; `rank=False` keeps the speakers the rules chose."""
    doc = Doc.of(text)
    found = rule_quotes(doc)
    if rank:
        found = choose_speakers(doc, found, entities)
    persons = [(s, e) for s, e, label in entities if label == "PER"]
    return [_record(text, q) for q in resolve_speakers(text, doc.tokens, found, persons)]


def rule_quotes(doc: Doc) -> list[Quote]:
    """The quotes the rules find, each with the speaker the syntax suggests, in text order."""
    found: list[Quote] = []
    for si, (a, b) in enumerate(doc.sents):
        found.extend(frames(doc, si, a, b))
        found.extend(indirect(doc, si, a, b))
    found = _dedupe(found)
    found.extend(noun_frames(doc, found))
    found.extend(direct(doc, found))
    found.extend(anaphoric(doc, found))
    found.extend(reported(doc, found))
    found.extend(free_indirect(doc, found))
    found.extend(headlines(doc, found))
    found = [q for q in found if (_not_a_name(doc, q) if q.type == "direct" else _says_something(doc, q))]
    found.sort(key=lambda q: (q.start, q.end))
    return found


def _says_something(doc: Doc, q: Quote) -> bool:
    """An indirect or reported quote is a clause with a verb: not a name or an apposition ("Elmar Gesse",
    "Parteichef der Liberalen"), and not a relative clause describing something ("die zu einer Rückkehr
    nach München zwangen") unless it is in Konjunktiv."""
    tokens = [t for t in qc.tokenize(doc.text, q.start, q.end) if t.text[:1].isalnum()]
    if len(tokens) < 3 or not any(t.text.islower() and len(t.text) > 2 for t in tokens[1:]):
        return False
    if tokens[0].lower in RELATIVE and not qc.is_capitalised(tokens[1]):
        return any(qc.is_subjunctive(tokens, k) for k in range(len(tokens)))
    return True


def _not_a_name(doc: Doc, q: Quote) -> bool:
    """A short quotation of capitalised words and numbers only is a name or a title („Dornier Do 228“,
    „La Gazzetta dello Sport“), not something somebody said."""
    words = [t.text for t in qc.tokenize(doc.text, q.start, q.end) if t.text[:1].isalnum()]
    return len(words) >= 8 or any(w.islower() and len(w) > 3 for w in words)


def _dedupe(found: list[Quote]) -> list[Quote]:
    """One reading per clause: a cue verb and a "laut X" frame in the same sentence find the same quote."""
    out: list[Quote] = []
    kept = SpanIndex()
    for q in sorted(found, key=lambda q: bool(q.extra.get("frame"))):
        overlaps = kept.overlapping(q.start, q.end)
        if not any(min(q.end, o.end) - max(q.start, o.start) > (q.end - q.start) / 2 for o in overlaps):
            out.append(q)
            kept.add(q)
    return out


def _record(text: str, q: Quote) -> dict[str, Any]:
    def part(span: tuple[int, int] | None, person: bool = True) -> dict[str, Any] | None:
        if span is None:
            return None
        out: dict[str, Any] = {"start": span[0], "end": span[1], "text": text[span[0] : span[1]]}
        if person:
            out.update(entity_id=None, canonical=None)
        return out

    speaker = part(q.speaker)
    if speaker is not None and "resolved" in q.extra:
        speaker["resolved"] = part(q.extra["resolved"], person=False)
    return {
        "start": q.start,
        "end": q.end,
        "text": text[q.start : q.end],
        "type": q.type,
        "cue": part(q.cue, person=False),
        "speaker": speaker,
        "addressee": part(q.addressee),
    }
