"""JSON Lines (one article object per line) and, for convenience, a JSON array of such objects.

Fields: `id`, `text` or `html`, optional `title`, `published`, `url`, `outlet`, `language`. The record
of a failure or an article is the 1-based line number (element number in an array), so a user can
open the file at that line.
"""

from __future__ import annotations

import codecs
import json
from collections.abc import Iterator
from typing import IO, Any

from lagebild.ingest.decode import decode
from lagebild.ingest.sniff import check_article_text, too_large
from lagebild.model import RawArticle, ReadFailure

_HINT_FIELDS = ("id", "title", "published", "outlet", "language")


def read_jsonl(stream: IO[bytes], path: str) -> Iterator[RawArticle | ReadFailure]:
    """Every record of a JSONL stream, line by line, so a large file is never held whole."""
    seen_record = False
    for number, line in enumerate(stream, start=1):
        if number == 1:
            line = line.removeprefix(codecs.BOM_UTF8)
        if not line.strip():
            continue
        try:
            obj = json.loads(decode(line))
        except json.JSONDecodeError as exc:
            if not seen_record and (whole := _whole_document(stream)) is not None:
                # Not JSONL after all but one pretty-printed JSON document.
                yield from _records(whole, path)
                return
            yield ReadFailure(path, f"malformed JSON: {exc.msg} (column {exc.colno})", str(number))
            seen_record = True
            continue
        seen_record = True
        yield record(obj, path, str(number))


def read_json(data: bytes, path: str) -> Iterator[RawArticle | ReadFailure]:
    """A whole JSON document: an array of article objects, or one object."""
    try:
        doc = json.loads(decode(data))
    except json.JSONDecodeError as exc:
        yield ReadFailure(path, f"malformed JSON: {exc.msg} (line {exc.lineno}, column {exc.colno})")
        return
    yield from _records(doc, path)


def _whole_document(stream: IO[bytes]) -> Any:
    """The stream parsed as one JSON document, or None (and the stream where it was)."""
    resume = stream.tell()
    stream.seek(0)
    try:
        return json.loads(decode(stream.read()))
    except json.JSONDecodeError:
        stream.seek(resume)
        return None


def _records(doc: Any, path: str) -> Iterator[RawArticle | ReadFailure]:
    items = doc if isinstance(doc, list) else [doc]
    for number, obj in enumerate(items, start=1):
        yield record(obj, path, str(number))


def record(obj: Any, path: str, number: str) -> RawArticle | ReadFailure:
    """One JSON value as an article, or the reason it is not one."""
    if not isinstance(obj, dict):
        return ReadFailure(path, f"expected a JSON object, got {_json_type(obj)}", number)
    hints: dict[str, Any] = {}
    for key in (*_HINT_FIELDS, "url", "text", "html"):
        value = obj.get(key)
        if value is None:
            continue
        scalar = isinstance(value, str) or (key not in ("text", "html") and isinstance(value, int | float))
        if isinstance(value, bool) or not scalar:
            return ReadFailure(path, f"field {key!r} must be a string, got {_json_type(value)}", number)
        hints[key] = value if isinstance(value, str) else str(value)
    text, page, url = hints.pop("text", ""), hints.pop("html", ""), hints.pop("url", None)
    if text.strip():
        if reason := check_article_text(text):
            return ReadFailure(path, reason, number)
        return RawArticle(path=path, record=number, raw_text=text, url=url, hints=hints)
    if page.strip():
        if reason := too_large(len(page.encode("utf-8", "surrogatepass"))):
            return ReadFailure(path, reason, number)
        return RawArticle(path=path, record=number, raw_html=page.replace("\x00", ""), url=url, hints=hints)
    said = "an empty 'text'" if "text" in obj else "no 'text' or 'html' field"
    return ReadFailure(path, f"record has {said}; nothing to analyse", number)


def _json_type(value: Any) -> str:
    names = {dict: "an object", list: "an array", str: "a string", bool: "a boolean", type(None): "null"}
    return names.get(type(value), "a number")
