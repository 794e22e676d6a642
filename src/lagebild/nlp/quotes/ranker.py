"""Choose each quote's speaker among the noun phrases around it, with a trained linear model.

The rules in `rules.py` find a quote and propose a speaker from syntax alone ("the subject before the
cue"), which goes wrong when an adverb or a time phrase opens the clause ("Damit sei …", "Seit zwei
Jahren …"). Here every noun phrase from the sentence before the quote to the sentence after it (and
inside a reported sentence), every named person or organisation there, and "nobody" is a candidate;
a conditional logit over features of each candidate
(the rule's choice, entity type, head word, side and distance to the quote and the cue, the words
around it) picks one.

`models/quotes/train_speakers.py` trains the weights on the Wikinews train split, whose annotations are
CC BY-NC-SA 4.0; the model in `models/quote-speakers/` carries that licence (its LICENSE says so).
Trained on GePaDe (CC0) instead, it chose worse than the rules on news, so that is not shipped. Without
the model folder the rules' speakers stand: delete it for an install under Apache-2.0 terms only.
"""

from __future__ import annotations

import json
from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache

from lagebild.errors import LagebildError
from lagebild.nlp import models_root
from lagebild.nlp.entities.roles import ROLE_HEADS
from lagebild.nlp.quotes import cues as qc
from lagebild.nlp.quotes.clauses import PASSIVE_AUX, Doc, Quote

MODEL_NAME = "quote-speakers"
NOBODY = (-1, -1)
Mention = tuple[int, int, str]  # character span and entity label


@dataclass(slots=True)
class Candidate:
    """A possible speaker: its character span ((-1, -1) for nobody) and the names of its features."""

    span: tuple[int, int]
    features: list[str]


def _bucket(n: int) -> str:
    for limit in (0, 1, 2, 3, 5, 8, 12, 20, 40):
        if n <= limit:
            return str(limit)
    return "far"


def _label(span: tuple[int, int], mentions: Sequence[Mention], starts: list[int]) -> str:
    """The entity label of the mention that overlaps the span most, with "=" when it is the span itself."""
    best, best_ov = "none", 0
    for k in range(max(0, bisect_left(starts, span[0]) - 3), bisect_right(starts, span[1])):
        s, e, label = mentions[k]
        ov = min(e, span[1]) - max(s, span[0])
        if ov > best_ov:
            best, best_ov = label + ("=" if (s, e) == span else ""), ov
    return best


ONE_WORD = qc.words("er sie ich wir es man ihr du dieser diese letzterer letztere demnach demzufolge")
RELATIVE_AFTER_COMMA = qc.words("der die das denen dem den wonach welche welcher")
GENITIVE = qc.words("des der eines einer")


def phrases(tokens: Sequence[qc.Token], lo: int, hi: int) -> list[tuple[int, int]]:
    """Minimal noun phrases in tokens[lo:hi]: pronouns, relative pronouns after a comma, and
    [determiner] [adjectives] capitalised words [genitive or "von" attribute] [(party)]."""
    out: list[tuple[int, int]] = []
    k = lo
    while k < hi:
        tok = tokens[k]
        if tok.lower in ONE_WORD or (
            tok.lower in RELATIVE_AFTER_COMMA
            and k > lo
            and tokens[k - 1].text == ","
            and not (k + 1 < hi and qc.is_capitalised(tokens[k + 1]))
        ):
            out.append((k, k + 1))
            k += 1
            continue
        end = _nominal(tokens, k, hi)
        if end is None:
            k += 1
            continue
        while end < hi:
            if tokens[end].lower in GENITIVE or (
                tokens[end].lower == "von" and end + 1 < hi and qc.is_capitalised(tokens[end + 1])
            ):
                more = _nominal(tokens, end + (tokens[end].lower == "von"), hi)
                if more is None:
                    break
                end = more
            elif tokens[end].text == "(" and end + 2 < hi and tokens[end + 2].text == ")":
                end += 3
            else:
                break
        out.append((k, end))
        k = end
    return out


def _nominal(tokens: Sequence[qc.Token], k: int, hi: int) -> int | None:
    """End of [determiner] [adjectives or numbers] capitalised words starting at k, or None."""
    j = k
    if j < hi and tokens[j].lower in qc.DETERMINERS:
        j += 1
    while (
        j < hi
        and tokens[j].lower not in qc.DETERMINERS
        and (qc.is_adjective(tokens[j]) or tokens[j].text.isdigit())
    ):
        j += 1
    first = j
    while j < hi:
        tok = tokens[j]
        noun = qc.is_capitalised(tok) and (j > first or not (j == k and qc.is_adverb_like(tok.text)))
        particle = (
            j > first and tok.lower in qc.NAME_PARTICLES and j + 1 < hi and qc.is_capitalised(tokens[j + 1])
        )
        if noun or particle:
            j += 1
        elif j > first and tok.text in qc.OPEN_MARKS and j + 2 < hi:
            close = next((m for m in range(j + 1, min(hi, j + 6)) if tokens[m].text in qc.OPEN_MARKS), None)
            if close is None:
                break
            j = close + 1
        else:
            break
    if j == first and k < hi and qc.is_capitalised(tokens[k]) and qc.is_adverb_like(tokens[k].text):
        return k + 1  # "Demnach", "Damit": not speakers, but the rules propose them, so the model sees them
    return j if j > first else None


