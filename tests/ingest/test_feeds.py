"""RSS and Atom: one article per entry, hints from the feed, truncated feeds half read and reported."""

from __future__ import annotations

from lagebild.ingest import read_bytes
from lagebild.model import RawArticle, ReadFailure

BODY = "Die Außenminister beider Länder trafen sich am Montag in Wien zu Gesprächen über die Lage."


def rss(items: str, title: str = "Beispiel-Zeitung") -> str:
    channel = f"<channel><title>{title}</title>{items}</channel>"
    return f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0">{channel}</rss>'


def item(i: int, description: str = BODY, date: str = "Mon, 01 Mar 2021 10:00:00 GMT") -> str:
    return (
        f"<item><title>Meldung {i}</title><link>https://example.org/{i}</link>"
        f"<pubDate>{date}</pubDate><description>{description}</description></item>"
    )


def split(items: list[RawArticle | ReadFailure]) -> tuple[list[RawArticle], list[ReadFailure]]:
    return [a for a in items if isinstance(a, RawArticle)], [f for f in items if isinstance(f, ReadFailure)]


def test_feeds_rss_entries_become_articles_with_hints() -> None:
    data = rss(item(1) + item(2, "&lt;p&gt;Absatz mit &lt;b&gt;Markup&lt;/b&gt;.&lt;/p&gt;")).encode()
    articles, failures = split(list(read_bytes(data, "feed.xml")))
    assert failures == []
    first, second = articles
    assert first.raw_text == BODY and first.raw_html is None
    assert first.url == "https://example.org/1" and first.record == "1"
    assert first.hints == {"title": "Meldung 1", "published": "2021-03-01", "outlet": "Beispiel-Zeitung"}
    assert second.raw_html == "<p>Absatz mit <b>Markup</b>.</p>" and second.raw_text is None


def test_feeds_date_is_the_day_in_the_feeds_own_time_zone() -> None:
    data = rss(item(1, date="Tue, 02 Mar 2021 00:30:00 +0100")).encode()
    (article,) = list(read_bytes(data, "feed.xml"))
    assert isinstance(article, RawArticle) and article.hints["published"] == "2021-03-02"


def test_feeds_atom_prefers_full_content_over_summary() -> None:
    data = (
        '<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom"><title>Atom-Blatt</title>'
        '<entry><title>Treffen</title><link href="https://example.org/t"/><updated>2022-01-21T18:00:00+01:00</updated>'
        f'<summary>Kurz.</summary><content type="html">&lt;p&gt;{BODY}&lt;/p&gt;</content></entry></feed>'
    ).encode()
    (article,) = list(read_bytes(data, "atom"))
    assert isinstance(article, RawArticle)
    assert article.raw_html == f"<p>{BODY}</p>"
    assert article.hints == {"title": "Treffen", "published": "2022-01-21", "outlet": "Atom-Blatt"}


def test_feeds_entry_without_text_fails_with_its_record() -> None:
    data = rss(item(1) + "<item><title>Leer</title><link>https://example.org/x</link></item>").encode()
    articles, failures = split(list(read_bytes(data, "feed.xml")))
    assert len(articles) == 1
    assert [(f.record, f.reason) for f in failures] == [("2", "feed entry 'Leer' has no text")]


def test_feeds_truncated_feed_yields_entries_and_one_failure() -> None:
    feed = rss(item(1) + item(2) + item(3))
    data = feed[: feed.rindex("<item>") + 30].encode()
    articles, failures = split(list(read_bytes(data, "feed.xml")))
    assert [a.hints["title"] for a in articles] == ["Meldung 1", "Meldung 2"]
    malformed = [f for f in failures if f.record is None]
    assert len(malformed) == 1
    assert malformed[0].reason.startswith("malformed feed: no element found at line 1")
    assert malformed[0].reason.endswith("3 entries read before it")


def test_feeds_broken_feed_without_entries_gives_only_the_failure() -> None:
    data = b'<?xml version="1.0"?><rss version="2.0"><channel><title>Kaputt</tit'
    (failure,) = list(read_bytes(data, "feed.xml"))
    assert isinstance(failure, ReadFailure) and failure.record is None
    assert failure.reason.startswith("malformed feed:") and "no entry could be read" in failure.reason


def test_feeds_overridden_encoding_label_is_not_a_failure() -> None:
    data = rss(item(1)).replace('encoding="utf-8"', 'encoding="us-ascii"').encode("utf-8")
    articles, failures = split(list(read_bytes(data, "feed.xml")))
    assert failures == [] and articles[0].raw_text == BODY
