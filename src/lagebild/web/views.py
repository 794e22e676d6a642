"""The web UI: server-rendered pages over the same library calls as the JSON API.

Jinja2 autoescapes every value; article text reaches the page only as escaped text. Charts are
inline SVG computed in `charts.py`. Nothing is loaded from another site, so the UI works offline.
"""

from __future__ import annotations

import re
import time
from collections import Counter
from pathlib import Path
from typing import Annotated, Any
from urllib.parse import quote, urlencode

import jinja2
from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, PlainTextResponse, Response
from fastapi.templating import Jinja2Templates
from starlette.exceptions import HTTPException

from lagebild import lookup
from lagebild.api import DATE, Store, entity_detail, run_search, story_comparison
from lagebild.link.compare import Comparison
from lagebild.store.base import EventHit
from lagebild.web import charts
from lagebild.web.markup import KIND_LABELS, pieces

# autoescape on for every template, whatever its file name: each value from an article is escaped
_env = jinja2.Environment(
    loader=jinja2.FileSystemLoader(Path(__file__).parent / "templates"), autoescape=True
)
templates = Jinja2Templates(env=_env)
templates.env.filters["path"] = lambda value: quote(str(value), safe="")
templates.env.filters["marks"] = lambda snippet: [
    (part, i % 2 == 1) for i, part in enumerate(re.split(r"\[([^\[\]]*)\]", snippet)) if part
]  # the store marks matched words in a snippet as [word]
templates.env.globals["kinds"] = KIND_LABELS
LABELS = {"PER": "Person", "ORG": "Organisation", "LOC": "Ort", "OTH": "Sonstiges"}
templates.env.globals["labels"] = LABELS
router = APIRouter(include_in_schema=False)
HOME_CACHE_SECONDS = 60  # the most-named entities and the count read the whole store: once a minute


def page(request: Request, name: str, status_code: int = 200, **context: Any) -> HTMLResponse:
    return templates.TemplateResponse(request, name, context, status_code=status_code)


def error_page(request: Request, status: int, message: str) -> Response:
    return page(request, "error.html", status, status=status, message=message)


@router.get("/", response_class=HTMLResponse)
def home(request: Request, store: Store) -> HTMLResponse:
    cached = request.app.state.home.get("counts")
    if cached is None or time.monotonic() - cached[0] > HOME_CACHE_SECONDS:
        cached = (time.monotonic(), store.top_entities(limit=24), store.count())
        request.app.state.home["counts"] = cached
    return page(
        request,
        "home.html",
        stories=store.stories(limit=10),
        entities=cached[1],
        latest=store.latest(limit=10),
        count=cached[2],
    )


@router.get("/search", response_class=HTMLResponse)
def search(
    request: Request,
    store: Store,
    q: str = "",
    outlet: str | None = None,
    entity: str | None = None,
    since: Annotated[str | None, Query(pattern=DATE)] = None,
    until: Annotated[str | None, Query(pattern=DATE)] = None,
    page_no: Annotated[int, Query(alias="page", ge=1, le=10_000)] = 1,
) -> HTMLResponse:
    filters = {"outlet": outlet, "entity": entity, "since": since, "until": until}
    if not q.strip():
        return page(request, "search.html", q=q, result=None, filters=filters)
    result = run_search(
        store, request.app.state.facets, q, outlet=outlet, entity=entity, since=since, until=until,
        language=None, page=page_no, per_page=20,
    )  # fmt: skip
    entity_name = None
    if entity:
        found = lookup.entity_profile(store, entity)
        entity_name = found.canonical if found else entity

    def link(**change: Any) -> str:
        params = {"q": q, **filters, **change}
        return "/search?" + urlencode({k: v for k, v in params.items() if v})

    return page(
        request,
        "search.html",
        q=q,
        result=result,
        filters=filters,
        entity_name=entity_name,
        link=link,
        month_link=lambda month: link(since=month, until=month, page=None),
        chart=charts.months_chart([(c["value"], c["count"]) for c in result["facets"]["months"]]),
    )


@router.get("/entities", response_class=HTMLResponse)
def entities(request: Request, store: Store, q: str = "") -> HTMLResponse:
    found = lookup.find_entities(store, q.strip(), limit=50) if q.strip() else store.top_entities(limit=50)
    return page(request, "entities.html", q=q, entities=found)


