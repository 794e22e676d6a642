"""An `Article` back from its stored analysis record, with what linking reads.

Articles stored before linking existed (or ingested with `--no-link`) are linked on the next ingest:
their records hold everything the link features need (text, title, dates, outlet, entities, events,
removed debris), so nothing is analysed twice.
"""

from __future__ import annotations

from typing import Any

from lagebild.model import Article, Mention, Outlet, Removal


def article_from_record(record: dict[str, Any]) -> Article:
    source = record.get("source") or {}
    article = Article(
        id=record["id"],
        path=source.get("path") or "",
        raw="",
        record=source.get("record"),
        url=source.get("url"),
        text=record.get("text") or "",
        title=record.get("title"),
        published=record.get("published"),
        language=record.get("language"),
    )
    if record.get("published_inferred"):
        article.hints["published_inferred"] = record["published_inferred"]
    outlet = record.get("outlet")
    if outlet:
        article.outlet = Outlet(outlet.get("name") or "", outlet.get("evidence") or "", outlet.get("domain"))
    article.removed = [
        Removal(r["raw_start"], r["raw_end"], r["kind"], r["text"]) for r in record.get("removed", [])
    ]
    article.entities = [
        Mention(e["start"], e["end"], e["text"], e["label"], e.get("entity_id"), e.get("canonical"),
                field=e.get("field", "text"))
        for e in record.get("entities", [])
    ]  # fmt: skip
    article.events = list(record.get("events", []))
    return article
