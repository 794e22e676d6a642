-- Entity mentions, one row each (../0002_mentions.sql). `name_key` is the transliteration key of the
-- mention text (lagebild.nlp.entities.names).
CREATE TABLE mentions (
    article_id TEXT COLLATE "C" NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    entity_id TEXT COLLATE "C" NOT NULL,
    label TEXT COLLATE "C" NOT NULL,
    canonical TEXT COLLATE "C" NOT NULL,
    text TEXT COLLATE "C" NOT NULL,
    name_key TEXT NOT NULL,
    start INTEGER NOT NULL,
    "end" INTEGER NOT NULL,
    role TEXT COLLATE "C",
    published TEXT COLLATE "C"
);
CREATE INDEX mentions_entity ON mentions (entity_id);
CREATE INDEX mentions_key ON mentions (name_key);
CREATE INDEX mentions_article ON mentions (article_id);

-- Articles stored before this migration keep their entities in record_json; index those too.
INSERT INTO mentions (article_id, entity_id, label, canonical, text, name_key, start, "end", role, published)
SELECT a.id, e ->> 'entity_id', e ->> 'label', coalesce(e ->> 'canonical', e ->> 'text'), e ->> 'text',
       lower(e ->> 'text'), (e ->> 'start')::integer, (e ->> 'end')::integer, e -> 'role' ->> 'text',
       a.published
FROM articles a, jsonb_array_elements(coalesce(a.record_json::jsonb -> 'entities', '[]')) e
WHERE e ->> 'entity_id' IS NOT NULL;
