"""Whole batches of bad input: every failure named with file and reason, the rest stored, nothing twice."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from lagebild.batch import ingest
from lagebild.model import Article
from lagebild.pipeline import default_stages
from lagebild.stages import stage
from lagebild.store import open_store

BODY = (
    "Die Außenminister beider Länder trafen sich am Montag in Wien zu Gesprächen über die Lage in der Region."
    " "
    "Nach dem Treffen sagte die Ministerin, man habe offen über alle strittigen Fragen gesprochen. "
    "Beide Seiten wollen die Gespräche in der kommenden Woche fortsetzen, hieß es aus Regierungskreisen."
)


def html_page(title: str, body: str) -> str:
    paragraphs = "".join(f"<p>{s.strip()}.</p>" for s in body.split(". ") if s.strip())
    return (
        f"<html><head><title>{title}</title></head><body><nav><a href='/'>Startseite</a></nav>"
        f"<article><h1>{title}</h1>{paragraphs}</article><footer>Impressum</footer></body></html>"
    )


@pytest.fixture
def bad_dir(tmp_path: Path) -> Path:
    d = tmp_path / "in"
    d.mkdir()
    (d / "good.txt").write_text("Gespräche in Wien\n\n" + BODY, encoding="utf-8")
    (d / "latin1.txt").write_bytes(
        ("Müller über Öl und Gas\n\n" + BODY.replace("Wien", "Graz")).encode("cp1252")
    )
    (d / "report.pdf").write_bytes(
        b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n" + bytes(range(256)) * 20
    )
    (d / "empty.txt").write_bytes(b"")
    (d / "broken.html").write_text(
        html_page("Treffen in Prag", BODY.replace("Wien", "Prag"))[:-40], encoding="utf-8"
    )
    nul_page = html_page("Treffen in Bern", BODY.replace("Wien", "Bern")).replace("<p>", "<p>\x00", 2)
    (d / "nul.html").write_text(nul_page, encoding="utf-8")
    items = "".join(
        f"<item><title>Meldung {i}</title><link>https://example.org/{i}</link>"
        f"<pubDate>Mon, 0{i} Mar 2021 10:00:00 GMT</pubDate>"
        f"<description>{BODY.replace('Wien', f'Ort {i}')}</description></item>"
        for i in range(1, 4)
    )
    feed = f'<?xml version="1.0"?><rss version="2.0"><channel><title>Beispiel</title>{items}</channel></rss>'
    (d / "feed.xml").write_text(feed[: feed.rindex("<item>") + 30], encoding="utf-8")
    lines = [
        json.dumps({"id": "j1", "title": "Eins", "text": BODY.replace("Wien", "Linz")}),
        "{not json",
        json.dumps({"id": "j2", "title": "Ohne Text"}),
        json.dumps({"id": "j3", "title": "Drei", "text": BODY.replace("Wien", "Salzburg")}),
    ]
    (d / "records.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    (d / "huge.txt").write_bytes(b"Wort " * 2_000_000)
    os.symlink(d / "does-not-exist.txt", d / "dangling.txt")
    return d


def failures_by_file(report) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for f in report.failures:
        out.setdefault(Path(f.path).name, []).append(f"{f.record}: {f.reason}")
    return out


def test_batch_bad_input_is_reported_and_the_rest_stored(bad_dir: Path, db_url: str) -> None:
    with open_store(db_url) as store:
        report = ingest([str(bad_dir)], store)
        failed = failures_by_file(report)
        assert set(failed) == {
            "report.pdf",
            "empty.txt",
            "feed.xml",
            "records.jsonl",
            "huge.txt",
            "dangling.txt",
        }
        assert "binary" in failed["report.pdf"][0].lower()
        assert "empty" in failed["empty.txt"][0].lower()
        assert any(reason.startswith("2:") for reason in failed["records.jsonl"])
        assert any(reason.startswith("3:") for reason in failed["records.jsonl"])
        titles = {r["title"] for r in store.iter_records()}
        assert {
            "Gespräche in Wien",
            "Müller über Öl und Gas",
            "Eins",
            "Drei",
            "Meldung 1",
            "Meldung 2",
        } <= titles
        assert any(t and "Prag" in t for t in titles) and any(t and "Bern" in t for t in titles)
        stored = store.count()
        assert report.added == stored
    with open_store(db_url) as store:
        again = ingest([str(bad_dir)], store)
        assert again.added == 0
        assert store.count() == stored


def test_batch_latin1_text_keeps_umlauts(bad_dir: Path, db_url: str) -> None:
    with open_store(db_url) as store:
        ingest([str(bad_dir / "latin1.txt")], store)
        (record,) = list(store.iter_records())
    assert record["title"] == "Müller über Öl und Gas"
    assert "Außenminister" in record["text"]


class Crash(BaseException):
    """Stands for the process dying: not an Exception, so nothing on the way catches it."""


def test_batch_rerun_after_crash_resumes_and_adds_nothing_twice(tmp_path: Path, db_url: str) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for i in range(12):
        (corpus / f"{i:02d}.txt").write_text(f"Meldung {i}\n\n" + BODY.replace("Wien", f"Stadt {i}"), "utf-8")
    seen: list[str] = []

    @stage(requires=("id",), provides=())
    def crash_at_ninth(article: Article) -> Article:
        seen.append(article.id)
        if len(seen) == 9:
            raise Crash
        return article

    with open_store(db_url) as store, pytest.raises(Crash):
        ingest([str(corpus)], store, stages=[*default_stages(), crash_at_ninth], batch_size=4)
    with open_store(db_url) as store:
        assert store.count() == 8
        report = ingest([str(corpus)], store, batch_size=4)
        assert report.files_skipped == 8
        assert report.added == 4
        assert store.count() == 12
