"""The web UI in a real browser: Debian's headless chromium driven by Playwright, against a real
`lagebild serve`. Clicks search → article → entity, checks that hostile markup from an article shows
as text and never runs, and takes the README's screenshots.

Set LAGEBILD_SCREENSHOTS=docs/screenshots to refresh the committed screenshots; by default they go
to a temporary folder, so a test run leaves the work tree as it was.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import httpx
import pytest

CHROMIUM = Path("/usr/bin/chromium")
if not CHROMIUM.exists():
    pytest.skip(
        "Debian's chromium is not installed (apt-get install -y chromium); .ci/run installs it",
        allow_module_level=True,
    )
sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is in the dev extra: make install")
if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page

ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def serve(db: str, log: Path) -> Iterator[str]:
    """`lagebild serve` over `db` on a free port, until the generator is closed."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    with log.open("wb") as sink:
        proc = subprocess.Popen(
            [sys.executable, "-m", "lagebild", "serve", "--db", db, "--port", str(port)],
            stdout=subprocess.DEVNULL,
            stderr=sink,
        )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                httpx.get(f"{base}/api/stories", timeout=5)
                break
            except httpx.TransportError:
                assert proc.poll() is None, log.read_text(encoding="utf-8")
                assert time.monotonic() < deadline, "lagebild serve did not answer within 30 s"
                time.sleep(0.2)
        yield base
    finally:
        proc.terminate()
        proc.wait(timeout=10)


