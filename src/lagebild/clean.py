"""Cleaning: page layout and in-text debris, with an exact span map back to the raw text.

Offsets. For a plain-text article `article.raw` is the input text as given. For an HTML page,
`layout` sets `article.raw` to the page text that trafilatura keeps (blocks separated by a blank
line, headings as their own paragraphs) while `article.html` keeps the page: raw offsets of an HTML
article refer to that page text, not to the HTML source.

`clean` builds `article.text` only by deleting pieces of `article.raw`, never by rewriting a
character, so `article.span_map` leads every clean character back to the raw one it came from:
`article.raw[article.span_map.to_raw(i)] == article.text[i]`. Each deleted piece of content is
recorded as a `Removal` with its kind; the whitespace around it is deleted too but not recorded.
The debris patterns live in `lagebild.debris`.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from contextvars import ContextVar
from typing import Any

import trafilatura
import trafilatura.metadata
from lxml import etree

from lagebild import debris
from lagebild.errors import InputError
from lagebild.model import Article, Removal, SpanMap
from lagebild.stages import stage

# Chosen on the tuning half of the fundus German-language pages (benchmarks/extract_eval.py), macro
# token F1 of trafilatura alone: default 0.944, favor_recall 0.940, favor_precision 0.950. Tables made
# no difference there but hold real content elsewhere. trafilatura's `deduplicate` stays off: its cache
# lives across calls, so one page's text would depend on the pages read before it (measured: 0.934).
EXTRACT_OPTIONS: dict[str, Any] = {
    "favor_precision": True,
    "include_comments": False,
    "include_tables": True,
    "deduplicate": False,
}

_TITLE_SEPARATOR = re.compile(r"\s+[|–—-]\s+|\s*\|\s*")
_DATE_ONLY = re.compile(r"[\d./\s-]+")
_BLANK_LINES = re.compile(r"\n[ \t\r\f\v]*\n\s*")


@stage(requires=("raw",), provides=("page",))
def layout(article: Article) -> Article:
    """Reduce an HTML page to its main text; plain-text articles pass through unchanged."""
    if article.html is None:
        return article
    html = article.html.replace("\x00", "")
    doc = _extract(html, article.url)
    text = doc.text if doc is not None and doc.text else ""
    if not text.strip() and html.strip():
        # trafilatura gives up on very short pages; their visible text is still the article.
        text = trafilatura.html2txt(html) or ""
    blocks = [line.strip() for line in text.splitlines() if line.strip()]
    if not blocks:
        raise InputError("no article text found in the HTML page")
    article.raw = "\n\n".join(blocks)
    if doc is not None:
        site = doc.sitename or doc.hostname
        if site and not article.hints.get("site_name"):
            article.hints["site_name"] = site
        if doc.hostname and not article.hints.get("domain"):
            article.hints["domain"] = doc.hostname
        if doc.title and not article.hints.get("title"):
            article.hints["title"] = page_title(doc.title, site, doc.hostname)
    title = article.hints.get("title")
    if title and "header_spans" not in article.hints and _fold(blocks[0]) == _fold(str(title)):
        # The page repeats its headline as the first heading: the same header as in a text file.
        article.hints["header_spans"] = [[0, len(blocks[0]), "title"]]
        article.hints["body_start"] = min(len(blocks[0]) + 2, len(article.raw))
    return article


# trafilatura's metadata (wanted here for title, site name and host) includes a publication date from
# htmldate, which `layout` never reads: `meta.html_date` asks htmldate itself, with its own settings and
# without the URL. trafilatura's call was most of the time of `layout` (on pages without a date in
# their header it ends in htmldate's search of the whole page, 77 ms a page of 33 kB against 24 ms
# for the rest of the extraction), so it is skipped while `_extract` runs. A context variable, so
# other callers of trafilatura in this process, other threads included, still get their dates.
_SKIP_PAGE_DATE: ContextVar[bool] = ContextVar("lagebild_skip_page_date", default=False)


def _skippable(find_date: Callable[..., Any]) -> Callable[..., Any]:
    @functools.wraps(find_date)
    def find_date_unless_skipped(*args: Any, **kwargs: Any) -> Any:
        return None if _SKIP_PAGE_DATE.get() else find_date(*args, **kwargs)

    find_date_unless_skipped.lagebild_skippable = True  # type: ignore[attr-defined]
    return find_date_unless_skipped


_find_date = getattr(trafilatura.metadata, "find_date", None)
if _find_date is not None and not getattr(_find_date, "lagebild_skippable", False):
    trafilatura.metadata.find_date = _skippable(_find_date)


def _extract(html: str, url: str | None) -> Any:
    token = _SKIP_PAGE_DATE.set(True)
    try:
        return trafilatura.bare_extraction(html, url=url, with_metadata=True, **EXTRACT_OPTIONS)
    except (ValueError, TypeError, LookupError, etree.LxmlError):
        # Broken markup is an input problem; the plain-text fallback in `layout` still gets a chance.
        return None
    finally:
        _SKIP_PAGE_DATE.reset(token)


def page_title(title: str, site: str | None, hostname: str | None) -> str:
    """The headline without the site's suffix: "Wahl in Thüringen - WELT" -> "Wahl in Thüringen".

    Only trailing parts that name the site or are a bare date are cut, so a headline that has
    a dash of its own ("FDP - Generalsekretär tritt zurück") stays whole.
    """
    names = {_fold(n) for n in (site, hostname) if n}
    if hostname:
        names.add(_fold(hostname.split(".")[-2] if "." in hostname else hostname))
    parts = _TITLE_SEPARATOR.split(title.strip())
    while len(parts) > 1:
        last = _fold(parts[-1])
        if _DATE_ONLY.fullmatch(parts[-1]) or any(_same_name(last, n) for n in names):
            parts.pop()
        else:
            break
    return title.strip() if len(parts) == len(_TITLE_SEPARATOR.split(title.strip())) else _join(title, parts)


def _same_name(part: str, name: str) -> bool:
    """ "welt" names "diewelt"; "berlin" does not name "berlinermorgenpostberlingermany"."""
    short, long = sorted((part, name), key=len)
    return bool(short) and short in long and 2 * len(short) >= len(long)


def _join(title: str, parts: list[str]) -> str:
    """The original title up to the end of its last kept part (keeps its own separators)."""
    end = 0
    for part in parts:
        end = title.index(part, end) + len(part)
    return title[:end].strip()


def _fold(s: str) -> str:
    return "".join(c for c in s.casefold() if c.isalnum())


@stage(requires=("page",), provides=("text", "removed", "span_map"))
def clean(article: Article) -> Article:
    """Delete the header and in-text debris from `article.raw`, recording every removal."""
    removals, body_start = _header_removals(article)
    body = find_debris(article.raw, body_start)
    removals += body
    for removal in body:
        if removal.kind == "agency-credit":
            for name in debris.agencies_in(removal.text):
                if name not in article.agencies:
                    article.agencies.append(name)
    cuts = [(0, body_start)] + [_with_leading_space(article.raw, r, body_start) for r in body]
    article.text, article.span_map = _cut(article.raw, cuts + _tidy_cuts(article.raw, cuts))
    article.removed = sorted(removals, key=lambda r: (r.raw_start, r.raw_end))
    return article


@stage(requires=("page",), provides=("text", "removed", "span_map"))
def keep(article: Article) -> Article:
    """For `--no-clean`: drop only the header, keep the body exactly as given."""
    removals, body_start = _header_removals(article)
    article.text, article.span_map = _cut(article.raw, [(0, body_start)])
    article.removed = removals
    return article


def _header_removals(article: Article) -> tuple[list[Removal], int]:
    """The header spans a reader marked, and where the body starts."""
    raw = article.raw
    spans = sorted((int(s), int(e), str(k)) for s, e, k in article.hints.get("header_spans", []))
    body_start = max([int(article.hints.get("body_start", 0))] + [e for _, e, _ in spans])
    body_start = min(body_start, len(raw))
    removals = [Removal(s, e, k, raw[s:e]) for s, e, k in spans if e > s]
    covered = 0
    for s, e, _ in [*spans, (body_start, body_start, "")]:
        gap = raw[covered:s]
        if gap.strip():  # text before the body that no span names is header all the same
            lead = len(gap) - len(gap.lstrip())
            removals.append(Removal(covered + lead, covered + len(gap.rstrip()), "header", gap.strip()))
        covered = max(covered, e)
    return removals, body_start


def find_debris(raw: str, start: int = 0) -> list[Removal]:
    """Every piece of debris in `raw[start:]`, in raw offsets, sorted."""
    paragraphs = _paragraphs(raw, start)
    teaser_ok = _teasers_are_rare(paragraphs)
    link_lists = _headline_runs(paragraphs)
    found: list[Removal] = []
    captions: dict[int, bool] = {}  # paragraph index -> removed as caption
    for index, lines in enumerate(paragraphs):
        kinds = [debris.line_kind(text) for _, _, text in lines]
        kinds = [None if k == "teaser" and not teaser_ok else k for k in kinds]
        kinds = ["related-link" if s in link_lists else k for (s, _, _), k in zip(lines, kinds, strict=True)]
        # "Jane Doe contributed to this report." credits a person, not an agency
        kinds = [
            "credit" if k == "agency-credit" and not debris.agencies_in(text) else k
            for (_, _, text), k in zip(lines, kinds, strict=True)
        ]
        p_start, p_end = lines[0][0], lines[-1][1]
        p_text = raw[p_start:p_end]
        if all(kinds) and len(lines) == 1:
            found.append(Removal(p_start, p_end, str(kinds[0]), p_text))
            continue
        credit = debris.CREDIT_TAIL.search(raw, p_start, p_end)
        if (kinds[-1] == "credit" or credit) and len(p_text.split()) <= debris.MAX_CAPTION_WORDS:
            found.append(Removal(p_start, p_end, "caption", p_text))
            captions[index] = True
            continue
        if credit and not kinds[-1]:  # a long paragraph keeps its prose and loses only the credit
            s = credit.start() + len(credit.group()) - len(credit.group().lstrip())
            found.append(Removal(s, p_end, "credit", raw[s:p_end]))
        for (s, e, text), line_kind in zip(lines, kinds, strict=True):
            if line_kind:
                found.append(Removal(s, e, line_kind, text))
        tail = debris.AGENCY_TAIL.search(raw, p_start, p_end)
        if tail and not kinds[-1]:
            s = tail.start() + len(tail.group()) - len(tail.group().lstrip())
            found.append(Removal(s, p_end, "agency-credit", raw[s:p_end]))
        captions[index] = False
    found += _repeated(raw, paragraphs, captions, found)
    return sorted(found, key=lambda r: r.raw_start)


def _repeated(
    raw: str, paragraphs: list[list[tuple[int, int, str]]], captions: dict[int, bool], found: list[Removal]
) -> list[Removal]:
    """Paragraphs that occur more than once: every copy of a caption, later copies of anything else."""
    removed_at = {r.raw_start for r in found}
    groups: dict[str, list[int]] = {}
    for index, lines in enumerate(paragraphs):
        if index not in captions:
            continue
        key = _caption_key(raw[lines[0][0] : lines[-1][1]])
        if len(key) >= 30:
            groups.setdefault(key, []).append(index)
    extra: list[Removal] = []
    for key, members in groups.items():
        if len(members) < 2:
            continue
        is_caption = any(captions[i] for i in members) or bool(debris.CAPTION_DATE.search(key))
        drop = members if is_caption else members[1:]
        for i in drop:
            s, e = paragraphs[i][0][0], paragraphs[i][-1][1]
            if s not in removed_at:
                extra.append(Removal(s, e, "caption" if is_caption else "duplicate", raw[s:e]))
    return extra


def _caption_key(paragraph: str) -> str:
    """A paragraph without its photo credit, whitespace folded: copies of a caption compare equal."""
    lines = paragraph.splitlines()
    if len(lines) > 1 and debris.CREDIT_LINE.fullmatch(lines[-1].strip()):
        paragraph = "\n".join(lines[:-1])
    return " ".join(debris.CREDIT_TAIL.sub("", paragraph).split())


def _paragraphs(raw: str, start: int) -> list[list[tuple[int, int, str]]]:
    """Blocks of non-blank lines as (start, end, stripped text) per line, ends without whitespace."""
    paragraphs: list[list[tuple[int, int, str]]] = []
    current: list[tuple[int, int, str]] = []
    offset = start
    for line in raw[start:].split("\n"):
        text = line.strip()
        if text:
            s = offset + len(line) - len(line.lstrip())
            current.append((s, s + len(text), text))
        elif current:
            paragraphs.append(current)
            current = []
        offset += len(line) + 1
    if current:
        paragraphs.append(current)
    return paragraphs


def _headline_runs(paragraphs: list[list[tuple[int, int, str]]]) -> set[int]:
    """Starts of lines in runs of headline list items (a list of links to other articles)."""
    marked: set[int] = set()
    run: list[int] = []
    for s, _, text in [*(line for p in paragraphs for line in p), (-1, -1, "")]:
        if debris.HEADLINE_ITEM.fullmatch(text):
            run.append(s)
            continue
        if len(run) >= debris.MIN_HEADLINE_RUN:
            marked.update(run)
        run = []
    return marked


def _teasers_are_rare(paragraphs: list[list[tuple[int, int, str]]]) -> bool:
    """False for text written in capitals throughout (some wire feeds): then no line is a teaser."""
    lines = [text for p in paragraphs for _, _, text in p]
    return sum(debris.is_teaser(t) for t in lines) * 2 <= len(lines)


def _with_leading_space(raw: str, removal: Removal, floor: int) -> tuple[int, int]:
    """The cut for a removal: its text and the whitespace before it, so the text after moves up."""
    s = removal.raw_start
    while s > floor and raw[s - 1].isspace():
        s -= 1
    return s, removal.raw_end


def _tidy_cuts(raw: str, cuts: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Cuts that trim the clean text's ends and fold runs of blank lines into one blank line."""
    text, span_map = _cut(raw, cuts)
    extra: list[tuple[int, int]] = []
    lead = len(text) - len(text.lstrip())
    tail = len(text.rstrip())
    clean_cuts = [(0, lead), (tail, len(text))]
    for match in _BLANK_LINES.finditer(text, lead, tail):
        run = match.group()
        if run != "\n\n":
            first = match.start() + run.index("\n")
            last = match.start() + run.rindex("\n")
            clean_cuts += [(match.start(), first), (first + 1, last), (last + 1, match.end())]
    for s, e in clean_cuts:
        extra += [(span_map.to_raw(i), span_map.to_raw(i) + 1) for i in range(s, e)]
    return extra


def _cut(raw: str, cuts: list[tuple[int, int]]) -> tuple[str, SpanMap]:
    """Delete the cut ranges from `raw`: the remaining text and its span map."""
    segments: list[tuple[int, int, int]] = []
    pieces: list[str] = []
    position = clean_length = 0
    for s, e in sorted(c for c in cuts if c[1] > c[0]):
        if s > position:
            segments.append((clean_length, position, s - position))
            pieces.append(raw[position:s])
            clean_length += s - position
        position = max(position, e)
    if position < len(raw):
        segments.append((clean_length, position, len(raw) - position))
        pieces.append(raw[position:])
    return "".join(pieces), SpanMap(segments)
