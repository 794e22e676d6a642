-- Articles, the inputs they came from, and a German full-text index: the PostgreSQL side of
-- ../0001_init.sql. Text columns that are sorted or compared use the "C" collation, as SQLite
-- compares bytes, so ordering and date ranges ('2021-12' || '~') agree on both backends whatever
-- the database's locale.

CREATE TABLE articles (
    rowid BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    id TEXT COLLATE "C" NOT NULL UNIQUE,
    content_hash TEXT NOT NULL UNIQUE,
    path TEXT,
    url TEXT,
    record TEXT,
    title TEXT,
    published TEXT COLLATE "C",
    language TEXT,
    outlet TEXT COLLATE "C",
    outlet_evidence TEXT,
    agencies TEXT NOT NULL DEFAULT '[]',
    raw TEXT NOT NULL,
    html TEXT,
    text TEXT NOT NULL,
    -- JSON as text, not jsonb: jsonb reorders keys, and export must give back the record as stored.
    record_json TEXT NOT NULL,
    ingested_at TEXT NOT NULL DEFAULT to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"'),
    -- The full-text index: to_tsvector('simple', …) over the German stems lagebild computes for
    -- title + text (lagebild.store.stems), the very terms SQLite's FTS5 table indexes, so a search
    -- finds the same articles on both. PostgreSQL's own 'german' configuration stems with an older
    -- Snowball ("Richterin" is not "Richter") and reads URLs and paths as one token: on the sample
    -- corpus 17 of 400 one-word searches found other articles than SQLite did.
    search tsvector
);
CREATE INDEX articles_published ON articles (published);
CREATE INDEX articles_outlet ON articles (lower(outlet));
CREATE INDEX articles_search ON articles USING gin (search);

CREATE TABLE sources (
    key TEXT NOT NULL,
    digest TEXT NOT NULL,
    articles INTEGER NOT NULL,
    failures INTEGER NOT NULL,
    ingested_at TEXT NOT NULL DEFAULT to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"'),
    PRIMARY KEY (key, digest)
);