def candidates(
    doc: Doc,
    q: Quote,
    mentions: Sequence[Mention],
    previous: tuple[int, int] | None,
    mention_starts: list[int] | None = None,
) -> list[Candidate]:
    """Nobody, and every noun phrase from the sentence before the quote to the one after it;
    `mention_starts` (the start of each mention) spares recomputing it for every quote."""
    tokens = doc.tokens
    starts = doc.starts
    qa = bisect_left(starts, q.start)
    qb = bisect_left(starts, q.end)
    first = doc.sentence_of(qa)
    last = doc.sentence_of(max(qa, qb - 1))
    spans: list[tuple[int, int]] = []
    for si in range(max(0, first - 1), min(len(doc.sents), last + 2)):
        a, b = doc.sents[si]
        for lo, hi in ((a, min(b, qa)), (max(a, qb), b)):
            if lo < hi:
                spans.extend(phrases(tokens, lo, hi))
    if q.type != "direct":
        # A reported sentence holds its speaker: "Das Amt warnte vor Glätte", "Der Fahrer hatte laut
        # Polizei 1,1 Promille".
        spans.extend(phrases(tokens, qa, qb))
    chars = {doc.span(a, b): (a, b) for a, b in spans}
    if not doc.sents:
        return [Candidate(NOBODY, _nobody_features(q))]
    lo_char, hi_char = (
        tokens[doc.sents[max(0, first - 1)][0]].start,
        tokens[doc.sents[min(len(doc.sents), last + 2) - 1][1] - 1].end,
    )
    if mention_starts is None:
        mention_starts = [m[0] for m in mentions]
    for s, e, label in mentions[bisect_left(mention_starts, lo_char) :]:
        if s >= hi_char:
            break
        inside = q.start <= s < q.end
        if label in ("PER", "ORG") and (q.type != "direct" or not inside) and (s, e) not in chars:
            a, b = bisect_left(starts, s), bisect_left(starts, e)
            if a < b:
                chars[(s, e)] = (a, b)
    if q.speaker is not None and q.speaker not in chars:
        a, b = bisect_left(starts, q.speaker[0]), bisect_left(starts, q.speaker[1])
        if a < b:
            chars[q.speaker] = (a, b)
    cue = None
    if q.cue is not None:
        cue = (bisect_left(starts, q.cue[0]), bisect_left(starts, q.cue[1]))
    passive = cue is not None and any(
        tokens[k].lower in PASSIVE_AUX for k in range(max(0, cue[0] - 5), cue[0]) if k < len(tokens)
    )
    out = [Candidate(NOBODY, _nobody_features(q) + (["nobody:passive"] if passive else []))]
    for span, (a, b) in sorted(chars.items()):
        out.append(
            Candidate(span, _features(doc, q, a, b, (qa, qb), first, cue, mentions, mention_starts, previous))
        )
    if passive:
        for c in out[1:]:
            c.features.append("passive:left" if q.cue and c.span[1] <= q.cue[0] else "passive:right")
    _rank_by_distance(out[1:], q)
    return out


def _rank_by_distance(cands: list[Candidate], q: Quote) -> None:
    """Add how near each candidate is among those on its side of the quote, and among the entities."""
    left = sorted((c for c in cands if c.span[1] <= q.start), key=lambda c: -c.span[1])
    right = sorted((c for c in cands if c.span[0] >= q.end), key=lambda c: c.span[0])
    for side, group in (("left", left), ("right", right)):
        named = 0
        for n, c in enumerate(group):
            c.features.append(f"nearest:{side}:{min(n, 4)}")
            if any(f in ("ent:PER", "ent:ORG", "ent:PER=", "ent:ORG=") for f in c.features):
                c.features.append(f"nearest-named:{side}:{min(named, 3)}")
                named += 1


def _nobody_features(q: Quote) -> list[str]:
    rule = "rule" if q.speaker is None else "other"
    cue = "cue" if q.cue is not None else "nocue"
    nested = "nested" if q.extra.get("nested") else "alone"
    return [
        "nobody",
        f"nobody:{q.type}",
        f"nobody:{rule}",
        f"nobody:{cue}",
        f"nobody:{q.type}:{rule}",
        f"nobody:{nested}",
        f"nobody:{nested}:{rule}",
    ]


