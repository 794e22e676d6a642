"""Seed-style text: date line, title, body; header spans that cover the header exactly."""

from __future__ import annotations

import itertools
import random
from pathlib import Path

from lagebild.ingest import read_bytes, read_file
from lagebild.ingest.sniff import MAX_ARTICLE_BYTES
from lagebild.ingest.text import parse_header
from lagebild.model import RawArticle, ReadFailure

BODY = (
    "Die Außenminister beider Länder trafen sich am Montag in Wien zu Gesprächen über die Lage in der "
    "Region. Nach dem Treffen sagte die Ministerin, man habe offen über alle strittigen Fragen gesprochen."
)


def only_article(items: list[RawArticle | ReadFailure]) -> RawArticle:
    assert len(items) == 1 and isinstance(items[0], RawArticle), items
    return items[0]


def only_failure(items: list[RawArticle | ReadFailure]) -> ReadFailure:
    assert len(items) == 1 and isinstance(items[0], ReadFailure), items
    return items[0]


def assert_spans_cover_header(text: str, hints: dict) -> None:
    spans = hints["header_spans"]
    assert "".join(text[s:e] for s, e, _ in spans) == text[: hints["body_start"]]
    assert all(a[1] == b[0] for a, b in itertools.pairwise(spans))


def test_text_seed_000_date_line_carries_the_title(seeds_dir: Path) -> None:
    path = next(seeds_dir.glob("000_*.txt"))
    article = only_article(list(read_file(str(path))))
    text = path.read_text(encoding="utf-8")
    assert article.raw_text == text
    assert article.hints["title"].startswith("US-Außenminister: Gespräche zwischen Putin und Biden")
    assert article.hints["published"] == "2021-12"
    assert [kind for _, _, kind in article.hints["header_spans"]] == ["header", "title"]
    assert text[article.hints["body_start"] :].startswith("Die Präsidenten")
    assert_spans_cover_header(text, article.hints)


def test_text_seed_002_title_without_date(seeds_dir: Path) -> None:
    path = next(seeds_dir.glob("002_*.txt"))
    article = only_article(list(read_file(str(path))))
    assert article.hints["title"].startswith("Top-Diplomaten aus den USA und Russland")
    assert "published" not in article.hints
    assert [kind for _, _, kind in article.hints["header_spans"]] == ["title"]
    assert_spans_cover_header(article.raw_text or "", article.hints)


def test_text_date_line_then_title_line() -> None:
    text = "date 2022-01-21\nGespräche in Genf\n\n" + BODY
    hints = parse_header(text)
    assert hints["published"] == "2022-01-21"
    assert hints["title"] == "Gespräche in Genf"
    assert hints["header_spans"] == [[0, 16, "header"], [16, 35, "title"]]
    assert text[hints["body_start"] :] == BODY


def test_text_crlf_line_breaks_keep_offsets() -> None:
    text = "date 2022-01\r\nGespräche in Genf\r\n\r\n" + BODY
    hints = parse_header(text)
    assert hints["title"] == "Gespräche in Genf"
    assert text[hints["body_start"] :] == BODY
    assert_spans_cover_header(text, hints)


def test_text_invalid_date_is_not_a_date_line() -> None:
    hints = parse_header("date 2021-13 ist kein Datum\n\n" + BODY)
    assert "published" not in hints
    assert hints["title"] == "date 2021-13 ist kein Datum"


def test_text_first_paragraph_is_not_taken_for_a_title() -> None:
    hints = parse_header(BODY + "\n\n" + BODY)
    assert "title" not in hints
    assert hints["body_start"] == 0 and hints["header_spans"] == []


def test_text_first_line_without_blank_line_is_not_a_title() -> None:
    hints = parse_header("Gespräche in Genf\n" + BODY)
    assert "title" not in hints


def test_text_single_line_is_body_not_title() -> None:
    hints = parse_header("Gespräche in Genf\n\n")
    assert "title" not in hints and hints["body_start"] == 0


def test_text_short_headline_with_full_stop_is_a_title() -> None:
    assert parse_header("Merkel tritt zurück.\n\n" + BODY)["title"] == "Merkel tritt zurück."


def test_text_leading_blank_lines_belong_to_the_title_span() -> None:
    text = "\n\n  Gespräche in Genf\n\n" + BODY
    hints = parse_header(text)
    assert hints["title"] == "Gespräche in Genf"
    assert_spans_cover_header(text, hints)


def test_text_utf8_bom_is_stripped_and_offsets_refer_to_text_without_it() -> None:
    data = ("\ufeffdate 2021-12 Gespräche in Genf\n\n" + BODY).encode("utf-8")
    article = only_article(list(read_bytes(data, "bom.txt")))
    assert article.raw_text is not None and article.raw_text.startswith("date")
    assert article.hints["header_spans"][0] == [0, 13, "header"]
    assert article.raw_text[article.hints["body_start"] :] == BODY


def test_text_empty_and_whitespace_only_files_fail() -> None:
    for data in (b"", b" \n\t\r\n   \n", "\ufeff".encode()):
        assert only_failure(list(read_bytes(data, "empty.txt"))).reason == "empty file"


def test_text_ten_megabytes_of_one_word_is_not_prose() -> None:
    failure = only_failure(list(read_bytes(b"Wort " * 2_000_000, "huge.txt")))
    assert failure.reason == "not prose: 10.0 MB of one repeated word"


def test_text_few_distinct_words_is_not_prose() -> None:
    failure = only_failure(list(read_bytes(b"eins zwei drei vier " * 500, "loop.txt")))
    assert failure.reason.startswith("not prose:") and "4 distinct words" in failure.reason


def test_text_varied_text_over_the_size_limit_is_too_large() -> None:
    rng = random.Random(7)
    vocabulary = [
        "".join(rng.choices("abcdefghijklmnopqrstuvwxyzäöü", k=rng.randint(2, 11))) for _ in range(3000)
    ]
    words = rng.choices(vocabulary, k=MAX_ARTICLE_BYTES // 6)
    data = " ".join(words).encode("utf-8")
    assert len(data) > MAX_ARTICLE_BYTES
    failure = only_failure(list(read_bytes(data, "book.txt")))
    assert failure.reason.startswith("too large for one article (")
    assert failure.reason.endswith("> 5 MB); split it")
