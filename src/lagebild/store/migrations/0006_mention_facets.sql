-- Which entities the hits of a search name (the entity facet of `GET /api/search`): a covering
-- index, so counting reads index entries only and never the mention rows.
CREATE INDEX mentions_article_entity ON mentions (article_id, entity_id);
