"""WARC and WARC.gz web archives (warcio): one article per HTML response, read as a stream.

Only one record's payload is in memory at a time, and at most MAX_ARTICLE_BYTES of it. warcio
does not complain about a record cut short, so each record's remaining length is checked: a
truncated archive yields the pages before the break and one failure naming the broken record.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import IO, Any

from warcio.archiveiterator import ArchiveIterator
from warcio.exceptions import ArchiveLoadFailed

from lagebild.ingest.html import html_page
from lagebild.ingest.sniff import MAX_ARTICLE_BYTES, too_large
from lagebild.model import RawArticle, ReadFailure

_HTML_TYPES = {"text/html", "application/xhtml+xml"}
_CHUNK = 1 << 16


class _Broken(Exception):
    """A record that warcio read without complaint but that is incomplete."""


def read_warc(stream: IO[bytes], path: str) -> Iterator[RawArticle | ReadFailure]:
    """Every HTML page in a WARC stream; other records are skipped silently."""
    archive = ArchiveIterator(stream)
    records = iter(archive)
    number = 0
    while True:
        number += 1
        try:
            record = next(records)
        except StopIteration:
            if _cut_short(stream, archive.offset):
                yield _broken(path, number, _Broken("the archive ends in the middle of this record"))
            return
        except Exception as exc:  # warcio signals a broken archive with many exception types
            yield _broken(path, number, exc)
            return
        try:
            item = _page(record, path, str(number))
            _finish(record)
        except Exception as exc:  # see above
            yield _broken(path, number, exc)
            return
        if item is not None:
            yield item


def _page(record: Any, path: str, number: str) -> RawArticle | ReadFailure | None:
    """The page in one record, None for records that hold no HTML page."""
    if record.rec_type is None:
        raise _Broken("record has no WARC header")
    if record.rec_type == "response":
        headers = record.http_headers
        status = headers.get_statuscode() if headers else ""
        if not status.startswith("2"):
            return None  # redirects and errors hold no article
    elif record.rec_type == "resource":
        headers = record.rec_headers
    else:
        return None
    mime, charset = _content_type(headers.get_header("Content-Type") or "")
    if mime not in _HTML_TYPES:
        return None
    data = record.content_stream().read(MAX_ARTICLE_BYTES + 1)
    if len(data) > MAX_ARTICLE_BYTES:
        # Only MAX_ARTICLE_BYTES + 1 were read; the record's stated length tells how large it is.
        return ReadFailure(path, str(too_large(max(len(data), record.length or 0))), number)
    if not data.strip():
        return ReadFailure(path, "empty HTML page", number)
    return html_page(
        data,
        path,
        charset=charset,
        url=record.rec_headers.get_header("WARC-Target-URI"),
        fetched_at=record.rec_headers.get_header("WARC-Date"),
        record=number,
    )


def _cut_short(stream: IO[bytes], end_of_last_record: int) -> bool:
    """True when bytes after the last complete record are the start of one more.

    warcio ends the iteration quietly on a record header or gzip member cut off by the end of the
    file; what remains after the last complete record tells.
    """
    if not stream.seekable():
        return False
    stream.seek(end_of_last_record)
    return bool(stream.read(4096).strip())


def _finish(record: Any) -> None:
    """Read the rest of the record and raise if the archive ends before the record does."""
    while record.raw_stream.read(_CHUNK):
        pass
    missing = getattr(record.raw_stream, "limit", 0)
    if missing:
        raise _Broken(f"the record ends {missing} bytes before its stated length")


def _content_type(value: str) -> tuple[str, str | None]:
    mime, _, params = value.partition(";")
    charset = None
    for param in params.split(";"):
        key, _, val = param.partition("=")
        if key.strip().lower() == "charset":
            charset = val.strip().strip("\"'") or None
    return mime.strip().lower(), charset


def _broken(path: str, number: int, exc: Exception) -> ReadFailure:
    if isinstance(exc, _Broken | ArchiveLoadFailed):
        detail = " ".join(str(exc).split())[:200]  # warcio's messages run over several lines
    else:
        # Anything else is warcio tripping over the damage, which says nothing to the user.
        detail = f"the record cannot be parsed ({type(exc).__name__})"
    return ReadFailure(
        path, f"WARC archive is truncated or corrupt at record {number}: {detail}", str(number)
    )
