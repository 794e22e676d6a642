-- Links across articles: near-duplicates, translations, stories and storylines (../0005_links.sql).
-- BLOB is bytea here; ids compared or sorted carry COLLATE "C" as in 0001.
ALTER TABLE articles ADD COLUMN duplicate_of TEXT COLLATE "C";
ALTER TABLE articles ADD COLUMN translation_of TEXT COLLATE "C";
ALTER TABLE articles ADD COLUMN story_id TEXT COLLATE "C";
CREATE INDEX articles_story ON articles (story_id);
CREATE INDEX articles_duplicate_of ON articles (duplicate_of);
CREATE INDEX articles_translation_of ON articles (translation_of);

-- What linking compares: one small row per article (link/features.py).
CREATE TABLE link_features (
    article_id TEXT COLLATE "C" PRIMARY KEY REFERENCES articles (id) ON DELETE CASCADE,
    day_lo INTEGER,
    day_hi INTEGER,
    language TEXT,
    outlet TEXT,
    n_shingles INTEGER NOT NULL,
    chars INTEGER NOT NULL,
    translated_hint INTEGER NOT NULL,
    minhash BYTEA NOT NULL,
    vector BYTEA NOT NULL,
    entities TEXT NOT NULL,
    numbers TEXT NOT NULL,
    events TEXT NOT NULL,
    event_days TEXT NOT NULL,
    published TEXT COLLATE "C"
);
CREATE INDEX link_features_day_lo ON link_features (day_lo);
CREATE INDEX link_features_day_hi ON link_features (day_hi);

CREATE TABLE stories (
    id TEXT COLLATE "C" PRIMARY KEY,
    storyline_id TEXT COLLATE "C" NOT NULL,
    label TEXT NOT NULL,
    label_key TEXT NOT NULL,
    day_lo INTEGER,
    day_hi INTEGER,
    first_date TEXT COLLATE "C",
    last_date TEXT COLLATE "C",
    n_articles INTEGER NOT NULL,
    outlets TEXT NOT NULL,
    vector_sum BYTEA NOT NULL,
    entities TEXT NOT NULL
);
CREATE INDEX stories_storyline ON stories (storyline_id);
CREATE INDEX stories_day_lo ON stories (day_lo);
CREATE INDEX stories_day_hi ON stories (day_hi);
CREATE INDEX stories_last_date ON stories (last_date);

-- The people each story names most (link/stories.py PEOPLE).
CREATE TABLE story_people (
    entity_id TEXT COLLATE "C" NOT NULL,
    story_id TEXT COLLATE "C" NOT NULL REFERENCES stories (id) ON DELETE CASCADE,
    PRIMARY KEY (entity_id, story_id)
);
CREATE INDEX story_people_story ON story_people (story_id);