def _features(
    doc: Doc,
    q: Quote,
    a: int,
    b: int,
    quote: tuple[int, int],
    first_sentence: int,
    cue: tuple[int, int] | None,
    mentions: Sequence[Mention],
    mention_starts: list[int],
    previous: tuple[int, int] | None,
) -> list[str]:
    tokens = doc.tokens
    span = doc.span(a, b)
    head, opener = tokens[b - 1], tokens[a]
    label = _label(span, mentions, mention_starts)
    sent = doc.sentence_of(a) if doc.sents else first_sentence
    where = "same" if sent == first_sentence else ("before" if sent < first_sentence else "after")
    side = "left" if b <= quote[0] else ("right" if a >= quote[1] else "inside")
    gap = quote[0] - b if side == "left" else (a - quote[1] if side == "right" else a - quote[0])
    rule = q.speaker is not None and q.speaker[0] < span[1] and span[0] < q.speaker[1]
    pronoun = b - a == 1 and opener.lower in ONE_WORD
    prev_tok = tokens[a - 1].lower if a > 0 else "<s>"
    next_tok = tokens[b].lower if b < len(tokens) else "</s>"
    kind = "pron" if pronoun else ("role" if head.lower.rsplit("-", 1)[-1].endswith(ROLE_HEADS) else "np")
    out = [
        f"ent:{label}",
        f"ent:{label.rstrip('=')}:{q.type}",
        f"kind:{kind}",
        f"kind:{kind}:{q.type}",
        f"where:{where}:{side}",
        f"where:{where}:{side}:{q.type}",
        f"gap:{side}:{_bucket(gap)}",
        f"len:{_bucket(b - a)}",
        f"head:{head.lower}",
        f"suffix:{head.lower[-3:]}",
        f"open:{opener.lower if not qc.is_capitalised(opener) or opener.lower in qc.DETERMINERS else 'Cap'}",
        f"prev:{prev_tok}",
        f"next:{next_tok}",
        f"initial:{a == doc.sents[sent][0]}" if doc.sents else "initial:?",
    ]
    if pronoun:
        out.append(f"pronoun:{opener.lower}:{q.type}")
    out.append(f"ent:{label.rstrip('=')}:{where}:{side}")
    out.append(f"kind:{kind}:{where}:{side}")
    if qc.is_adverb_like(opener.text) and opener.lower not in qc.DETERMINERS:
        out.append("adverb-opens")
    if head.text[:1].isdigit() or head.lower in qc.MONTHS:
        out.append("number-or-month")
    if doc.in_pair[a] >= 0:
        out.append("in-quotes")
    if rule and q.speaker == span:
        out += ["rule", f"rule:{q.type}", f"rule:{label.rstrip('=')}"]
        if q.extra.get("anaphoric"):
            out.append("rule:anaphoric")
    elif rule:
        out.append("rule-overlaps")
    if previous is not None and previous[0] < span[1] and span[0] < previous[1]:
        out.append("previous-speaker")
    if cue is not None:
        word = tokens[cue[0]].lower
        out.append(f"cue-word:{word}:{'left' if b <= cue[0] else 'right'}:{prev_tok in ('von', 'vom')}")
        if b <= cue[0]:
            out.append(f"cue:left:{_bucket(cue[0] - b)}")
        elif a >= cue[1]:
            out.append(f"cue:right:{_bucket(a - cue[1])}")
        else:
            out.append("cue:inside")
    else:
        out.append("cue:none")
    return out


@dataclass(slots=True)
class SpeakerModel:
    """The weight of each named feature; a candidate scores the sum of its features' weights."""

    weights: dict[str, float]

    def score(self, c: Candidate) -> float:
        return sum(self.weights.get(f, 0.0) for f in c.features)


@cache
def load_speaker_model() -> SpeakerModel | None:
    """The shipped model, or None when its folder was removed (then the rules' speakers stand)."""
    path = models_root() / MODEL_NAME / "weights.json"
    if not path.exists():
        return None
    try:
        return SpeakerModel(dict(json.loads(path.read_text(encoding="utf-8"))["weights"]))
    except (ValueError, KeyError, TypeError) as err:
        raise LagebildError(f"speaker model at {path} is unreadable: {err}") from err


def choose_speakers(
    doc: Doc, found: list[Quote], mentions: Sequence[Mention], model: SpeakerModel | None = None
) -> list[Quote]:
    """Replace each quote's speaker by the best-scoring candidate. The speaker the rules gave the
    quote before is a feature ("news keeps quoting its last speaker"), as it is in training."""
    model = load_speaker_model() if model is None else model
    if model is None:
        return found
    chosen = []
    mention_starts = [m[0] for m in mentions]
    for q, previous in with_previous(found):
        best = max(candidates(doc, q, mentions, previous, mention_starts), key=model.score)
        chosen.append(None if best.span == NOBODY else best.span)
    for q, span in zip(found, chosen, strict=True):
        q.speaker = span
    return found


def with_previous(found: Sequence[Quote]) -> list[tuple[Quote, tuple[int, int] | None]]:
    """Each quote with the rules' speaker of the last quote before it that has one."""
    out: list[tuple[Quote, tuple[int, int] | None]] = []
    previous: tuple[int, int] | None = None
    for q in found:
        out.append((q, previous))
        previous = q.speaker or previous
    return out
