"""Language stages that read the clean text: entities, quotes, dates and events."""
