"""How the outlets covered one story: who reported when, whom each quotes, what each leaves out,
and quote drift — the same statement worded differently from one outlet or translation to the next.

Quote drift aligns quotes of one speaker across the story's articles: two quotes in one language
are versions of one statement when most of their words agree (difflib over word sequences), two in
different languages when their multilingual vectors are close. Each version is shown against the
first report's wording with the words that differ marked, and with what kind of change it is: the
wording, a cut, other numbers, direct speech turned into indirect, a translation.
"""

from __future__ import annotations

import difflib
import re
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from lagebild.link.features import numbers

SAME_LANGUAGE = 0.5  # difflib ratio of two word sequences
OTHER_LANGUAGE = 0.62  # cosine of two quote vectors
_TOKEN = re.compile(r"\w+(?:[-’']\w+)*|[^\w\s]", re.UNICODE)
_QUOTE_MARKS = "\"'„“”‚‘’«»‹›"


@dataclass(slots=True)
class Segment:
    """A piece of a quote version against the first report's wording: `equal`, `inserted` (words
    only this version has) or `deleted` (words of the first report this version lacks). Across
    languages only numbers can be compared: those the first report lacks are `inserted`."""

    text: str
    op: str


@dataclass(slots=True)
class QuoteVersion:
    article_id: str
    outlet: str | None
    published: str | None
    language: str | None
    type: str
    speaker: str | None
    text: str
    start: int
    end: int
    segments: list[Segment] = field(default_factory=list)
    changes: list[str] = field(
        default_factory=list
    )  # wording, shortened, extended, numbers, type, translation
    similarity: float = 1.0


@dataclass(slots=True)
class QuoteDrift:
    """One statement in several versions; the first is the earliest report."""

    speaker_id: str | None
    speaker: str | None
    versions: list[QuoteVersion]


@dataclass(slots=True)
class OutletCoverage:
    outlet: str
    articles: list[dict[str, Any]]  # id, title, published, language, kind (report, duplicate, translation)
    first_published: str | None
    first_report: bool
    quotes: int
    quoted_chars: int
    speakers: list[tuple[str, int]]  # (speaker, quotes)
    missing_entities: list[str]  # named by at least two other outlets, not by this one
    missing_numbers: list[str]
    missing_speakers: list[str]


@dataclass(slots=True)
class Comparison:
    story_id: str
    outlets: list[OutletCoverage]
    drift: list[QuoteDrift]


def compare(records: list[dict[str, Any]]) -> Comparison | None:
    """The outlet comparison of one story's articles (their analysis records)."""
    if not records:
        return None
    # on one day the original goes before its copies, so the first report is never a translation of it
    records = sorted(records, key=lambda r: (r.get("published") or "~", _is_copy(r), r["id"]))
    by_outlet: dict[str, list[dict[str, Any]]] = {}
    for r in records:
        by_outlet.setdefault(_outlet(r), []).append(r)
    facts = {name: _facts(rs) for name, rs in by_outlet.items()}
    first_day = records[0].get("published")
    outlets = []
    for name, rs in by_outlet.items():
        own = facts[name]
        others = [facts[o] for o in by_outlet if o != name]
        speakers = Counter(n for r in rs for q in r.get("quotes", []) if (n := _speaker_name(q)) is not None)
        outlets.append(
            OutletCoverage(
                outlet=name,
                articles=[_article_row(r) for r in rs],
                first_published=rs[0].get("published"),
                first_report=rs[0]["id"] == records[0]["id"]
                or (first_day is not None and rs[0].get("published") == first_day and not _is_copy(rs[0])),
                quotes=sum(len(r.get("quotes", [])) for r in rs),
                quoted_chars=sum(len(q["text"]) for r in rs for q in r.get("quotes", [])),
                speakers=speakers.most_common(),
                missing_entities=_missing(own["entities"], [o["entities"] for o in others]),
                missing_numbers=_missing(own["numbers"], [o["numbers"] for o in others]),
                missing_speakers=_missing(own["speakers"], [o["speakers"] for o in others]),
            )
        )
    outlets.sort(key=lambda o: (o.first_published or "~", o.outlet))
    return Comparison(records[0].get("story_id") or "", outlets, quote_drift(records))


