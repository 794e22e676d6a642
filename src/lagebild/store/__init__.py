"""Stores: where analysed articles live. `open_store(url)` picks the backend from the URL."""

from __future__ import annotations

import re

from lagebild.errors import StoreError
from lagebild.store.base import BatchResult, SearchHit, Store

__all__ = ["BatchResult", "SearchHit", "Store", "open_store", "redact_url"]

DEFAULT_URL = "sqlite:///lagebild.db"


def open_store(url: str | None = None) -> Store:
    """Open (and create or upgrade) the store at `url`.

    >>> open_store("sqlite:///lagebild.db")  # doctest: +SKIP

    Accepted: `sqlite:///relative.db`, `sqlite:////absolute.db`, a plain path, `:memory:`, and
    `postgresql://user:password@host:port/database` (needs `lagebild[postgres]`).
    """
    from lagebild.store.sqlite import SQLiteStore

    url = url or DEFAULT_URL
    if url.startswith("sqlite:///"):
        return SQLiteStore(url[len("sqlite:///") :] or ":memory:")
    if url.startswith(("postgresql://", "postgres://")):
        from lagebild.store.postgres import PostgresStore

        return PostgresStore(url)
    if "://" in url:
        raise StoreError(
            f"Unknown store URL {url!r}; use sqlite:///PATH.db, a file path, :memory:, or postgresql://…"
        )
    return SQLiteStore(url)


def redact_url(url: str) -> str:
    """The store URL without its password, for messages and hints that may end up in logs.

    >>> redact_url("postgresql://me:secret@db/lagebild")
    'postgresql://me:***@db/lagebild'
    """
    return re.sub(r"(://[^:/@]+):[^@]*@", r"\1:***@", url)
