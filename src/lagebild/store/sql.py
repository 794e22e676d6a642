"""What the SQLite and PostgreSQL stores share: the same tables, so the same writes and queries.

SQL here is written once, with `?` placeholders and in the subset both databases read alike;
a backend supplies the connection (`fetch_all`, `_execute`, `_executemany`, `_transaction`) and
the few pieces that differ: the full-text match, and case-insensitive comparison.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterator, Mapping, Sequence
from contextlib import AbstractContextManager
from dataclasses import fields
from typing import Any, ClassVar, TypeVar

from lagebild.link.graph import LinkChanges
from lagebild.model import Article, Mention, content_id
from lagebild.nlp.entities.names import name_key
from lagebild.store.base import (
    ArticleHit,
    BatchResult,
    EntityCount,
    EntityProfile,
    EventHit,
    QuoteHit,
    SearchFacets,
    SearchHit,
)
from lagebild.store.query import ParsedQuery, parse_query, snippet
from lagebild.store.sql_links import RECORD_SELECT, LinkQueries, linked_record, marks

Row = Mapping[str, Any]
_Hit = TypeVar("_Hit", QuoteHit, EventHit)

ARTICLE_COLUMNS = (
    "id, content_hash, path, url, record, title, published, language, outlet, outlet_evidence, agencies,"
    " raw, html, text, record_json, duplicate_of, translation_of, story_id"
)


def insert_article(index_column: str = "", index_value: str = "") -> str:
    """The article INSERT, with the backend's full-text column (`, name` / `, expression of ?`) if any."""
    return (
        f"INSERT INTO articles ({ARTICLE_COLUMNS}{index_column})"
        f" VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?{index_value})"
        # A unique id or content hash that is already there (or being written by a concurrent batch,
        # which PostgreSQL waits for) makes this a duplicate, not an error.
        " ON CONFLICT DO NOTHING RETURNING rowid"
    )


INSERT_MENTION = (
    'INSERT INTO mentions (article_id, entity_id, label, canonical, text, name_key, start, "end", role,'
    " published) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
)
INSERT_QUOTE = (
    'INSERT INTO quotes (article_id, n, field, type, text, start, "end", cue, speaker, speaker_key,'
    " speaker_entity_id, speaker_canonical, addressee, addressee_entity_id, published, outlet, story_id)"
    " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
)
INSERT_EVENT = (
    "INSERT INTO events (article_id, n, event_id, type, status, date, place, participant_names, evidence,"
    ' start, "end", published, outlet, story_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)'
)
INSERT_PARTICIPANT = "INSERT INTO event_participants (article_id, n, entity_id) VALUES (?, ?, ?)"


