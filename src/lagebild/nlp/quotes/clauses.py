"""Clause analysis shared by the quote rules: the tokenised document, verbs of saying, subjects.

German puts the subject before the finite verb ("Rjabkow sagte"), after it when something else opens
the clause ("Am Freitag sagte Rice", "…“, sagte er"), or at the start of a verb-final clause ("wie die
Polizei mitteilte"); `subject` tries these in that order without a parser.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field
from typing import Any

from lagebild.nlp.quotes import cues as qc
from lagebild.nlp.quotes.marks import quote_pairs

COMPLEMENTISERS = qc.words("dass ob wie warum weshalb weswegen wann wo wer was wieso inwieweit inwiefern")
ADVERBIAL = qc.words("weil da als nachdem wenn obwohl um damit bevor während seit sodass indem ohne falls")
SUBORDINATORS = (ADVERBIAL - {"als", "da"}) | qc.words("wie wobei sondern denn dass")
OBLIQUE = qc.words("den dem einem einen des ihrem seinem ihren seinen")
ATTITUDE = qc.words("zuversichtlich überzeugt optimistisch besorgt skeptisch erfreut enttäuscht sicher")
CONTRAST = qc.words("doch aber sondern während wobei jedoch allerdings")
RELATIVE = qc.words("der die das welcher welche welches")
PASSIVE_AUX = qc.words("wird wurde wurden werden worden")


@dataclass(slots=True)
class Quote:
    """A quote while the rules work on it: character spans, and the sentence it was found in."""

    start: int
    end: int
    type: str
    cue: tuple[int, int] | None = None
    speaker: tuple[int, int] | None = None
    addressee: tuple[int, int] | None = None
    sentence: int = -1
    extra: dict[str, Any] = field(default_factory=dict)


class SpanIndex:
    """Quotes by start offset, so that asking which overlap a range does not scan them all: a long
    article holds thousands of quotes, and every rule asks this once per sentence."""

    def __init__(self, quotes: list[Quote] | tuple[Quote, ...] = ()) -> None:
        self._starts: list[int] = []
        self._quotes: list[Quote] = []
        self._longest = 0
        for q in sorted(quotes, key=lambda q: q.start):
            self.add(q)

    def add(self, q: Quote) -> None:
        k = bisect_right(self._starts, q.start)
        self._starts.insert(k, q.start)
        self._quotes.insert(k, q)
        self._longest = max(self._longest, q.end - q.start)

    def overlapping(self, start: int, end: int) -> list[Quote]:
        lo = bisect_left(self._starts, start - self._longest)
        hi = bisect_left(self._starts, end)
        return [q for q in self._quotes[lo:hi] if q.end > start]


@dataclass(slots=True)
class Doc:
    """The text once tokenised, split into sentences, and with its quotation-mark pairs."""

    text: str
    tokens: list[qc.Token]
    sents: list[tuple[int, int]]  # token ranges
    pairs: list[tuple[int, int]]
    in_pair: list[int]  # index into pairs per token, -1 outside
    starts: list[int] = field(default_factory=list)  # character offset of each token, for bisect
    sent_starts: list[int] = field(default_factory=list)  # first token of each sentence

    @classmethod
    def of(cls, text: str) -> Doc:
        tokens = qc.tokenize(text)
        pairs = quote_pairs(text)
        in_pair, p = [-1] * len(tokens), 0
        for k, tok in enumerate(tokens):
            while p < len(pairs) and pairs[p][1] <= tok.start:
                p += 1
            if p < len(pairs) and pairs[p][0] <= tok.start < pairs[p][1]:
                in_pair[k] = p
        sents, k = [], 0
        for s, e in qc.sentences(text):
            a = k
            while k < len(tokens) and tokens[k].start < e:
                k += 1
            if k > a and tokens[a].start >= s:
                sents.append((a, k))
        return cls(text, tokens, sents, pairs, in_pair, [t.start for t in tokens], [a for a, _b in sents])

    def sentence_of(self, k: int) -> int:
        """The index of the sentence holding token k (the one before, between sentences)."""
        return max(0, bisect_right(self.sent_starts, k) - 1)

    def span(self, a: int, b: int) -> tuple[int, int]:
        return self.tokens[a].start, self.tokens[b - 1].end

    def cue_span(self, k: int, end: int) -> tuple[int, int]:
        """The cue's characters; a separable verb whose particle stands far off keeps only the verb."""
        return self.span(k, end if end - k <= 2 else k + 1)


def cue_at(doc: Doc, k: int, b: int) -> int | None:
    """If token k is a verb of saying, the token index that ends its cue (the particle of "teilte … mit")."""
    tok = doc.tokens[k]
    if doc.in_pair[k] >= 0 or not tok.text.islower():
        return None
    if tok.lower == "bekannt":
        return _made_known(doc, k, b)
    particles = qc.cues().verbs.get(tok.lower)
    if particles is None:
        return k + 1 if tok.lower in ATTITUDE and k + 1 < b and doc.tokens[k + 1].text == "," else None
    if "" in particles:
        return k + 1
    for j in range(k + 1, min(b, k + 12)):
        low = doc.tokens[j].lower
        if low in particles and (j + 1 >= b or not doc.tokens[j + 1].text[:1].isalnum()):
            return j + 1
        if low in (",", ":", ";") or doc.in_pair[j] >= 0:
            return None
    return None


