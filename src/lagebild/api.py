"""The HTTP API (JSON under /api, OpenAPI at /openapi.json) and the web UI, one FastAPI app.

Every route calls the same library functions as the CLI (`lookup.py`, the store); this module only
checks parameters, translates `LagebildError` into `{"error": ...}` with a 4xx, and guards writes.
Serve it with `lagebild serve`.
"""

from __future__ import annotations

import hmac
import json
import os
import re
from dataclasses import asdict
from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, Depends, FastAPI, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException

from lagebild import api_models as m
from lagebild import lookup
from lagebild.errors import LagebildError
from lagebild.link.compare import Comparison
from lagebild.server import AnswerCache, BodyLimit, SecurityHeaders, Stores
from lagebild.store.base import Store as StoreProtocol

MAX_BODY_BYTES = 5 * 1024 * 1024
TOKEN_ENV = "LAGEBILD_API_TOKEN"
CACHE_ENV = "LAGEBILD_CACHE_SIZE"  # answers kept (facet counts per search); 0 turns the cache off
WEB = Path(__file__).parent / "web"
# published dates are YYYY, YYYY-MM or YYYY-MM-DD; anything else would silently match nothing
DATE = r"^\d{4}(-\d{2}(-\d{2})?)?$"


def create_app(db: str, *, token: str | None = None, max_body: int = MAX_BODY_BYTES) -> FastAPI:
    """The app for the store at `db`. `token` defaults to $LAGEBILD_API_TOKEN; without one, writes
    are refused."""
    from lagebild.web.views import router as web_router

    app = FastAPI(
        title="lagebild",
        summary="Who said what, to whom, when and where — sourced from news articles.",
        docs_url=None,  # Swagger UI and ReDoc load their scripts from a CDN; the UI must work offline
        redoc_url=None,
        responses={400: {"model": m.Error}, 404: {"model": m.Error}, 422: {"model": m.Error}},
    )
    app.state.stores = Stores(db)
    app.state.facets = AnswerCache(int(os.environ.get(CACHE_ENV, "2048")))
    app.state.home = {}  # the web home page's most-named entities, with the time they were counted
    app.state.token = token if token is not None else os.environ.get(TOKEN_ENV) or None
    app.include_router(router)
    app.include_router(web_router)
    app.mount("/static", StaticFiles(directory=WEB / "static"), name="static")
    app.add_middleware(BodyLimit, limit=max_body)
    app.add_middleware(SecurityHeaders)
    app.add_exception_handler(LagebildError, _library_error)
    app.add_exception_handler(HTTPException, _http_error)
    app.add_exception_handler(RequestValidationError, _validation_error)
    app.add_exception_handler(Exception, _internal_error)
    app.router.add_event_handler("shutdown", app.state.stores.close)
    return app


def store(request: Request) -> StoreProtocol:
    """The calling thread's read connection (a store per thread, so reads run side by side)."""
    return request.app.state.stores.reader()


Store = Annotated[StoreProtocol, Depends(store)]
router = APIRouter(prefix="/api", tags=["api"])


# -- reading ------------------------------------------------------------------------------------------
@router.get("/search", response_model=m.SearchResult)
def search(
    request: Request,
    store: Store,
    q: Annotated[str, Query(min_length=1, description='Words, "phrases", OR, -word; German stems.')],
    outlet: str | None = None,
    entity: Annotated[str | None, Query(description="A name (any spelling) or an entity id.")] = None,
    since: Annotated[str | None, Query(pattern=DATE)] = None,
    until: Annotated[str | None, Query(pattern=DATE)] = None,
    language: str | None = None,
    page: Annotated[int, Query(ge=1, le=10_000)] = 1,
    per_page: Annotated[int, Query(ge=1, le=100)] = 20,
) -> dict[str, Any]:
    """Full-text search with the CLI's query syntax, filters, pages, and facet counts over all hits."""
    cache = request.app.state.facets
    return run_search(
        store, cache, q, outlet=outlet, entity=entity, since=since, until=until, language=language,
        page=page, per_page=per_page,
    )  # fmt: skip


