"""The embedded default store: one SQLite file, WAL, FTS5 with German stems, migrations.

One transaction per batch: a batch that fails is rolled back whole, so the file is never left
half-written. Duplicates (same id, or same clean text under another id) are skipped and reported.
"""

from __future__ import annotations

import json
import re
import sqlite3
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from importlib import resources
from pathlib import Path
from typing import Any

from lagebild.errors import StoreError
from lagebild.link.graph import ArticleLinks, LinkChanges, LinkGraph
from lagebild.link.stories import Story
from lagebild.model import Article, content_id
from lagebild.nlp.names import name_key
from lagebild.store.base import (
    ArticleHit,
    BatchResult,
    EntityCount,
    EntityProfile,
    EventHit,
    QuoteHit,
    SearchFacets,
    SearchHit,
    StoryArticle,
    StoryHit,
)
from lagebild.store.links import (
    FEATURE_COLUMNS,
    STORY_COLUMNS,
    feature_from_row,
    feature_row,
    story_from_row,
    story_row,
)
from lagebild.store.stems import stem, stems, words

MIGRATIONS = resources.files("lagebild.store") / "migrations"
_MIGRATION_NAME = re.compile(r"^(\d{4})_[\w-]+\.sql$")


class SQLiteStore:
    """A store in one SQLite file (or `:memory:`)."""

    def __init__(self, path: str, *, migrations: Path | None = None) -> None:
        self.path = path
        if path != ":memory:":
            parent = Path(path).resolve().parent
            if not parent.is_dir():
                raise StoreError(f"Cannot create database {path}: directory {parent} does not exist.")
        try:
            self.conn = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
            self.conn.row_factory = sqlite3.Row
            self.conn.execute("PRAGMA busy_timeout = 10000")
            self.conn.execute("PRAGMA journal_mode = WAL")
            self.conn.execute("PRAGMA foreign_keys = ON")
            # Reads straight from the memory-mapped file instead of copying pages into each
            # connection's small cache: the server's many read connections share the mapping
            # (facet counts about 15 % faster on a 10,000-article store).
            self.conn.execute("PRAGMA mmap_size = 268435456")
            migrate(self.conn, migrations)
        except sqlite3.DatabaseError as exc:
            raise StoreError(
                f"{path} is not a usable lagebild SQLite database ({exc}); choose another --db."
            ) from exc

    # -- sources: which input files are fully ingested -------------------------------------------
    def has_source(self, key: str, digest: str) -> bool:
        row = self.conn.execute(
            "SELECT 1 FROM sources WHERE key = ? AND digest = ?", (key, digest)
        ).fetchone()
        return row is not None

    def mark_source(self, key: str, digest: str, articles: int, failures: int) -> None:
        self.conn.execute(
            "INSERT OR REPLACE INTO sources (key, digest, articles, failures) VALUES (?, ?, ?, ?)",
            (key, digest, articles, failures),
        )

    # -- articles -----------------------------------------------------------------------------------
    def write_batch(self, articles: Sequence[Article], links: LinkChanges | None = None) -> BatchResult:
        """Store new articles and, in the same transaction, what linking them changed."""
        result = BatchResult()
        cur = self.conn.cursor()
        cur.execute("BEGIN IMMEDIATE")
        try:
            for article in articles:
                chash = content_id(article.text)
                row = cur.execute(
                    "SELECT id FROM articles WHERE id = ? OR content_hash = ? LIMIT 1", (article.id, chash)
                ).fetchone()
                if row is not None:
                    result.duplicates.append((article.id, row["id"]))
                    continue
                record = article.to_record()
                cur.execute(
                    "INSERT INTO articles (id, content_hash, path, url, record, title, published,"
                    " language, outlet, outlet_evidence, agencies, raw, html, text, record_json,"
                    " duplicate_of, translation_of, story_id)"
                    " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    (
                        article.id, chash, article.path, article.url, article.record,
                        article.title, article.published, article.language,
                        article.outlet.name if article.outlet else None,
                        article.outlet.evidence if article.outlet else None,
                        json.dumps(article.agencies), article.raw, article.html, article.text,
                        json.dumps(record, ensure_ascii=False),
                        article.duplicate_of, article.translation_of, article.story_id,
                    ),
                )  # fmt: skip
                cur.execute(
                    "INSERT INTO articles_fts (rowid, title, text, stems) VALUES (?, ?, ?, ?)",
                    (
                        cur.lastrowid,
                        article.title or "",
                        article.text,
                        stems(f"{article.title or ''} {article.text}"),
                    ),
                )
                cur.executemany(
                    "INSERT INTO mentions (article_id, entity_id, label, canonical, text, name_key, start,"
                    ' "end", role, published) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
                    [
                        (
                            article.id,
                            m.entity_id,
                            m.label,
                            m.canonical or m.text,
                            m.text,
                            name_key(m.text),
                            m.start,
                            m.end,
                            m.role.text if m.role else None,
                            article.published,
                        )
                        for m in article.entities
                        if m.entity_id
                    ],
                )
                cur.executemany(
                    'INSERT INTO quotes (article_id, n, field, type, text, start, "end", cue, speaker,'
                    " speaker_key, speaker_entity_id, speaker_canonical, addressee, addressee_entity_id,"
                    " published, outlet, story_id)"
                    " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    [_quote_row(article, n, q) for n, q in enumerate(article.quotes)],
                )
                for n, e in enumerate(article.events):
                    cur.execute(
                        "INSERT INTO events (article_id, n, event_id, type, status, date, place,"
                        ' participant_names, evidence, start, "end", published, outlet, story_id)'
                        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                        (
                            article.id,
                            n,
                            e["id"],
                            e["type"],
                            e["status"],
                            e.get("date"),
                            e.get("place"),
                            json.dumps(e.get("participant_names", []), ensure_ascii=False),
                            article.text[e["start"] : e["end"]],
                            e["start"],
                            e["end"],
                            article.published,
                            article.outlet.name if article.outlet else None,
                            article.story_id,
                        ),
                    )
                    cur.executemany(
                        "INSERT INTO event_participants (article_id, n, entity_id) VALUES (?, ?, ?)",
                        [(article.id, n, p) for p in dict.fromkeys(e["participants"])],
                    )
                result.added.append(article.id)
            if links is not None:
                _write_links(cur, links, set(result.added))
            cur.execute("COMMIT")
        except BaseException:
            cur.execute("ROLLBACK")
            raise
        return result

    def get(self, id: str) -> dict[str, Any] | None:
        row = self.conn.execute(f"{_RECORD_SELECT} WHERE a.id = ?", (id,)).fetchone()
        return _record(row) if row else None

    def iter_records(self) -> Iterator[dict[str, Any]]:
        last = 0
        while True:  # pages by rowid, so a huge store streams instead of loading whole
            rows = self.conn.execute(
                f"{_RECORD_SELECT} WHERE a.rowid > ? ORDER BY a.rowid LIMIT 500", (last,)
            ).fetchall()
            if not rows:
                return
            for row in rows:
                yield _record(row)
            last = rows[-1]["rowid"]

    def count(self) -> int:
        return int(self.conn.execute("SELECT count(*) FROM articles").fetchone()[0])

    def stats(self) -> dict[str, Any]:
        q = self.conn.execute
        outlets = {
            r[0]: r[1]
            for r in q(
                "SELECT coalesce(outlet, 'unknown'), count(*) n FROM articles GROUP BY 1 ORDER BY n DESC, 1"
            ).fetchall()
        }
        languages = {
            r[0]: r[1]
            for r in q(
                "SELECT coalesce(language, 'unknown'), count(*) n FROM articles GROUP BY 1 ORDER BY n DESC"
            ).fetchall()
        }
        first, last = q("SELECT min(published), max(published) FROM articles").fetchone()
        people = [
            (r[0], r[1])
            for r in q(
                "SELECT canonical, count(DISTINCT article_id) n FROM mentions WHERE label = 'PER'"
                " GROUP BY entity_id ORDER BY n DESC, canonical LIMIT 8"
            ).fetchall()
        ]
        return {
            "mentions": int(q("SELECT count(*) FROM mentions").fetchone()[0]),
            "entities": int(q("SELECT count(DISTINCT entity_id) FROM mentions").fetchone()[0]),
            "quotes": int(q("SELECT count(*) FROM quotes").fetchone()[0]),
            "events": int(q("SELECT count(DISTINCT event_id) FROM events").fetchone()[0]),
            "top_people": people,
            "articles": self.count(),
            "outlets": outlets,
            "languages": languages,
            "first_published": first,
            "last_published": last,
            "sources": int(q("SELECT count(*) FROM sources").fetchone()[0]),
        }

    # -- search -------------------------------------------------------------------------------------
    def search(
        self,
        query: str,
        *,
        outlet: str | None = None,
        language: str | None = None,
        since: str | None = None,
        until: str | None = None,
        entity_ids: Sequence[str] | None = None,
        limit: int = 20,
        offset: int = 0,
    ) -> list[SearchHit]:
        where, params, positive = _hit_filter(query, outlet, language, since, until, entity_ids)
        # Rank rowids first and read the texts of one page only: a sort that carried every hit's
        # text would read them all. Without a filter on articles the index ranks alone, no join.
        ranked = (
            f"SELECT a.rowid AS r, bm25(articles_fts) AS score {where} ORDER BY score, a.rowid"
            if len(params) > 1
            else "SELECT rowid AS r, bm25(articles_fts) AS score FROM articles_fts"
            " WHERE articles_fts MATCH ? ORDER BY score, rowid"
        )
        sql = (
            f"SELECT a.id, a.title, a.published, a.outlet, a.text, h.score FROM ({ranked} LIMIT ? OFFSET ?) h"
            " JOIN articles a ON a.rowid = h.r ORDER BY h.score, a.rowid"
        )
        rows = self._fts(sql, [*params, limit, max(offset, 0)], query)
        return [
            SearchHit(
                r["id"], r["title"], r["published"], r["outlet"], snippet(r["text"], positive), -r["score"]
            )
            for r in rows
        ]

    def search_facets(
        self,
        query: str,
        *,
        outlet: str | None = None,
        language: str | None = None,
        since: str | None = None,
        until: str | None = None,
        entity_ids: Sequence[str] | None = None,
        top: int = 10,
    ) -> SearchFacets:
        """Counts over every hit. Each query starts from the FTS match, so the cost grows with the
        hits, not with the store; mentions are reached through their article index."""
        where, params, _ = _hit_filter(query, outlet, language, since, until, entity_ids)
        groups = self._fts(
            f"SELECT a.outlet, substr(a.published, 1, 7) m, count(*) n {where} GROUP BY 1, 2", params, query
        )
        outlets: Counter[str] = Counter()
        months: Counter[str] = Counter()
        for r in groups:
            outlets[r["outlet"]] += r["n"]
            months[r["m"]] += r["n"]
        # entity_id and article_id only, so the index mentions_article_entity answers alone
        ranked = self._fts(
            "SELECT m.entity_id, count(DISTINCT m.article_id) n FROM mentions m"
            f" WHERE m.article_id IN (SELECT a.id {where}) GROUP BY m.entity_id ORDER BY n DESC LIMIT ?",
            [*params, top * 2],  # twice as many, so ties are broken by name below, not by chance
            query,
        )
        entities = []
        for entity_id, n in ranked:
            head = self.conn.execute(
                "SELECT canonical, label FROM mentions WHERE entity_id = ? LIMIT 1", (entity_id,)
            ).fetchone()
            entities.append(EntityCount(entity_id, head["canonical"], head["label"].removesuffix("part"), n))
        entities.sort(key=lambda e: (-e.articles, e.canonical))
        return SearchFacets(
            total=sum(outlets.values()),
            outlets=[(o, n) for o, n in outlets.most_common() if o][:top],
            entities=entities[:top],
            months=sorted((m, n) for m, n in months.items() if m),
        )

    def _fts(self, sql: str, params: Sequence[Any], query: str) -> list[sqlite3.Row]:
        try:
            return self.conn.execute(sql, params).fetchall()
        except sqlite3.OperationalError as exc:
            raise StoreError(f"Cannot search for {query!r}: {exc}") from exc

    def generation(self) -> int:
        """A number that grows with every article stored, so answers can be cached until it moves."""
        return int(self.conn.execute("SELECT coalesce(max(rowid), 0) FROM articles").fetchone()[0])

    def latest(self, *, limit: int = 10) -> list[ArticleHit]:
        """The newest articles by publication date (index `articles_published`)."""
        rows = self.conn.execute(
            "SELECT id, title, published, outlet FROM articles WHERE published IS NOT NULL"
            " ORDER BY published DESC, rowid DESC LIMIT ?",
            (limit,),
        ).fetchall()
        return [ArticleHit(r["id"], r["title"], r["published"], r["outlet"]) for r in rows]

    def raw(self, id: str) -> tuple[str, str | None] | None:
        """The input as given (and the page HTML, for HTML input): what the analysis started from."""
        row = self.conn.execute("SELECT raw, html FROM articles WHERE id = ?", (id,)).fetchone()
        return (row["raw"], row["html"]) if row else None

    # -- entities -----------------------------------------------------------------------------------
    def entity_profiles(self, entity_ids: Sequence[str], name_keys: Sequence[str]) -> list[EntityProfile]:
        """Entities with one of these ids, or mentioned under a form with one of these name keys."""
        ids, keys = list(entity_ids), list(name_keys)
        q = self.conn.execute
        found = q(
            f"SELECT DISTINCT entity_id FROM mentions WHERE entity_id IN ({_marks(ids)})"
            f" OR name_key IN ({_marks(keys)})",
            ids + keys,
        ).fetchall()
        profiles = []
        for (entity_id,) in found:
            head = q(  # the label and canonical name most mentions carry
                "SELECT label, canonical FROM mentions WHERE entity_id = ?"
                " GROUP BY label, canonical ORDER BY count(*) DESC LIMIT 1",
                (entity_id,),
            ).fetchone()
            variants = q(
                "SELECT text, count(*) n FROM mentions WHERE entity_id = ?"
                " GROUP BY text ORDER BY n DESC, text",
                (entity_id,),
            ).fetchall()
            roles = q(
                "SELECT role, count(*) n, min(published), max(published) FROM mentions"
                " WHERE entity_id = ? AND role IS NOT NULL GROUP BY role ORDER BY n DESC, role",
                (entity_id,),
            ).fetchall()
            totals = q(
                "SELECT count(*), count(DISTINCT article_id), min(published), max(published) FROM mentions"
                " WHERE entity_id = ?",
                (entity_id,),
            ).fetchone()
            profiles.append(
                EntityProfile(
                    entity_id,
                    head["label"].removesuffix("part"),
                    head["canonical"],
                    totals[0],
                    totals[1],
                    totals[2],
                    totals[3],
                    [(r[0], r[1]) for r in variants],
                    [(r[0], r[1], r[2], r[3]) for r in roles],
                )
            )
        return sorted(profiles, key=lambda p: -p.mentions)

    def top_entities(self, *, label: str | None = None, limit: int = 20) -> list[EntityCount]:
        """The entities named in the most articles. This reads every mention (through the index on
        entity ids); the web app caches it rather than the store keeping a counter table."""
        where = "WHERE label IN (?, ?)" if label else ""
        params: list[Any] = [label, f"{label}part"] if label else []
        rows = self.conn.execute(
            "SELECT entity_id, max(canonical) canonical, max(label) label, count(DISTINCT article_id) n"
            f" FROM mentions {where} GROUP BY entity_id ORDER BY n DESC, canonical LIMIT ?",
            [*params, limit],
        ).fetchall()
        return [_entity_count(r) for r in rows]

    def find_entities(self, prefix_key: str, *, limit: int = 20) -> list[EntityCount]:
        """Entities mentioned under a form whose name key starts with `prefix_key` (index range scan)."""
        if not prefix_key:
            return []
        rows = self.conn.execute(
            "SELECT entity_id, max(canonical) canonical, max(label) label, count(DISTINCT article_id) n"
            " FROM mentions WHERE entity_id IN (SELECT DISTINCT entity_id FROM mentions"
            " WHERE name_key >= ? AND name_key < ?) GROUP BY entity_id ORDER BY n DESC, canonical LIMIT ?",
            (prefix_key, prefix_key + "\uffff", limit),
        ).fetchall()
        return [_entity_count(r) for r in rows]

    def cooccurring(self, entity_id: str, *, limit: int = 15) -> list[EntityCount]:
        """Entities named in the same articles as this one, by number of shared articles."""
        rows = self.conn.execute(
            "SELECT o.entity_id, max(o.canonical) canonical, max(o.label) label,"
            " count(DISTINCT o.article_id) n FROM mentions o"
            " WHERE o.article_id IN (SELECT article_id FROM mentions WHERE entity_id = ?)"
            " AND o.entity_id != ? GROUP BY o.entity_id ORDER BY n DESC, canonical LIMIT ?",
            (entity_id, entity_id, limit),
        ).fetchall()
        return [_entity_count(r) for r in rows]

    def entity_months(self, entity_id: str) -> list[tuple[str, int]]:
        """In how many articles of each month the entity is named, oldest month first."""
        rows = self.conn.execute(
            "SELECT substr(published, 1, 7) m, count(DISTINCT article_id) n FROM mentions"
            " WHERE entity_id = ? AND published IS NOT NULL GROUP BY m ORDER BY m",
            (entity_id,),
        ).fetchall()
        return [(r["m"], r["n"]) for r in rows]

    # -- quotes -------------------------------------------------------------------------------------
    def quotes(
        self,
        *,
        speaker_ids: Sequence[str] | None = None,
        speaker_keys: Sequence[str] = (),
        story: str | None = None,
        stories: Sequence[str] | None = None,
        outlet: str | None = None,
        limit: int = 100,
    ) -> list[QuoteHit]:
        """Stored quotes, newest first; `speaker_ids`/`speaker_keys` narrow them to one speaker."""
        sql = [
            "SELECT q.*, a.title FROM quotes q JOIN articles a ON a.id = q.article_id WHERE 1 = 1",
        ]
        params: list[Any] = []
        if speaker_ids is not None:
            ids, keys = list(speaker_ids), list(speaker_keys)
            sql.append(f"AND (q.speaker_entity_id IN ({_marks(ids)}) OR q.speaker_key IN ({_marks(keys)}))")
            params += ids + keys
        if story:
            sql.append("AND q.story_id = ?")
            params.append(story)
        if stories is not None:
            sql.append(f"AND q.story_id IN ({_marks(stories)})")
            params += list(stories)
        if outlet:
            sql.append("AND q.outlet = ? COLLATE NOCASE")
            params.append(outlet)
        sql.append("ORDER BY q.published DESC, q.article_id, q.n LIMIT ?")
        params.append(limit)
        return [
            QuoteHit(
                r["article_id"],
                r["title"],
                r["published"],
                r["outlet"],
                r["type"],
                r["text"],
                r["start"],
                r["end"],
                r["field"],
                r["cue"],
                r["speaker"],
                r["speaker_entity_id"],
                r["speaker_canonical"],
            )
            for r in self.conn.execute(" ".join(sql), params).fetchall()
        ]

    # -- events -------------------------------------------------------------------------------------
    def events(
        self,
        *,
        entity_ids: Sequence[str] | None = None,
        story: str | None = None,
        stories: Sequence[str] | None = None,
        limit: int = 1000,
    ) -> list[EventHit]:
        """Stored events (one row per reporting article), oldest first by event date, else publication."""
        sql = ["SELECT e.*, a.title FROM events e JOIN articles a ON a.id = e.article_id WHERE 1 = 1"]
        params: list[Any] = []
        if entity_ids is not None:
            ids = list(entity_ids)
            sql.append(
                "AND EXISTS (SELECT 1 FROM event_participants p WHERE p.article_id = e.article_id"
                f" AND p.n = e.n AND p.entity_id IN ({_marks(ids)}))"
            )
            params += ids
        if story:
            sql.append("AND e.story_id = ?")
            params.append(story)
        if stories is not None:
            sql.append(f"AND e.story_id IN ({_marks(stories)})")
            params += list(stories)
        sql.append("ORDER BY coalesce(e.date, e.published), e.published, e.article_id, e.n LIMIT ?")
        params.append(limit)
        return [
            EventHit(
                r["event_id"],
                r["article_id"],
                r["title"],
                r["published"],
                r["outlet"],
                r["type"],
                r["status"],
                r["date"],
                r["place"],
                json.loads(r["participant_names"]),
                r["evidence"],
            )
            for r in self.conn.execute(" ".join(sql), params).fetchall()
        ]

    # -- links and stories --------------------------------------------------------------------------
    def fresh(self, articles: Sequence[Article]) -> list[Article]:
        """The articles not stored yet (by id or clean text), each once: the ones linking must see."""
        out: list[Article] = []
        seen: set[str] = set()
        for article in articles:
            chash = content_id(article.text)
            if article.id in seen or chash in seen:
                continue
            seen.update((article.id, chash))
            row = self.conn.execute(
                "SELECT 1 FROM articles WHERE id = ? OR content_hash = ? LIMIT 1", (article.id, chash)
            ).fetchone()
            if row is None:
                out.append(article)
        return out

    def link_graph(self, days: Sequence[int], *, undated: bool, graph: LinkGraph | None = None) -> LinkGraph:
        """The stored articles a batch published on `days` can link to, and their stories.

        Dated articles within the link window of any of those days; undated ones (and, when the
        batch has undated articles, any article) only among the most recent `RECENT`: an undated
        article cannot be placed in time, and comparing it with the whole store would not scale.
        Stories that a new story may continue are fetched later, by the people they name.

        `graph`, the one returned for the previous batch of the same run, is extended rather than
        rebuilt: only days it does not cover yet are read, plus what other writers stored since. A
        graph that has fallen far behind the batch's days is replaced, so memory stays bounded.
        """
        from lagebild.link.linker import WINDOW_DAYS

        q = self.conn.execute
        needed = {d for lo, hi in _intervals(days, WINDOW_DAYS) for d in range(lo, hi + 1)}
        last = int(q("SELECT coalesce(max(rowid), 0) FROM articles").fetchone()[0])
        stale = graph is not None and (
            len(graph.features) > MAX_GRAPH
            or (bool(graph.covered) and bool(needed) and min(needed) - min(graph.covered) > 4 * WINDOW_DAYS)
        )
        rows: list[sqlite3.Row] = []
        if graph is None or stale:
            graph = self._graph([])
            graph.last_rowid = last
        elif graph.last_rowid < last:  # stored since the last batch, by this run or another writer
            rows += q(f"{_FEATURES_SELECT} WHERE a.rowid > ?", (graph.last_rowid,)).fetchall()
            graph.last_rowid = last
        for lo, hi in _intervals(sorted(needed - graph.covered), 0):
            rows += q(f"{_FEATURES_SELECT} WHERE f.day_hi >= ? AND f.day_lo <= ?", (lo, hi)).fetchall()
        graph.covered |= needed
        wanted = "all" if undated else "undated"
        if wanted not in graph.recent:
            where = "" if undated else "WHERE f.day_lo IS NULL"
            rows += q(f"{_FEATURES_SELECT} {where} ORDER BY a.rowid DESC LIMIT ?", (RECENT,)).fetchall()
            graph.recent.update((wanted, "undated"))
        return self._graph(rows, graph)

    def _articles_graph(self, ids: list[str]) -> LinkGraph:
        """These stored articles and their stories, as a graph to add to another."""
        rows = []
        for chunk in range(0, len(ids), 500):
            part = ids[chunk : chunk + 500]
            rows += self.conn.execute(
                f"{_FEATURES_SELECT} WHERE f.article_id IN ({_marks(part)})", part
            ).fetchall()
        return self._graph(rows)

    def _graph(self, rows: list[sqlite3.Row], graph: LinkGraph | None = None) -> LinkGraph:
        """Add these rows of link features, and the stories they belong to, to a graph (or a new one)."""
        q = self.conn.execute
        if graph is None:
            graph = LinkGraph(
                texts=self._texts, fetch_stories=self._stories_naming, fetch_articles=self._articles_graph
            )
        for row in rows:
            graph.add_article(
                feature_from_row(row),
                ArticleLinks(row["duplicate_of"], row["translation_of"], row["story_id"]),
            )
        story_ids = sorted(
            {r["story_id"] for r in rows if r["story_id"] and r["story_id"] not in graph.stories}
        )
        for chunk in range(0, len(story_ids), 500):
            part = story_ids[chunk : chunk + 500]
            for row in q(f"SELECT * FROM stories WHERE id IN ({_marks(part)})", part).fetchall():
                graph.add_story(story_from_row(row))
        return graph

    def _stories_naming(self, people: list[str], day_lo: int | None, day_hi: int | None) -> list[Story]:
        """Stored stories that name at least two of these people, within the storyline window."""
        from lagebild.link.stories import STORYLINE_DAYS

        sql = (
            "SELECT s.* FROM stories s JOIN (SELECT story_id FROM story_people"
            f" WHERE entity_id IN ({_marks(people)}) GROUP BY story_id HAVING count(*) >= 2) p"
            " ON p.story_id = s.id"
        )
        params: list[Any] = list(people)
        if day_lo is not None and day_hi is not None:
            sql += " WHERE s.day_lo IS NULL OR (s.day_hi >= ? AND s.day_lo <= ?)"
            params += [day_lo - STORYLINE_DAYS, day_hi + STORYLINE_DAYS]
        sql += " ORDER BY s.day_hi DESC LIMIT 200"
        return [story_from_row(r) for r in self.conn.execute(sql, params).fetchall()]

    def _texts(self, ids: Iterable[str]) -> dict[str, str]:
        wanted = list(ids)
        rows = self.conn.execute(f"SELECT id, text FROM articles WHERE id IN ({_marks(wanted)})", wanted)
        return {r["id"]: r["text"] for r in rows}

    def stories(
        self,
        *,
        since: str | None = None,
        until: str | None = None,
        entity_ids: Sequence[str] | None = None,
        outlet: str | None = None,
        storyline: str | None = None,
        limit: int = 50,
    ) -> list[StoryHit]:
        """Stories, newest first (by their last date; undated ones last)."""
        sql = ["SELECT s.* FROM stories s WHERE 1 = 1"]
        params: list[Any] = []
        if since:
            sql.append("AND s.last_date >= ?")
            params.append(since)
        if until:
            sql.append("AND s.first_date <= ? || '~'")
            params.append(until)
        if storyline:
            sql.append("AND s.storyline_id = ?")
            params.append(storyline)
        if entity_ids is not None:
            ids = list(entity_ids)
            sql.append(
                "AND EXISTS (SELECT 1 FROM articles a JOIN mentions m ON m.article_id = a.id"
                f" WHERE a.story_id = s.id AND m.entity_id IN ({_marks(ids)}))"
            )
            params += ids
        if outlet:
            sql.append(
                "AND EXISTS (SELECT 1 FROM articles a WHERE a.story_id = s.id"
                " AND a.outlet = ? COLLATE NOCASE)"
            )
            params.append(outlet)
        sql.append("ORDER BY s.last_date IS NULL, s.last_date DESC, s.n_articles DESC, s.id LIMIT ?")
        params.append(limit)
        return [_story_hit(r) for r in self.conn.execute(" ".join(sql), params).fetchall()]

    def story(self, id: str) -> StoryHit | None:
        row = self.conn.execute("SELECT * FROM stories WHERE id = ?", (id,)).fetchone()
        return _story_hit(row) if row else None

    def story_articles(self, story_ids: Sequence[str]) -> list[StoryArticle]:
        """The articles of these stories, oldest first."""
        ids = list(story_ids)
        rows = self.conn.execute(
            "SELECT id, title, published, outlet, language, duplicate_of, translation_of, story_id"
            f" FROM articles WHERE story_id IN ({_marks(ids)})"
            " ORDER BY published IS NULL, published, outlet, id",
            ids,
        ).fetchall()
        return [StoryArticle(*r) for r in rows]

    def close(self) -> None:
        self.conn.close()

    def __enter__(self) -> SQLiteStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


