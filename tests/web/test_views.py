"""Templates that no stored data reaches yet (stories arrive with the linking stage), rendered
directly with the library's own types."""

from __future__ import annotations

from lagebild.lookup import TimelineItem
from lagebild.store.base import StoryHit
from lagebild.web.views import templates


def test_views_story_page_renders_and_escapes() -> None:
    story = StoryHit("s1", "Genf <script>alert(1)</script>", 2, "2022-01-21", "2022-01-22", ["a", "b"])
    item = TimelineItem("2022-01-21", "event", "talks: Blinken – Lawrow", "„<b>x</b>“", "a", "Fox", "2022")
    html = templates.get_template("story.html").render(
        s=story,
        articles=[{"id": "a/1", "title": "<i>T</i>", "published": "2022-01-21", "outlet": "Fox News"}],
        timeline=[item],
    )
    assert "Genf &lt;script&gt;alert(1)&lt;/script&gt;" in html and "<script>" not in html
    assert 'href="/articles/a%2F1"' in html and "&lt;i&gt;T&lt;/i&gt;" in html
    assert "talks: Blinken – Lawrow" in html and "&lt;b&gt;x&lt;/b&gt;" in html
