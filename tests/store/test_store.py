"""The store suite, run on every backend (SQLite file, PostgreSQL server): idempotency, rollback,
search, sources, migrations and concurrent writers give the same results on both."""

from __future__ import annotations

import json
import sqlite3
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from lagebild.errors import StoreError
from lagebild.model import Article, Outlet
from lagebild.store import open_store
from lagebild.store.postgres import PostgresStore
from lagebild.store.sql import SQLStore
from lagebild.store.sqlite import SQLiteStore

SHIPPED = Path(__file__).resolve().parents[2] / "src/lagebild/store/migrations"
TALKS = "Die Außenminister führten am Freitag Gespräche in Genf über die Ukraine."
SUMMIT = "Beim Gipfel in Brüssel sprachen die Regierungschefs über Energiepreise."


def article(id: str, text: str, **kw: object) -> Article:
    fields: dict = {"title": f"Titel {id}", "published": "2022-01-21", "language": "de"} | kw
    return Article(id=id, path=f"{id}.txt", raw=text, text=text, **fields)


def write_errors() -> tuple[type[BaseException], ...]:
    """What a database raises for a value it cannot store, whichever the backend."""
    try:
        import psycopg

        return (sqlite3.Error, TypeError, psycopg.Error)
    except ImportError:
        return (sqlite3.Error, TypeError)


def open_with(db_url: str, migrations: Path) -> SQLStore:
    """A store of the backend `db_url` names, migrated with the scripts of `migrations` only."""
    if db_url.startswith("sqlite:///"):
        return SQLiteStore(db_url[len("sqlite:///") :], migrations=migrations)
    return PostgresStore(db_url, migrations=migrations)


def shipped(db_url: str) -> Path:
    return SHIPPED if db_url.startswith("sqlite") else SHIPPED / "postgres"


def test_store_same_article_twice_is_stored_once(store: SQLStore) -> None:
    first = store.write_batch([article("a", TALKS)])
    again = store.write_batch([article("a", TALKS), article("b", TALKS), article("a", TALKS)])
    assert first.added == ["a"]
    assert again.added == []
    assert again.duplicates == [("a", "a"), ("b", "a"), ("a", "a")]
    assert store.count() == 1


def test_store_failed_batch_rolls_back_whole(store: SQLStore) -> None:
    store.write_batch([article("a", TALKS)])
    bad = article("c", "Noch ein Text über etwas anderes.", record=object())  # not bindable
    with pytest.raises(write_errors()):
        store.write_batch([article("b", SUMMIT), bad])
    assert store.count() == 1
    assert store.get("b") is None
    assert store.write_batch([article("b", SUMMIT)]).added == ["b"]


def test_store_search_matches_german_inflections_and_umlauts(store: SQLStore) -> None:
    store.write_batch(
        [
            article("talks", TALKS, outlet=Outlet("Fox News", "x")),
            article("summit", SUMMIT, published="2021-12", outlet=Outlet("RT DE", "y")),
        ]
    )
    assert [h.id for h in store.search("Gespräch")] == ["talks"]
    assert [h.id for h in store.search("aussenministers")] == ["talks"]
    assert [h.id for h in store.search("Brussel")] == ["summit"]
    assert {h.id for h in store.search("Genf OR Gipfel")} == {"talks", "summit"}
    assert [h.id for h in store.search('"Gespräche in Genf"')] == ["talks"]
    assert store.search('"Genf Gespräche"') == []
    assert [h.id for h in store.search("über -Ukraine")] == ["summit"]
    assert [h.id for h in store.search("über", outlet="rt de")] == ["summit"]
    assert [h.id for h in store.search("über", since="2021-12-15", until="2021-12-31")] == ["summit"]
    assert [h.id for h in store.search("über", since="2022")] == ["talks"]
    assert [h.id for h in store.search("über", language="en")] == []
    assert "[Gespräche]" in store.search("Gespräch")[0].snippet
    assert [h.id for h in store.search("über", limit=1)] != []


def test_store_search_hyphenated_compounds_match_their_parts(store: SQLStore) -> None:
    store.write_batch([article("us", "Der US-Außenminister traf in Genf ein.")])
    assert [h.id for h in store.search("Außenminister")] == ["us"]
    assert [h.id for h in store.search('"US-Außenminister traf"')] == ["us"]
    assert [h.id for h in store.search('"Der US"')] == ["us"]


@pytest.mark.parametrize(
    "query",
    [
        '"unclosed',
        "NOT(",
        "AND OR",
        "stems:x",
        "*",
        'a" OR "b',
        "x & y | !z",
        "a:* <-> b",
        "'; --",
        "_",
        "%s",
        "%(x)s",
    ],
)
def test_store_hostile_query_never_leaks_database_errors(store: SQLStore, query: str) -> None:
    store.write_batch([article("talks", TALKS)])
    try:
        store.search(query)
    except StoreError as exc:
        assert "Search query" in str(exc) or "Cannot search" in str(exc)