def run_search(
    store: StoreProtocol,
    cache: AnswerCache,
    q: str,
    *,
    outlet: str | None,
    entity: str | None,
    since: str | None,
    until: str | None,
    language: str | None,
    page: int,
    per_page: int,
) -> dict[str, Any]:
    """One search with its facets, as the API answers it and the search page shows it."""
    generation = store.generation()
    ids = (
        cache.get(("ids", entity, generation), lambda: lookup.stored_ids(store, entity)[0])
        if entity
        else None
    )
    filters: dict[str, Any] = {
        "outlet": outlet, "language": language, "since": since, "until": until, "entity_ids": ids,
    }  # fmt: skip
    hits = store.search(q, limit=per_page, offset=(page - 1) * per_page, **filters)
    key = (q, outlet, language, since, until, tuple(ids) if ids is not None else None, generation)
    facets = cache.get(key, lambda: store.search_facets(q, **filters))
    return {
        "query": q,
        "page": page,
        "per_page": per_page,
        "total": facets.total,
        "pages": -(-facets.total // per_page),
        "hits": hits,
        "facets": {
            "outlets": [{"value": v, "count": n} for v, n in facets.outlets],
            "entities": facets.entities,
            "months": [{"value": v, "count": n} for v, n in facets.months],
        },
    }


@router.get("/articles/{article_id:path}", response_model=m.ArticleRecord)
def article(store: Store, article_id: str) -> dict[str, Any]:
    """One article's analysis record, as `lagebild export` writes it."""
    record = store.get(article_id)
    if record is None:
        raise HTTPException(404, f"No article with id {article_id!r}; ids come from /api/search.")
    return record


@router.get("/entities", response_model=list[m.EntityCountOut])
def entities(
    store: Store,
    q: Annotated[str | None, Query(description="A name, any spelling, or its beginning.")] = None,
    limit: Annotated[int, Query(ge=1, le=200)] = 20,
) -> list[Any]:
    """Entities a name can mean (without `q`: the entities named in the most articles)."""
    if q and q.strip():
        return lookup.find_entities(store, q.strip(), limit=limit)
    return store.top_entities(limit=limit)


@router.get("/entities/{entity_id}", response_model=m.EntityDetail)
def entity(store: Store, entity_id: str) -> dict[str, Any]:
    """An entity's variants, roles, months, co-occurring entities."""
    detail = entity_detail(store, entity_id)
    if detail is None:
        raise HTTPException(404, f"No entity with id {entity_id!r}; find ids with /api/entities?q=NAME.")
    return detail


def entity_detail(store: StoreProtocol, entity_id: str) -> dict[str, Any] | None:
    profile = lookup.entity_profile(store, entity_id)
    if profile is None:
        return None
    return {
        "entity_id": profile.entity_id,
        "label": profile.label,
        "canonical": profile.canonical,
        "mentions": profile.mentions,
        "articles": profile.articles,
        "first_seen": profile.first_seen,
        "last_seen": profile.last_seen,
        "variants": [{"form": f, "mentions": n} for f, n in profile.variants],
        "roles": [{"role": r, "mentions": n, "first": a, "last": b} for r, n, a, b in profile.roles],
        "months": [{"value": v, "count": n} for v, n in store.entity_months(entity_id)],
        "cooccurring": store.cooccurring(entity_id),
        "surname_only": [
            m.EntityCountOut(entity_id=p.entity_id, canonical=p.canonical, label=p.label, articles=p.articles)
            for p in lookup.surname_only(store, profile)
        ],
    }


@router.get("/quotes", response_model=list[m.QuoteHitOut])
def quotes(
    store: Store,
    speaker: Annotated[str | None, Query(description="Any spelling (Lavrov, Lawrow) or an id.")] = None,
    story: str | None = None,
    outlet: str | None = None,
    limit: Annotated[int, Query(ge=1, le=1000)] = 100,
) -> list[Any]:
    """Who said what, newest first."""
    return lookup.speaker_quotes(store, speaker, story=story, outlet=outlet, limit=limit)


@router.get("/timeline", response_model=list[m.TimelineItemOut])
def timeline(store: Store, entity: str | None = None, story: str | None = None) -> list[Any]:
    """Dated events and quotes of an entity (any spelling or id) or of a story, oldest first."""
    if bool(entity) == bool(story):
        raise HTTPException(422, "Give exactly one of entity=NAME_OR_ID or story=STORY_ID.")
    return lookup.timeline(store, entity or story or "")


@router.get("/stories", response_model=list[m.StoryOut])
def stories(
    store: Store,
    since: Annotated[
        str | None, Query(pattern=DATE, description="Stories lasting until then or later.")
    ] = None,
    until: Annotated[str | None, Query(pattern=DATE, description="Stories begun by then.")] = None,
    entity: Annotated[str | None, Query(description="Only stories naming this entity (name or id).")] = None,
    outlet: str | None = None,
    storyline: str | None = None,
    limit: Annotated[int, Query(ge=1, le=500)] = 50,
) -> list[Any]:
    """Stories (articles about one event), newest first."""
    ids = lookup.stored_ids(store, entity)[0] if entity else None
    return store.stories(
        since=since, until=until, entity_ids=ids, outlet=outlet, storyline=storyline, limit=limit
    )


@router.get("/stories/{story_id}", response_model=m.StoryDetail)
def story(request: Request, store: Store, story_id: str) -> dict[str, Any]:
    """A story's articles (copies and translations marked), events, main speakers, storyline, timeline,
    and how its outlets covered it, with quote drift."""
    view = lookup.story_view(store, story_id)
    if view is None:
        raise HTTPException(404, f"No story with id {story_id!r}; story ids come from /api/stories.")
    result = story_comparison(store, request.app.state.facets, story_id)
    return {
        "story": view.story,
        "articles": view.articles,
        "events": view.events,
        "speakers": [{"name": name, "quotes": n} for name, n in view.speakers],
        "storyline": view.storyline,
        "timeline": lookup.timeline(store, story_id),
        "comparison": comparison_out(result) if result else None,
    }


def story_comparison(store: StoreProtocol, cache: AnswerCache, story_id: str) -> Comparison | None:
    """A story's outlet comparison, kept until the store changes: quote drift compares every pair
    of the story's quotes, which costs seconds for a story of hundreds of articles."""
    found = cache.get(
        ("comparison", story_id, store.generation()), lambda: lookup.comparisons(store, story_id)
    )
    return found[0][1] if found else None


def comparison_out(result: Comparison) -> dict[str, Any]:
    """The comparison as the API answers it: (speaker, count) pairs become objects."""
    outlets = [
        {**asdict(o), "speakers": [{"name": name, "quotes": n} for name, n in o.speakers]}
        for o in result.outlets
    ]
    return {"outlets": outlets, "drift": [asdict(d) for d in result.drift]}


# -- writing ------------------------------------------------------------------------------------------
def require_token(request: Request) -> None:
    """Writes need `Authorization: Bearer <token>`, compared in constant time."""
    expected = request.app.state.token
    if not expected:
        raise HTTPException(403, f"Writes are disabled on this server: start it with {TOKEN_ENV} set.")
    given = request.headers.get("authorization", "")
    scheme, _, credential = given.partition(" ")
    if scheme.lower() != "bearer" or not credential:
        raise HTTPException(401, "Writes need the header 'Authorization: Bearer <token>'.")
    if not hmac.compare_digest(credential.strip().encode(), expected.encode()):
        raise HTTPException(401, "The bearer token is wrong; use the server's LAGEBILD_API_TOKEN.")


@router.post(
    "/articles",
    response_model=m.PostResult,
    status_code=201,
    dependencies=[Depends(require_token)],
    responses={200: {"model": m.PostResult, "description": "Nothing new: only duplicates"}},
)
async def post_articles(request: Request, body: m.ArticleIn | list[m.ArticleIn]) -> Any:
    """Analyse one article (or a list) with the default pipeline and store it.

    Analysis runs on the store's single writer thread, so a slow batch never holds up reads.
    """
    items = body if isinstance(body, list) else [body]
    if not items:
        raise HTTPException(422, "The list of articles is empty; post at least one article.")
    objects = [item.model_dump(exclude_none=True) for item in items]
    result = await request.app.state.stores.analyze_and_store(objects)
    if not result["added"] and not result["duplicates"]:
        reasons = "; ".join(f"record {f['record']}: {f['reason']}" for f in result["failed"])
        return JSONResponse({"error": f"No article could be stored: {reasons}", **result}, status_code=422)
    return JSONResponse(result, status_code=201 if result["added"] else 200)


# -- errors -------------------------------------------------------------------------------------------
def _wants_html(request: Request) -> bool:
    return not request.url.path.startswith("/api") and "text/html" in request.headers.get("accept", "")


async def _library_error(request: Request, exc: Exception) -> Response:
    return _error(request, 400, str(exc))


async def _http_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, HTTPException)
    detail = exc.detail if isinstance(exc.detail, str) else json.dumps(exc.detail)
    if exc.status_code == 404 and detail == "Not Found":
        detail = f"Nothing at {request.url.path}; the API's routes are listed in /openapi.json."
    elif exc.status_code == 405:
        detail = f"{request.method} is not allowed on {request.url.path}."
    return _error(request, exc.status_code, detail, exc.headers)