# Undated articles are compared with at most this many of the most recently stored ones.
RECENT = 20_000
# A graph kept from batch to batch is rebuilt when it holds more articles than this.
MAX_GRAPH = 100_000

_FEATURES_SELECT = (
    f"SELECT {', '.join('f.' + c for c in FEATURE_COLUMNS)}, a.duplicate_of, a.translation_of, a.story_id"
    " FROM link_features f JOIN articles a ON a.id = f.article_id"
)

_RECORD_SELECT = (
    "SELECT a.rowid, a.record_json, a.duplicate_of, a.translation_of, a.story_id, s.storyline_id"
    " FROM articles a LEFT JOIN stories s ON s.id = a.story_id"
)


def _intervals(days: Sequence[int], margin: int) -> list[tuple[int, int]]:
    """The days within `margin` of any of these days, as few disjoint ranges."""
    out: list[tuple[int, int]] = []
    for day in sorted(set(days)):
        if out and day - margin <= out[-1][1] + 1:
            out[-1] = (out[-1][0], day + margin)
        else:
            out.append((day - margin, day + margin))
    return out


def _record(row: sqlite3.Row) -> dict[str, Any]:
    """The stored record with its current links: later articles may have changed them."""
    record: dict[str, Any] = json.loads(row["record_json"])
    for key in ("duplicate_of", "translation_of", "story_id", "storyline_id"):
        record[key] = row[key]
    return record


