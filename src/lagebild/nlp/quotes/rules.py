"""The rules that find quotations: quotation marks, cue verbs and nouns of saying, frames such as
"laut X" and "Dies bestätigte X", Konjunktiv; each quote gets its cue and a speaker proposed from
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
from lagebild.nlp.quotes.clauses import (
    ADVERBIAL,
    Doc,
    Quote,
    SpanIndex,
    addressee,
    clause_end,
    cue_at,
    subject,
    subject_in,
    verbish,
)
from lagebild.nlp.quotes.ranker import Mention, choose_speakers
from lagebild.nlp.quotes.speakers import resolve_speakers

NOT_SPEAKERS = qc.words("quelle foto fotos bild video update mehr hinweis anmerkung titel datum autor stand")


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
        found.extend(_frames(doc, si, a, b))
        found.extend(_indirect(doc, si, a, b))
    found = _dedupe(found)
    found.extend(_noun_frames(doc, found))
    found.extend(_direct(doc, found))
    found.extend(_anaphoric(doc, found))
    found.extend(_reported(doc, found))
    found.extend(_free_indirect(doc, found))
    found.extend(_headlines(doc, found))
    found = [q for q in found if (_not_a_name(doc, q) if q.type == "direct" else _says_something(doc, q))]
    found.sort(key=lambda q: (q.start, q.end))
    return found


_KONJ1 = qc.words(
    "sei seien habe werde könne müsse solle wolle dürfe gebe bestehe liege stehe gelte gehe komme bleibe "
    "handle handele sehe wisse lasse trage fehle verfüge brauche erwarte plane hoffe halte finde"
)
_RELATIVE = qc.words("der die das welche welcher welches dem den deren dessen denen")


def _says_something(doc: Doc, q: Quote) -> bool:
    """An indirect or reported quote is a clause with a verb: not a name or an apposition ("Elmar Gesse",
    "Parteichef der Liberalen"), and not a relative clause describing something ("die zu einer Rückkehr
    nach München zwangen") unless it is in Konjunktiv."""
    tokens = [t for t in qc.tokenize(doc.text, q.start, q.end) if t.text[:1].isalnum()]
    if len(tokens) < 3 or not any(t.text.islower() and len(t.text) > 2 for t in tokens[1:]):
        return False
    if tokens[0].lower in _RELATIVE and not qc.is_capitalised(tokens[1]):
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


FAR_COMMA = 20  # tokens after a cue within which a comma before "dass"/"ob" still opens its message


def _indirect(doc: Doc, si: int, a: int, b: int) -> list[Quote]:
    out: list[Quote] = []
    tokens = doc.tokens
    k = a
    while k < b:
        cue_end = cue_at(doc, k, b)
        if cue_end is None:
            k += 1
            continue
        comma = next((j for j in range(cue_end - 1, min(b, cue_end + 8)) if tokens[j].text in ",:"), None)
        if comma is None:
            # A long object before the clause ("teilte die Behörde am Montag in einer Erklärung mit, dass"):
            # further away, only a comma before "dass" or "ob" opens the message.
            comma = next(
                (
                    j
                    for j in range(cue_end + 8, min(b - 1, cue_end + FAR_COMMA))
                    if tokens[j].text == "," and tokens[j + 1].lower in ("dass", "ob")
                ),
                None,
            )
        bare = clause_end(doc, cue_end, b) if comma is None and doc.in_pair[k] < 0 else cue_end
        if bare - cue_end >= 2 and doc.in_pair[cue_end] < 0 and _zu_infinitive(doc, cue_end, bare):
            # "Philips hat angekündigt die Preise zu erhöhen": a zu-infinitive needs no comma.
            speaker = subject(doc, a, k)
            start, stop = doc.span(cue_end, bare)
            who = doc.span(*speaker) if speaker else None
            out.append(Quote(start, stop, "indirect", cue=doc.cue_span(k, cue_end), speaker=who, sentence=si))
            k = bare
            continue
        if comma is None or tokens[comma].text == ":" or doc.in_pair[k] >= 0:
            q = _trailing_frame(doc, si, a, k, cue_end, b)
            if q:
                out.append(q)
            k = cue_end
            continue
        m = comma + 1
        if m >= b or doc.in_pair[m] >= 0 or tokens[m].lower in ADVERBIAL or tokens[m].text in qc.OPEN_MARKS:
            k = cue_end
            continue
        if any(tokens[j].text in qc.OPEN_MARKS and doc.in_pair[j] < 0 for j in range(cue_end, comma)):
            k = cue_end
            continue
        end = clause_end(doc, m, b)
        if end - m >= 2:
            speaker = subject(doc, a, k)
            start, stop = doc.span(m, end)
            out.append(
                Quote(
                    start,
                    stop,
                    "indirect",
                    cue=doc.cue_span(k, cue_end),
                    speaker=doc.span(*speaker) if speaker else None,
                    addressee=(lambda ad: doc.span(*ad) if ad else None)(
                        addressee(doc, max(a, k - 4), comma)
                    ),
                    sentence=si,
                )
            )
            k = end
        else:
            k = cue_end
    return out


# Nouns of saying, asking and believing whose content follows as a clause: "die Forderung, … zu …",
# "der Vorwurf, er habe …", "die Warnung der Wärter, auf Häftlinge zu schießen".
SPEECH_NOUNS = qc.words(
    "ankündigung aufforderung appell angebot aussage behauptung beschluss bitte drohung einschätzung "
    "entscheidung erklärung forderung forderungen hinweis hinweise hoffnung kritik meinung mitteilung "
    "vorhaben vorschlag vorwurf vorwürfe warnung these theorie vermutung verdacht befürchtung "
    "befürchtungen überzeugung ansicht auffassung zusage versprechen gerücht gerüchte meldung meldungen "
    "bericht berichte anweisung anordnung empfehlung einwand vorstoß bekenntnis dementi aufruf"
)
_GENITIVE = qc.words("des der eines einer seines seiner ihres ihrer")


def _noun_frames(doc: Doc, found: list[Quote]) -> list[Quote]:
    """A noun of saying with its content after a comma: a dass/ob clause, a zu-infinitive or a clause
    in Konjunktiv. The speaker is the genitive after the noun, else the sentence's subject."""
    out: list[Quote] = []
    tokens = doc.tokens
    index = SpanIndex(found)
    for si, (a, b) in enumerate(doc.sents):
        for n in range(a, b - 3):
            if tokens[n].lower not in SPEECH_NOUNS or not qc.is_capitalised(tokens[n]) or doc.in_pair[n] >= 0:
                continue
            genitive = qc.noun_phrase(tokens, n + 1, b) if tokens[n + 1].lower in _GENITIVE else None
            comma = genitive[1] if genitive else n + 1
            if comma >= b - 2 or tokens[comma].text != "," or doc.in_pair[comma + 1] >= 0:
                continue
            m = comma + 1
            end = clause_end(doc, m, b)
            if end - m < 3 or not _content_clause(doc, m, end):
                continue
            s, e = doc.span(m, end)
            if index.overlapping(s, e):
                continue
            speaker = genitive or (subject(doc, a, n) if n > a else None)
            cue = doc.span(n, n + 1)
            out.append(
                Quote(s, e, "indirect", cue=cue, speaker=doc.span(*speaker) if speaker else None, sentence=si)
            )
            index.add(out[-1])
    return out


def _content_clause(doc: Doc, m: int, end: int) -> bool:
    """A dass/ob clause, a zu-infinitive ("… zu senken", "… abzuschaffen") or a clause in Konjunktiv."""
    tokens = doc.tokens
    if tokens[m].lower in ("dass", "ob") or _zu_infinitive(doc, m, end):
        return True
    return any(qc.is_subjunctive(tokens, j) for j in range(m, end))


def _zu_infinitive(doc: Doc, m: int, end: int) -> bool:
    """tokens[m:end] end in a zu-infinitive: "… zu senken", "… abzuschaffen"."""
    words = [t for t in doc.tokens[m:end] if t.text[:1].isalpha()]
    if len(words) >= 2 and words[-2].lower == "zu":
        return True
    last = words[-1].text if words else ""
    return last.islower() and "zu" in last[2:-2] and last.endswith("en")


def _trailing_frame(doc: Doc, si: int, a: int, k: int, cue_end: int, b: int) -> Quote | None:
    """ "Die Lage sei ernst, sagte der Minister." — the cue follows the clause it reports."""
    tokens = doc.tokens
    if k - 1 <= a or tokens[k - 1].text != "," or doc.in_pair[k - 2] >= 0:
        return None
    np = subject(doc, k, k)
    if np is None or (
        np[1] < b and tokens[np[1]].text not in ".,;" and tokens[np[1]].text.isalpha() is False
    ):
        return None
    if not any(qc.is_subjunctive(tokens, j) for j in range(a, k - 1)):
        return None
    start, stop = doc.span(a, k - 1)
    return Quote(start, stop, "indirect", cue=doc.cue_span(k, cue_end), speaker=doc.span(*np), sentence=si)


def _frames(doc: Doc, si: int, a: int, b: int) -> list[Quote]:
    """Frames "laut X", "X zufolge", "nach Angaben von X", "gemäß X", ", so X": the rest is reported."""
    tokens = doc.tokens
    lex = qc.cues()
    for k in range(a, b):
        if doc.in_pair[k] >= 0:
            continue
        low = tokens[k].lower
        frame: tuple[int, int] | None = None
        speaker: tuple[int, int] | None = None
        if (
            low in ("laut", "gemäß")
            and k + 1 < b
            and (qc.is_capitalised(tokens[k + 1]) or tokens[k + 1].lower in qc.DETERMINERS)
        ):
            speaker = qc.noun_phrase(tokens, k + 1, b)
            frame = (k, speaker[1]) if speaker else None
        elif low in ("laut", "gemäß") and k + 1 < b and (speaker := _quoted_or_domain(doc, k + 1, b)):
            frame = (k, speaker[1])
        elif low in ("demnach", "demzufolge") and k == a:
            # "Demnach steht der Kopilot in der Schusslinie": the source is the one just named; the
            # word stands for it as a pronoun would.
            speaker = frame = (k, k + 1)
        elif low == "zufolge":
            speaker = qc.noun_phrase_before(tokens, k, a)
            frame = (speaker[0], k + 1) if speaker else None
        elif low == "nach" and k + 1 < b:
            j = k + 1
            while j < b and (tokens[j].text.islower() and tokens[j].text.endswith(("en", "er", "em"))):
                j += 1
            if j < b and _frame_noun(tokens[j].lower, lex.frame_nouns):
                after = j + 1 + (1 if j + 1 < b and tokens[j + 1].lower == "von" else 0)
                np = qc.noun_phrase(tokens, after, b) if after < b and tokens[after].text != "," else None
                speaker = np or (j, j + 1)
                frame = (k, speaker[1])
        elif low == "so" and k > a and tokens[k - 1].text == "," and doc.in_pair[k - 1] < 0:
            speaker = qc.noun_phrase(tokens, k + 1, b)
            if speaker and (speaker[1] >= b or tokens[speaker[1]].text in ".,;"):
                frame = (k - 1, speaker[1])
        if frame is None or speaker is None:
            continue
        start_tok = frame[1] if frame[0] <= a + 1 else a
        while start_tok < b and tokens[start_tok].text == ",":
            start_tok += 1
        end_tok = frame[0] if frame[1] >= clause_end(doc, a, b) else clause_end(doc, a, b)
        if end_tok - start_tok < 3 or doc.in_pair[start_tok] >= 0:
            continue
        start, stop = doc.span(start_tok, end_tok)
        quote = Quote(
            start, stop, "indirect", cue=doc.span(k, k + 1), speaker=doc.span(*speaker), sentence=si
        )
        quote.extra["frame"] = True  # a verb of saying in the same sentence is the better reading
        return [quote]
    return []


def _quoted_or_domain(doc: Doc, k: int, b: int) -> tuple[int, int] | None:
    """A source after "laut" that is no noun phrase: a quoted title ("laut „Welt“") or a web address
    ("laut ndr.de")."""
    tokens = doc.tokens
    if tokens[k].text in qc.OPEN_MARKS and doc.in_pair[k] >= 0:
        end = k + 1
        while end < b and doc.in_pair[end] == doc.in_pair[k]:
            end += 1
        return (k, end) if end - k <= 6 else None
    if "." in tokens[k].text and tokens[k].text[:1].isalnum():
        return k, k + 1
    return None


def _frame_noun(low: str, nouns: frozenset[str]) -> bool:
    """ "Angaben", and compounds ending in a long frame noun: "Polizeiangaben", "Medienberichten"."""
    return low in nouns or any(low.endswith(n) for n in nouns if len(n) >= 7)


def _covering(index: SpanIndex, start: int, end: int) -> Quote | None:
    """The indirect quote that encloses a quotation ("er sagte, es sei „ein Fehler“ gewesen")."""
    around = index.overlapping(start, end)
    return next((q for q in around if q.start <= start and end <= q.end + 1 and q.type != "direct"), None)


def _by_sentence(quotes: Sequence[Quote]) -> dict[int, list[Quote]]:
    out: dict[int, list[Quote]] = {}
    for q in quotes:
        out.setdefault(q.sentence, []).append(q)
    return out


def _direct(doc: Doc, found: list[Quote]) -> list[Quote]:
    out: list[Quote] = []
    tokens = doc.tokens
    sent_of = {}
    for si, (a, b) in enumerate(doc.sents):
        for k in range(a, b):
            sent_of[k] = si
    starts = {tok.start: k for k, tok in enumerate(tokens)}
    index, by_sentence = SpanIndex(found), _by_sentence(found)
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
            q.speaker = _own_subject(doc, a, first) or _previous_speaker(doc, by_sentence, si)
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


def _previous_speaker(doc: Doc, by_sentence: dict[int, list[Quote]], si: int) -> tuple[int, int] | None:
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


def _reported(doc: Doc, found: list[Quote]) -> list[Quote]:
    """Reported speech ("X warnte vor Sanktionen"): the object is the message, the sentence the quote."""
    out: list[Quote] = []
    reported = qc.cues().reported
    index = SpanIndex(found)
    for si, (a, b) in enumerate(doc.sents):
        s, e = doc.span(a, b)
        if any(q.type != "direct" for q in index.overlapping(s, e)):
            continue
        if any(doc.in_pair[k] >= 0 for k in range(a, min(b, a + 1))):
            continue
        apposition = False
        for k in range(a + 1, min(b, a + 12)):
            end = cue_at(doc, k, b) if doc.tokens[k].lower in reported else None
            if end is None and doc.tokens[k].lower in _SPEAK and _speaks_of(doc, k, b):
                end = k + 1  # "X sprach von einem Erfolg": what X said, in X's words
            if end is not None:
                np = subject(doc, a, k)
                if np is not None:
                    out.append(
                        Quote(s, e, "reported", cue=doc.cue_span(k, end), speaker=doc.span(*np), sentence=si)
                    )
                break
            if doc.tokens[k].text in ",;:":
                if not (apposition or _apposition_comma(doc, k, b)):
                    break
                apposition = not apposition  # the comma that opens it, then the one that closes it
    return out


def _apposition_comma(doc: Doc, k: int, b: int) -> bool:
    """ "Lars Schauer, Manager von Energie Cottbus, bezeichnete …": commas around a noun phrase
    that follows a name, before the verb."""
    tokens = doc.tokens
    if tokens[k].text != "," or k + 1 >= b or not qc.is_capitalised(tokens[k - 1]):
        return False
    np = qc.noun_phrase(tokens, k + 1, b)
    return np is not None and np[1] < b and tokens[np[1]].text == ","


_SPEAK = qc.words("sprach sprachen spricht sprechen")
_THIS = qc.words("dies das dieses")
_EMERGES = qc.words("geht ging gehen gingen")
_ANNOUNCING = ("bestätig", "bericht", "meld", "teilt", "gab", "gibt", "sagt", "erklärt", "schr", "verkünd")


def _anaphoric(doc: Doc, found: list[Quote]) -> list[Quote]:
    """ "Dies bestätigte der Vatikan." / "Das geht aus einem Bericht der UN hervor.": the sentence
    before is what the speaker said."""
    out: list[Quote] = []
    tokens = doc.tokens
    index = SpanIndex(found)
    for si in range(1, len(doc.sents)):
        a, b = doc.sents[si]
        if b - a < 3 or tokens[a].lower not in _THIS or doc.in_pair[a] >= 0:
            continue
        speaker: tuple[int, int] | None = None
        cue: tuple[int, int] | None = None
        end = cue_at(doc, a + 1, b) if tokens[a + 1].lower.startswith(_ANNOUNCING) else None
        if end is not None:
            speaker = next((np for j in range(end, min(b, end + 4)) if (np := _subject_np(doc, j, b))), None)
            cue = doc.cue_span(a + 1, end)
        elif (
            tokens[a + 1].lower in _EMERGES
            and tokens[a + 2].lower == "aus"
            and tokens[b - 2].lower == "hervor"
        ):
            speaker = qc.noun_phrase(tokens, a + 3, b - 2)
            cue = doc.span(a + 1, a + 2)
        if speaker is None or cue is None:
            continue
        s, e = doc.span(*doc.sents[si - 1])
        if index.overlapping(s, e):
            continue
        quote = Quote(s, e, "indirect", cue=cue, speaker=doc.span(*speaker), sentence=si - 1)
        quote.extra["anaphoric"] = True  # the speaker model weighs this frame on its own
        out.append(quote)
        index.add(quote)
    return out


def _subject_np(doc: Doc, j: int, b: int) -> tuple[int, int] | None:
    """A noun phrase starting at j that can be a subject: not in quotation marks, not after a preposition."""
    if doc.in_pair[j] >= 0 or doc.tokens[j - 1].lower in qc.ADVERB_PREPOSITIONS:
        return None
    return qc.noun_phrase(doc.tokens, j, b)


def _speaks_of(doc: Doc, k: int, b: int) -> bool:
    """ "sprach von …" (not "sprach mit …", "sprach am Montag"): "von"/"vom" within the next three words."""
    return any(doc.tokens[j].lower in ("von", "vom") for j in range(k + 1, min(b, k + 4)))


def _free_indirect(doc: Doc, found: list[Quote]) -> list[Quote]:
    """Sentences in Konjunktiv that follow reported speech continue it, with the same speaker; a run of
    them is one quote, as a reader takes it. "soll … gewesen sein" reports even without a run."""
    out: list[Quote] = []
    by_sentence: dict[int, Quote] = {}
    for q in sorted(found, key=lambda q: q.start):
        if q.type in ("indirect", "reported") or (q.type == "direct" and not _partial(doc, q)):
            by_sentence[q.sentence] = q
    found_by_sentence = _by_sentence(found)
    prev: Quote | None = None
    run: Quote | None = None
    last_speaker: tuple[int, int] | None = None  # of any quote before, however far
    for si, (a, b) in enumerate(doc.sents):
        if si in by_sentence:
            prev, run = by_sentence[si], None
            last_speaker = prev.speaker or last_speaker
            continue
        if prev is not None and (
            si - prev.sentence > 2 or doc.text.count("\n\n", prev.end, doc.tokens[a].start)
        ):
            prev, run = None, None
        free = [k for k in range(a, b) if doc.in_pair[k] < 0]
        subjunctive = any(qc.is_subjunctive(doc.tokens, k) for k in free)
        konj1 = any(doc.tokens[k].lower in _KONJ1 for k in free)
        if not (subjunctive and prev is not None) and not _reportative(doc, free) and not konj1:
            run = None
            continue
        clause = _subjunctive_clause(doc, a, b, free)
        if clause is not None:
            # "Am Dienstag wurde deutlich gemacht, dass Helfer nicht erwünscht seien": the mood is in
            # the clause after the comma; the sentence before it is the frame, not the message.
            verb = next((k for k in range(a + 1, clause[0]) if verbish(doc.tokens[k])), None)
            np = subject_in(doc, a, verb) if verb is not None else None
            s, e = doc.span(*clause)
            speaker = doc.span(*np) if np else None
            out.append(Quote(s, e, "indirect", speaker=speaker, sentence=si))
            prev, run = out[-1], None
            continue
        s, e = doc.span(a, b)
        if run is not None and run.sentence == si - 1:
            run.end, run.sentence = e, si
            continue
        speaker = prev.speaker if prev else (_previous_speaker(doc, found_by_sentence, si) or last_speaker)
        run = Quote(s, e, "free_indirect", speaker=speaker, sentence=si)
        out.append(run)
        if prev is not None:
            prev = run
    return out


def _subjunctive_clause(doc: Doc, a: int, b: int, free: list[int]) -> tuple[int, int] | None:
    """The dass/ob clause after a comma that holds every Konjunktiv form of the sentence, when the
    sentence does not open with one."""
    tokens = doc.tokens
    moods = [k for k in free if qc.is_subjunctive(tokens, k) or tokens[k].lower in _KONJ1]
    if not moods:
        return None
    commas = [k for k in range(a + 2, moods[0]) if tokens[k].text == "," and doc.in_pair[k] < 0]
    comma = next((k for k in commas if tokens[k + 1].lower in ("dass", "ob")), None)
    last = commas[-1] if commas else None
    verb_second = last is not None and moods[0] - last <= 5 and not _relative_pronoun(tokens, last + 1)
    if comma is None and verb_second:
        comma = last  # "…, hat angeregt, Sarkozy solle in Deutschland antreten"
    if comma is None:
        return None
    end = clause_end(doc, comma + 1, b)
    return (comma + 1, end) if end > moods[-1] else None


def _relative_pronoun(tokens: list[qc.Token], k: int) -> bool:
    """ "die" in "…, die meinten" (not the article in "…, die Lage sei ernst")."""
    nxt = tokens[k + 1] if k + 1 < len(tokens) else None
    return tokens[k].lower in _RELATIVE and not (nxt is not None and qc.is_capitalised(nxt))


def _partial(doc: Doc, q: Quote) -> bool:
    """A direct quotation that fills less than half of its sentence (a quoted phrase, not a statement)."""
    if q.sentence < 0:
        return False
    s, e = doc.span(*doc.sents[q.sentence])
    return (q.end - q.start) * 2 < e - s


def _reportative(doc: Doc, free: list[int]) -> bool:
    """ "Das Feuer soll … ausgebrochen sein": modal "sollen" with a perfect infinitive reports hearsay."""
    words = [doc.tokens[k].lower for k in free if doc.tokens[k].text[:1].isalpha()]
    return len(words) > 3 and bool({"soll", "sollen"} & set(words)) and words[-1] in ("sein", "haben")


def _headlines(doc: Doc, found: list[Quote]) -> list[Quote]:
    """Headline attribution ("US-Außenminister: Gespräche … finden statt"): a speaker before a colon."""
    out: list[Quote] = []
    index = SpanIndex(found)
    for si, (a, b) in enumerate(doc.sents):
        if doc.tokens[b - 1].text in ".!?" or b - a < 5:
            continue
        colon = next((k for k in range(a + 1, min(b - 3, a + 7)) if doc.tokens[k].text == ":"), None)
        if colon is None or index.overlapping(doc.tokens[colon].start, doc.tokens[colon].end):
            continue
        np = qc.noun_phrase_before(doc.tokens, colon, a)
        if np is None or doc.tokens[np[1] - 1].lower in NOT_SPEAKERS:
            continue
        s, e = doc.span(colon + 1, b)
        if index.overlapping(s, e):
            continue  # "Er sagte: „…“": the quotation after the colon is already found
        cue = (doc.tokens[colon].start, doc.tokens[colon].end)
        out.append(Quote(s, e, "direct", cue=cue, speaker=doc.span(*np), sentence=si))
    return out