def test_store_sources_mark_resume(db_url: str) -> None:
    with open_store(db_url) as store:
        assert not store.has_source("x.txt", "d1")
        store.mark_source("x.txt", "d1", 1, 0)
        store.mark_source("x.txt", "d1", 2, 0)  # marking again replaces, as a re-run after a crash does
    with open_store(db_url) as store:
        assert store.has_source("x.txt", "d1")
        assert not store.has_source("x.txt", "d2")
        assert store.stats()["sources"] == 1


def test_store_migration_upgrades_and_refuses_newer(db_url: str, tmp_path: Path) -> None:
    first = tmp_path / "first"
    first.mkdir()
    (first / "0001_init.sql").write_text(
        (shipped(db_url) / "0001_init.sql").read_text(encoding="utf-8"), encoding="utf-8"
    )
    old = open_with(db_url, first)  # a database from before entity mentions had a table
    assert old.schema_version() == 1
    entity = {"start": 0, "end": 6, "text": "Lawrow", "label": "PER", "entity_id": "per:sergey-lavrov"}
    quote = {"start": 0, "end": 6, "text": "Lawrow", "type": "direct", "speaker": {"text": "Er"}}
    old.fetch_all(
        "INSERT INTO articles (id, content_hash, raw, text, record_json, published)"
        " VALUES (?, ?, ?, ?, ?, ?)",
        ("old", "h", "Lawrow", "Lawrow", json.dumps({"entities": [entity], "quotes": [quote]}), "2021-12"),
    )
    old.close()
    with open_store(db_url) as store:  # upgraded: the old article's entities and quotes are indexed too
        (profile,) = store.entity_profiles(["per:sergey-lavrov"], [])
        assert (profile.mentions, profile.first_seen) == (1, "2021-12")
        (hit,) = store.quotes(speaker_ids=[], speaker_keys=["er"])
        assert (hit.article_id, hit.type, hit.speaker) == ("old", "direct", "Er")
        store.write_batch([article("a", TALKS)])
        assert [h.id for h in store.search("Gespräche")] == ["a"]
    later = tmp_path / "later"
    later.mkdir()
    for script in shipped(db_url).glob("*.sql"):
        (later / script.name).write_text(script.read_text(encoding="utf-8"), encoding="utf-8")
    latest = max(int(p.name[:4]) for p in later.glob("*.sql"))
    (later / f"{latest + 1:04d}_notes.sql").write_text("CREATE TABLE notes (id TEXT);\n", encoding="utf-8")
    with open_with(db_url, later) as store2:
        assert store2.schema_version() == latest + 1
        assert store2.count() == 2
    with pytest.raises(StoreError, match="newer than this lagebild"):
        open_store(db_url)


def test_store_a_failing_migration_leaves_the_previous_version(db_url: str, tmp_path: Path) -> None:
    scripts = tmp_path / "m"
    scripts.mkdir()
    for script in shipped(db_url).glob("*.sql"):
        (scripts / script.name).write_text(script.read_text(encoding="utf-8"), encoding="utf-8")
    latest = max(int(p.name[:4]) for p in scripts.glob("*.sql"))
    (scripts / f"{latest + 1:04d}_broken.sql").write_text(
        "CREATE TABLE half (id TEXT);\nINSERT INTO no_such_table VALUES (1);\n", encoding="utf-8"
    )
    with pytest.raises(Exception, match="no_such_table"):
        open_with(db_url, scripts)
    with open_store(db_url) as store:
        assert store.schema_version() == latest
        assert store.fetch_all("SELECT count(*) AS n FROM articles")[0]["n"] == 0
        with pytest.raises(Exception):  # noqa: B017
            store.fetch_all("SELECT * FROM half")


def test_store_stats_and_records_in_order(store: SQLStore) -> None:
    store.write_batch([article("a", TALKS, outlet=Outlet("Fox News", "x")), article("b", SUMMIT)])
    stats = store.stats()
    assert stats["articles"] == 2
    assert stats["outlets"] == {"Fox News": 1, "unknown": 1}
    assert (stats["first_published"], stats["last_published"]) == ("2022-01-21", "2022-01-21")
    assert [r["id"] for r in store.iter_records()] == ["a", "b"]
    assert store.get("a")["text"] == TALKS  # type: ignore[index]
    assert store.get("nope") is None


