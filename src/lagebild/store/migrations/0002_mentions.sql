-- Entity mentions, one row each, so "where is this entity mentioned, in which roles" needs no
-- JSON scan. `name_key` is the transliteration key of the mention text (lagebild.nlp.entities.names).
CREATE TABLE mentions (
    article_id TEXT NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    entity_id TEXT NOT NULL,
    label TEXT NOT NULL,
    canonical TEXT NOT NULL,
    text TEXT NOT NULL,
    name_key TEXT NOT NULL,
    start INTEGER NOT NULL,
    "end" INTEGER NOT NULL,
    role TEXT,
    published TEXT
);
CREATE INDEX mentions_entity ON mentions (entity_id);
CREATE INDEX mentions_key ON mentions (name_key);
CREATE INDEX mentions_article ON mentions (article_id);

-- Articles stored before this migration keep their entities in record_json; index those too.
INSERT INTO mentions (article_id, entity_id, label, canonical, text, name_key, start, "end", role, published)
SELECT a.id, json_extract(e.value, '$.entity_id'), json_extract(e.value, '$.label'),
       coalesce(json_extract(e.value, '$.canonical'), json_extract(e.value, '$.text')),
       json_extract(e.value, '$.text'), lower(json_extract(e.value, '$.text')),
       json_extract(e.value, '$.start'), json_extract(e.value, '$.end'),
       json_extract(e.value, '$.role.text'), a.published
FROM articles a, json_each(a.record_json, '$.entities') e
WHERE json_extract(e.value, '$.entity_id') IS NOT NULL;