def _story_hit(row: sqlite3.Row) -> StoryHit:
    return StoryHit(
        row["id"], row["storyline_id"], row["label"], row["first_date"], row["last_date"],
        row["n_articles"], json.loads(row["outlets"]),
    )  # fmt: skip


def _write_links(cur: sqlite3.Cursor, links: LinkChanges, added: set[str]) -> None:
    """Apply what linking changed; `added` are the new articles actually stored in this batch."""
    cur.executemany(
        f"INSERT OR REPLACE INTO link_features ({', '.join(FEATURE_COLUMNS)})"
        f" VALUES ({_marks(FEATURE_COLUMNS)})",
        [feature_row(f) for f in links.features if f.id in added],
    )
    for old, new in links.duplicate_roots.items():
        cur.execute(
            "UPDATE articles SET duplicate_of = ? WHERE (duplicate_of = ? OR id = ?) AND id != ?",
            (new, old, old, new),
        )
        cur.execute("UPDATE articles SET translation_of = ? WHERE translation_of = ?", (new, old))
    for gone, kept in links.merged_stories.items():
        for table in ("articles", "quotes", "events"):
            cur.execute(f"UPDATE {table} SET story_id = ? WHERE story_id = ?", (kept, gone))
        cur.execute("DELETE FROM story_people WHERE story_id = ?", (gone,))
        cur.execute("DELETE FROM stories WHERE id = ?", (gone,))
    for gone, kept in links.merged_storylines.items():
        cur.execute("UPDATE stories SET storyline_id = ? WHERE storyline_id = ?", (kept, gone))
    cur.executemany(
        f"INSERT OR REPLACE INTO stories ({', '.join(STORY_COLUMNS)}) VALUES ({_marks(STORY_COLUMNS)})",
        [story_row(s) for s in links.stories.values()],
    )
    for story in links.stories.values():
        cur.execute("DELETE FROM story_people WHERE story_id = ?", (story.id,))
        cur.executemany(
            "INSERT INTO story_people (entity_id, story_id) VALUES (?, ?)",
            [(person, story.id) for person in story.people()],
        )
    for article_id, own in links.articles.items():
        if article_id in added:
            continue
        cur.execute(
            "UPDATE articles SET duplicate_of = ?, translation_of = ?, story_id = ? WHERE id = ?",
            (own.duplicate_of, own.translation_of, own.story_id, article_id),
        )
        for table in ("quotes", "events"):
            cur.execute(f"UPDATE {table} SET story_id = ? WHERE article_id = ?", (own.story_id, article_id))


