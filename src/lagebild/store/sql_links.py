"""The link tables' writes and reads, shared by the SQLite and PostgreSQL stores (mixed into SQLStore).

Row conversion lives in `store/links.py`; here is the SQL, written once in the subset both databases
read alike (`?` placeholders, upserts as `ON CONFLICT … DO UPDATE`).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from typing import Any, ClassVar

from lagebild.link.graph import ArticleLinks, LinkChanges, LinkGraph
from lagebild.link.stories import Story
from lagebild.model import Article, content_id
from lagebild.store.base import StoryArticle, StoryHit
from lagebild.store.links import (
    FEATURE_COLUMNS,
    STORY_COLUMNS,
    feature_from_row,
    feature_row,
    story_from_row,
    story_row,
)

# Undated articles are compared with at most this many of the most recently stored ones.
RECENT = 20_000
# A graph kept from batch to batch is rebuilt when it holds more articles than this.
MAX_GRAPH = 2 * RECENT

FEATURES_SELECT = (
    f"SELECT {', '.join('f.' + c for c in FEATURE_COLUMNS)}, a.duplicate_of, a.translation_of, a.story_id"
    " FROM link_features f JOIN articles a ON a.id = f.article_id"
)

RECORD_SELECT = (
    "SELECT a.rowid, a.record_json, a.duplicate_of, a.translation_of, a.story_id, s.storyline_id"
    " FROM articles a LEFT JOIN stories s ON s.id = a.story_id"
)


def marks(values: Sequence[object]) -> str:
    """Placeholders for an IN list; an empty list matches nothing."""
    return ", ".join("?" * len(values)) or "NULL"


def upsert(table: str, columns: Sequence[str], key: str) -> str:
    """INSERT that replaces the row with the same `key` (SQLite's INSERT OR REPLACE, portably)."""
    updates = ", ".join(f"{c} = excluded.{c}" for c in columns if c != key)
    return (
        f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({marks(columns)})"
        f" ON CONFLICT ({key}) DO UPDATE SET {updates}"
    )


def linked_record(row: Any) -> dict[str, Any]:
    """The stored record with its current links: later articles may have changed them."""
    record: dict[str, Any] = json.loads(row["record_json"])
    for key in ("duplicate_of", "translation_of", "story_id", "storyline_id"):
        record[key] = row[key]
    return record


class LinkQueries:
    """Links, stories and storylines over the backend's connection (see SQLStore for the hooks)."""

    nocase_eq: ClassVar[str]

    def fetch_all(self, sql: str, params: Sequence[Any] = ()) -> Sequence[Any]:
        raise NotImplementedError

    def _execute(self, sql: str, params: Sequence[Any] = ()) -> None:
        raise NotImplementedError

    def _executemany(self, sql: str, rows: Sequence[Sequence[Any]]) -> None:
        raise NotImplementedError

    def fresh(self, articles: Sequence[Article]) -> list[Article]:
        """The articles not stored yet (by id or clean text), each once: the ones linking must see."""
        out: list[Article] = []
        seen: set[str] = set()
        for article in articles:
            chash = content_id(article.text)
            if article.id in seen or chash in seen:
                continue
            seen.update((article.id, chash))
            if not self.fetch_all(
                "SELECT 1 FROM articles WHERE id = ? OR content_hash = ? LIMIT 1", (article.id, chash)
            ):
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

        needed = {d for lo, hi in _intervals(days, WINDOW_DAYS) for d in range(lo, hi + 1)}
        last = int(self.fetch_all("SELECT coalesce(max(rowid), 0) AS n FROM articles")[0]["n"])
        stale = graph is not None and (
            len(graph.features) > MAX_GRAPH
            or (bool(graph.covered) and bool(needed) and min(needed) - min(graph.covered) > 4 * WINDOW_DAYS)
        )
        rows: list[Any] = []
        if graph is None or stale:
            graph = self._graph([])
            graph.last_rowid = last
        elif graph.last_rowid < last:  # stored since the last batch, by this run or another writer
            rows += self.fetch_all(f"{FEATURES_SELECT} WHERE a.rowid > ?", (graph.last_rowid,))
            graph.last_rowid = last
        for lo, hi in _intervals(sorted(needed - graph.covered), 0):
            rows += self.fetch_all(f"{FEATURES_SELECT} WHERE f.day_hi >= ? AND f.day_lo <= ?", (lo, hi))
        graph.covered |= needed
        wanted = "all" if undated else "undated"
        if wanted not in graph.recent:
            where = "" if undated else "WHERE f.day_lo IS NULL"
            rows += self.fetch_all(f"{FEATURES_SELECT} {where} ORDER BY a.rowid DESC LIMIT ?", (RECENT,))
            graph.recent.update((wanted, "undated"))
        return self._graph(rows, graph)

    def _articles_graph(self, ids: list[str]) -> LinkGraph:
        """These stored articles and their stories, as a graph to add to another."""
        rows: list[Any] = []
        for chunk in range(0, len(ids), 500):
            part = ids[chunk : chunk + 500]
            rows += self.fetch_all(f"{FEATURES_SELECT} WHERE f.article_id IN ({marks(part)})", part)
        return self._graph(rows)

    def _graph(self, rows: list[Any], graph: LinkGraph | None = None) -> LinkGraph:
        """Add these rows of link features, and the stories they belong to, to a graph (or a new one)."""
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
            for row in self.fetch_all(f"SELECT * FROM stories WHERE id IN ({marks(part)})", part):
                graph.add_story(story_from_row(row))
        return graph

    def _stories_naming(self, people: list[str], day_lo: int | None, day_hi: int | None) -> list[Story]:
        """Stored stories that name at least two of these people, within the storyline window."""
        from lagebild.link.stories import STORYLINE_DAYS

        sql = (
            "SELECT s.* FROM stories s JOIN (SELECT story_id FROM story_people"
            f" WHERE entity_id IN ({marks(people)}) GROUP BY story_id HAVING count(*) >= 2) p"
            " ON p.story_id = s.id"
        )
        params: list[Any] = list(people)
        if day_lo is not None and day_hi is not None:
            sql += " WHERE s.day_lo IS NULL OR (s.day_hi >= ? AND s.day_lo <= ?)"
            params += [day_lo - STORYLINE_DAYS, day_hi + STORYLINE_DAYS]
        sql += " ORDER BY s.day_hi DESC, s.id LIMIT 200"
        return [story_from_row(r) for r in self.fetch_all(sql, params)]

    def _texts(self, ids: Iterable[str]) -> dict[str, str]:
        wanted = list(ids)
        rows = self.fetch_all(f"SELECT id, text FROM articles WHERE id IN ({marks(wanted)})", wanted)
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
            sql.append("AND s.first_date <= CAST(? AS TEXT) || '~'")
            params.append(until)
        if storyline:
            sql.append("AND s.storyline_id = ?")
            params.append(storyline)
        if entity_ids is not None:
            ids = list(entity_ids)
            sql.append(
                "AND EXISTS (SELECT 1 FROM articles a JOIN mentions m ON m.article_id = a.id"
                f" WHERE a.story_id = s.id AND m.entity_id IN ({marks(ids)}))"
            )
            params += ids
        if outlet:
            sql.append(
                "AND EXISTS (SELECT 1 FROM articles a WHERE a.story_id = s.id AND "
                + self.nocase_eq.format("a.outlet")
                + ")"
            )
            params.append(outlet)
        sql.append("ORDER BY s.last_date IS NULL, s.last_date DESC, s.n_articles DESC, s.id LIMIT ?")
        params.append(limit)
        return [_story_hit(r) for r in self.fetch_all(" ".join(sql), params)]

    def story(self, id: str) -> StoryHit | None:
        rows = self.fetch_all("SELECT * FROM stories WHERE id = ?", (id,))
        return _story_hit(rows[0]) if rows else None

    def story_articles(self, story_ids: Sequence[str]) -> list[StoryArticle]:
        """The articles of these stories, oldest first."""
        ids = list(story_ids)
        columns = (
            "id",
            "title",
            "published",
            "outlet",
            "language",
            "duplicate_of",
            "translation_of",
            "story_id",
        )
        rows = self.fetch_all(
            f"SELECT {', '.join(columns)} FROM articles WHERE story_id IN ({marks(ids)})"
            " ORDER BY published IS NULL, published, outlet, id",
            ids,
        )
        return [StoryArticle(*(r[c] for c in columns)) for r in rows]

    def _write_links(self, links: LinkChanges, added: set[str], features: set[str] | None = None) -> None:
        """Apply what linking changed; `added` are the new articles actually stored in this batch, and
        the link features of those (or of `features`, for articles stored before) are written."""
        keep = added if features is None else features
        self._executemany(
            upsert("link_features", FEATURE_COLUMNS, "article_id"),
            [feature_row(f) for f in links.features if f.id in keep],
        )
        for old, new in links.duplicate_roots.items():
            self._execute(
                "UPDATE articles SET duplicate_of = ? WHERE (duplicate_of = ? OR id = ?) AND id != ?",
                (new, old, old, new),
            )
            self._execute("UPDATE articles SET translation_of = ? WHERE translation_of = ?", (new, old))
        for gone, kept in links.merged_stories.items():
            for table in ("articles", "quotes", "events"):
                self._execute(f"UPDATE {table} SET story_id = ? WHERE story_id = ?", (kept, gone))
            self._execute("DELETE FROM story_people WHERE story_id = ?", (gone,))
            self._execute("DELETE FROM stories WHERE id = ?", (gone,))
        for gone, kept in links.merged_storylines.items():
            self._execute("UPDATE stories SET storyline_id = ? WHERE storyline_id = ?", (kept, gone))
        self._executemany(
            upsert("stories", STORY_COLUMNS, "id"), [story_row(s) for s in links.stories.values()]
        )
        for story in links.stories.values():
            self._execute("DELETE FROM story_people WHERE story_id = ?", (story.id,))
            self._executemany(
                "INSERT INTO story_people (entity_id, story_id) VALUES (?, ?)",
                [(person, story.id) for person in story.people()],
            )
        for article_id, own in links.articles.items():
            if article_id in added:
                continue
            self._execute(
                "UPDATE articles SET duplicate_of = ?, translation_of = ?, story_id = ? WHERE id = ?",
                (own.duplicate_of, own.translation_of, own.story_id, article_id),
            )
            for table in ("quotes", "events"):
                self._execute(
                    f"UPDATE {table} SET story_id = ? WHERE article_id = ?", (own.story_id, article_id)
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


def _story_hit(row: Any) -> StoryHit:
    return StoryHit(
        row["id"], row["storyline_id"], row["label"], row["first_date"], row["last_date"],
        row["n_articles"], json.loads(row["outlets"]),
    )  # fmt: skip
