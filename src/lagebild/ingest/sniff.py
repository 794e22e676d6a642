"""What a file holds, judged from its first bytes; and whether a text can be one article at all.

The extension only breaks ties: news dumps are full of `.txt` files holding HTML, `.xml` files holding
RSS and extensionless WARC files, so the content decides.
"""

from __future__ import annotations

import os
import re
import zlib
from typing import NamedTuple

from lagebild.ingest.decode import decode, utf16_byte_order

HEAD_BYTES = 65_536
MAX_ARTICLE_BYTES = 5_000_000

# Formats that are certainly not text. Matching the magic number names the format in the failure,
# which tells the user more than "binary".
_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"%PDF-", "PDF document"),
    (b"\x89PNG\r\n\x1a\n", "PNG image"),
    (b"\xff\xd8\xff", "JPEG image"),
    (b"GIF87a", "GIF image"),
    (b"GIF89a", "GIF image"),
    (b"PK\x03\x04", "ZIP archive"),
    (b"PK\x05\x06", "ZIP archive"),
    (b"\x7fELF", "ELF executable"),
    (b"\xfd7zXZ\x00", "xz archive"),
    (b"7z\xbc\xaf\x27\x1c", "7-Zip archive"),
    (b"BZh", "bzip2 archive"),
    (b"\x28\xb5\x2f\xfd", "zstd archive"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "MS Office document"),
    (b"SQLite format 3\x00", "SQLite database"),
    (b"%!PS", "PostScript document"),
)
_GZIP = b"\x1f\x8b"
_WARC = b"WARC/"
# NUL and the C0 controls other than tab, newline, carriage return, form feed and escape.
_CONTROL = bytes(set(range(32)) - {9, 10, 12, 13, 27})
_FEED_ROOTS = {"rss", "feed", "rdf:rdf", "rdf"}
_HTML_TAG = re.compile(
    r"<(?:html|head|body|title|meta|link|script|style|div|span|p|a|br|h[1-6]|ul|ol|li|table|tr|td|"
    r"article|section|header|footer|nav|main|img|em|strong|b|i|figure|iframe|form)[\s/>]",
    re.IGNORECASE,
)
_PROLOG = re.compile(r"\s*(?:<\?.*?\?>|<!--.*?-->|<!doctype[^>]*>|\s)*", re.IGNORECASE | re.DOTALL)
_ROOT = re.compile(r"<([A-Za-z][\w:.-]*)")


class Sniffed(NamedTuple):
    """A format name (`binary`, `warc`, `feed`, `xml`, `html`, `json`, `jsonl`, `text`) and a detail
    for the failure message (the binary format, the XML root).

    There is no `empty`: only the whole text can tell, so the text reader says it.
    """

    kind: str
    detail: str = ""


def sniff(head: bytes, path: str) -> Sniffed:
    """The format of a file whose first bytes (up to HEAD_BYTES) are `head`."""
    for magic, name in _MAGIC:
        if head.startswith(magic):
            return Sniffed("binary", name)
    if head.startswith(_GZIP):
        return Sniffed("warc") if _gunzip_head(head).startswith(_WARC) else Sniffed("binary", "gzip archive")
    if head.startswith(_WARC):
        return Sniffed("warc")
    if utf16_byte_order(head) is None and _looks_binary(head):
        return Sniffed("binary", "NUL and control bytes")
    return _sniff_text(_head_text(head), os.path.splitext(path)[1].lower())


def _sniff_text(text: str, ext: str) -> Sniffed:
    start = text.lstrip()
    if start.startswith("<"):
        prolog = _PROLOG.match(text)
        root = _ROOT.match(text, prolog.end() if prolog else 0)
        name = root.group(1).lower() if root else ""
        if name in _FEED_ROOTS:
            return Sniffed("feed")
        if name == "html" or start[:15].lower() == "<!doctype html>":
            return Sniffed("html")
        if start.startswith("<?xml") and name and not _HTML_TAG.match(text, root.start() if root else 0):
            return Sniffed("xml", name)
    tags = len(_HTML_TAG.findall(text))
    if tags >= 10 or (tags >= 2 and start.startswith("<")) or (tags and ext in {".html", ".htm", ".xhtml"}):
        return Sniffed("html")
    # A JSON object opens with a quoted key; "{Eilmeldung} …" is text.
    if start.startswith("{") and start[1:].lstrip()[:1] in {'"', "}"}:
        return Sniffed("jsonl")
    if start.startswith("[") and (start[1:].lstrip()[:1] in {"{", "]"} or ext in {".json", ".jsonl"}):
        return Sniffed("json")
    return Sniffed("text")


def _looks_binary(head: bytes) -> bool:
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return False
    sample = head[:8192]
    # A few NUL bytes are damage in a text (scrapers leave them in pages); random or compressed data
    # has a control byte in every ten, text almost none.
    return len(sample) - len(sample.translate(None, _CONTROL)) > 0.03 * len(sample)


def _gunzip_head(head: bytes) -> bytes:
    try:
        return zlib.decompressobj(16 + zlib.MAX_WBITS).decompress(head, 64)
    except zlib.error:
        return b""


def _head_text(head: bytes) -> str:
    # Cutting at HEAD_BYTES may split a character; a replacement character is harmless for sniffing.
    return decode(head[:HEAD_BYTES])


def size_text(n: int) -> str:
    """A byte count for a message: "10.0 MB", "12 KB", "800 bytes"."""
    if n >= 1_000_000:
        return f"{n / 1_000_000:.1f} MB"
    return f"{n / 1000:.0f} KB" if n >= 1000 else f"{n} bytes"


def too_large(n_bytes: int) -> str | None:
    """Why `n_bytes` cannot be one article, or None."""
    if n_bytes <= MAX_ARTICLE_BYTES:
        return None
    return f"too large for one article ({size_text(n_bytes)} > {MAX_ARTICLE_BYTES // 1_000_000} MB); split it"


_WORD = re.compile(r"\w+")
_WINDOW = 20_000


def not_prose(text: str, n_bytes: int) -> str | None:
    """Why `text` is not prose (one word repeated, no words at all), or None.

    Looks at three windows (start, middle, end) only, so a 10 MB file costs as much as a 60 KB one.
    """
    if len(text) <= 3 * _WINDOW:
        sample = text
    else:
        mid = len(text) // 2
        sample = " ".join((text[:_WINDOW], text[mid : mid + _WINDOW], text[-_WINDOW:]))
    words = [w.casefold() for w in _WORD.findall(sample)]
    distinct = len(set(words))
    if not words:
        return f"not prose: {size_text(n_bytes)} without a single word"
    if distinct == 1 and len(words) >= 20:
        return f"not prose: {size_text(n_bytes)} of one repeated word"
    # Real articles use a new word every few tokens; 5% would be a 20-word vocabulary per 400 words.
    if len(words) >= 400 and distinct < 0.05 * len(words):
        return f"not prose: {size_text(n_bytes)} with only {distinct} distinct words in {len(words)}"
    return None


def check_article_text(text: str) -> str | None:
    """Why a non-empty plain-text article cannot be used (not prose, too large), or None."""
    n_bytes = len(text.encode("utf-8", "surrogatepass"))
    return not_prose(text, n_bytes) or too_large(n_bytes)