def _made_known(doc: Doc, k: int, b: int) -> int | None:
    """ "Im April wurde bekannt, dass …", "Nachdem bekannt geworden war, dass …": a cue without a
    speaker, but only before a dass/ob clause ("als Sänger bekannt" says nothing)."""
    j = k + 1
    while j < b and doc.tokens[j].lower in ("geworden", "war", "ist", "wurde", "sei"):
        j += 1
    if j + 1 < b and doc.tokens[j].text == "," and doc.tokens[j + 1].lower in ("dass", "ob"):
        return k + 1
    return None


_PREPOSITION_TOO = qc.words("seit ohne bis")
_PASSIVE = qc.words("wurde wurden wird werden worden")


def subject(doc: Doc, a: int, cue: int) -> tuple[int, int] | None:
    """Token range of the speaker of the cue at token `cue` in the sentence starting at `a`."""
    start, verb_final = a, False
    for j in range(cue - 1, a - 1, -1):
        tok = doc.tokens[j]
        if tok.lower in _PREPOSITION_TOO and j + 1 < cue and qc.is_capitalised(doc.tokens[j + 1]):
            continue  # "Seit Jahren fordert der Staat": a preposition here, not a conjunction
        if tok.text in (",", ";", ":", "(", "–") or doc.in_pair[j] >= 0 or tok.lower in SUBORDINATORS:
            start, verb_final = j + 1, tok.lower in SUBORDINATORS
            break
    passive = _passive(doc, start, cue)
    if passive is not None:
        return passive[0]
    if start > a and doc.tokens[start - 1].text == ",":
        if doc.tokens[start].lower in RELATIVE and (
            start + 1 == cue or qc.noun_phrase(doc.tokens, start, cue) is None
        ):
            return start, start + 1  # "…, der angab, …": the relative pronoun, resolved later
        if start == cue and _apposition_before(doc, a, start - 1):
            # "Henning Scherf (SPD), warnte …": the subject opened the sentence.
            found = subject_in(doc, a, cue)
            if found is not None:
                return found
    found = subject_in(doc, start, cue, verb_final)
    if found is None and start > a:
        found = subject_in(doc, a, cue)
    return found


def _apposition_before(doc: Doc, a: int, comma: int) -> bool:
    """True when only noun phrases and relative clauses stand, comma-separated, between the sentence
    start and `comma` right before the verb ("Der Sprecher, Peter Müller, der … war, sagte")."""
    tokens = doc.tokens
    j = comma
    while j > a:
        prev = next(
            (k for k in range(j - 1, a - 1, -1) if tokens[k].text == "," and doc.in_pair[k] < 0), None
        )
        seg = prev + 1 if prev is not None else a
        if seg >= j or doc.in_pair[seg] >= 0 or doc.in_pair[j - 1] >= 0:
            return False
        if prev is None:
            np = qc.noun_phrase(tokens, seg, j)
            return np is not None and np[1] == j
        np = qc.noun_phrase(tokens, seg, j)
        whole = np is not None and (np[1] == j or tokens[np[1]].text == "(")
        if not (whole or tokens[seg].lower in RELATIVE):
            return False
        j = prev
    return False


def _passive(doc: Doc, start: int, cue: int) -> tuple[tuple[int, int] | None] | None:
    """ "Er wird beschuldigt, …", "wurde vom LSVD aufgefordert": a passive cue names its speaker only
    in a "von" phrase, and the grammatical subject is the one spoken about. None when not passive."""
    tokens = doc.tokens
    low = tokens[cue].lower
    participle = low.endswith("t") or (low.endswith("en") and "ge" in low[:-3])
    # "X wird mit den Worten zitiert": the one quoted is the subject.
    if (
        low == "zitiert"
        or not participle
        or not any(tokens[j].lower in PASSIVE_AUX for j in range(start, cue))
    ):
        return None
    for j in range(start, cue):
        if tokens[j].lower in ("von", "vom") and doc.in_pair[j] < 0:
            np = qc.noun_phrase(tokens, j + 1, cue)
            if np is not None:
                return ((j + 1, np[1]),)
    return (None,)


