"""What the HTTP app needs around the library: store connections per thread, one writer, and two
ASGI middlewares (request body limit, security headers).

SQLite in WAL mode lets readers run while one writer writes, but a connection is not meant to be
shared between threads that use it at once; so each worker thread gets its own read connection,
and all writing (with the analysis before it) happens on one dedicated thread.
"""

from __future__ import annotations

import asyncio
import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from concurrent.futures import ThreadPoolExecutor
from typing import Any, TypeVar

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from lagebild.errors import StoreError
from lagebild.store import open_store
from lagebild.store.base import Store

CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; "
    "form-action 'self'; base-uri 'none'; frame-ancestors 'none'"
)
SECURITY_HEADERS = [
    (b"content-security-policy", CSP.encode()),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"no-referrer"),
    (b"x-frame-options", b"DENY"),
]


class Stores:
    """Read connections, one per thread, and the single writer thread."""

    def __init__(self, url: str) -> None:
        if url in (":memory:", "sqlite:///", "sqlite:///:memory:"):
            raise StoreError("A served store must be a file: give --db sqlite:///PATH.db.")
        self.url = url
        self._local = threading.local()
        self._all: list[Store] = []
        self._lock = threading.Lock()
        self._writer: ThreadPoolExecutor | None = None
        self._write_store: Store | None = None
        self._stages: list[Any] | None = None
        self._linker: Any = None
        open_store(url).close()  # create or upgrade the schema once, before threads race to do it

    def reader(self) -> Store:
        store = getattr(self._local, "store", None)
        if store is None:
            store = open_store(self.url)
            self._local.store = store
            with self._lock:
                self._all.append(store)
        return store

    async def analyze_and_store(self, objects: list[dict[str, Any]]) -> dict[str, Any]:
        """Analyse posted articles with the default pipeline and store them, on the writer thread."""
        if self._writer is None:
            self._writer = ThreadPoolExecutor(max_workers=1, thread_name_prefix="lagebild-writer")
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(self._writer, self._analyze_and_store, objects)

    def _analyze_and_store(self, objects: list[dict[str, Any]]) -> dict[str, Any]:
        from lagebild.batch import StoreLinker, analyze_all
        from lagebild.ingest.jsonl import record
        from lagebild.model import Article, ReadFailure
        from lagebild.pipeline import default_stages

        if self._stages is None:
            self._stages = default_stages()
        if self._write_store is None:
            self._write_store = open_store(self.url)
            self._linker = StoreLinker(self._write_store)
        raws = [record(obj, "api", str(n)) for n, obj in enumerate(objects, start=1)]
        articles: list[Article] = []
        failed = []
        for item in analyze_all(raws, self._stages):
            if isinstance(item, ReadFailure):
                failed.append({"record": item.record, "reason": item.reason})
            else:
                articles.append(item)
        # Linked like `lagebild ingest` links: against the stored articles around their dates.
        changes = self._linker(articles) if articles else None
        result = self._write_store.write_batch(articles, links=changes) if articles else None
        return {
            "added": result.added if result else [],
            "duplicates": [{"id": a, "existing_id": b} for a, b in result.duplicates] if result else [],
            "failed": failed,
        }

    def close(self) -> None:
        if self._writer is not None:
            self._writer.shutdown(wait=True)
        with self._lock:
            for store in self._all:
                store.close()
            self._all.clear()
        if self._write_store is not None:
            self._write_store.close()


T = TypeVar("T")


class AnswerCache:
    """Answers that depend only on their question and the store's content, least recently used out.

    Facet counts cost more than a page of hits (every mention of every hit is counted), and paging
    through one search asks for the same counts again. A key includes the store's `generation()`,
    so an article stored through the API shows in the counts at once.
    """

    def __init__(self, size: int = 2048) -> None:
        self.size = size
        self._data: OrderedDict[Hashable, Any] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: Hashable, compute: Callable[[], T]) -> T:
        with self._lock:
            if key in self._data:
                self._data.move_to_end(key)
                return self._data[key]
        value = compute()  # outside the lock: two threads may compute one key, neither waits
        with self._lock:
            self._data[key] = value
            while len(self._data) > self.size:
                self._data.popitem(last=False)
        return value


class BodyLimit:
    """Refuse request bodies over `limit` bytes with 413, before any of it is parsed.

    The body is read here (it is small by definition) and handed on, so a client that sends no
    Content-Length or a false one is held to the same limit.
    """

    def __init__(self, app: ASGIApp, limit: int) -> None:
        self.app = app
        self.limit = limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] in ("GET", "HEAD", "OPTIONS"):
            await self.app(scope, receive, send)
            return
        declared = dict(scope["headers"]).get(b"content-length")
        if declared is not None and (not declared.isdigit() or int(declared) > self.limit):
            await self._too_large(send)
            return
        body = bytearray()
        more = True
        while more:
            message = await receive()
            if message["type"] == "http.disconnect":
                return
            body += message.get("body", b"")
            more = message.get("more_body", False)
            if len(body) > self.limit:
                await self._too_large(send)
                return
        replayed = False

        async def replay() -> Message:
            nonlocal replayed
            if not replayed:
                replayed = True
                return {"type": "http.request", "body": bytes(body), "more_body": False}
            return await receive()

        await self.app(scope, replay, send)

    async def _too_large(self, send: Send) -> None:
        mb = self.limit / (1024 * 1024)
        payload = (
            f'{{"error": "Request body too large: at most {mb:g} MB; post fewer articles at a time."}}'
        ).encode()
        await send(
            {
                "type": "http.response.start",
                "status": 413,
                "headers": [
                    (b"content-type", b"application/json"),
                    (b"content-length", str(len(payload)).encode()),
                    *SECURITY_HEADERS,
                ],
            }
        )
        await send({"type": "http.response.body", "body": payload})


class SecurityHeaders:
    """A strict Content-Security-Policy (no inline script, nothing from elsewhere) on every answer."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                message["headers"] = [*message.get("headers", []), *SECURITY_HEADERS]
            await send(message)

        await self.app(scope, receive, with_headers)
