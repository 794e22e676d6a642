"""The `lagebild` command: parses arguments, calls the library, prints. No logic of its own."""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any, TextIO

import click

from lagebild import __version__
from lagebild.errors import LagebildError

DEFAULT_DB = "sqlite:///lagebild.db"

db_option = click.option(
    "--db",
    default=lambda: os.environ.get("LAGEBILD_DB", DEFAULT_DB),
    show_default="sqlite:///lagebild.db or $LAGEBILD_DB",
    help="Store URL: sqlite:///path.db, a file path, or postgresql://…",
)


@contextmanager
def _errors() -> Iterator[None]:
    """Turn library errors into one clear line and a non-zero exit."""
    try:
        yield
    except LagebildError as exc:
        raise click.ClickException(str(exc)) from exc


@contextmanager
def _progress(total: int | None, unit: str) -> Iterator[Callable[[str], None]]:
    """A progress bar on a terminal, silence in pipes and CI logs."""
    from tqdm import tqdm

    bar = tqdm(total=total, unit=unit, disable=not sys.stderr.isatty(), file=sys.stderr, leave=False)
    try:
        yield lambda _item: bar.update(1)
    finally:
        bar.close()


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="lagebild")
def main() -> None:
    """lagebild: who said what, to whom, when and where — sourced from news articles."""


@main.command()
@click.argument("paths", nargs=-1, required=True)
@db_option
@click.option("--no-clean", is_flag=True, help="Keep the text as given: remove no debris.")
@click.option("--batch-size", default=64, show_default=True, help="Articles per store transaction.")
@click.option("--quiet", "-q", is_flag=True, help="Print only the summary line.")
@click.option(
    "--no-link", is_flag=True, help="Do not link articles into duplicates, translations and stories."
)
@click.option(
    "--dask",
    "dask_address",
    metavar="local|tcp://HOST:PORT",
    help="Analyse on Dask workers: 'local' starts a cluster on this machine, an address joins a scheduler.",
)
@click.option("--workers", type=int, help="Worker processes for --dask local  [default: one per core]")
@click.option(
    "--ner",
    type=click.Choice(["fast", "accurate"]),
    default="fast",
    show_default=True,
    help="Entity tagger: the fast CNN, or multilingual-e5 with lagebild's adapters (lagebild[accurate]).",
)
def ingest(
    paths: tuple[str, ...],
    db: str,
    no_clean: bool,
    batch_size: int,
    quiet: bool,
    no_link: bool,
    dask_address: str | None,
    workers: int | None,
    ner: str,
) -> None:
    """Read files, directories, feeds, JSONL or WARC; analyse, link and store every article."""
    from functools import partial

    from lagebild import batch, scale
    from lagebild.pipeline import default_stages
    from lagebild.report import corpus_report
    from lagebild.store import open_store

    run = partial(scale.ingest, address=dask_address, workers=workers) if dask_address else batch.ingest
    if workers is not None and not dask_address:
        raise click.UsageError("--workers needs --dask local.")
    with _errors(), open_store(db) as store, _progress(batch.count_files(paths), "file") as tick:
        report = run(
            paths,
            store,
            stages=default_stages(clean=not no_clean, ner=ner),
            batch_size=batch_size,
            on_file=tick,
            link=not no_link,
        )
        for failure in report.failures:
            click.echo(f"failed: {failure}", err=True)
        click.echo(report.summary())
        if not quiet:
            click.echo(corpus_report(store, db))


@main.command()
@click.argument("input_path", metavar="IN.jsonl")
@click.option(
    "-o",
    "--output",
    "output",
    required=True,
    type=click.File("w", encoding="utf-8"),
    help="Where to write one analysis record per article ('-' for stdout).",
)
@click.option(
    "--no-clean", is_flag=True, help="Keep the text exactly as given (offsets stay those of the input)."
)
@click.option("--no-link", is_flag=True, help="Do not link the input's articles among themselves.")
@click.option(
    "--ner",
    type=click.Choice(["fast", "accurate"]),
    default="fast",
    show_default=True,
    help="Entity tagger: the fast CNN, or multilingual-e5 with lagebild's adapters (lagebild[accurate]).",
)
def analyze(input_path: str, output: TextIO, no_clean: bool, no_link: bool, ner: str) -> None:
    """Analyse articles without a store: one analysis record per input article, linked within the input."""
    from lagebild.batch import analyze_to
    from lagebild.pipeline import default_stages

    with _errors(), _progress(None, "article") as tick:
        written, failures = analyze_to(
            input_path,
            output,
            default_stages(clean=not no_clean, ner=ner),
            link=not no_link,
            on_article=tick,
        )
        for failure in failures:
            click.echo(f"failed: {failure}", err=True)
        click.echo(f"{written} records written, {len(failures)} failed", err=True)