async def _validation_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, RequestValidationError)
    return _error(request, 422, "; ".join(_explain(e) for e in exc.errors()[:5]))


async def _internal_error(request: Request, exc: Exception) -> Response:
    """A bug still answers in the API's shape; the traceback goes to the server's log."""
    return _error(request, 500, f"Internal error ({type(exc).__name__}); the server log has the details.")


def _explain(err: dict[str, Any]) -> str:
    """'query parameter since: should match ^\\d{4}…' rather than pydantic's nested list."""
    loc = [str(p) for p in err.get("loc", ())] or ["request"]
    where = {"query": "query parameter", "path": "path parameter", "body": "body"}.get(loc[0], loc[0])
    name = ".".join(p for p in loc[1:] if not re.fullmatch(r"ArticleIn|list\[ArticleIn\]", p))
    hint = " (YYYY, YYYY-MM or YYYY-MM-DD)" if "pattern" in err.get("type", "") else ""
    return f"{where} {name}: {err.get('msg', 'invalid')}{hint}".replace("  ", " ")


def _error(request: Request, status: int, message: str, headers: Any = None) -> Response:
    if _wants_html(request):
        from lagebild.web.views import error_page

        return error_page(request, status, message)
    return JSONResponse({"error": message}, status_code=status, headers=headers)
