"""The short corpus report printed after an ingest: what is in the store and how to explore it."""

from __future__ import annotations

from typing import Any

from lagebild.store import redact_url
from lagebild.store.base import Store


def corpus_report(store: Store, db: str, *, top: int = 8) -> str:
    """A few lines on articles, outlets, languages and dates, then the commands to go further."""
    stats: dict[str, Any] = store.stats()
    lines = [f"Store {db}: {stats['articles']} articles"]
    outlets = stats.get("outlets") or {}
    if outlets:
        shown = ", ".join(f"{name} ({n})" for name, n in list(outlets.items())[:top])
        more = f", and {len(outlets) - top} more" if len(outlets) > top else ""
        lines.append(f"  outlets: {shown}{more}")
    languages = stats.get("languages") or {}
    if languages:
        lines.append("  languages: " + ", ".join(f"{lang} ({n})" for lang, n in languages.items()))
    first, last = stats.get("first_published"), stats.get("last_published")
    if first:
        lines.append(f"  published: {first} … {last}")
    if stats.get("mentions"):
        lines.append(
            f"  found: {stats['entities']} entities in {stats['mentions']} mentions,"
            f" {stats['quotes']} quotes, {stats['events']} events"
        )
    people = stats.get("top_people") or []
    if people:
        lines.append("  most named: " + ", ".join(f"{name} ({n})" for name, n in people))
    db_arg = "" if db == "sqlite:///lagebild.db" else f" --db {redact_url(db)}"
    someone = people[0][0] if people else "Lawrow"
    lines += [
        "Explore:",
        f'  lagebild search "Außenminister"{db_arg}      full text, German stems',
        f'  lagebild entity "{someone}"{db_arg}    spellings, roles, where and when',
        f'  lagebild quotes --speaker "{someone}"{db_arg}    who said what',
        f'  lagebild timeline "{someone}"{db_arg}    events and quotes in order',
        f"  lagebild stories{db_arg}    stories, newest first (then: story ID, compare ID)",
        f"  lagebild export -o records.jsonl{db_arg}    every article as an analysis record",
    ]
    return "\n".join(lines)
