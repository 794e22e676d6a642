-- Quotes, one row each, for "who said what" across the store (../0003_quotes.sql).
CREATE TABLE quotes (
    article_id TEXT COLLATE "C" NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    n INTEGER NOT NULL,
    field TEXT NOT NULL DEFAULT 'text',
    type TEXT NOT NULL,
    text TEXT NOT NULL,
    start INTEGER NOT NULL,
    "end" INTEGER NOT NULL,
    cue TEXT,
    speaker TEXT,
    speaker_key TEXT,
    speaker_entity_id TEXT,
    speaker_canonical TEXT,
    addressee TEXT,
    addressee_entity_id TEXT,
    published TEXT COLLATE "C",
    outlet TEXT,
    story_id TEXT,
    PRIMARY KEY (article_id, n)
);
CREATE INDEX quotes_speaker_entity ON quotes (speaker_entity_id);
CREATE INDEX quotes_speaker_key ON quotes (speaker_key);
CREATE INDEX quotes_story ON quotes (story_id);
CREATE INDEX quotes_published ON quotes (published);

-- Articles stored before this migration keep their quotes in record_json; index those too.
-- (SQLite's json_each counts from 0, jsonb's WITH ORDINALITY from 1.)
INSERT INTO quotes (article_id, n, field, type, text, start, "end", cue, speaker, speaker_key,
                    speaker_entity_id, speaker_canonical, addressee, addressee_entity_id, published, outlet,
                    story_id)
SELECT a.id, q.n - 1, coalesce(q.value ->> 'field', 'text'), q.value ->> 'type', q.value ->> 'text',
       (q.value ->> 'start')::integer, (q.value ->> 'end')::integer, q.value -> 'cue' ->> 'text',
       q.value -> 'speaker' ->> 'text', lower(q.value -> 'speaker' ->> 'text'),
       q.value -> 'speaker' ->> 'entity_id', q.value -> 'speaker' ->> 'canonical',
       q.value -> 'addressee' ->> 'text', q.value -> 'addressee' ->> 'entity_id', a.published, a.outlet,
       a.record_json::jsonb ->> 'story_id'
FROM articles a,
     jsonb_array_elements(coalesce(a.record_json::jsonb -> 'quotes', '[]')) WITH ORDINALITY AS q (value, n);
