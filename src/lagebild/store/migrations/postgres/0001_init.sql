-- Articles, the inputs they came from, and a German full-text index: the PostgreSQL side of
-- ../0001_init.sql. Text columns that are sorted or compared use the "C" collation, as SQLite
-- compares bytes, so ordering and date ranges ('2021-12' || '~') agree on both backends whatever
-- the database's locale.

-- German stems without a stop-word list: "über" or "nicht" are words users search for, and the
-- SQLite store finds them. Hyphenated compounds are indexed by their parts only, as SQLite's
-- tokenizer splits them, so phrase positions agree ("US-Außenminister" is "us aussenminist").
CREATE TEXT SEARCH DICTIONARY lagebild_german_stem (TEMPLATE = snowball, LANGUAGE = german);
CREATE TEXT SEARCH CONFIGURATION lagebild_german (COPY = pg_catalog.german);
ALTER TEXT SEARCH CONFIGURATION lagebild_german ALTER MAPPING REPLACE german_stem WITH lagebild_german_stem;
ALTER TEXT SEARCH CONFIGURATION lagebild_german DROP MAPPING FOR asciihword, hword, numhword;

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
    -- Kept by the database itself, so it can never disagree with the article. A tsvector holds at
    -- most 1 MB, so only the first 300,000 characters are indexed (SQLite indexes all of them).
    search tsvector GENERATED ALWAYS AS (
        to_tsvector('lagebild_german', left(coalesce(title, '') || ' ' || text, 300000))
    ) STORED
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
