-- Quotes, one row each, for "who said what" across the store (lagebild quotes --speaker).
CREATE TABLE quotes (
    article_id TEXT NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
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
    published TEXT,
    outlet TEXT,
    story_id TEXT,
    PRIMARY KEY (article_id, n)
);
CREATE INDEX quotes_speaker_entity ON quotes (speaker_entity_id);
CREATE INDEX quotes_speaker_key ON quotes (speaker_key);
CREATE INDEX quotes_story ON quotes (story_id);
CREATE INDEX quotes_published ON quotes (published);

-- Articles stored before this migration keep their quotes in record_json; index those too.
INSERT INTO quotes (article_id, n, field, type, text, start, "end", cue, speaker, speaker_key,
                    speaker_entity_id, speaker_canonical, addressee, addressee_entity_id, published, outlet,
                    story_id)
SELECT a.id, q.key, coalesce(json_extract(q.value, '$.field'), 'text'), json_extract(q.value, '$.type'),
       json_extract(q.value, '$.text'), json_extract(q.value, '$.start'), json_extract(q.value, '$.end'),
       json_extract(q.value, '$.cue.text'), json_extract(q.value, '$.speaker.text'),
       lower(json_extract(q.value, '$.speaker.text')), json_extract(q.value, '$.speaker.entity_id'),
       json_extract(q.value, '$.speaker.canonical'), json_extract(q.value, '$.addressee.text'),
       json_extract(q.value, '$.addressee.entity_id'), a.published, a.outlet,
       json_extract(a.record_json, '$.story_id')
FROM articles a, json_each(a.record_json, '$.quotes') q;