@main.command()
@click.option(
    "-o",
    "--output",
    "output",
    required=True,
    type=click.File("w", encoding="utf-8"),
    help="Where to write the analysis records ('-' for stdout).",
)
@db_option
def export(output: TextIO, db: str) -> None:
    """Write every stored article as an analysis record (JSONL)."""
    from lagebild.store import open_store

    with _errors(), open_store(db) as store:
        n = 0
        for record in store.iter_records():
            _write_json_line(output, record)
            n += 1
        click.echo(f"{n} records exported", err=True)


@main.command()
@click.argument("query")
@db_option
@click.option("--outlet", help="Only articles of this outlet (name, case-insensitive).")
@click.option("--entity", help='Only articles mentioning this entity, in any spelling ("Lavrov": "Lawrow").')
@click.option("--language", help="Only articles in this language (de, en, …).")
@click.option("--since", help="Published on or after (YYYY, YYYY-MM or YYYY-MM-DD).")
@click.option("--until", help="Published on or before (YYYY, YYYY-MM or YYYY-MM-DD).")
@click.option("--limit", default=20, show_default=True)
@click.option("--json", "as_json", is_flag=True, help="One JSON object per hit.")
def search(
    query: str,
    db: str,
    outlet: str | None,
    entity: str | None,
    language: str | None,
    since: str | None,
    until: str | None,
    limit: int,
    as_json: bool,
) -> None:
    """Full-text search (German stems: "Gespräch" finds "Gesprächen"); words, "phrases", OR, -exclusion."""
    from lagebild.lookup import stored_ids
    from lagebild.store import open_store

    with _errors(), open_store(db) as store:
        ids = stored_ids(store, entity)[0] if entity else None
        hits = store.search(
            query, outlet=outlet, language=language, since=since, until=until, entity_ids=ids, limit=limit
        )
        for hit in hits:
            if as_json:
                click.echo(json.dumps(_hit_dict(hit), ensure_ascii=False))
            else:
                click.echo(f"{hit.published or '?':10}  {hit.outlet or '?':16.16}  {hit.title or hit.id}")
                click.echo(f"            {hit.snippet}")
        if not as_json:
            click.echo(f"{len(hits)} hits", err=True)


@main.command()
@click.argument("name")
@db_option
@click.option("--json", "as_json", is_flag=True, help="One JSON object per entity.")
def entity(name: str, db: str, as_json: bool) -> None:
    """An entity's variants, roles, mentions, articles, first and last seen ("Lavrov" finds "Lawrow")."""
    from dataclasses import asdict

    from lagebild.lookup import entity_profiles, surname_only
    from lagebild.store import open_store

    with _errors(), open_store(db) as store:
        profiles = entity_profiles(store, name)
        if not profiles:
            raise LagebildError(f"No stored entity matches {name!r}.")
        for p in profiles:
            alone = surname_only(store, p)
            if as_json:
                record = {**asdict(p), "surname_only": [a.entity_id for a in alone]}
                click.echo(json.dumps(record, ensure_ascii=False))
                continue
            click.echo(f"{p.canonical}  [{p.label}]  {p.entity_id}")
            click.echo(
                f"  mentions: {p.mentions} in {p.articles} articles, seen {p.first_seen} … {p.last_seen}"
            )
            click.echo("  variants: " + ", ".join(f"{form} ({n})" for form, n in p.variants))
            for role, n, first, last in p.roles:
                click.echo(f"  role: {role} ({n}×, {first} … {last})")
            for a in alone:
                click.echo(
                    f"  the surname alone: {a.canonical} ({a.mentions} mentions in {a.articles} articles;"
                    " not merged, it may be someone else)"
                )