def quote_drift(records: list[dict[str, Any]]) -> list[QuoteDrift]:
    """Statements quoted in more than one article, aligned, with the differing words marked."""
    versions: list[tuple[str | None, QuoteVersion]] = []
    for r in records:
        for q in r.get("quotes", []):
            speaker = q.get("speaker") or {}
            versions.append(
                (
                    speaker.get("entity_id"),
                    QuoteVersion(
                        r["id"], _outlet(r), r.get("published"), r.get("language"), q["type"],
                        speaker.get("canonical") or speaker.get("text"), q["text"], q["start"], q["end"],
                    ),
                )
            )  # fmt: skip
    if len(versions) < 2:
        return []
    vectors = _vectors([v.text for _, v in versions]) if _languages(versions) > 1 else None
    parent = list(range(len(versions)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i, (sid_i, vi) in enumerate(versions):
        for j in range(i + 1, len(versions)):
            sid_j, vj = versions[j]
            if vi.article_id == vj.article_id or (sid_i and sid_j and sid_i != sid_j):
                continue
            if _same_statement(vi, vj, None if vectors is None else float(vectors[i] @ vectors[j])):
                parent[find(j)] = find(i)
    groups: dict[int, list[int]] = {}
    for i in range(len(versions)):
        groups.setdefault(find(i), []).append(i)
    drift = []
    for members in groups.values():
        if len({versions[i][1].article_id for i in members}) < 2:
            continue
        base = versions[members[0]][1]  # records are sorted by publication: the first report's wording
        for i in members:
            _mark(base, versions[i][1], None if vectors is None else float(vectors[members[0]] @ vectors[i]))
        # one version per article: the one closest to the first report (an article may quote a phrase
        # of the statement again, or frame it once as direct and once as indirect speech)
        best: dict[str, int] = {}
        for i in members:
            article_id = versions[i][1].article_id
            if article_id not in best or versions[i][1].similarity > versions[best[article_id]][1].similarity:
                best[article_id] = i
        members = [i for i in members if best[versions[i][1].article_id] == i]
        group = [versions[i][1] for i in members]
        speaker_id = next((versions[i][0] for i in members if versions[i][0]), None)
        drift.append(QuoteDrift(speaker_id, next((v.speaker for v in group if v.speaker), None), group))
    drift.sort(key=lambda d: (-len(d.versions), d.versions[0].published or "~"))
    return drift


def _same_statement(a: QuoteVersion, b: QuoteVersion, cosine: float | None) -> bool:
    if a.language == b.language or cosine is None:
        return _ratio(a.text, b.text) >= SAME_LANGUAGE or _contained(a.text, b.text)
    return cosine >= OTHER_LANGUAGE


def _mark(base: QuoteVersion, v: QuoteVersion, cosine: float | None) -> None:
    """Fill `v.segments` (its words, changed ones marked) and `v.changes` against the base version."""
    words_v = _words(v.text)
    if v is base:
        v.segments = [Segment(" ".join(words_v), "equal")]
        return
    if base.language != v.language and cosine is not None:
        v.similarity = round(cosine, 3)
        v.changes.append("translation")
        # across languages only what a translation keeps unchanged can be compared: the numbers (names
        # are spelled differently: Europa and Europe, Moskau and Moscow)
        v.segments = _translated(v.text, set(numbers(base.text)))
    else:
        words_b = _words(base.text)
        matcher = difflib.SequenceMatcher(a=[w.lower() for w in words_b], b=[w.lower() for w in words_v])
        v.similarity = round(matcher.ratio(), 3)
        for op, i1, i2, j1, j2 in matcher.get_opcodes():
            if op == "equal":
                v.segments.append(Segment(" ".join(words_v[j1:j2]), "equal"))
                continue
            if i2 > i1:  # the first report's words this version lacks
                v.segments.append(Segment(" ".join(words_b[i1:i2]), "deleted"))
            if j2 > j1:
                v.segments.append(Segment(" ".join(words_v[j1:j2]), "inserted"))
        if v.similarity < 1.0:
            if _contained(v.text, base.text) and len(words_v) < len(words_b):
                v.changes.append("shortened")
            elif _contained(base.text, v.text) and len(words_v) > len(words_b):
                v.changes.append("extended")
            else:
                v.changes.append("wording")
    if set(numbers(v.text)) != set(numbers(base.text)) and numbers(v.text) and numbers(base.text):
        v.changes.append("numbers")
    if v.type != base.type:
        v.changes.append(f"type: {base.type} → {v.type}")


def _translated(text: str, numbers_kept: set[str]) -> list[Segment]:
    """A translated version: numbers the first report does not have are marked, the rest is equal."""
    out: list[Segment] = []
    for token in text.split():
        digits = _digits(token)
        op = "inserted" if digits and digits not in numbers_kept else "equal"
        if out and out[-1].op == op:
            out[-1].text += " " + token
        else:
            out.append(Segment(token, op))
    return out


def _digits(word: str) -> str:
    return re.sub(r"\D", "", word)


def _words(text: str) -> list[str]:
    return text.strip(_QUOTE_MARKS + " \n").split()


def _ratio(a: str, b: str) -> float:
    ta = [t.lower() for t in _TOKEN.findall(a) if t.isalnum() or t[0].isalnum()]
    tb = [t.lower() for t in _TOKEN.findall(b) if t.isalnum() or t[0].isalnum()]
    return difflib.SequenceMatcher(a=ta, b=tb, autojunk=False).ratio()


def _contained(short: str, long: str) -> bool:
    """Whether the words of `short` appear in order inside `long` (a cut quote)."""
    s = " ".join(w.lower() for w in _TOKEN.findall(short) if w[0].isalnum())
    return len(s) >= 20 and s in " ".join(w.lower() for w in _TOKEN.findall(long) if w[0].isalnum())


def _languages(versions: list[tuple[str | None, QuoteVersion]]) -> int:
    return len({v.language for _, v in versions})


def _vectors(texts: list[str]) -> Any:
    from lagebild.link.embed import encode

    return encode(texts)


def _outlet(record: dict[str, Any]) -> str:
    outlet = record.get("outlet") or {}
    return outlet.get("name") or "unbekannt"


def _speaker_name(q: dict[str, Any]) -> str | None:
    speaker = q.get("speaker") or {}
    return speaker.get("canonical") or speaker.get("text")


def _is_copy(r: dict[str, Any]) -> bool:
    return bool(r.get("duplicate_of") or r.get("translation_of"))


def _article_row(r: dict[str, Any]) -> dict[str, Any]:
    kind = "duplicate" if r.get("duplicate_of") else "translation" if r.get("translation_of") else "report"
    return {
        "id": r["id"], "title": r.get("title"), "published": r.get("published"),
        "language": r.get("language"), "kind": kind, "of": r.get("duplicate_of") or r.get("translation_of"),
    }  # fmt: skip


def _facts(records: list[dict[str, Any]]) -> dict[str, set[str]]:
    """What an outlet's articles state: entities (canonical names), numbers, quoted speakers."""
    entities = {
        e.get("canonical") or e["text"]
        for r in records
        for e in r.get("entities", [])
        if e.get("label", "").removesuffix("part") in ("PER", "ORG", "LOC")
        and e.get("field", "text") == "text"
    }
    found = {n for r in records for n in numbers(r.get("text", "")) if len(n) >= 2}
    speakers = {s for r in records for q in r.get("quotes", []) if (s := _speaker_name(q))}
    return {"entities": entities, "numbers": found, "speakers": speakers}


def _missing(own: set[str], others: list[set[str]]) -> list[str]:
    """What at least two other outlets state (one, when there is only one other) and this one does not."""
    need = 2 if len(others) >= 2 else 1
    counts = Counter(x for o in others for x in o)
    return sorted(x for x, n in counts.items() if n >= need and x not in own)
