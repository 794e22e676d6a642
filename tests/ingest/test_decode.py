"""Encodings: UTF-8 (with and without BOM), UTF-16, CP1252/Latin-1, declared charsets."""

from __future__ import annotations

import codecs

import pytest

from lagebild.ingest import read_bytes
from lagebild.ingest.decode import decode, meta_charset
from lagebild.model import RawArticle

UMLAUTS = "Außenminister Müller über Öl"
BODY = (
    "Die Außenminister beider Länder trafen sich am Montag in Wien zu Gesprächen über die Lage. "
    "Nach dem Treffen sagte die Ministerin, man habe „offen“ über alle Fragen gesprochen – 5 € pro Kopf."
)


def test_decode_cp1252_keeps_german_umlauts() -> None:
    assert decode(UMLAUTS.encode("cp1252")) == UMLAUTS
    assert decode(BODY.encode("cp1252")) == BODY


def test_decode_latin1_keeps_german_umlauts() -> None:
    assert decode((UMLAUTS + " " + BODY[:80]).encode("latin-1")) == UMLAUTS + " " + BODY[:80]


@pytest.mark.parametrize("encoding", ["utf-8-sig", "utf-16", "utf-16-le", "utf-16-be", "utf-32"])
def test_decode_unicode_encodings(encoding: str) -> None:
    data = (UMLAUTS + "\n\n" + BODY).encode(encoding)
    if encoding in ("utf-16-le", "utf-16-be"):
        data = (codecs.BOM_UTF16_LE if encoding.endswith("le") else codecs.BOM_UTF16_BE) + data
    assert decode(data) == UMLAUTS + "\n\n" + BODY


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be"])
def test_decode_utf16_without_bom_is_told_by_its_nul_pattern(encoding: str) -> None:
    assert decode((UMLAUTS + "\n\n" + BODY).encode(encoding)) == UMLAUTS + "\n\n" + BODY


def test_decode_utf8_with_one_stray_byte_stays_utf8() -> None:
    data = (BODY + " ").encode("utf-8") + b"\xe4" + (" " + BODY).encode("utf-8")
    text = decode(data)
    assert text.startswith(BODY) and text.endswith(BODY) and "\ufffd" in text


def test_decode_cyrillic_cp1251_is_not_read_as_western() -> None:
    russian = "Президент России Владимир Путин встретился с президентом США Джо Байденом в Женеве. " * 3
    assert decode(russian.encode("cp1251")) == russian


def test_decode_declared_charset_wins_over_guessing_when_not_utf8() -> None:
    assert decode("Ελλάδα και Κύπρος".encode("iso-8859-7"), "iso-8859-7") == "Ελλάδα και Κύπρος"


def test_decode_declared_charset_is_ignored_for_valid_utf8() -> None:
    assert decode(UMLAUTS.encode("utf-8"), "iso-8859-1") == UMLAUTS


def test_decode_nul_bytes_are_dropped() -> None:
    assert decode(b"Wien\x00 und Graz") == "Wien und Graz"


def test_decode_meta_charset_forms() -> None:
    assert meta_charset(b'<head><meta charset="windows-1252"></head>') == "windows-1252"
    assert (
        meta_charset(b"<meta http-equiv=Content-Type content='text/html; charset=ISO-8859-1'>")
        == "ISO-8859-1"
    )
    assert meta_charset(b"<p>kein Zeichensatz</p>") is None


def test_decode_cp1252_text_file_reads_with_title() -> None:
    data = ("Müller über Öl und Gas\n\n" + BODY).encode("cp1252")
    (article,) = list(read_bytes(data, "latin.txt"))
    assert isinstance(article, RawArticle)
    assert article.hints["title"] == "Müller über Öl und Gas"
    assert article.raw_text == "Müller über Öl und Gas\n\n" + BODY


def test_decode_html_honours_meta_charset() -> None:
    # ISO-8859-15 has the euro sign where CP1252 has "¤": only the declaration gets it right.
    body = f"<p>{UMLAUTS}: der Preis stieg auf 5 € pro Barrel.</p>"
    page = (
        f'<html><head><meta charset="iso-8859-15"><title>{UMLAUTS}</title></head><body>{body}</body></html>'
    )
    (article,) = list(read_bytes(page.encode("iso-8859-15"), "page.html"))
    assert isinstance(article, RawArticle) and article.raw_html is not None
    assert UMLAUTS in article.raw_html and "5 € pro" in article.raw_html


def test_decode_html_labelled_latin1_is_read_as_cp1252() -> None:
    page = f'<html><head><meta charset="iso-8859-1"></head><body><p>„{UMLAUTS}“ – 5 €</p></body></html>'
    (article,) = list(read_bytes(page.encode("cp1252"), "page.html"))
    assert isinstance(article, RawArticle) and article.raw_html is not None
    assert f"„{UMLAUTS}“ – 5 €" in article.raw_html
