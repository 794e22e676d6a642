"""Direct speech: text in quotation marks, with its speaker from the cue beside it, a colon frame
("Lawrow: ...") or the quote before it; scare quotes and titles are not quotes."""

from __future__ import annotations

from collections.abc import Sequence

from lagebild.nlp.quotes import cues as qc
from lagebild.nlp.quotes.clauses import (
    Doc,
    Quote,
    SpanIndex,
    cue_at,
    subject,
    subject_in,
    verbish,
)


def _covering(index: SpanIndex, start: int, end: int) -> Quote | None:
    """The indirect quote that encloses a quotation ("er sagte, es sei „ein Fehler“ gewesen")."""
    around = index.overlapping(start, end)
    return next((q for q in around if q.start <= start and end <= q.end + 1 and q.type != "direct"), None)


def quotes_by_sentence(quotes: Sequence[Quote]) -> dict[int, list[Quote]]:
    out: dict[int, list[Quote]] = {}
    for q in quotes:
        out.setdefault(q.sentence, []).append(q)
    return out


def direct(doc: Doc, found: list[Quote]) -> list[Quote]:
    out: list[Quote] = []
    tokens = doc.tokens
    sent_of = {}
    for si, (a, b) in enumerate(doc.sents):
        for k in range(a, b):
            sent_of[k] = si
    starts = {tok.start: k for k, tok in enumerate(tokens)}
    index, by_sentence = SpanIndex(found), quotes_by_sentence(found)
    for ps, pe in doc.pairs:
        first = starts.get(ps)
        if first is None:
            continue
        last = first
        while last + 1 < len(tokens) and tokens[last + 1].end <= pe:
            last += 1
        words = [t for t in tokens[first + 1 : last] if t.text[:1].isalnum()]
        si = sent_of.get(first, -1)
        a, b = doc.sents[si] if si >= 0 else (first, last + 1)
        cue_sent = [k for k in range(a, b) if cue_at(doc, k, b) is not None]
        enclosing = _covering(index, ps, pe)
        q = Quote(ps, pe, "direct", sentence=si)
        after = last + 1
        if after < len(tokens) and tokens[after].text == ",":
            after += 1
        frame_end = after < len(tokens) and cue_at(doc, after, min(len(tokens), after + 12))
        if frame_end and doc.in_pair[after] < 0:
            np = subject(doc, after, after)
            q.cue, q.speaker = doc.cue_span(after, frame_end), (doc.span(*np) if np else None)
        elif after < len(tokens) and tokens[after].lower == "so" and tokens[last + 1].text == ",":
            np = qc.noun_phrase(tokens, after + 1, len(tokens))
            q.cue, q.speaker = doc.span(after, after + 1), (doc.span(*np) if np else None)
        elif enclosing is not None:
            q.cue, q.speaker, q.addressee = enclosing.cue, enclosing.speaker, enclosing.addressee
            q.extra["nested"] = True
        elif (colon := _colon_frame(doc, first, a)) is not None:
            q.cue, q.speaker = colon
        elif cue_sent and any(k < first or k > last for k in cue_sent):
            k = next(k for k in cue_sent if k < first or k > last)
            np = subject(doc, a, k)
            q.cue, q.speaker = doc.cue_span(k, cue_at(doc, k, b) or k + 1), (doc.span(*np) if np else None)
        elif out and out[-1].speaker and _adjacent(doc, out[-1], q):
            q.cue, q.speaker = out[-1].cue, out[-1].speaker
        elif len(words) >= 6:
            q.speaker = _own_subject(doc, a, first) or previous_speaker(doc, by_sentence, si)
        if _scare_or_title(tokens, first, words, q):
            continue
        out.append(q)
        by_sentence.setdefault(si, []).append(q)
    return out


def _own_subject(doc: Doc, a: int, first: int) -> tuple[int, int] | None:
    """A quotation inside its sentence belongs to that sentence's subject: "Schüssel würdigte Ligeti
    als „großen Österreicher …“". The subject is what opens the sentence up to the finite verb: the
    first lower-case word that is no article or preposition after a capitalised noun."""
    tokens = doc.tokens
    if not qc.is_capitalised(tokens[a]) or tokens[a].lower in qc.ADVERB_PREPOSITIONS:
        return None
    seen_noun = False
    for k in range(a, first):
        tok = tokens[k]
        if qc.is_capitalised(tok) and tok.lower not in qc.DETERMINERS:
            seen_noun = True
        elif seen_noun and verbish(tok) and tok.lower not in qc.FUNCTION_WORDS:
            end = k
            while end > a and tokens[end - 1].text in ",;":
                end -= 1
            return doc.span(a, end) if end - a <= 16 else None
    return None