def _quote_row(article: Article, n: int, q: dict[str, Any]) -> tuple[Any, ...]:
    speaker, addressee, cue = q.get("speaker") or {}, q.get("addressee") or {}, q.get("cue") or {}
    return (
        article.id, n, q.get("field", "text"), q["type"], q["text"], q["start"], q["end"], cue.get("text"),
        speaker.get("text"), name_key(speaker["text"]) if speaker.get("text") else None,
        speaker.get("entity_id"), speaker.get("canonical"), addressee.get("text"), addressee.get("entity_id"),
        article.published, article.outlet.name if article.outlet else None, article.story_id,
    )  # fmt: skip


def _hit_filter(
    query: str,
    outlet: str | None,
    language: str | None,
    since: str | None,
    until: str | None,
    entity_ids: Sequence[str] | None,
) -> tuple[str, list[Any], set[str]]:
    """FROM and WHERE of a search (the FTS match and the filters), its parameters, the positive stems."""
    match, positive = fts_query(query)
    # CROSS JOIN keeps the full-text match as the outer loop: with an outlet filter SQLite would
    # otherwise walk every article of the outlet and run the match once per article (15× slower).
    sql = [
        "FROM articles_fts CROSS JOIN articles a ON a.rowid = articles_fts.rowid WHERE articles_fts MATCH ?",
    ]
    params: list[Any] = [match]
    if outlet:
        sql.append("AND a.outlet = ? COLLATE NOCASE")
        params.append(outlet)
    if language:
        sql.append("AND a.language = ?")
        params.append(language)
    # published may be a month or a year: it is in range when its period overlaps the range.
    if since:
        sql.append("AND a.published || '~' >= ?")
        params.append(since)
    if until:
        sql.append("AND a.published <= ? || '~'")
        params.append(until)
    if entity_ids is not None:
        ids = list(entity_ids)
        sql.append(f"AND a.id IN (SELECT article_id FROM mentions WHERE entity_id IN ({_marks(ids)}))")
        params += ids
    return " ".join(sql), params, positive


