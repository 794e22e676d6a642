"""WARC and WARC.gz: HTML responses become pages, other records are skipped, breaks are reported."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from lagebild.ingest import read_bytes, read_file
from lagebild.model import RawArticle, ReadFailure

PAGE = "<html><head><title>Treffen {i}</title></head><body><p>Gespräche in Genf.</p></body></html>"


def warc(*, gzip: bool, pages: int = 3) -> bytes:
    """warcinfo; per page an HTML response and a request; then an image, a redirect, a CP1252 page."""
    buf = io.BytesIO()
    writer = WARCWriter(buf, gzip=gzip)
    writer.write_record(writer.create_warcinfo_record("test.warc", {"software": "lagebild tests"}))

    def response(url: str, body: bytes, content_type: str, status: str = "200 OK") -> None:
        headers = StatusAndHeaders(status, [("Content-Type", content_type)], protocol="HTTP/1.1")
        # With the length given warcio needs no temporary file (which it would leave open).
        record = writer.create_warc_record(
            url, "response", payload=io.BytesIO(body), length=len(body), http_headers=headers
        )
        writer.write_record(record)

    for i in range(pages):
        response(f"https://example.org/{i}", PAGE.format(i=i).encode(), "text/html; charset=utf-8")
        get = b"GET / HTTP/1.1\r\n\r\n"
        request = writer.create_warc_record(
            f"https://example.org/{i}", "request", payload=io.BytesIO(get), length=len(get)
        )
        writer.write_record(request)
    response("https://example.org/logo.png", b"\x89PNG\r\n\x1a\n" + bytes(100), "image/png")
    response("https://example.org/alt", b"", "text/html", status="301 Moved Permanently")
    response(
        "https://example.org/alt-1252",
        PAGE.format(i="Öl").encode("cp1252"),
        "text/html; charset=windows-1252",
    )
    return buf.getvalue()


def split(items: list[RawArticle | ReadFailure]) -> tuple[list[RawArticle], list[ReadFailure]]:
    return [a for a in items if isinstance(a, RawArticle)], [f for f in items if isinstance(f, ReadFailure)]


@pytest.mark.parametrize("gzip", [False, True])
def test_warc_html_responses_become_pages(gzip: bool) -> None:
    articles, failures = split(list(read_bytes(warc(gzip=gzip), "crawl.warc.gz" if gzip else "crawl.warc")))
    assert failures == []
    assert [a.url for a in articles] == [
        *(f"https://example.org/{i}" for i in range(3)),
        "https://example.org/alt-1252",
    ]
    assert [a.record for a in articles] == ["2", "4", "6", "10"]
    assert all(a.fetched_at and a.fetched_at[:2] == "20" for a in articles)
    assert articles[0].raw_html == PAGE.format(i=0)
    assert articles[-1].raw_html == PAGE.format(i="Öl")


@pytest.mark.parametrize("gzip", [False, True])
def test_warc_truncated_archive_yields_the_pages_before_the_break(gzip: bool) -> None:
    data = warc(gzip=gzip, pages=6)
    articles, failures = split(list(read_bytes(data[: len(data) // 2], "crawl.warc")))
    assert 1 <= len(articles) < 6
    (failure,) = failures
    assert failure.reason.startswith(f"WARC archive is truncated or corrupt at record {failure.record}:")
    assert int(failure.record or 0) > int(articles[-1].record or 0)


def test_warc_read_file_streams_from_disk(tmp_path: Path) -> None:
    path = tmp_path / "crawl.warc.gz"
    path.write_bytes(warc(gzip=True))
    articles, failures = split(list(read_file(str(path))))
    assert failures == [] and len(articles) == 4 and articles[0].path == str(path)


@pytest.mark.parametrize("gzip", [False, True])
def test_warc_garbage_after_the_last_record_is_reported(gzip: bool) -> None:
    data = warc(gzip=gzip) + b"this is not a WARC record\r\n\r\n"
    articles, failures = split(list(read_bytes(data, "crawl.warc")))
    assert len(articles) == 4
    assert [(f.record, f.reason.split(":")[0]) for f in failures] == [
        ("11", "WARC archive is truncated or corrupt at record 11")
    ]