def subject_in(doc: Doc, start: int, cue: int, verb_final: bool = False) -> tuple[int, int] | None:
    tokens = doc.tokens
    i = start
    while i < cue and _skippable(tokens[i]):
        i += 1
    first = None
    if i + 1 < cue + 1 and i < cue and tokens[i].lower in qc.DEMONSTRATIVES and verbish(tokens[i + 1]):
        return i, i + 1  # "Dieser behauptete, …"
    if i < cue and tokens[i].lower not in qc.ADVERB_PREPOSITIONS and tokens[i].lower not in OBLIQUE:
        np = qc.noun_phrase(tokens, i, cue)
        follows = tokens[np[1]] if np else None
        if (
            np
            and follows is not None
            and (
                verb_final
                or np[1] == cue
                or verbish(follows)
                or follows.text in ",("
                or follows.lower in qc.ADVERB_PREPOSITIONS
            )
        ):
            first = np
    # The finite verb: the cue itself, or an auxiliary before it ("Rice hatte … erklärt").
    verb = next(
        (j for j in range(first[1] if first else start, cue) if tokens[j].lower in qc.AUXILIARIES), cue
    )
    after = verb + 1
    if tokens[verb].lower in _PASSIVE and verb < cue and tokens[cue].lower != "zitiert":
        # "Die Forderung wurde von Minister Stolpe als unrealistisch bezeichnet": the agent speaks.
        for j in range(verb + 1, cue - 1):
            if (tokens[j].lower in ("von", "vom") and qc.is_capitalised(tokens[j + 1])) or (
                tokens[j].lower == "von" and tokens[j + 1].lower in qc.DETERMINERS
            ):
                agent = qc.noun_phrase(tokens, j + 1, cue)
                if agent is not None:
                    return agent
    # A pronoun right after the finite verb is the subject even when an object opens the clause
    # ("Die Tat bezeichnete er als sinnlos").
    if after < len(tokens) and tokens[after].lower in qc.PRONOUNS:
        return after, after + 1
    if first:
        return first
    j = after
    while (
        j < len(tokens)
        and j < after + 3
        and tokens[j].text.islower()
        and tokens[j].lower in qc.FUNCTION_WORDS
    ):
        if tokens[j].lower in qc.DETERMINERS or tokens[j].lower in qc.ADVERB_PREPOSITIONS:
            # "Parker, teilte am Abend mit": no subject after the verb; the caller looks further back.
            break
        j += 1
    if j + 1 < len(tokens) and tokens[j].text in qc.OPEN_MARKS and doc.in_pair[j] >= 0:
        # a name in quotation marks after the verb: „…“, schrieb „Die Zeit“
        close = doc.pairs[doc.in_pair[j]][1]
        k = j
        while k < len(tokens) and tokens[k].end <= close:
            k += 1
        if k - j <= 8 and qc.is_capitalised(tokens[j + 1]):
            return j, k
    np = qc.noun_phrase(tokens, j, min(len(tokens), j + 14))
    if np and tokens[np[0]].lower in OBLIQUE:
        return None
    return np


def _skippable(tok: qc.Token) -> bool:
    """Sentence adverbs and conjunctions before the subject ("Gleichzeitig", "Auch")."""
    low = tok.lower
    if low in qc.PRONOUNS or low in qc.DETERMINERS or low in qc.ADVERB_PREPOSITIONS:
        return False
    return qc.is_adverb_like(tok.text)


def verbish(tok: qc.Token) -> bool:
    low = tok.lower
    return tok.text.islower() and low not in qc.ADVERB_PREPOSITIONS and low not in qc.DETERMINERS


def addressee(doc: Doc, a: int, b: int) -> tuple[int, int] | None:
    for j in range(a, b):
        if doc.tokens[j].lower == "gegenüber":
            np = qc.noun_phrase(doc.tokens, j + 1, b)
            if np:
                return np
    return None


def clause_end(doc: Doc, m: int, b: int) -> int:
    """Last token (exclusive) of a reported clause starting at m: the sentence end, minus end punctuation."""
    end = next((j for j in range(m, b) if _ends_clause(doc, j, b)), b)
    while end > m and doc.tokens[end - 1].text in ".!?:;" and doc.in_pair[end - 1] < 0:
        end -= 1
    return end


def _ends_clause(doc: Doc, j: int, b: int) -> bool:
    """A semicolon; a colon before a direct quote (not in "15:00"); a comma before a contrasting main
    clause ("…, doch X erklärte"), but not the "sondern" of "nicht nur …, sondern auch …"."""
    tok = doc.tokens[j]
    if doc.in_pair[j] >= 0 or tok.text not in ",:;":
        return False
    nxt = doc.tokens[j + 1].lower if j + 1 < b else ""
    if tok.text == ";":
        return True
    if tok.text == ":":
        return not (nxt.isdigit() and doc.tokens[j - 1].text.isdigit())  # "um 15:00 Uhr"
    after = doc.tokens[j + 2].lower if j + 2 < b else ""
    if nxt == "sondern" and any(doc.tokens[k].lower == "nicht" for k in range(max(0, j - 8), j)):
        return False  # "nicht nur die Klägerin, sondern auch er": one clause
    return nxt in CONTRAST or (nxt == "und" and after not in COMPLEMENTISERS)