def _entity_count(row: sqlite3.Row) -> EntityCount:
    return EntityCount(row["entity_id"], row["canonical"], row["label"].removesuffix("part"), row["n"])


def _marks(values: Sequence[object]) -> str:
    return ", ".join("?" * len(values)) or "NULL"


_QUERY_PART = re.compile(r'(-?)"([^"]*)"?|(\S+)')


def fts_query(query: str) -> tuple[str, set[str]]:
    """Turn the user's query into an FTS5 expression over the stems column, and its positive stems.

    Users write words (all must match), "quoted phrases", OR between alternatives and -word to
    exclude. Every term is re-quoted here, so no user input reaches FTS5 syntax unescaped.
    """
    groups: list[list[str]] = [[]]
    excluded: list[str] = []
    positive: set[str] = set()
    pending_or = False
    for m in _QUERY_PART.finditer(query):
        negate, phrase, word = m.group(1), m.group(2), m.group(3)
        if word == "OR":
            pending_or = True
            continue
        if word is not None and word.startswith("-") and len(word) > 1:
            negate, word = "-", word[1:]
        terms = [stem(w) for w in words(phrase if phrase is not None else word or "")]
        if not terms:
            continue
        expr = '"' + " ".join(terms) + '"'
        if negate:
            excluded.append(expr)
            continue
        positive.update(terms)
        if pending_or and groups[-1]:
            groups[-1].append(expr)
        else:
            groups.append([expr])
        pending_or = False
    clauses = ["(" + " OR ".join(g) + ")" for g in groups if g]
    if not clauses:
        raise StoreError(
            f"Search query {query!r} has no word to look for; give at least one word that is not excluded."
        )
    match = "stems : (" + " AND ".join(clauses) + ")"
    for expr in excluded:
        match += f" NOT stems : {expr}"
    return match, positive


