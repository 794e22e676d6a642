"""JSONL: one article per line, every bad line reported with its number, the rest read."""

from __future__ import annotations

import json
from pathlib import Path

from lagebild.ingest import read_bytes, read_file
from lagebild.model import RawArticle, ReadFailure

BODY = "Die Außenminister beider Länder trafen sich am Montag in Wien zu Gesprächen über die Lage."


def split(items: list[RawArticle | ReadFailure]) -> tuple[list[RawArticle], dict[str | None, str]]:
    return (
        [a for a in items if isinstance(a, RawArticle)],
        {f.record: f.reason for f in items if isinstance(f, ReadFailure)},
    )


def test_jsonl_fields_become_hints_and_url() -> None:
    record = {
        "id": 17,
        "text": BODY,
        "title": "Treffen",
        "published": "2022-01-21",
        "url": "https://example.org/t",
        "outlet": "Beispiel",
        "language": "de",
        "extra": {"ignored": True},
    }
    (article,) = list(read_bytes(json.dumps(record).encode(), "a.jsonl"))
    assert isinstance(article, RawArticle)
    assert article.raw_text == BODY and article.url == "https://example.org/t" and article.record == "1"
    assert article.hints == {
        "id": "17",
        "title": "Treffen",
        "published": "2022-01-21",
        "outlet": "Beispiel",
        "language": "de",
    }


def test_jsonl_html_record_becomes_a_page() -> None:
    (article,) = list(read_bytes(json.dumps({"id": "h", "html": f"<p>{BODY}</p>"}).encode(), "a.jsonl"))
    assert (
        isinstance(article, RawArticle) and article.raw_html == f"<p>{BODY}</p>" and article.raw_text is None
    )


def test_jsonl_bad_lines_are_reported_by_line_number_and_the_rest_read(tmp_path: Path) -> None:
    lines = [
        json.dumps({"id": "j1", "text": BODY}),
        "{not json",
        "",
        json.dumps({"id": "j2", "title": "Ohne Text"}),
        json.dumps({"id": "j3", "text": "   "}),
        json.dumps(["kein", "Objekt"]),
        json.dumps({"id": "j4", "text": BODY, "title": ["Liste"]}),
        "   ",
        json.dumps({"id": "j5", "text": BODY + " Ende."}),
    ]
    path = tmp_path / "records.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    articles, failures = split(list(read_file(str(path))))
    assert [(a.hints["id"], a.record) for a in articles] == [("j1", "1"), ("j5", "9")]
    assert failures == {
        "2": "malformed JSON: Expecting property name enclosed in double quotes (column 2)",
        "4": "record has no 'text' or 'html' field; nothing to analyse",
        "5": "record has an empty 'text'; nothing to analyse",
        "6": "expected a JSON object, got an array",
        "7": "field 'title' must be a string, got an array",
    }


def test_jsonl_cp1252_line_and_bom_are_read() -> None:
    data = b"\xef\xbb\xbf" + json.dumps({"id": "a", "text": BODY}, ensure_ascii=False).encode("cp1252")
    (article,) = list(read_bytes(data, "a.jsonl"))
    assert isinstance(article, RawArticle) and article.raw_text == BODY


def test_jsonl_unicode_line_separator_inside_a_string_does_not_split_the_record() -> None:
    text = BODY + "\u2028" + BODY
    (article,) = list(read_bytes(json.dumps({"text": text}, ensure_ascii=False).encode(), "a.jsonl"))
    assert isinstance(article, RawArticle) and article.raw_text == text


def test_jsonl_json_array_is_accepted() -> None:
    data = json.dumps([{"id": "a", "text": BODY}, {"id": "b"}], indent=2).encode()
    articles, failures = split(list(read_bytes(data, "dump.json")))
    assert [a.hints["id"] for a in articles] == ["a"]
    assert failures == {"2": "record has no 'text' or 'html' field; nothing to analyse"}


def test_jsonl_pretty_printed_single_object_is_one_record() -> None:
    data = json.dumps({"id": "a", "text": BODY}, indent=2).encode()
    (article,) = list(read_bytes(data, "one.json"))
    assert isinstance(article, RawArticle) and article.hints["id"] == "a"


def test_jsonl_broken_json_array_is_one_failure() -> None:
    (failure,) = list(read_bytes(b'[{"id": "a", "text": "x"},', "dump.json"))
    assert isinstance(failure, ReadFailure) and failure.reason.startswith("malformed JSON:")


def test_jsonl_record_of_one_repeated_word_is_not_prose() -> None:
    lines = [json.dumps({"id": "a", "text": "Wort " * 100}), json.dumps({"id": "b", "text": BODY})]
    articles, failures = split(list(read_bytes("\n".join(lines).encode(), "a.jsonl")))
    assert [a.hints["id"] for a in articles] == ["b"]
    assert failures == {"1": "not prose: 500 bytes of one repeated word"}
