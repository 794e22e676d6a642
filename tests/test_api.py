"""The HTTP API and web pages in-process (FastAPI's TestClient over httpx) against a real SQLite store
with the seeds and one hostile article; one test runs `lagebild serve` for real."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from fastapi.testclient import TestClient

from lagebild.api import create_app

TOKEN = "test-token-123"
HOSTILE_MARKUP = ("<script>alert(1)</script>", "<img src=x onerror=alert(1)>")
ESCAPED = ("&lt;script&gt;alert(1)&lt;/script&gt;", "&lt;img src=x onerror=alert(1)&gt;")


@pytest.fixture(scope="module")
def client(api_db: str) -> Iterator[TestClient]:
    with TestClient(create_app(api_db, token=TOKEN)) as c:
        yield c


@pytest.fixture(scope="module")
def readonly(api_db: str) -> Iterator[TestClient]:
    with TestClient(create_app(api_db, token="")) as c:
        yield c


def auth(token: str = TOKEN) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def error_of(response: httpx.Response, status: int) -> str:
    assert response.status_code == status, response.text
    body = response.json()
    assert set(body) >= {"error"} and isinstance(body["error"], str) and body["error"], body
    return str(body["error"])


# -- reading ------------------------------------------------------------------------------------------
def test_api_search_hits_and_facets(client: TestClient) -> None:
    result = client.get("/api/search", params={"q": "Gespräch"}).json()
    assert result["total"] == 2 == len(result["hits"])
    assert {o["value"] for o in result["facets"]["outlets"]} == {"Fox News", "RT DE"}
    assert [m["value"] for m in result["facets"]["months"]] == ["2021-12", "2022-01"]
    names = {e["canonical"]: e["articles"] for e in result["facets"]["entities"]}
    assert names["Sergej Lawrow"] == 2
    assert "[Gespräch" in result["hits"][0]["snippet"]


def test_api_search_pages_and_filters(client: TestClient) -> None:
    first = client.get("/api/search", params={"q": "Gespräch", "per_page": 1}).json()
    second = client.get("/api/search", params={"q": "Gespräch", "per_page": 1, "page": 2}).json()
    assert (first["pages"], first["total"]) == (2, 2)
    assert first["hits"][0]["id"] != second["hits"][0]["id"]
    assert client.get("/api/search", params={"q": "Gespräch", "page": 3}).json()["hits"] == []
    fox = client.get("/api/search", params={"q": "Gespräch", "outlet": "fox news"}).json()
    assert [h["outlet"] for h in fox["hits"]] == ["Fox News"]
    assert fox["facets"]["outlets"] == [{"value": "Fox News", "count": 1}]
    dated = client.get("/api/search", params={"q": "Gespräch", "since": "2022-01", "until": "2022"})
    assert [h["published"] for h in dated.json()["hits"]] == ["2022-01-21"]


def test_api_search_entity_filter_by_name_or_id(client: TestClient) -> None:
    everything = client.get("/api/search", params={"q": "sagte"}).json()
    assert everything["total"] == 3
    for entity in ("Scholz", "per:olaf-sholz"):
        only = client.get("/api/search", params={"q": "sagte", "entity": entity}).json()
        assert [h["id"] for h in only["hits"]] == ["hostile-1"], entity
    assert client.get("/api/search", params={"q": "sagte", "entity": "Niemand Xyz"}).json()["total"] == 0


def test_api_article_record_and_404(client: TestClient) -> None:
    record = client.get("/api/articles/hostile-1").json()
    assert record["title"].startswith("Angriff <script>")  # JSON carries the text as it is
    assert {e["entity_id"] for e in record["entities"]} >= {"per:olaf-sholz", "loc:berlin"}
    assert record["quotes"][0]["speaker"]["canonical"] == "Olaf Scholz"
    assert "No article with id 'nope'" in error_of(client.get("/api/articles/nope"), 404)


def test_api_entities_list_find_detail(client: TestClient) -> None:
    top = client.get("/api/entities").json()
    assert top[0]["articles"] >= 2
    found = client.get("/api/entities", params={"q": "Lavrov"}).json()
    assert found[0]["entity_id"] == "per:sergey-lavrov"
    prefix = client.get("/api/entities", params={"q": "Blink"}).json()
    assert "per:antony-blinken" in [e["entity_id"] for e in prefix]
    detail = client.get("/api/entities/per:sergey-lavrov").json()
    assert detail["canonical"] == "Sergej Lawrow"
    assert {"Lawrow", "Sergej Lawrow"} <= {v["form"] for v in detail["variants"]}
    assert [m["value"] for m in detail["months"]] == ["2021-12", "2022-01"]
    assert "per:antony-blinken" in [c["entity_id"] for c in detail["cooccurring"]]
    roles = [r["role"] for r in detail["roles"]]
    assert len(roles) == len({r.replace("russischen", "russische") for r in roles})  # folded
    assert "find ids with /api/entities" in error_of(client.get("/api/entities/per:nobody"), 404)


def test_api_quotes_timeline_stories(client: TestClient) -> None:
    said = client.get("/api/quotes", params={"speaker": "Lavrov"}).json()
    assert said and all(q["speaker_entity_id"] == "per:sergey-lavrov" for q in said)
    assert client.get("/api/quotes", params={"outlet": "RT DE", "limit": 2}).json()[0]["outlet"] == "RT DE"
    items = client.get("/api/timeline", params={"entity": "Blinken"}).json()
    assert {"event", "quote"} <= {i["kind"] for i in items}
    assert "exactly one of" in error_of(client.get("/api/timeline"), 422)
    error_of(client.get("/api/stories/s1"), 404)


def test_api_stories_from_linking(client: TestClient) -> None:
    stories = client.get("/api/stories").json()
    seeds = [s for s in stories if s["outlets"].keys() & {"Fox News", "RT DE"}]
    assert len(seeds) == 2 and seeds[0]["storyline_id"] == seeds[1]["storyline_id"]  # Geneva follows OSCE
    line = client.get("/api/stories", params={"storyline": seeds[0]["storyline_id"]}).json()
    assert {s["id"] for s in line} == {s["id"] for s in seeds}
    assert [s["id"] for s in client.get("/api/stories", params={"entity": "Scholz"}).json()] == [
        s["id"] for s in stories if "Testblatt <b>Nachrichten</b>" in s["outlets"]
    ]
    detail = client.get(f"/api/stories/{seeds[0]['id']}").json()
    assert detail["story"]["id"] == seeds[0]["id"] and len(detail["storyline"]) == 2
    assert detail["articles"][0]["outlet"] in {"Fox News", "RT DE"}
    assert "YYYY" in error_of(client.get("/api/stories", params={"since": "Dezember"}), 422)


@pytest.fixture(scope="module")
def stories_client(story_db: str) -> Iterator[TestClient]:
    with TestClient(create_app(story_db, token="")) as c:
        yield c


def test_api_story_compares_outlets_and_shows_quote_drift(stories_client: TestClient) -> None:
    story_id = stories_client.get("/api/articles/paris-original").json()["story_id"]
    detail = stories_client.get(f"/api/stories/{story_id}").json()
    assert {a["id"] for a in detail["articles"]} == {
        "paris-original", "paris-repost", "paris-english", "paris-other-report"
    }  # fmt: skip
    assert detail["timeline"] == stories_client.get("/api/timeline", params={"story": story_id}).json()
    assert {"event", "quote"} <= {t["kind"] for t in detail["timeline"]}

    outlets = {o["outlet"]: o for o in detail["comparison"]["outlets"]}
    assert list(outlets) == ["Tagesschau", "repost", "Nachrichtenportal Süd", "Rheinische Zeitung"]
    assert [o["outlet"] for o in outlets.values() if o["first_report"]] == ["Tagesschau"]
    kinds = {a["id"]: (a["kind"], a["of"]) for o in outlets.values() for a in o["articles"]}
    assert kinds["paris-repost"] == ("duplicate", "paris-original")
    assert kinds["paris-english"] == ("translation", "paris-original")
    assert kinds["paris-original"] == kinds["paris-other-report"] == ("report", None)
    tagesschau = outlets["Tagesschau"]
    assert tagesschau["quotes"] >= 3 and tagesschau["quoted_chars"] > 100
    assert {"Olaf Scholz", "Emmanuel Macron"} <= {s["name"] for s in tagesschau["speakers"]}
    assert {"17", "413"} <= set(outlets["Rheinische Zeitung"]["missing_numbers"])  # its own words
    assert "Johann Wadephul" in outlets["Nachrichtenportal Süd"]["missing_entities"]  # the cut ending

    drift = {d["speaker"]: d["versions"] for d in detail["comparison"]["drift"]}
    scholz = {v["article_id"]: v for v in drift["Olaf Scholz"]}
    assert drift["Olaf Scholz"][0]["article_id"] == "paris-original"  # the first report first
    assert scholz["paris-original"]["changes"] == [] and scholz["paris-repost"]["changes"] == []
    assert scholz["paris-english"]["changes"] == ["translation"]
    indirect = scholz["paris-other-report"]  # "Europa müsse mehr für seine eigene Sicherheit tun"
    assert indirect["changes"] == ["wording", "type: direct → indirect"]
    assert {("Wir sind uns einig, dass", "deleted"), ("müsse", "inserted")} <= {
        (s["text"], s["op"]) for s in indirect["segments"]
    }
    assert 0.5 <= indirect["similarity"] < 1
    assert "Emmanuel Macron" in drift


def test_api_story_detail_is_typed_in_openapi(stories_client: TestClient) -> None:
    schemas = stories_client.get("/openapi.json").json()["components"]["schemas"]
    assert {"timeline", "comparison"} <= set(schemas["StoryDetail"]["properties"])
    assert schemas["SegmentOut"]["properties"]["op"]["enum"] == ["equal", "inserted", "deleted"]
    assert schemas["CoverageArticle"]["properties"]["kind"]["enum"] == ["report", "duplicate", "translation"]
    assert {"drift", "outlets"} <= set(schemas["ComparisonOut"]["properties"])


def test_api_errors_are_json_with_what_to_fix(client: TestClient) -> None:
    assert "q: Field required" in error_of(client.get("/api/search"), 422)
    assert "YYYY-MM-DD" in error_of(client.get("/api/search", params={"q": "x", "since": "gestern"}), 422)
    assert "page" in error_of(client.get("/api/search", params={"q": "x", "page": 0}), 422)
    assert "no word to look for" in error_of(client.get("/api/search", params={"q": "-nur"}), 400)
    assert "/openapi.json" in error_of(client.get("/api/nothing-here"), 404)
    assert "not allowed" in error_of(client.delete("/api/articles/hostile-1"), 405)


def test_api_openapi_is_typed(client: TestClient) -> None:
    spec = client.get("/openapi.json").json()
    ok = spec["paths"]["/api/search"]["get"]["responses"]["200"]["content"]["application/json"]
    assert ok["schema"]["$ref"].endswith("/SearchResult")
    assert {"ArticleRecord", "EntityDetail", "PostResult", "Error"} <= set(spec["components"]["schemas"])
    assert client.get("/docs").status_code == 404  # Swagger UI would load its scripts from a CDN


# -- writing ------------------------------------------------------------------------------------------
ARTICLE = {
    "id": "api-post-1",
    "title": "Baerbock trifft Blinken in Washington",
    "text": "Außenministerin Annalena Baerbock traf am Dienstag in Washington ihren Amtskollegen Antony"
    " Blinken. Die beiden sprachen über die Lage in der Ukraine und über neue Sanktionen.",
    "published": "2022-02-08",
    "outlet": "Tagesblatt",
}


def test_api_writes_refused_without_token(client: TestClient, readonly: TestClient) -> None:
    assert "LAGEBILD_API_TOKEN" in error_of(readonly.post("/api/articles", json=ARTICLE), 403)
    assert "Bearer" in error_of(client.post("/api/articles", json=ARTICLE), 401)
    wrong = client.post("/api/articles", json=ARTICLE, headers=auth("not-the-token"))
    assert "token is wrong" in error_of(wrong, 401)
    basic = client.post("/api/articles", json=ARTICLE, headers={"Authorization": f"Basic {TOKEN}"})
    error_of(basic, 401)
    assert client.get("/api/articles/api-post-1").status_code == 404


def test_api_token_comes_from_the_environment(api_db: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LAGEBILD_API_TOKEN", "from-env")
    with TestClient(create_app(api_db)) as c:
        assert "token is wrong" in error_of(c.post("/api/articles", json=ARTICLE, headers=auth()), 401)
    monkeypatch.delenv("LAGEBILD_API_TOKEN")
    with TestClient(create_app(api_db)) as c:
        error_of(c.post("/api/articles", json=ARTICLE, headers=auth()), 403)


def test_api_post_article_is_searchable_at_once(client: TestClient) -> None:
    posted = client.post("/api/articles", json=ARTICLE, headers=auth())
    assert posted.status_code == 201, posted.text
    assert posted.json() == {"added": ["api-post-1"], "duplicates": [], "failed": []}
    hits = client.get("/api/search", params={"q": "Baerbock Washington"}).json()["hits"]
    assert [h["id"] for h in hits] == ["api-post-1"]
    record = client.get("/api/articles/api-post-1").json()
    assert record["outlet"]["name"] == "Tagesblatt" and record["source"]["path"] == "api"
    assert "per:antony-blinken" in {e["entity_id"] for e in record["entities"]}
    story = client.get(f"/api/stories/{record['story_id']}").json()  # linked as ingest links
    assert [a["id"] for a in story["articles"]] == ["api-post-1"]
    again = client.post("/api/articles", json=ARTICLE, headers=auth())
    assert again.status_code == 200
    assert again.json()["duplicates"] == [{"id": "api-post-1", "existing_id": "api-post-1"}]


def test_api_post_batch_reports_each_failure(client: TestClient) -> None:
    batch = [
        {"id": "api-batch-1", "text": "Der Bundestag beriet am Donnerstag in Berlin über den Haushalt."},
        {"id": "api-batch-2", "title": "Leer"},
    ]
    answer = client.post("/api/articles", json=batch, headers=auth())
    assert answer.status_code == 201
    assert answer.json()["added"] == ["api-batch-1"]
    assert answer.json()["failed"] == [
        {"record": "2", "reason": "record has no 'text' or 'html' field; nothing to analyse"}
    ]
    only_bad = client.post("/api/articles", json=[{"text": "  "}], headers=auth())
    assert "record 1" in error_of(only_bad, 422)
    assert "empty" in error_of(client.post("/api/articles", json=[], headers=auth()), 422)
    not_json = client.post(
        "/api/articles", content=b"{nope", headers={**auth(), "Content-Type": "application/json"}
    )
    assert "JSON" in error_of(not_json, 422)
    wrong_type = client.post("/api/articles", json={"text": ["a"]}, headers=auth())
    assert "body text" in error_of(wrong_type, 422)


def test_api_body_limit_is_413(client: TestClient) -> None:
    big = {"id": "big", "text": "Wort " * (1024 * 1024 + 10)}
    answer = client.post("/api/articles", json=big, headers=auth())
    assert "at most 5 MB" in error_of(answer, 413)
    assert client.get("/api/articles/big").status_code == 404


# -- web pages --------------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "url",
    [
        "/",
        "/search?q=Angriff",
        "/articles/hostile-1",
        "/entities/per:olaf-sholz",
        "/entities?q=Scholz",
        "story",
    ],
)
def test_web_pages_escape_article_markup(client: TestClient, url: str) -> None:
    if url == "story":
        url = "/stories/" + client.get("/api/stories", params={"entity": "Scholz"}).json()[0]["id"]
    page = client.get(url)
    assert page.status_code == 200
    assert page.headers["content-type"].startswith("text/html")
    html = page.text
    for markup in HOSTILE_MARKUP:
        assert markup not in html
    assert "<script" not in html  # the UI needs no script at all
    if url != "/entities?q=Scholz":
        assert any(escaped in html for escaped in ESCAPED)
    csp = page.headers["content-security-policy"]
    assert "script-src 'self'" in csp and "default-src 'none'" in csp and "unsafe-inline" not in csp


def test_web_article_page_highlights_and_links(client: TestClient) -> None:
    html = client.get("/articles/hostile-1").text
    assert 'href="/entities/per%3Aolaf-sholz"' in html
    assert 'class="quote"' in html or 'class="quote ' in html
    assert "<details" in html and "/articles/hostile-1/raw" in html
    assert "javascript:" not in html  # the hostile url is not made a link
    assert "Testblatt &lt;b&gt;Nachrichten&lt;/b&gt;" in html


def test_web_raw_input_is_plain_text(client: TestClient) -> None:
    raw = client.get("/articles/hostile-1/raw")
    assert raw.headers["content-type"].startswith("text/plain")
    assert raw.headers["x-content-type-options"] == "nosniff"
    assert "<script>alert(1)</script>" in raw.text


def test_web_search_page_facets_and_404_page(client: TestClient) -> None:
    html = client.get("/search?q=Gespräch").text
    assert "2</strong> Treffer" in html and "Fox News" in html and "<svg" in html
    assert "entity=per%3Asergey-lavrov" in html
    missing = client.get("/articles/nope", headers={"Accept": "text/html"})
    assert missing.status_code == 404 and "Kein Artikel" in missing.text
    no_story = client.get("/stories/s1", headers={"Accept": "text/html"})
    assert no_story.status_code == 404 and "Keine Geschichte" in no_story.text


# -- a real server ------------------------------------------------------------------------------------------
def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_serve_answers_over_http(api_db: str, tmp_path: Path) -> None:
    port = free_port()
    env = {**os.environ, "LAGEBILD_API_TOKEN": ""}
    log = tmp_path / "serve.log"
    with log.open("wb") as sink:
        proc = subprocess.Popen(
            [sys.executable, "-m", "lagebild", "serve", "--db", api_db, "--port", str(port)],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=sink,
        )
    try:
        base = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 30
        while True:
            try:
                answer = httpx.get(f"{base}/api/search", params={"q": "Genf"}, timeout=5)
                break
            except httpx.TransportError:
                assert proc.poll() is None, log.read_text(encoding="utf-8")
                assert time.monotonic() < deadline, "lagebild serve did not answer within 30 s"
                time.sleep(0.2)
        assert answer.status_code == 200
        assert answer.json()["hits"][0]["title"].startswith("Top-Diplomaten")
        assert "read-only" in log.read_text(encoding="utf-8")
        refused = httpx.post(f"{base}/api/articles", json=ARTICLE, timeout=5)
        assert refused.status_code == 403 and json.loads(refused.text)["error"]
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def test_api_reads_answer_while_a_batch_is_analysed(tmp_path: Path) -> None:
    """Analysis runs on the writer thread: a search answers in the middle of a long POST (the first
    one also loads the models). Its own store, so these articles change nothing for other tests."""
    lines = (Path(__file__).resolve().parents[1] / "samples/corpus/wikinews-de.jsonl").read_text(
        encoding="utf-8"
    )
    # enough articles that analysing them outlasts the read even with the models already loaded
    batch = [json.loads(line) for line in lines.splitlines()[:120]]
    done: list[httpx.Response] = []
    with TestClient(create_app(f"sqlite:///{tmp_path / 'w.db'}", token=TOKEN)) as client:
        poster = threading.Thread(
            target=lambda: done.append(client.post("/api/articles", json=batch, headers=auth()))
        )
        poster.start()
        time.sleep(0.3)
        answer = client.get("/api/search", params={"q": "Flugzeug"})
        still_analysing = poster.is_alive()  # the read did not wait for the batch
        poster.join(timeout=120)
        after = client.get("/api/search", params={"q": "Flugzeug"}).json()["total"]
    assert answer.status_code == 200 and answer.json()["total"] < after
    assert still_analysing
    assert done[0].status_code == 201 and len(done[0].json()["added"]) == 120