def snippet(text: str, positive: set[str], width: int = 160) -> str:
    """The text around the first word that matched, with matched words in [brackets]."""
    first = None
    marked: list[tuple[int, int]] = []
    for m in re.finditer(r"\w+", text):
        if first is not None and m.start() > first + width:
            break  # past the end of any window around the first match
        if stem(m.group()) in positive:
            if first is None:
                first = m.start()
            marked.append((m.start(), m.end()))
    if first is None:
        return text[:width].replace("\n", " ")
    start = max(0, first - width // 3)
    end = min(len(text), start + width)
    out, pos = [], start
    for a, b in marked:
        if a < start or b > end:
            continue
        out += [text[pos:a], "[", text[a:b], "]"]
        pos = b
    out.append(text[pos:end])
    prefix = "…" if start > 0 else ""
    suffix = "…" if end < len(text) else ""
    return prefix + "".join(out).replace("\n", " ") + suffix


def migrate(conn: sqlite3.Connection, directory: Path | None = None) -> int:
    """Apply the migrations newer than the database's `user_version`, each in its own transaction."""
    source = directory if directory is not None else MIGRATIONS
    scripts = sorted(
        (int(m.group(1)), entry) for entry in source.iterdir() if (m := _MIGRATION_NAME.match(entry.name))
    )
    latest = scripts[-1][0] if scripts else 0
    current = int(conn.execute("PRAGMA user_version").fetchone()[0])
    if current > latest:
        raise StoreError(
            f"Database schema version {current} is newer than this lagebild ({latest}); upgrade lagebild."
        )
    for version, entry in scripts:
        if version <= current:
            continue
        conn.execute("BEGIN IMMEDIATE")
        try:
            for statement in _statements(entry.read_text(encoding="utf-8")):
                conn.execute(statement)
            conn.execute(f"PRAGMA user_version = {version}")
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise
    return max(current, latest)


def _statements(script: str) -> list[str]:
    """Split a migration into statements (executescript would commit on its own)."""
    out, buf = [], ""
    for line in script.splitlines(keepends=True):
        if line.lstrip().startswith("--") and not buf.strip():
            continue
        buf += line
        if sqlite3.complete_statement(buf):
            out.append(buf.strip())
            buf = ""
    if buf.strip():
        out.append(buf.strip())
    return out