@router.get("/entities/{entity_id}", response_class=HTMLResponse)
def entity(request: Request, store: Store, entity_id: str) -> HTMLResponse:
    detail = entity_detail(store, entity_id)
    if detail is None:
        raise HTTPException(404, f"Keine Entität mit der Kennung {entity_id!r}.")
    said = lookup.speaker_quotes(store, entity_id, limit=500)
    per_month = Counter((q.published or "")[:7] for q in said if q.published)
    roles = [(r["role"], r["mentions"], r["first"], r["last"]) for r in detail["roles"]]
    return page(
        request,
        "entity.html",
        e=detail,
        quotes=said[:30],
        quote_total=len(said),
        mentions_chart=charts.months_chart([(c["value"], c["count"]) for c in detail["months"]]),
        quotes_chart=charts.months_chart(sorted(per_month.items())),
        roles_chart=charts.role_spans(roles),
        timeline=lookup.timeline(store, entity_id, limit=200)[:60],
    )


@router.get("/stories/{story_id}", response_class=HTMLResponse)
def story(request: Request, store: Store, story_id: str) -> HTMLResponse:
    """A story's articles, speakers, storyline and timeline, as `lagebild story` shows them."""
    view = lookup.story_view(store, story_id)
    if view is None:
        raise HTTPException(404, f"Keine Geschichte mit der Kennung {story_id!r}.")
    items = lookup.timeline(store, story_id, limit=300)
    result = story_comparison(store, request.app.state.facets, story_id)
    events = {e.event_id: (e.date, event_label(e)) for e in view.events}
    return page(
        request,
        "story.html",
        v=view,
        timeline=items,
        cmp=result,
        quoted=quoted_by(result) if result else None,
        titles={a.id: a.title or a.id for a in view.articles},
        chart=charts.story_chart([(a.published, a.outlet) for a in view.articles], list(events.values())),
    )


EVENT_LABELS = {
    "meeting": "Treffen", "talks": "Gespräche", "call": "Telefonat", "visit": "Besuch", "summit": "Gipfel",
    "press_conference": "Pressekonferenz", "statement": "Erklärung",
}  # fmt: skip
CHANGE_LABELS = {
    "wording": "Wortlaut", "shortened": "gekürzt", "extended": "erweitert", "numbers": "andere Zahlen",
    "translation": "Übersetzung",
}  # fmt: skip
COPY_LABELS = {"report": "Bericht", "duplicate": "Kopie", "translation": "Übersetzung"}
templates.env.globals["copy_labels"] = COPY_LABELS


def event_label(e: EventHit) -> str:
    """'Treffen: Olaf Scholz – Emmanuel Macron in Paris' for a mark on the story chart."""
    where = f" in {e.place}" if e.place else ""
    return f"{EVENT_LABELS.get(e.type, e.type)}: {' – '.join(e.participants) or '?'}{where}"


def change(kind: str) -> str:
    """A quote version's change in German; 'type: direct → indirect' becomes 'direkt → indirekt'."""
    if kind.startswith("type: "):
        a, _, b = kind.removeprefix("type: ").partition(" → ")
        return f"{KIND_LABELS.get(a, a)} → {KIND_LABELS.get(b, b)}"
    return CHANGE_LABELS.get(kind, kind)


templates.env.filters["change"] = change


def quoted_by(result: Comparison, limit: int = 20) -> tuple[list[str], list[tuple[str, list[int], int]]]:
    """Speakers × outlets: the outlets, and per speaker (most quoted first) its count in each."""
    outlets = [o.outlet for o in result.outlets]
    counts: dict[str, dict[str, int]] = {}
    for o in result.outlets:
        for name, n in o.speakers:
            counts.setdefault(name, {})[o.outlet] = n
    rows = [(name, [per.get(o, 0) for o in outlets], sum(per.values())) for name, per in counts.items()]
    rows.sort(key=lambda r: (-r[2], -sum(1 for n in r[1] if n), r[0]))
    return outlets, rows[:limit]


@router.get("/articles/{article_id:path}/raw", response_class=PlainTextResponse)
def article_raw(store: Store, article_id: str) -> PlainTextResponse:
    """The input as given, as plain text: a browser shows even HTML input as text, never as a page."""
    raw = store.raw(article_id)
    if raw is None:
        raise HTTPException(404, f"Kein Artikel mit der Kennung {article_id!r}.")
    text, html = raw
    return PlainTextResponse(html or text)


@router.get("/articles/{article_id:path}", response_class=HTMLResponse)
def article(request: Request, store: Store, article_id: str) -> HTMLResponse:
    record = store.get(article_id)
    if record is None:
        raise HTTPException(404, f"Kein Artikel mit der Kennung {article_id!r}.")
    names = {
        e["entity_id"]: (e.get("canonical") or e["text"], str(e.get("label", "")).removesuffix("part"))
        for e in record.get("entities") or []
        if e.get("entity_id")
    }
    return page(request, "article.html", a=record, pieces=pieces(record), names=names)