@main.command()
@db_option
@click.option("--speaker", help="Only quotes of this person (any spelling: Lavrov, Lawrow, Lawrows).")
@click.option("--story", help="Only quotes from articles of this story id.")
@click.option("--outlet", help="Only quotes from this outlet (name, case-insensitive).")
@click.option("--limit", default=100, show_default=True)
@click.option("--json", "as_json", is_flag=True, help="One JSON object per quote.")
def quotes(
    db: str, speaker: str | None, story: str | None, outlet: str | None, limit: int, as_json: bool
) -> None:
    """Who said what: quote, type, speaker, date, outlet and article, newest first."""
    from dataclasses import asdict

    from lagebild.lookup import speaker_quotes
    from lagebild.store import open_store

    with _errors(), open_store(db) as store:
        hits = speaker_quotes(store, speaker, story=story, outlet=outlet, limit=limit)
        for q in hits:
            if as_json:
                click.echo(json.dumps(asdict(q), ensure_ascii=False))
                continue
            who = q.speaker_canonical or q.speaker or "?"
            if q.speaker and q.speaker_canonical and q.speaker != q.speaker_canonical:
                who += f" ({q.speaker})"
            click.echo(f"{q.published or '?':10}  {q.outlet or '?':16.16}  {who}  [{q.type}, {q.cue or '-'}]")
            click.echo(f"            {' '.join(q.text.split())}")
            click.echo(f"            article {q.article_id}: {q.title or ''}")
        if not as_json:
            click.echo(f"{len(hits)} quotes", err=True)


@main.command()
@click.argument("subject", metavar="STORY|STORYLINE|ENTITY")
@db_option
@click.option("--json", "as_json", is_flag=True, help="One JSON object per line of the timeline.")
def timeline(subject: str, db: str, as_json: bool) -> None:
    """Dated events and quotes of a story, a storyline or an entity, in order, each with its source."""
    from dataclasses import asdict

    from lagebild.lookup import shorten, unquote
    from lagebild.lookup import timeline as build
    from lagebild.store import open_store

    with _errors(), open_store(db) as store:
        items = build(store, subject)
        if not items:
            raise LagebildError(
                f"Nothing dated is stored for {subject!r} (neither a story, a storyline nor an entity)."
            )
        for item in items:
            if as_json:
                click.echo(json.dumps(asdict(item), ensure_ascii=False))
                continue
            click.echo(f"{item.date or '(no date)':12}  {item.summary}")
            evidence = unquote(item.evidence) if item.kind == "quote" else item.evidence
            click.echo(f"              „{shorten(evidence)}“")
            click.echo(
                f"              {item.outlet or '?'}, {item.published or '?'}, article {item.article_id}"
            )


@main.command()
@db_option
@click.option("--since", help="Stories that last until this date or later (YYYY, YYYY-MM or YYYY-MM-DD).")
@click.option("--until", help="Stories that began on or before this date.")
@click.option("--entity", help="Only stories naming this entity (any spelling).")
@click.option("--outlet", help="Only stories this outlet covered (name, case-insensitive).")
@click.option("--limit", default=50, show_default=True)
@click.option("--json", "as_json", is_flag=True, help="One JSON object per story.")
def stories(
    db: str,
    since: str | None,
    until: str | None,
    entity: str | None,
    outlet: str | None,
    limit: int,
    as_json: bool,
) -> None:
    """Stories, newest first: label, time span, number of articles and outlets, storyline."""
    from dataclasses import asdict

    from lagebild.lookup import stored_ids
    from lagebild.store import open_store

    with _errors(), open_store(db) as store:
        ids = stored_ids(store, entity)[0] if entity else None
        hits = store.stories(since=since, until=until, entity_ids=ids, outlet=outlet, limit=limit)
        for h in hits:
            if as_json:
                click.echo(json.dumps(asdict(h), ensure_ascii=False))
                continue
            span = _span(h.first_date, h.last_date)
            click.echo(f"{span:23}  {h.articles:3} articles, {len(h.outlets):2} outlets  {h.label}")
            click.echo(f"{'':23}  {h.id}  (storyline {h.storyline_id})")
        if not as_json:
            click.echo(f"{len(hits)} stories", err=True)


@main.command()
@click.argument("story_id", metavar="ID")
@db_option
@click.option("--json", "as_json", is_flag=True, help="The story as one JSON object.")
def story(story_id: str, db: str, as_json: bool) -> None:
    """One story: articles by outlet and date (duplicates and translations marked), events, speakers."""
    from dataclasses import asdict

    from lagebild.lookup import story_view
    from lagebild.store import open_store

    with _errors(), open_store(db) as store:
        view = story_view(store, story_id)
        if view is None:
            raise LagebildError(f"No story {story_id!r}; `lagebild stories` lists them.")
        if as_json:
            click.echo(json.dumps(asdict(view), ensure_ascii=False))
            return
        s = view.story
        click.echo(f"{s.label}\n{_span(s.first_date, s.last_date)}, {s.articles} articles  [{s.id}]")
        click.echo("\nArticles:")
        for a in view.articles:
            mark = ""
            if a.duplicate_of:
                mark = f"  (copy of {a.duplicate_of})"
            elif a.translation_of:
                mark = f"  (translation of {a.translation_of})"
            click.echo(
                f"  {a.published or '?':10}  {a.outlet or '?':16.16}  {a.language or '?':2}  {a.id}{mark}"
            )
            click.echo(f"              {a.title or ''}")
        if view.events:
            click.echo("\nEvents:")
            for e in view.events:
                who = " – ".join(e.participants) or "?"
                where = f" in {e.place}" if e.place else ""
                click.echo(f"  {e.date or '(no date)':12}  {e.type} ({e.status}): {who}{where}")
        if view.speakers:
            click.echo("\nMain speakers: " + ", ".join(f"{name} ({n})" for name, n in view.speakers))
        if len(view.storyline) > 1:
            click.echo(f"\nStoryline {s.storyline_id}:")
            for other in view.storyline:
                here = "  ← this story" if other.id == s.id else ""
                click.echo(
                    f"  {_span(other.first_date, other.last_date):23}  {other.label}  [{other.id}]{here}"
                )


