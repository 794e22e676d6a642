"""HTML pages: read whole, broken or with NUL bytes; the page's own URL as a hint."""

from __future__ import annotations

from lagebild.ingest import read_bytes
from lagebild.ingest.html import canonical_url
from lagebild.ingest.sniff import MAX_ARTICLE_BYTES
from lagebild.model import RawArticle, ReadFailure

PARAGRAPHS = "".join(
    f"<p>Die Außenminister trafen sich am {day} in Genf zu Gesprächen über die Lage.</p>"
    for day in ("Montag", "Dienstag", "Mittwoch")
)


def page(head: str = "", body: str = PARAGRAPHS) -> str:
    return f"<!DOCTYPE html><html><head><title>Treffen in Genf</title>{head}</head><body>{body}</body></html>"


def read_one(data: bytes, path: str = "page.html") -> RawArticle:
    items = list(read_bytes(data, path))
    assert len(items) == 1 and isinstance(items[0], RawArticle), items
    return items[0]


def test_html_page_is_kept_whole_for_the_layout_stage() -> None:
    article = read_one(page().encode("utf-8"))
    assert article.raw_html == page() and article.raw_text is None
    assert article.url is None


def test_html_canonical_link_sets_the_url() -> None:
    head = (
        '<meta property="og:url" content="https://example.org/og">'
        '<link href="https://example.org/a?x=1&amp;y=2" rel="canonical">'
    )
    assert read_one(page(head).encode("utf-8")).url == "https://example.org/a?x=1&y=2"


def test_html_og_url_when_there_is_no_canonical_link() -> None:
    assert (
        canonical_url(page("<meta content='https://example.org/og' property='og:url'>"))
        == "https://example.org/og"
    )


def test_html_relative_canonical_is_ignored() -> None:
    assert canonical_url(page('<link rel="canonical" href="/a">')) is None


def test_html_broken_markup_is_still_read() -> None:
    broken = page()[:-40] + "<div><p>Unclosed <b>tags"
    article = read_one(broken.encode("utf-8"), "broken.html")
    assert article.raw_html == broken


def test_html_nul_bytes_are_dropped_without_a_failure() -> None:
    data = page().replace("<p>", "<p>\x00", 2).encode("utf-8")
    article = read_one(data, "nul.html")
    assert article.raw_html == page()


def test_html_over_the_size_limit_is_refused() -> None:
    filler = "<p>" + "x" * 1000 + "</p>"
    data = page(body=filler * (MAX_ARTICLE_BYTES // len(filler) + 10)).encode("utf-8")
    (failure,) = list(read_bytes(data, "big.html"))
    assert isinstance(failure, ReadFailure) and failure.reason.startswith("too large for one article")
