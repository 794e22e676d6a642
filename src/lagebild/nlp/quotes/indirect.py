"""Indirect speech and frames: a cue verb with a "dass"/"ob" clause or a comma-separated message,
nouns of saying ("die Forderung, ..."), and frames such as "laut X" or "wie X sagte" around a message."""

from __future__ import annotations

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
)

FAR_COMMA = 20  # tokens after a cue within which a comma before "dass"/"ob" still opens its message


def indirect(doc: Doc, si: int, a: int, b: int) -> list[Quote]:
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


def noun_frames(doc: Doc, found: list[Quote]) -> list[Quote]:
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


def frames(doc: Doc, si: int, a: int, b: int) -> list[Quote]:
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
