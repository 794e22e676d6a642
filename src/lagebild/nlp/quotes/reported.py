"""Reported and free indirect speech: "X berichtete über ...", "Dies bestätigte X", Konjunktiv
sentences that go on with what someone said, and headline quotes ("Lawrow: ...")."""

from __future__ import annotations

from lagebild.nlp.quotes import cues as qc
from lagebild.nlp.quotes.clauses import (
    Doc,
    Quote,
    SpanIndex,
    clause_end,
    cue_at,
    subject,
    subject_in,
    verbish,
)
from lagebild.nlp.quotes.direct import previous_speaker, quotes_by_sentence

_KONJ1 = qc.words(
    "sei seien habe werde könne müsse solle wolle dürfe gebe bestehe liege stehe gelte gehe komme bleibe "
    "handle handele sehe wisse lasse trage fehle verfüge brauche erwarte plane hoffe halte finde"
)
RELATIVE = qc.words("der die das welche welcher welches dem den deren dessen denen")


def reported(doc: Doc, found: list[Quote]) -> list[Quote]:
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


def anaphoric(doc: Doc, found: list[Quote]) -> list[Quote]:
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


def free_indirect(doc: Doc, found: list[Quote]) -> list[Quote]:
    """Sentences in Konjunktiv that follow reported speech continue it, with the same speaker; a run of
    them is one quote, as a reader takes it. "soll … gewesen sein" reports even without a run."""
    out: list[Quote] = []
    by_sentence: dict[int, Quote] = {}
    for q in sorted(found, key=lambda q: q.start):
        if q.type in ("indirect", "reported") or (q.type == "direct" and not _partial(doc, q)):
            by_sentence[q.sentence] = q
    found_by_sentence = quotes_by_sentence(found)
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
        speaker = prev.speaker if prev else (previous_speaker(doc, found_by_sentence, si) or last_speaker)
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
    return tokens[k].lower in RELATIVE and not (nxt is not None and qc.is_capitalised(nxt))


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


def headlines(doc: Doc, found: list[Quote]) -> list[Quote]:
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


NOT_SPEAKERS = qc.words("quelle foto fotos bild video update mehr hinweis anmerkung titel datum autor stand")
