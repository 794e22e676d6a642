"""RSS and Atom feeds (feedparser): one article per entry, the feed's title as the outlet hint.

A truncated feed still gives the entries before the break; the break itself is reported once, so a
half-downloaded feed is neither silently accepted nor thrown away.
"""

from __future__ import annotations

import datetime
import email.utils
import re
import time
from collections.abc import Iterator
from typing import Any

import feedparser

from lagebild.ingest.sniff import check_article_text, too_large
from lagebild.model import RawArticle, ReadFailure

_MARKUP = re.compile(r"</?[A-Za-z][A-Za-z0-9]*(?:\s[^<>]*)?/?>")


def read_feed(data: bytes, path: str) -> Iterator[RawArticle | ReadFailure]:
    """Every entry of an RSS/Atom feed, then a failure if the feed is malformed."""
    parsed = feedparser.parse(data)
    outlet = (parsed.feed.get("title") or "").strip()
    for number, entry in enumerate(parsed.entries, start=1):
        yield _entry(entry, path, str(number), outlet)
    if parsed.bozo and not isinstance(parsed.get("bozo_exception"), feedparser.ThingsNobodyCaresAboutButMe):
        # feedparser also flags benign things (an encoding label that was overridden): not failures.
        got = f"{len(parsed.entries)} entries read before it" if parsed.entries else "no entry could be read"
        yield ReadFailure(path, f"malformed feed: {_problem(parsed.get('bozo_exception'))}; {got}")


def _problem(exc: Any) -> str:
    """The XML error with its place, as the user would look for it in the file."""
    if hasattr(exc, "getMessage") and hasattr(exc, "getLineNumber"):
        return f"{exc.getMessage()} at line {exc.getLineNumber()}, column {exc.getColumnNumber()}"
    return f"{type(exc).__name__}: {exc}"


def _entry(entry: Any, path: str, record: str, outlet: str) -> RawArticle | ReadFailure:
    title = (entry.get("title") or "").strip()
    content = _content(entry)
    if not content.strip():
        return ReadFailure(path, f"feed entry {title[:60]!r} has no text", record)
    hints: dict[str, Any] = {"title": title} if title else {}
    if published := _date(entry):
        hints["published"] = published
    if outlet:
        hints["outlet"] = outlet
    url = entry.get("link") or None
    if _MARKUP.search(content):
        if reason := too_large(len(content.encode("utf-8"))):
            return ReadFailure(path, reason, record)
        return RawArticle(path=path, record=record, raw_html=content, url=url, hints=hints)
    if reason := check_article_text(content):
        return ReadFailure(path, reason, record)
    return RawArticle(path=path, record=record, raw_text=content, url=url, hints=hints)


def _content(entry: Any) -> str:
    """The full content if the feed has it, else the summary; the longest when there are several."""
    full = [c.get("value") or "" for c in entry.get("content") or []]
    return max(full, key=len) if any(v.strip() for v in full) else entry.get("summary") or ""


def _date(entry: Any) -> str | None:
    """The entry's date as YYYY-MM-DD, in the time zone the feed states.

    feedparser's parsed dates are in UTC, which would put an article published at 00:30 in Berlin
    on the day before; the date string as written is tried first.
    """
    for key in ("published", "updated", "created"):
        raw = (entry.get(key) or "").strip()
        if raw and (day := _parse_day(raw)):
            return day
    for key in ("published_parsed", "updated_parsed", "created_parsed"):
        parsed: time.struct_time | None = entry.get(key)
        if parsed:
            return f"{parsed.tm_year:04d}-{parsed.tm_mon:02d}-{parsed.tm_mday:02d}"
    return None


def _parse_day(raw: str) -> str | None:
    try:
        return email.utils.parsedate_to_datetime(raw).date().isoformat()
    except (TypeError, ValueError, IndexError):
        pass
    try:
        return datetime.datetime.fromisoformat(raw).date().isoformat()
    except ValueError:
        return None