@main.command()
@click.argument("subject", metavar="STORY|STORYLINE")
@db_option
@click.option("--json", "as_json", is_flag=True, help="One JSON object per story.")
def compare(subject: str, db: str, as_json: bool) -> None:
    """How outlets covered a story (or each story of a storyline): who reported first, whom each quotes,
    what each leaves out, and quote drift (one statement worded differently, differences marked)."""
    from dataclasses import asdict

    from lagebild.lookup import comparisons
    from lagebild.store import open_store

    with _errors(), open_store(db) as store:
        found = comparisons(store, subject)
        if not found:
            raise LagebildError(f"No story or storyline {subject!r}; `lagebild stories` lists them.")
        for story_hit, result in found:
            if as_json:
                click.echo(json.dumps({"story": asdict(story_hit), **asdict(result)}, ensure_ascii=False))
                continue
            click.echo(
                f"== {_span(story_hit.first_date, story_hit.last_date)}  {story_hit.label}  [{story_hit.id}]"
            )
            for o in result.outlets:
                first = "  first report" if o.first_report else ""
                click.echo(f"  {o.outlet}: {len(o.articles)} articles from {o.first_published or '?'}{first}")
                for a in o.articles:
                    kind = "" if a["kind"] == "report" else f" ({a['kind']} of {a['of']})"
                    click.echo(f"      {a['published'] or '?':10}  {a['id']}{kind}  {a['title'] or ''}")
                who = ", ".join(f"{name} ({n})" for name, n in o.speakers[:6]) or "nobody"
                click.echo(f"    quotes: {o.quotes} ({o.quoted_chars} characters); quoted: {who}")
                for label, items in (
                    ("leaves out", o.missing_entities), ("numbers left out", o.missing_numbers),
                    ("speakers left out", o.missing_speakers),
                ):  # fmt: skip
                    if items:
                        click.echo(f"    {label}: {', '.join(items[:12])}")
            for d in result.drift:
                click.echo(f"  quote drift ({d.speaker or 'speaker unknown'}, {len(d.versions)} versions):")
                for v in d.versions:
                    marks = {"equal": "{}", "inserted": "[+{}+]", "deleted": "[-{}-]"}
                    text = " ".join(marks[seg.op].format(seg.text) for seg in v.segments)
                    changes = f"  <{', '.join(v.changes)}>" if v.changes else ""
                    click.echo(f"    {v.outlet or '?'} {v.published or '?'} ({v.type}){changes}: {text}")
            click.echo("")


def _span(first: str | None, last: str | None) -> str:
    if not first:
        return "(undated)"
    return first if first == last or not last else f"{first} … {last}"


@main.command()
@db_option
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", default=8000, show_default=True, type=int, help="Port to listen on.")
def serve(db: str, host: str, port: int) -> None:
    """HTTP API (/api/…, OpenAPI at /openapi.json) and web UI; writes need $LAGEBILD_API_TOKEN."""
    import uvicorn

    from lagebild.api import TOKEN_ENV, create_app

    with _errors():
        app = create_app(db)
    if not os.environ.get(TOKEN_ENV):
        click.echo(
            f"{TOKEN_ENV} is not set: the API is read-only (POST /api/articles answers 403).", err=True
        )
    click.echo(f"Serving {db} on http://{host}:{port}/", err=True)
    uvicorn.run(app, host=host, port=port, log_level="warning")


def _hit_dict(hit: Any) -> dict[str, Any]:
    return {k: getattr(hit, k) for k in ("id", "title", "published", "outlet", "snippet", "score")}


def _write_json_line(output: TextIO, record: dict[str, Any]) -> None:
    output.write(json.dumps(record, ensure_ascii=False) + "\n")