@pytest.fixture(scope="module")
def base_url(api_db: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    yield from serve(api_db, tmp_path_factory.mktemp("serve") / "serve.log")


@pytest.fixture(scope="module")
def story_url(story_db: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A server over the link test articles, whose Paris story several outlets covered."""
    yield from serve(story_db, tmp_path_factory.mktemp("serve") / "serve.log")


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with sync_api.sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=ARGS)
        yield chromium
        chromium.close()


@dataclass
class Watched:
    """A page with every dialog it opened (an alert would mean injected script ran) and every console
    error (a Content-Security-Policy violation shows up there)."""

    page: Page
    dialogs: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


@pytest.fixture
def watched(browser: Browser) -> Iterator[Watched]:
    context = browser.new_context(viewport={"width": 1280, "height": 960}, locale="de-DE")
    w = Watched(context.new_page())
    w.page.on("dialog", lambda d: (w.dialogs.append(d.message), d.dismiss()))
    w.page.on("console", lambda m: w.errors.append(m.text) if m.type == "error" else None)
    yield w
    context.close()


@pytest.fixture(scope="module")
def shots(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = os.environ.get("LAGEBILD_SCREENSHOTS")
    target = Path(folder) if folder else tmp_path_factory.mktemp("screenshots")
    target.mkdir(parents=True, exist_ok=True)
    return target


def test_browser_search_article_entity(watched: Watched, base_url: str, shots: Path) -> None:
    pg = watched.page
    pg.goto(base_url + "/")
    assert "Meistgenannt" in pg.inner_text("main")
    pg.fill("header input[name=q]", "Gespräch")
    pg.click("header button[type=submit]")
    pg.wait_for_url("**/search?q=*")
    assert "Treffer" in pg.inner_text(".summary")
    assert pg.locator("aside.facets svg rect.bar").count() >= 1
    pg.screenshot(path=str(shots / "search.png"))

    assert pg.locator("li.hit").count() == 2
    pg.click("a.hit-title:has-text('Top-Diplomaten')")
    pg.wait_for_url("**/articles/**")
    assert pg.inner_text("h1").startswith("Top-Diplomaten")
    assert pg.locator(".text a.ent").count() > 5
    assert pg.locator(".text .quote").count() > 2
    assert pg.locator(".text .date").count() > 0
    pg.screenshot(path=str(shots / "article.png"))
    removed = pg.locator("details.removed li").first
    assert not removed.is_visible()
    pg.click("details.removed summary")
    assert removed.is_visible()

    pg.click(".text a.ent:has-text('Lawrow') >> nth=0")
    pg.wait_for_url("**/entities/per%3Asergey-lavrov")
    assert "Sergej Lawrow" in pg.inner_text("h1")
    assert "Schreibweisen" in pg.inner_text("main")
    assert pg.locator("svg rect").count() > 0
    pg.screenshot(path=str(shots / "entity.png"))
    assert watched.dialogs == [] and watched.errors == []


def test_browser_hostile_markup_is_text(watched: Watched, base_url: str) -> None:
    pg = watched.page
    pg.goto(base_url + "/search?q=Angriff")
    assert "<script>alert(1)</script>" in pg.inner_text("a.hit-title")
    pg.click("a.hit-title")
    pg.wait_for_url("**/articles/hostile-1")
    title = pg.inner_text("h1")
    assert "<script>alert(1)</script>" in title and "<img src=x onerror=alert(1)>" in title
    assert "<img src=x onerror=alert(1)>" in pg.inner_text(".text")
    assert pg.locator("main img, main script").count() == 0
    pg.click("a:has-text('Olaf Scholz') >> nth=0")
    pg.wait_for_url("**/entities/**")
    assert "<script>alert(1)</script>" in pg.inner_text("ul.quotes")
    pg.goto(base_url + "/articles/hostile-1/raw")
    assert "<script>alert(1)</script>" in pg.inner_text("body")
    pg.wait_for_timeout(300)
    assert watched.dialogs == []


def test_browser_home_story_article(watched: Watched, base_url: str) -> None:
    pg = watched.page
    pg.goto(base_url + "/")
    pg.click("a:has-text('Top-Diplomaten') >> nth=0")
    pg.wait_for_url("**/stories/**")
    assert "Handlungsstrang" in pg.inner_text("main")  # the Geneva talks continue the OSCE story
    pg.click("main section a:has-text('Top-Diplomaten')")
    pg.wait_for_url("**/articles/**")
    assert pg.inner_text("h1").startswith("Top-Diplomaten")
    assert watched.dialogs == [] and watched.errors == []


def test_browser_story_page_compares_outlets_and_shows_quote_drift(
    watched: Watched, story_url: str, shots: Path
) -> None:
    pg = watched.page
    pg.goto(story_url + "/")
    pg.click("a:has-text('Scholz und Macron beraten in Paris') >> nth=0")
    pg.wait_for_url("**/stories/**")
    assert pg.locator("figure.story-chart svg rect.stack").count() == 4  # one article per outlet
    assert pg.locator("figure.story-chart svg .mark").count() >= 1  # the meeting in Paris
    rows = pg.locator("table.coverage tbody tr")
    assert rows.count() == 4
    assert "Erstbericht" in rows.nth(0).inner_text() and "Tagesschau" in rows.nth(0).inner_text()
    assert "Kopie" in pg.inner_text("table.coverage tr:has-text('Nachrichtenportal Süd')")
    assert "Übersetzung" in pg.inner_text("table.coverage tr:has-text('repost')")
    assert "Olaf Scholz" in pg.inner_text("table.matrix")
    scholz = pg.locator("section.drift:has(h3:has-text('Olaf Scholz'))")
    assert scholz.locator("article.version").first.locator("a").inner_text().startswith("Scholz und Macron")
    assert scholz.locator("del").count() >= 1 and scholz.locator("ins").count() >= 1
    assert "direkt → indirekt" in scholz.inner_text() and "Übersetzung" in scholz.inner_text()
    # the README's story picture: from the chart down to the second quote-drift group
    box = pg.locator("section.drift").nth(1).bounding_box()
    assert box is not None
    clip = {"x": 0, "y": 0, "width": 1280, "height": box["y"] + box["height"] + 16}
    pg.screenshot(path=str(shots / "story.png"), full_page=True, clip=clip)
    scholz.locator("article.version").last.locator(".source a").click()
    pg.wait_for_url("**/articles/**")
    assert watched.dialogs == [] and watched.errors == []
