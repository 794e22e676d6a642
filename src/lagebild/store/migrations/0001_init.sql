-- Articles, the inputs they came from, and a German-aware full-text index.
CREATE TABLE articles (
    rowid INTEGER PRIMARY KEY,
    id TEXT NOT NULL UNIQUE,
    content_hash TEXT NOT NULL UNIQUE,
    path TEXT,
    url TEXT,
    record TEXT,
    title TEXT,
    published TEXT,
    language TEXT,
    outlet TEXT,
    outlet_evidence TEXT,
    agencies TEXT NOT NULL DEFAULT '[]',
    raw TEXT NOT NULL,
    html TEXT,
    text TEXT NOT NULL,
    record_json TEXT NOT NULL,
    ingested_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))
);
CREATE INDEX articles_published ON articles (published);
CREATE INDEX articles_outlet ON articles (outlet COLLATE NOCASE);

CREATE TABLE sources (
    key TEXT NOT NULL,
    digest TEXT NOT NULL,
    articles INTEGER NOT NULL,
    failures INTEGER NOT NULL,
    ingested_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),
    PRIMARY KEY (key, digest)
);

-- title and text for snippets and exact words; stems for German inflection.
CREATE VIRTUAL TABLE articles_fts USING fts5(
    title, text, stems, tokenize='unicode61 remove_diacritics 2'
);
