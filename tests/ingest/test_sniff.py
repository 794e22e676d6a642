"""Format by content: binary files refused with their format named, the extension only a tie-breaker."""

from __future__ import annotations

import gzip
import io
import zipfile

import pytest

from lagebild.ingest import read_bytes
from lagebild.ingest.sniff import sniff
from lagebild.model import ReadFailure

ARTICLE = "Gespräche in Genf\n\nDie Außenminister trafen sich am Freitag in Genf zu langen Gesprächen.\n"


def zip_bytes() -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as archive:
        archive.writestr("a.txt", ARTICLE)
    return buf.getvalue()


@pytest.mark.parametrize(
    ("data", "name"),
    [
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n" + bytes(range(256)), "PDF document"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(64), "PNG image"),
        (b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + bytes(64), "JPEG image"),
        (zip_bytes(), "ZIP archive"),
        (b"\x7fELF\x02\x01\x01" + bytes(64), "ELF executable"),
        (gzip.compress(ARTICLE.encode()), "gzip archive"),
    ],
)
def test_sniff_binary_files_are_refused_with_their_format(data: bytes, name: str) -> None:
    (failure,) = list(read_bytes(data, "file.txt"))
    assert isinstance(failure, ReadFailure)
    assert failure.reason == f"binary file ({name}), not text"


def test_sniff_nul_heavy_bytes_are_binary() -> None:
    (failure,) = list(read_bytes(bytes(range(256)) * 40, "blob"))
    assert isinstance(failure, ReadFailure) and failure.reason.startswith("binary file (")


@pytest.mark.parametrize(
    ("text", "path", "kind"),
    [
        ("<!DOCTYPE html><html><body><p>Hallo</p></body></html>", "page.txt", "html"),
        ("<p>Erster Absatz.</p><p>Zweiter Absatz.</p>", "fragment", "html"),
        ("Gespräche in <b>Genf</b>\n\nText.", "article.html", "html"),
        ("Gespräche in <b>Genf</b>\n\nText.", "article.txt", "text"),
        ('<?xml version="1.0"?><rss version="2.0"><channel></channel></rss>', "feed.txt", "feed"),
        ('<feed xmlns="http://www.w3.org/2005/Atom"><title>x</title></feed>', "atom", "feed"),
        ('<?xml version="1.0"?><urlset><url><loc>x</loc></url></urlset>', "sitemap.xml", "xml"),
        ('{"id": "1", "text": "Hallo"}\n', "data.txt", "jsonl"),
        ('{\n  "id": "1"\n}', "one.json", "jsonl"),
        ("{Eilmeldung} Gespräche in Genf\n\nText.", "article.txt", "text"),
        ('[{"id": "1", "text": "Hallo"}]', "data", "json"),
        ("[Update] Gespräche in Genf\n\nText.", "article.txt", "text"),
        (ARTICLE, "article.html", "text"),
    ],
)
def test_sniff_format_by_content_extension_breaks_ties(text: str, path: str, kind: str) -> None:
    assert sniff(text.encode("utf-8"), path).kind == kind


def test_sniff_unknown_xml_is_reported_with_its_root() -> None:
    data = b'<?xml version="1.0"?><urlset><url><loc>https://example.org/</loc></url></urlset>'
    (failure,) = list(read_bytes(data, "sitemap.xml"))
    assert isinstance(failure, ReadFailure) and "<urlset>" in failure.reason
