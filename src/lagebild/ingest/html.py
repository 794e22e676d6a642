"""HTML pages: decoded with the charset they declare, otherwise left whole for the layout stage.

trafilatura (in `clean.layout`) finds the main text later; here the page only needs its text and the
URL it names for itself, which outlet detection and deduplication use.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterator

from lagebild.ingest.decode import decode, meta_charset
from lagebild.ingest.sniff import too_large
from lagebild.model import RawArticle, ReadFailure

_TAG = re.compile(r"<(link|meta)\b([^>]*)>", re.IGNORECASE)
_ATTR = re.compile(r"""([\w:-]+)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+))""")
_HEAD_CHARS = 200_000
_ABSOLUTE = re.compile(r"https?://[^\s/]+", re.IGNORECASE)


def read_html(data: bytes, path: str) -> Iterator[RawArticle | ReadFailure]:
    """The one page in an HTML file."""
    if reason := too_large(len(data)):
        yield ReadFailure(path, reason)
        return
    page = html_page(data, path)
    if not page.raw_html or not page.raw_html.strip():
        yield ReadFailure(path, "empty file")
        return
    yield page


def html_page(
    data: bytes,
    path: str,
    *,
    charset: str | None = None,
    url: str | None = None,
    fetched_at: str | None = None,
    record: str | None = None,
) -> RawArticle:
    """A RawArticle for one page; `charset` is what the transport declared (HTTP header), if anything.

    NUL bytes, which broken scrapers leave in pages, are dropped silently: the page is still good.
    """
    page = decode(data, charset or meta_charset(data))
    return RawArticle(
        path=path, record=record, raw_html=page, url=url or canonical_url(page), fetched_at=fetched_at
    )


def canonical_url(page: str) -> str | None:
    """The page's own URL from `<link rel=canonical>` or `<meta property=og:url>`, canonical first.

    Relative URLs are ignored: without the address the page was fetched from they name nothing.
    """
    og_url = None
    for match in _TAG.finditer(page, 0, _HEAD_CHARS):
        attrs = _attributes(match.group(2))
        if match.group(1).lower() == "link" and "canonical" in attrs.get("rel", "").lower().split():
            if _ABSOLUTE.match(href := html.unescape(attrs.get("href", "").strip())):
                return href
        elif og_url is None and attrs.get("property", attrs.get("name", "")).lower() == "og:url":
            content = html.unescape(attrs.get("content", "").strip())
            og_url = content if _ABSOLUTE.match(content) else None
    return og_url


def _attributes(tag_body: str) -> dict[str, str]:
    return {
        m.group(1).lower(): next(g for g in m.groups()[1:] if g is not None) for m in _ATTR.finditer(tag_body)
    }
