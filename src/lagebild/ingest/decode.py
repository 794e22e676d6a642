"""Bytes to text: byte order marks, UTF-8, declared charsets, and the Western code pages of old sites.

German news archives mix UTF-8 with CP1252 (and Latin-1, which browsers read as CP1252 too). Strict
UTF-8 comes first because CP1252 decodes any byte string without error; CP1252 is taken when the
result reads like Western text; charset-normalizer decides the rest (Cyrillic, Greek, ...).
"""

from __future__ import annotations

import codecs
import re

import charset_normalizer

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
# WHATWG Encoding: pages labelled Latin-1 or ASCII are CP1252 in practice (curly quotes, euro sign).
_AS_CP1252 = {"iso8859-1", "ascii"}
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_:.-]+)""", re.IGNORECASE)
_SAMPLE = 100_000


def decode(data: bytes, declared: str | None = None) -> str:
    """The text of `data`, without byte order mark and NUL bytes; never raises.

    `declared` is a charset the container names (HTTP header, `<meta charset>`); it is honoured
    only when the bytes are not valid UTF-8, since mislabelled UTF-8 pages are common.
    """
    return _decode(data, declared).replace("\x00", "")


def _decode(data: bytes, declared: str | None) -> str:
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return data[len(bom) :].decode(encoding, "replace")
    if order := utf16_byte_order(data):
        return data.decode(order, "replace")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    codec = _codec(declared)
    if codec and codec != "utf-8":
        return data.decode("cp1252" if codec in _AS_CP1252 else codec, "replace")
    mostly_utf8 = data.decode("utf-8", "replace")
    bad = mostly_utf8.count("\ufffd")
    non_ascii = len(mostly_utf8) - len(mostly_utf8.encode("ascii", "ignore"))
    # A UTF-8 text with a stray byte or a cut-off character: keep it UTF-8, lose one character.
    if non_ascii - bad >= 10 * bad:
        return mostly_utf8
    western = data.decode("cp1252", "replace")
    if _reads_western(western[:_SAMPLE]):
        return western
    best = charset_normalizer.from_bytes(data).best()
    return str(best) if best is not None else western


def _reads_western(text: str) -> bool:
    """True when non-ASCII letters are the exception, as umlauts are in German, French or English.

    Cyrillic or Greek bytes read as CP1252 also give Latin-1 letters ("Ïóòèí"), but whole words of them.
    """
    letters = sum(1 for c in text if c.isalpha())
    accented = sum(1 for c in text if c.isalpha() and not c.isascii())
    return accented <= 0.3 * letters


def _codec(name: str | None) -> str | None:
    if not name:
        return None
    try:
        return codecs.lookup(name.strip().strip("\"'")).name
    except LookupError:
        return None


def meta_charset(head: bytes) -> str | None:
    """The charset an HTML page declares in `<meta charset>` or `<meta http-equiv content>`."""
    match = _META_CHARSET.search(head[:16_384])
    return match.group(1).decode("ascii") if match else None


def utf16_byte_order(head: bytes) -> str | None:
    """`utf-16-le`/`-be` for UTF-16 text without a byte order mark, told by its NUL pattern."""
    sample = head[:4096]
    if len(sample) < 8:
        return None
    even, odd = sample[0::2], sample[1::2]
    even_nul, odd_nul = even.count(0) / len(even), odd.count(0) / len(odd)
    # ASCII-heavy UTF-16 has a NUL in every other byte and almost none in the others.
    if odd_nul > 0.4 and even_nul < 0.05:
        return "utf-16-le"
    if even_nul > 0.4 and odd_nul < 0.05:
        return "utf-16-be"
    return None