class SQLStore(LinkQueries):
    """The store logic over a DB-API-like connection; subclasses bind it to one database."""

    # How a column is compared to a parameter ignoring case ({} is the column).
    nocase_eq: ClassVar[str] = "{} = ? COLLATE NOCASE"
    # The article INSERT; a backend that keeps the full-text terms in the article row extends it.
    article_insert: ClassVar[str] = insert_article()

    # -- what a backend provides ------------------------------------------------------------------
    def fetch_all(self, sql: str, params: Sequence[Any] = ()) -> Sequence[Row]:
        """Rows of one statement as mappings by column name (also used by tests to look inside)."""
        raise NotImplementedError

    def schema_version(self) -> int:
        """The number of the last migration applied to this database."""
        raise NotImplementedError

    def _execute(self, sql: str, params: Sequence[Any] = ()) -> None:
        raise NotImplementedError

    def _executemany(self, sql: str, rows: Sequence[Sequence[Any]]) -> None:
        raise NotImplementedError

    def _transaction(self) -> AbstractContextManager[object]:
        raise NotImplementedError

    def _article_params(self, article: Article, chash: str) -> tuple[Any, ...]:
        """The parameters of `article_insert`."""
        return _article_row(article, chash)

    def _index_text(self, rowid: int, article: Article) -> None:
        """Add the stored article to a full-text index kept outside its row."""

    def _search_source(self, parsed: ParsedQuery) -> tuple[str, str, list[Any]]:
        """FROM and WHERE for the articles matching `parsed`, the score expression, their params."""
        raise NotImplementedError

    def close(self) -> None:
        raise NotImplementedError

    def __enter__(self) -> SQLStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _one(self, sql: str, params: Sequence[Any] = ()) -> Row:
        return self.fetch_all(sql, params)[0]

    # -- sources: which input files are fully ingested -------------------------------------------
    def has_source(self, key: str, digest: str) -> bool:
        return bool(self.fetch_all("SELECT 1 FROM sources WHERE key = ? AND digest = ?", (key, digest)))

    def mark_source(self, key: str, digest: str, articles: int, failures: int) -> None:
        self._execute(
            "INSERT INTO sources (key, digest, articles, failures) VALUES (?, ?, ?, ?)"
            " ON CONFLICT (key, digest) DO UPDATE SET articles = excluded.articles,"
            " failures = excluded.failures, ingested_at = excluded.ingested_at",
            (key, digest, articles, failures),
        )

    # -- articles -----------------------------------------------------------------------------------
    def write_batch(self, articles: Sequence[Article], links: LinkChanges | None = None) -> BatchResult:
        """Store a batch, and what linking it changed, in one transaction: all of it or none of it."""
        result = BatchResult()
        with self._transaction():
            for article in articles:
                chash = content_id(article.text)
                inserted = self.fetch_all(self.article_insert, self._article_params(article, chash))
                if not inserted:
                    found = self.fetch_all(
                        "SELECT id FROM articles WHERE id = ? OR content_hash = ? LIMIT 1",
                        (article.id, chash),
                    )
                    result.duplicates.append((article.id, found[0]["id"] if found else article.id))
                    continue
                self._index_text(inserted[0]["rowid"], article)
                self._executemany(INSERT_MENTION, _mention_rows(article))
                self._executemany(
                    INSERT_QUOTE, [_quote_row(article, n, q) for n, q in enumerate(article.quotes)]
                )
                for n, event in enumerate(article.events):
                    self._execute(INSERT_EVENT, _event_row(article, n, event))
                    self._executemany(
                        INSERT_PARTICIPANT, [(article.id, n, p) for p in dict.fromkeys(event["participants"])]
                    )
                result.added.append(article.id)
            if links is not None:
                self._write_links(links, set(result.added))
        return result

    def write_links(self, links: LinkChanges) -> None:
        """Store what linking articles that were already stored changed (`unlinked`), in one transaction."""
        with self._transaction():
            self._write_links(links, set(), features={f.id for f in links.features})

    def unlinked(self, limit: int) -> list[dict[str, Any]]:
        """Records of stored articles that were never linked (stored before linking existed, or with
        `--no-link`), oldest first, so that the next linked ingest links them too."""
        rows = self.fetch_all(
            f"{RECORD_SELECT} WHERE NOT EXISTS (SELECT 1 FROM link_features f WHERE f.article_id = a.id)"
            " ORDER BY a.rowid LIMIT ?",
            (limit,),
        )
        return [linked_record(r) for r in rows]

    def get(self, id: str) -> dict[str, Any] | None:
        rows = self.fetch_all(f"{RECORD_SELECT} WHERE a.id = ?", (id,))
        return linked_record(rows[0]) if rows else None

    def iter_records(self) -> Iterator[dict[str, Any]]:
        last = 0
        while True:  # pages by rowid, so a huge store streams instead of loading whole
            rows = self.fetch_all(f"{RECORD_SELECT} WHERE a.rowid > ? ORDER BY a.rowid LIMIT 500", (last,))
            if not rows:
                return
            for row in rows:
                yield linked_record(row)
            last = rows[-1]["rowid"]

    def count(self) -> int:
        return int(self._one("SELECT count(*) AS n FROM articles")["n"])

    def stats(self) -> dict[str, Any]:
        def counts(sql: str) -> dict[str, int]:
            return {r["k"]: int(r["n"]) for r in self.fetch_all(sql)}

        def number(sql: str) -> int:
            return int(self._one(sql)["n"])

        span = self._one("SELECT min(published) AS first, max(published) AS last FROM articles")
        people = self.fetch_all(
            "SELECT min(canonical) AS canonical, count(DISTINCT article_id) AS n FROM mentions"
            " WHERE label = 'PER' GROUP BY entity_id ORDER BY n DESC, canonical LIMIT 8"
        )
        return {
            "mentions": number("SELECT count(*) AS n FROM mentions"),
            "entities": number("SELECT count(DISTINCT entity_id) AS n FROM mentions"),
            "quotes": number("SELECT count(*) AS n FROM quotes"),
            "events": number("SELECT count(DISTINCT event_id) AS n FROM events"),
            "top_people": [(r["canonical"], int(r["n"])) for r in people],
            "articles": self.count(),
            "outlets": counts(
                "SELECT coalesce(outlet, 'unknown') AS k, count(*) AS n FROM articles"
                " GROUP BY 1 ORDER BY n DESC, 1"
            ),
            "languages": counts(
                "SELECT coalesce(language, 'unknown') AS k, count(*) AS n FROM articles"
                " GROUP BY 1 ORDER BY n DESC, 1"
            ),
            "first_published": span["first"],
            "last_published": span["last"],
            "sources": number("SELECT count(*) AS n FROM sources"),
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
        parsed = parse_query(query)
        # Rank rowids first and read the texts of one page only: a sort that carried every hit's
        # text would read them all.
        ranked, params = self._hits(parsed, "a.rowid AS r", outlet, language, since, until, entity_ids).end(
            "ORDER BY score DESC, a.rowid LIMIT ? OFFSET ?", limit, max(offset, 0)
        )
        rows = self.fetch_all(
            f"SELECT a.id, a.title, a.published, a.outlet, a.text, h.score FROM ({ranked}) h"
            " JOIN articles a ON a.rowid = h.r ORDER BY h.score DESC, a.rowid",
            params,
        )
        return [
            SearchHit(
                r["id"],
                r["title"],
                r["published"],
                r["outlet"],
                snippet(r["text"], parsed.positive),
                r["score"],
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
        """Counts over every hit. Each query starts from the full-text match, so the cost grows with
        the hits, not with the store; the entity facet reads the index mentions (article_id, entity_id)."""
        parsed = parse_query(query)
        filters = (outlet, language, since, until, entity_ids)
        groups = self._hits(parsed, "a.outlet, substr(a.published, 1, 7) AS month", *filters, score=False)
        outlets: Counter[str] = Counter()
        months: Counter[str] = Counter()
        for r in self.fetch_all(*groups.end("GROUP BY a.outlet, substr(a.published, 1, 7)")):
            outlets[r["outlet"]] += r["n"]
            months[r["month"]] += r["n"]
        ids = self._hits(parsed, "a.id", *filters, score=False, count=False)
        inner, params = ids.end("")
        ranked = self.fetch_all(
            "SELECT m.entity_id, count(DISTINCT m.article_id) AS n FROM mentions m"
            f" WHERE m.article_id IN ({inner}) GROUP BY m.entity_id ORDER BY n DESC, m.entity_id LIMIT ?",
            [*params, top * 2],  # twice as many, so ties at the cut are broken by name below
        )
        entities = []
        for r in ranked:
            head = self._one(
                "SELECT canonical, label FROM mentions WHERE entity_id = ? LIMIT 1", (r["entity_id"],)
            )
            entities.append(
                EntityCount(r["entity_id"], head["canonical"], head["label"].removesuffix("part"), r["n"])
            )
        entities.sort(key=lambda e: (-e.articles, e.canonical))
        return SearchFacets(
            total=sum(outlets.values()),
            outlets=[(o, n) for o, n in outlets.most_common() if o][:top],
            entities=entities[:top],
            months=sorted((m, n) for m, n in months.items() if m),
        )

    def _hits(
        self,
        parsed: ParsedQuery,
        columns: str,
        outlet: str | None,
        language: str | None,
        since: str | None,
        until: str | None,
        entity_ids: Sequence[str] | None,
        *,
        score: bool = True,
        count: bool = True,
    ) -> Select:
        """The articles matching a search and its filters, with `columns` (and the score, or a count)."""
        source, score_sql, params = self._search_source(parsed)
        extra = f", {score_sql} AS score" if score else ", count(*) AS n" if count else ""
        sql = Select(f"SELECT {columns}{extra} {source}", params)
        sql.where("AND " + self.nocase_eq.format("a.outlet"), outlet)
        sql.where("AND a.language = ?", language)
        # published may be a month or a year: it is in range when its period overlaps the range.
        sql.where("AND a.published || '~' >= ?", since)
        sql.where("AND a.published <= CAST(? AS TEXT) || '~'", until)
        if entity_ids is not None:
            ids = list(entity_ids)
            sql.add(f"AND a.id IN (SELECT article_id FROM mentions WHERE entity_id IN ({marks(ids)}))", ids)
        return sql

    def generation(self) -> int:
        """A number that grows with every article stored, so answers can be cached until it moves."""
        return int(self._one("SELECT coalesce(max(rowid), 0) AS n FROM articles")["n"])

    def latest(self, *, limit: int = 10) -> list[ArticleHit]:
        """The newest articles by publication date (index `articles_published`)."""
        rows = self.fetch_all(
            "SELECT id, title, published, outlet FROM articles WHERE published IS NOT NULL"
            " ORDER BY published DESC, rowid DESC LIMIT ?",
            (limit,),
        )
        return [ArticleHit(r["id"], r["title"], r["published"], r["outlet"]) for r in rows]

    def raw(self, id: str) -> tuple[str, str | None] | None:
        """The input as given (and the page HTML, for HTML input): what the analysis started from."""
        rows = self.fetch_all("SELECT raw, html FROM articles WHERE id = ?", (id,))
        return (rows[0]["raw"], rows[0]["html"]) if rows else None

    # -- entities -----------------------------------------------------------------------------------
    def entity_profiles(self, entity_ids: Sequence[str], name_keys: Sequence[str]) -> list[EntityProfile]:
        """Entities with one of these ids, or mentioned under a form with one of these name keys."""
        ids, keys = list(entity_ids), list(name_keys)
        found = self.fetch_all(
            f"SELECT DISTINCT entity_id FROM mentions WHERE entity_id IN ({marks(ids)})"
            f" OR name_key IN ({marks(keys)}) ORDER BY entity_id",
            ids + keys,
        )
        return sorted((self._profile(r["entity_id"]) for r in found), key=lambda p: -p.mentions)

    def _profile(self, entity_id: str) -> EntityProfile:
        by_id = (entity_id,)
        head = self._one(  # the label and canonical name most mentions carry
            "SELECT label, canonical FROM mentions WHERE entity_id = ?"
            " GROUP BY label, canonical ORDER BY count(*) DESC, label, canonical LIMIT 1",
            by_id,
        )
        variants = self.fetch_all(
            "SELECT text, count(*) AS n FROM mentions WHERE entity_id = ?"
            " GROUP BY text ORDER BY n DESC, text",
            by_id,
        )
        roles = self.fetch_all(
            "SELECT role, count(*) AS n, min(published) AS first, max(published) AS last FROM mentions"
            " WHERE entity_id = ? AND role IS NOT NULL GROUP BY role ORDER BY n DESC, role",
            by_id,
        )
        totals = self._one(
            "SELECT count(*) AS n, count(DISTINCT article_id) AS articles, min(published) AS first,"
            " max(published) AS last FROM mentions WHERE entity_id = ?",
            by_id,
        )
        return EntityProfile(
            entity_id,
            head["label"].removesuffix("part"),
            head["canonical"],
            int(totals["n"]),
            int(totals["articles"]),
            totals["first"],
            totals["last"],
            [(r["text"], int(r["n"])) for r in variants],
            [(r["role"], int(r["n"]), r["first"], r["last"]) for r in roles],
        )

    # -- quotes -------------------------------------------------------------------------------------
    def top_entities(self, *, label: str | None = None, limit: int = 20) -> list[EntityCount]:
        """The entities named in the most articles. This reads every mention (through the index on
        entity ids); the web app caches it rather than the store keeping a counter table."""
        where = "WHERE label IN (?, ?)" if label else ""
        params: list[Any] = [label, f"{label}part"] if label else []
        rows = self.fetch_all(
            "SELECT entity_id, max(canonical) AS canonical, max(label) AS label,"
            f" count(DISTINCT article_id) AS n FROM mentions {where}"
            " GROUP BY entity_id ORDER BY n DESC, canonical LIMIT ?",
            [*params, limit],
        )
        return [_entity_count(r) for r in rows]

    def find_entities(self, prefix_key: str, *, limit: int = 20) -> list[EntityCount]:
        """Entities mentioned under a form whose name key starts with `prefix_key` (index range scan)."""
        if not prefix_key:
            return []
        after = prefix_key[:-1] + chr(ord(prefix_key[-1]) + 1)  # the first key past the prefix
        rows = self.fetch_all(
            "SELECT entity_id, max(canonical) AS canonical, max(label) AS label,"
            " count(DISTINCT article_id) AS n FROM mentions WHERE entity_id IN (SELECT DISTINCT entity_id"
            " FROM mentions WHERE name_key >= ? AND name_key < ?)"
            " GROUP BY entity_id ORDER BY n DESC, canonical LIMIT ?",
            (prefix_key, after, limit),
        )
        return [_entity_count(r) for r in rows]

    def cooccurring(self, entity_id: str, *, limit: int = 15) -> list[EntityCount]:
        """Entities named in the same articles as this one, by number of shared articles."""
        rows = self.fetch_all(
            "SELECT o.entity_id, max(o.canonical) AS canonical, max(o.label) AS label,"
            " count(DISTINCT o.article_id) AS n FROM mentions o"
            " WHERE o.article_id IN (SELECT article_id FROM mentions WHERE entity_id = ?)"
            " AND o.entity_id <> ? GROUP BY o.entity_id ORDER BY n DESC, canonical LIMIT ?",
            (entity_id, entity_id, limit),
        )
        return [_entity_count(r) for r in rows]

    def entity_months(self, entity_id: str) -> list[tuple[str, int]]:
        """In how many articles of each month the entity is named, oldest month first."""
        rows = self.fetch_all(
            "SELECT substr(published, 1, 7) AS month, count(DISTINCT article_id) AS n FROM mentions"
            " WHERE entity_id = ? AND published IS NOT NULL GROUP BY substr(published, 1, 7) ORDER BY month",
            (entity_id,),
        )
        return [(r["month"], r["n"]) for r in rows]

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
        sql = Select("SELECT q.*, a.title FROM quotes q JOIN articles a ON a.id = q.article_id WHERE 1 = 1")
        if speaker_ids is not None:
            ids, keys = list(speaker_ids), list(speaker_keys)
            sql.add(
                f"AND (q.speaker_entity_id IN ({marks(ids)}) OR q.speaker_key IN ({marks(keys)}))", ids + keys
            )
        sql.where("AND q.story_id = ?", story)
        if stories is not None:
            sql.add(f"AND q.story_id IN ({marks(stories)})", list(stories))
        sql.where("AND " + self.nocase_eq.format("q.outlet"), outlet)
        order = "ORDER BY q.published DESC, q.article_id, q.n LIMIT ?"
        return [_from_row(QuoteHit, r) for r in self.fetch_all(*sql.end(order, limit))]

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
        sql = Select("SELECT e.*, a.title FROM events e JOIN articles a ON a.id = e.article_id WHERE 1 = 1")
        if entity_ids is not None:
            ids = list(entity_ids)
            sql.add(
                "AND EXISTS (SELECT 1 FROM event_participants p WHERE p.article_id = e.article_id"
                f" AND p.n = e.n AND p.entity_id IN ({marks(ids)}))",
                ids,
            )
        sql.where("AND e.story_id = ?", story)
        if stories is not None:
            sql.add(f"AND e.story_id IN ({marks(stories)})", list(stories))
        order = "ORDER BY coalesce(e.date, e.published), e.published, e.article_id, e.n LIMIT ?"
        return [
            _from_row(EventHit, r, participants=json.loads(r["participant_names"]))
            for r in self.fetch_all(*sql.end(order, limit))
        ]


class Select:
    """A SELECT grown clause by clause, its parameters kept beside it."""

    def __init__(self, head: str, params: Sequence[Any] = ()) -> None:
        self.parts, self.params = [head], list(params)

    def add(self, clause: str, params: Sequence[Any]) -> None:
        self.parts.append(clause)
        self.params += params

    def where(self, clause: str, value: Any) -> None:
        """Add a filter with one parameter, only when a value is given."""
        if value:
            self.add(clause, [value])

    def end(self, clause: str, *params: Any) -> tuple[str, list[Any]]:
        return " ".join([*self.parts, clause]), [*self.params, *params]


def _entity_count(row: Row) -> EntityCount:
    return EntityCount(row["entity_id"], row["canonical"], row["label"].removesuffix("part"), row["n"])


def _from_row(cls: type[_Hit], row: Row, **given: Any) -> _Hit:
    """A hit dataclass from the row's columns of the same names (and the fields given)."""
    return cls(**{f.name: given[f.name] if f.name in given else row[f.name] for f in fields(cls)})


def _article_row(article: Article, chash: str) -> tuple[Any, ...]:
    record = article.to_record()
    outlet = article.outlet
    return (
        article.id, chash, article.path, article.url, article.record, article.title, article.published,
        article.language, outlet.name if outlet else None, outlet.evidence if outlet else None,
        json.dumps(article.agencies), article.raw, article.html, article.text,
        json.dumps(record, ensure_ascii=False), article.duplicate_of, article.translation_of,
        article.story_id,
    )  # fmt: skip


def _mention_rows(article: Article) -> list[tuple[Any, ...]]:
    return [_mention_row(article, m) for m in article.entities if m.entity_id]


def _mention_row(article: Article, m: Mention) -> tuple[Any, ...]:
    return (
        article.id, m.entity_id, m.label, m.canonical or m.text, m.text, name_key(m.text), m.start, m.end,
        m.role.text if m.role else None, article.published,
    )  # fmt: skip


def _quote_row(article: Article, n: int, q: dict[str, Any]) -> tuple[Any, ...]:
    speaker, addressee, cue = q.get("speaker") or {}, q.get("addressee") or {}, q.get("cue") or {}
    return (
        article.id, n, q.get("field", "text"), q["type"], q["text"], q["start"], q["end"], cue.get("text"),
        speaker.get("text"), name_key(speaker["text"]) if speaker.get("text") else None,
        speaker.get("entity_id"), speaker.get("canonical"), addressee.get("text"), addressee.get("entity_id"),
        article.published, article.outlet.name if article.outlet else None, article.story_id,
    )  # fmt: skip


def _event_row(article: Article, n: int, e: dict[str, Any]) -> tuple[Any, ...]:
    return (
        article.id, n, e["id"], e["type"], e["status"], e.get("date"), e.get("place"),
        json.dumps(e.get("participant_names", []), ensure_ascii=False), article.text[e["start"] : e["end"]],
        e["start"], e["end"], article.published, article.outlet.name if article.outlet else None,
        article.story_id,
    )  # fmt: skip