def _adjacent(doc: Doc, prev: Quote, q: Quote) -> bool:
    between = doc.text[prev.end : q.start]
    return len(between) < 80 and between.count("\n\n") <= 1 and "." not in between.strip(' \n.„“”"')


def previous_speaker(doc: Doc, by_sentence: dict[int, list[Quote]], si: int) -> tuple[int, int] | None:
    """An unframed quote after a sentence about someone is theirs: the last speaker in the sentence
    before, else that sentence's subject, both within the paragraph."""
    if si <= 0:
        return None
    a, b = doc.sents[si - 1]
    if "\n\n" in doc.text[doc.tokens[b - 1].end : doc.tokens[doc.sents[si][0]].start]:
        return None
    before = [q for q in by_sentence.get(si - 1, ()) if q.speaker]
    if before:
        return max(before, key=lambda q: q.start).speaker
    verb = next((k for k in range(a + 1, b) if verbish(doc.tokens[k])), None)
    np = subject_in(doc, a, verb) if verb is not None else None
    return doc.span(*np) if np else None


def _colon_frame(doc: Doc, first: int, a: int) -> tuple[tuple[int, int], tuple[int, int] | None] | None:
    """ "Rjabkow sagte:" before the quote, in the same sentence or closing the one before."""
    tokens = doc.tokens
    j = first - 1
    if j < 0 or tokens[j].text != ":":
        return None
    lo = max(0, j - 25)
    for k in range(j - 1, lo - 1, -1):
        if tokens[k].text in ".!?" and k < j - 1:
            break
        end = cue_at(doc, k, j + 1)
        if end is not None:
            start = next((s for s, e in doc.sents if s <= k < e), lo)
            np = subject(doc, start, k)
            return doc.cue_span(k, end), (doc.span(*np) if np else None)
    # A frame without a known verb ("rief aus:", "so Elshorst weiter:"): the clause's subject, or the
    # pronoun right after its finite verb ("Dabei griff sie den Präsidenten an:").
    start = next((s for s, e in doc.sents if s <= j < e), lo)
    pronoun = next(
        (
            k
            for k in range(start + 1, min(j, start + 4))
            if tokens[k].text in qc.PRONOUNS and verbish(tokens[k - 1])
        ),
        None,
    )
    if pronoun is not None:
        return (tokens[j].start, tokens[j].end), doc.span(pronoun, pronoun + 1)
    np = subject(doc, start, j) if j > start else None
    return ((tokens[j].start, tokens[j].end), doc.span(*np)) if np else None


def _scare_or_title(tokens: list[qc.Token], first: int, words: list[qc.Token], q: Quote) -> bool:
    """Scare quotes and titles: short, unattributed, or all capitalised after a noun ("Sender „X“")."""
    if not words or (len(words) == 1 and q.type == "direct" and not q.extra.get("nested")):
        return True
    prev = tokens[first - 1] if first > 0 else None
    titled = all(w.text[:1].isupper() or w.lower in qc.FUNCTION_WORDS for w in words) and len(words) <= 4
    if (
        titled
        and prev is not None
        and (qc.is_capitalised(prev) or prev.lower in qc.DETERMINERS | {"im", "in"})
    ):
        return True
    if q.cue is None and not q.extra.get("nested") and _title_like(tokens, first, words):
        return True
    return q.speaker is None and q.cue is None and len(words) < 6


def _title_like(tokens: list[qc.Token], first: int, words: list[qc.Token]) -> bool:
    """A name or title rather than speech: „Schule ohne Rassismus – Schule mit Courage“, „Der
    Verkehrsknoten Dresden und seine Geschichte“: no sentence punctuation, at most a dozen words, the first
    and most of them capitalised, and no auxiliary or Konjunktiv of a statement."""
    last = first + 1
    while last < len(tokens) and tokens[last].start < words[-1].end:
        last += 1
    inner = tokens[first + 1 : last + 1]
    if any(t.text in ".!?,:;" for t in inner) or len(words) > 12:
        return False
    capitalised = sum(1 for w in words if w.text[:1].isupper())
    verbs = any(w.lower in qc.AUXILIARIES or qc.is_subjunctive(list(words), k) for k, w in enumerate(words))
    return words[0].text[:1].isupper() and capitalised * 2 >= len(words) and not verbs
