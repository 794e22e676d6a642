-- Events (meetings, talks, calls, …), one row per event per article, and who took part, for
-- `lagebild timeline` (../0004_events.sql). The same event reported by several articles shares its
-- event_id.
CREATE TABLE events (
    article_id TEXT COLLATE "C" NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    n INTEGER NOT NULL,
    event_id TEXT NOT NULL,
    type TEXT NOT NULL,
    status TEXT NOT NULL,
    date TEXT COLLATE "C",
    place TEXT,
    participant_names TEXT NOT NULL DEFAULT '[]',
    evidence TEXT NOT NULL,
    start INTEGER NOT NULL,
    "end" INTEGER NOT NULL,
    published TEXT COLLATE "C",
    outlet TEXT,
    story_id TEXT,
    PRIMARY KEY (article_id, n)
);
CREATE INDEX events_event ON events (event_id);
CREATE INDEX events_story ON events (story_id);

CREATE TABLE event_participants (
    article_id TEXT COLLATE "C" NOT NULL,
    n INTEGER NOT NULL,
    entity_id TEXT NOT NULL,
    FOREIGN KEY (article_id, n) REFERENCES events (article_id, n) ON DELETE CASCADE
);
CREATE INDEX event_participants_entity ON event_participants (entity_id);
