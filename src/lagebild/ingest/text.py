"""Plain text in the seed style: an optional `date YYYY-MM[-DD]` line, a title line, a blank line, the body.

The date line may carry the title on the same line (`date 2021-12 US-Außenminister: …`). Without a
date line the first line is taken as the title only when it looks like one: short, followed by a
blank line, and not ending like a sentence of body text.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterator
from typing import Any

from lagebild.ingest.sniff import check_article_text
from lagebild.model import RawArticle, ReadFailure

MAX_TITLE_CHARS = 300

_DATE_LINE = re.compile(r"[ \t]*date[ \t]+(\d{4})-(\d{2})(?:-(\d{2}))?(?=[ \t\r\n]|$)[ \t]*", re.IGNORECASE)
_BREAK = re.compile(r"\r\n|\r|\n")
# A line ending in a full stop, comma, colon or semicolon reads like body text, unless it is short and
# a single sentence: "Merkel tritt zurück." can be a headline, a 30-word lead sentence is not.
_BODY_ENDING = re.compile(r"[,;:]$|(?<!\.)\.$")
_INNER_SENTENCE = re.compile(r"[.!?][\"“”»«']?\s+[A-ZÄÖÜ]")


def read_text(text: str, path: str) -> Iterator[RawArticle | ReadFailure]:
    """The one article of a text file; `text` is the whole decoded file."""
    if not text.strip():
        yield ReadFailure(path, "empty file")
        return
    if reason := check_article_text(text):
        yield ReadFailure(path, reason)
        return
    yield RawArticle(path=path, raw_text=text, hints=parse_header(text))


def parse_header(text: str) -> dict[str, Any]:
    """Hints from the header: `title`, `published`, `body_start` and `header_spans` covering the header.

    The spans cover `text[:body_start]` exactly; each part keeps the line breaks that follow it.

    >>> parse_header("date 2021-12 Gespräche in Genf\\n\\nDie Minister …")["header_spans"]
    [[0, 13, 'header'], [13, 32, 'title']]
    """
    hints: dict[str, Any] = {}
    spans: list[list[Any]] = []
    start = 0
    date = _DATE_LINE.match(text)
    if date and _valid_date(*date.groups()):
        hints["published"] = "-".join(g for g in date.groups() if g)
        on_date_line = bool(text[date.end() : _line_end(text, date.end())].strip())
        start = date.end() if on_date_line else _after_line(text, date.end())
        spans.append([0, start, "header"])
        # The seed format puts the title right after the date, on the same line or the next one.
        title_end = _title_end(text, start, needs_blank=not on_date_line, check_body=False)
    else:
        title_end = _title_end(text, start, needs_blank=True, check_body=True)
    if title_end is not None:
        hints["title"] = text[start:title_end].strip()
        spans.append([start, title_end, "title"])
        start = title_end
    hints["body_start"] = start
    hints["header_spans"] = spans
    return hints


def _title_end(text: str, start: int, *, needs_blank: bool, check_body: bool) -> int | None:
    """Where the body starts if the first non-blank line from `start` is a title, else None."""
    lead = len(text) - len(text[start:].lstrip())
    line = text[lead : _line_end(text, lead)].strip()
    body = _after_line(text, lead)
    blank_lines = 0
    while body < len(text) and not text[body : _line_end(text, body)].strip():
        body = _after_line(text, body)
        blank_lines += 1
    if not line or body >= len(text) or len(line) > MAX_TITLE_CHARS:
        return None  # no line, or nothing after it: the line is the article, not its header
    if (needs_blank and not blank_lines) or (check_body and _reads_as_body(line)):
        return None
    return body


def _reads_as_body(line: str) -> bool:
    if _BODY_ENDING.search(line) is None:
        return False
    return len(line) > 120 or len(line.split()) > 15 or _INNER_SENTENCE.search(line) is not None


def _valid_date(year: str, month: str, day: str | None) -> bool:
    try:
        datetime.date(int(year), int(month), int(day or 1))
    except ValueError:
        return False
    return True


def _line_end(text: str, pos: int) -> int:
    """Offset of the line break (or end of text) of the line holding `pos`."""
    match = _BREAK.search(text, pos)
    return match.start() if match else len(text)


def _after_line(text: str, pos: int) -> int:
    """Offset just after the line break of the line holding `pos`."""
    match = _BREAK.search(text, pos)
    return match.end() if match else len(text)
