"""Each link type on small articles of our own, hard negatives included, and order independence."""

from __future__ import annotations

import copy
import itertools

from lagebild.link import LinkFeatures, LinkGraph, final_links, link
from lagebild.model import Article

Analysed = dict[str, tuple[Article, LinkFeatures]]


def run(analysed: Analysed, order: list[str], batch: int) -> dict[str, dict[str, str | None]]:
    """Link the articles in this order and these batch sizes; their final link fields by id."""
    graph = LinkGraph()
    for i in range(0, len(order), batch):
        ids = order[i : i + batch]
        link(graph, [copy.copy(analysed[k][0]) for k in ids], [analysed[k][1] for k in ids])
    return {k: final_links(graph, k) for k in order}


def groups(links: dict[str, dict[str, str | None]], key: str) -> set[frozenset[str]]:
    """The partition of article ids by one link field, whatever the ids of the groups are called."""
    by: dict[str | None, set[str]] = {}
    for article_id, own in links.items():
        by.setdefault(own[key], set()).add(article_id)
    return {frozenset(v) for v in by.values()}


def test_link_repost_with_other_headline_debris_and_cut_ending_is_a_duplicate(analysed: Analysed) -> None:
    links = run(analysed, list(analysed), batch=10)
    assert links["paris-repost"]["duplicate_of"] == "paris-original"
    assert links["paris-original"]["duplicate_of"] is None


def test_link_wire_stories_sharing_only_a_lead_are_not_duplicates(analysed: Analysed) -> None:
    links = run(analysed, list(analysed), batch=10)
    assert links["strike-travel"]["duplicate_of"] is None
    assert links["strike-talks"]["duplicate_of"] is None


def test_link_translation_with_another_headline_points_at_the_original(analysed: Analysed) -> None:
    links = run(analysed, list(analysed), batch=10)
    assert links["paris-english"]["translation_of"] == "paris-original"
    assert all(links[k]["translation_of"] is None for k in links if k != "paris-english")


def test_link_same_event_in_other_words_is_the_same_story_but_no_copy(analysed: Analysed) -> None:
    links = run(analysed, list(analysed), batch=10)
    other = links["paris-other-report"]
    assert other["story_id"] == links["paris-original"]["story_id"] == links["paris-english"]["story_id"]
    assert other["duplicate_of"] is None and other["translation_of"] is None


def test_link_same_people_another_event_is_another_story_of_the_same_storyline(analysed: Analysed) -> None:
    links = run(analysed, list(analysed), batch=10)
    later, first = links["berlin-meeting"], links["paris-original"]
    assert later["story_id"] != first["story_id"]
    assert later["storyline_id"] == first["storyline_id"]
    assert links["strike-talks"]["storyline_id"] != first["storyline_id"]


def test_link_order_and_batches_do_not_change_the_grouping(analysed: Analysed) -> None:
    ids = sorted(analysed)
    reference = run(analysed, ids, batch=len(ids))
    for order, batch in itertools.islice(
        ((list(p), b) for p in itertools.permutations(ids) for b in (1, 3)), 0, 4000, 997
    ):
        links = run(analysed, order, batch)
        for key in ("story_id", "storyline_id"):
            assert groups(links, key) == groups(reference, key), (order, batch, key)
        for key in ("duplicate_of", "translation_of"):
            assert {k: v[key] for k, v in links.items()} == {k: v[key] for k, v in reference.items()}


def test_link_a_notice_in_the_text_makes_that_copy_the_translation() -> None:
    """Without the notice the earlier or home-language copy would count as the original; here the German
    text says it first appeared in English, so it points at the English article."""
    from lagebild.link import features
    from lagebild.pipeline import analyze_many, default_stages

    from .articles import ORIGINAL, TRANSLATION
    from .conftest import raw

    notice = "\n\nDieser Artikel erschien zuerst bei European Daily."
    german = {
        **ORIGINAL,
        "id": "notice-de",
        "outlet": "Rheinische Zeitung",
        "text": ORIGINAL["text"] + notice,
    }
    english = {**TRANSLATION, "id": "notice-en", "outlet": "European Daily", "published": "2024-03-05"}
    articles = analyze_many([raw(german), raw(english)], default_stages())
    assert all(isinstance(a, Article) for a in articles)
    graph = LinkGraph()
    link(graph, articles, features(articles))  # type: ignore[arg-type]
    assert final_links(graph, "notice-de")["translation_of"] == "notice-en"
    assert final_links(graph, "notice-en")["translation_of"] is None