def test_store_concurrent_writers_lose_nothing_and_store_nothing_twice(db_url: str) -> None:
    """Two ingests at once, over overlapping articles in opposite orders (the order that deadlocks)."""
    texts = [f"Meldung Nummer {i}: {TALKS} {i}" for i in range(60)]
    batches = [[article(f"x{i}", t) for i, t in enumerate(texts)][k : k + 6] for k in range(0, 60, 6)]
    results: dict[int, list[list[str]]] = {}
    errors: list[BaseException] = []
    open_store(db_url).close()  # migrated once, before the race

    def writer(n: int, order: list[list[Article]]) -> None:
        try:
            with open_store(db_url) as store:
                results[n] = [store.write_batch(b).added for b in order]
        except BaseException as exc:
            errors.append(exc)

    threads = [
        threading.Thread(target=writer, args=(0, batches)),
        threading.Thread(target=writer, args=(1, [list(reversed(b)) for b in reversed(batches)])),
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    added = [id for n in results for batch in results[n] for id in batch]
    assert sorted(added) == sorted(f"x{i}" for i in range(60))  # each article added exactly once
    with open_store(db_url) as store:
        assert store.count() == 60


@pytest.fixture
def two_stores(db_url: str) -> Iterator[tuple[SQLStore, SQLStore]]:
    with open_store(db_url) as a, open_store(db_url) as b:
        yield a, b  # type: ignore[misc]


def test_store_second_connection_sees_committed_batches(two_stores: tuple[SQLStore, SQLStore]) -> None:
    a, b = two_stores
    a.write_batch([article("a", TALKS)])
    assert b.count() == 1
    assert b.write_batch([article("a2", TALKS)]).duplicates == [("a2", "a")]


def test_store_opened_by_two_processes_at_once_is_migrated_once(db_url: str) -> None:
    errors: list[BaseException] = []

    def opener() -> None:
        try:
            open_store(db_url).close()
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=opener) for _ in range(3)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    with open_store(db_url) as store:
        assert store.schema_version() == max(int(p.name[:4]) for p in shipped(db_url).glob("*.sql"))


def named(id: str, text: str, names: list[tuple[str, str, str]], **kw: object) -> Article:
    """An article whose text names these (text, entity id, label)."""
    from lagebild.model import Mention

    a = article(id, text, **kw)
    a.entities = [
        Mention(text.index(t), text.index(t) + len(t), t, label, entity_id, t)
        for t, entity_id, label in names
    ]
    return a


def test_store_search_pages_entity_filter_facets_and_entity_lists(store: SQLStore) -> None:
    lavrov = ("Lawrow", "per:sergey-lavrov", "PER")
    blinken = ("Blinken", "per:antony-blinken", "PER")
    genf = ("Genf", "loc:genf", "LOC")
    store.write_batch(
        [
            named("a", "Lawrow und Blinken führten Gespräche in Genf.", [lavrov, blinken, genf],
                  outlet=Outlet("Fox News", "x")),
            named("b", "Lawrow lobte die Gespräche.", [lavrov], published="2021-12",
                  outlet=Outlet("RT DE", "y")),
            named("c", "Blinken plant weitere Gespräche.", [blinken], published="2022-01-25"),
        ]
    )  # fmt: skip
    pages = [[h.id for h in store.search("Gespräch", limit=2, offset=o)] for o in (0, 2, 4)]
    assert sorted(pages[0] + pages[1]) == ["a", "b", "c"] and len(pages[0]) == 2 and pages[2] == []
    assert sorted(h.id for h in store.search("Gespräch", entity_ids=["per:sergey-lavrov"])) == ["a", "b"]
    facets = store.search_facets("Gespräch")
    assert facets.total == 3
    assert dict(facets.outlets) == {"Fox News": 1, "RT DE": 1}
    assert facets.months == [("2021-12", 1), ("2022-01", 2)]
    assert [(e.entity_id, e.articles) for e in facets.entities][:2] == [
        ("per:antony-blinken", 2), ("per:sergey-lavrov", 2)
    ]  # fmt: skip
    only = store.search_facets("Gespräch", outlet="rt de", entity_ids=["per:sergey-lavrov"])
    assert (only.total, [e.entity_id for e in only.entities]) == (1, ["per:sergey-lavrov"])
    assert [e.entity_id for e in store.top_entities(limit=2)] == ["per:antony-blinken", "per:sergey-lavrov"]
    assert [e.entity_id for e in store.top_entities(label="LOC")] == ["loc:genf"]
    from lagebild.nlp.entities.names import name_key

    assert [e.entity_id for e in store.find_entities(name_key("Lawrow")[:3])] == ["per:sergey-lavrov"]
    assert {e.entity_id for e in store.cooccurring("per:sergey-lavrov")} == {"per:antony-blinken", "loc:genf"}
    assert store.entity_months("per:antony-blinken") == [("2022-01", 2)]
    assert [a.id for a in store.latest(limit=2)] == ["c", "a"]
    assert store.raw("b") == ("Lawrow lobte die Gespräche.", None) and store.raw("x") is None
    before = store.generation()
    store.write_batch([article("d", SUMMIT)])
    assert store.generation() > before
