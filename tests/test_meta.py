"""The metadata stage on the seeds and on the evidence each field can come from."""

from __future__ import annotations

import importlib.util
import re
from pathlib import Path

import pytest

from lagebild.meta import detect_language, find_agencies, metadata
from lagebild.model import Article, RawArticle, Removal

SEEDS = Path(__file__).resolve().parents[1] / "samples" / "corpus" / "seeds"

# Lines that the cleaner takes out of seed 002, with the kind it gives them.
_SEED_002_KINDS = [
    (re.compile(r"\(AP Foto|\(Pressestelle|^Außenminister Antony Blinken begrüßt"), "caption"),
    (re.compile(r"^[A-ZÄÖÜ„“ ,-]{30,}$"), "teaser"),
    (re.compile(r"FOX NEWS APP"), "promo"),
    (re.compile(r"hat zu diesem Bericht beigetragen"), "agency-credit"),
    (re.compile(r"^(source site|Leave a Reply)$"), "cms"),
]


def _seed_article(name: str) -> Article:
    """A seed as the reader and cleaner hand it over: header in hints, debris in `removed`."""
    raw = next(SEEDS.glob(f"{name}_*.txt")).read_text(encoding="utf-8")
    header, _, body = raw.partition("\n")
    hints: dict[str, str] = {}
    if m := re.match(r"\s*date (\d{4}-\d{2}(?:-\d{2})?)\s+(.*)", header):
        hints["published"], hints["title"] = m[1], m[2]
    else:
        hints["title"] = header.strip()
    kept, removed = [], [Removal(0, len(header), "title", header)]
    offset = len(header) + 1
    for paragraph in body.split("\n\n"):
        kind = next((k for p, k in _SEED_002_KINDS if p.search(paragraph.strip())), None)
        if paragraph.strip().startswith("Mehr zum Thema"):
            kind = "related-link"
        if kind:
            removed.append(Removal(offset, offset + len(paragraph), kind, paragraph.strip()))
        else:
            kept.append(paragraph)
        offset += len(paragraph) + 2
    return Article(id=name, path=name, raw=raw, hints=hints, text="\n\n".join(kept).strip(), removed=removed)


def test_metadata_seed_000_rt_de_with_month_date() -> None:
    article = metadata(_seed_article("000"))
    assert article.published == "2021-12"
    assert article.published_source == "input"
    assert article.outlet is not None and article.outlet.name == "RT DE"
    assert "Mehr zum Thema" in article.outlet.evidence
    assert article.language == "de"
    assert article.title is not None and article.title.startswith("US-Außenminister")


def test_metadata_seed_002_fox_news_caption_date_ap() -> None:
    article = metadata(_seed_article("002"))
    assert article.published == "2022-01-21"
    assert article.published_source == "caption"
    assert article.outlet is not None and article.outlet.name == "Fox News"
    assert article.outlet.evidence == "KLICKEN SIE HIER, UM DIE FOX NEWS APP ZU ERHALTEN"
    assert article.agencies == ["AP"]
    assert article.language == "de"


@pytest.mark.skipif(
    importlib.util.find_spec("lagebild.clean") is None, reason="lagebild.clean not written yet"
)
@pytest.mark.parametrize(
    ("name", "published", "outlet", "agencies"),
    [("000", "2021-12", "RT DE", []), ("002", "2022-01-21", "Fox News", ["AP"])],
)
def test_metadata_seeds_through_real_pipeline(
    name: str, published: str, outlet: str, agencies: list[str]
) -> None:
    from lagebild.pipeline import analyze, default_stages

    raw = next(SEEDS.glob(f"{name}_*.txt")).read_text(encoding="utf-8")
    header = raw.partition("\n")[0]
    hints: dict[str, object] = {"header_spans": [[0, len(header), "title"]]}
    if m := re.match(r"\s*date (\d{4}-\d{2}(?:-\d{2})?)\s+(.*)", header):
        hints["published"], hints["title"] = m[1], m[2]
    article = analyze(RawArticle(path=name, raw_text=raw, hints=hints), default_stages())
    assert article.published == published
    assert article.outlet is not None and article.outlet.name == outlet
    assert article.agencies == agencies
    assert article.language == "de"


def _article(text: str = "", **fields: object) -> Article:
    return Article(id="x", path="x", raw=text, text=text, **fields)  # type: ignore[arg-type]


def test_metadata_trust_order_input_beats_url_beats_dateline() -> None:
    text = "BERLIN, 20. Januar 2022 – Die Regierung hat beschlossen."
    url = "https://www.example.org/2022/01/19/story"
    assert metadata(_article(text, url=url, hints={"published": "18.01.2022"})).published == "2022-01-18"
    from_url = metadata(_article(text, url=url))
    assert (from_url.published, from_url.published_source) == ("2022-01-19", "url")
    from_dateline = metadata(_article(text))
    assert (from_dateline.published, from_dateline.published_source) == ("2022-01-20", "dateline")


def test_metadata_without_any_date_leaves_none() -> None:
    article = metadata(_article("Die Regierung hat am Freitag beschlossen, die Steuern zu senken."))
    assert (article.published, article.published_source) == (None, None)


def test_metadata_reads_date_and_site_from_html() -> None:
    html = (
        '<html><head><meta property="article:published_time" content="2022-01-21T10:00:00+01:00">'
        '<meta property="og:site_name" content="SPIEGEL"></head><body><p>Text</p></body></html>'
    )
    article = metadata(_article("Die Regierung hat beschlossen, die Steuern zu senken.", html=html))
    assert (article.published, article.published_source) == ("2022-01-21", "html")
    assert article.outlet is not None and article.outlet.name == "Der Spiegel"


def test_metadata_outlet_by_url_domain() -> None:
    article = metadata(_article("Text", url="https://m.tagesschau.de/inland/x.html"))
    assert article.outlet is not None
    assert (article.outlet.name, article.outlet.evidence, article.outlet.domain) == (
        "Tagesschau",
        "tagesschau.de",
        "tagesschau.de",
    )


def test_metadata_input_outlet_and_language_win() -> None:
    article = metadata(
        _article(
            "The government said on Friday.",
            url="https://www.foxnews.com/x",
            hints={"outlet": "Foo", "language": "EN"},
        )
    )
    assert article.outlet is not None and (article.outlet.name, article.outlet.evidence) == ("Foo", "input")
    assert article.language == "en"


def test_metadata_agency_site_name_is_not_the_outlet() -> None:
    article = metadata(_article("Berlin (dpa) - Die Regierung hat beschlossen.", hints={"site_name": "dpa"}))
    assert article.outlet is None
    assert article.agencies == ["dpa"]


@pytest.mark.parametrize(
    ("text", "agencies"),
    [
        ("Berlin (dpa) - Die Regierung hat beschlossen.", ["dpa"]),
        ("WASHINGTON (AP) — The government said.", ["AP"]),
        ("Genf/Moskau (dpa/AFP) - Die Gespräche.", ["dpa", "AFP"]),
        ("Die Gespräche gingen weiter.\n\nssu/dpa/Reuters", ["dpa", "Reuters"]),
        ("Die Gespräche.\n\nMit Material von dpa und AFP", ["dpa", "AFP"]),
        ("The talks ended.\n\nThe Associated Press contributed to this report.", ["AP"]),
        ("Blinken in Genf. (AP Foto/Alex Brandon, Pool)", []),
        ("Blinken in Genf.\nFoto: dpa", []),
        ("Die Nachrichtenagentur Associated Press (AP) berichtete darüber.", []),
    ],
)
def test_find_agencies_credits_not_photo_credits(text: str, agencies: list[str]) -> None:
    assert find_agencies(text) == agencies


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("Putin und Biden werden sich in naher Zukunft treffen, sagte er.", "de"),
        ("Die Regierung hat das Gesetz am Freitag beschlossen.", "de"),
        ("Putin and Biden will meet in the near future, he said.", "en"),
        ("The government passed the law on Friday after a long debate.", "en"),
        ("Le président a dit que la réunion aura lieu demain.", "fr"),
        ("El presidente dijo que la reunión será mañana por la tarde.", "es"),
        ("Il presidente ha detto che la riunione sarà domani.", "it"),
        ("De president zei dat de vergadering morgen is.", "nl"),
        ("Президент сказал, что встреча состоится завтра и это важно.", "ru"),
        ("Putin trifft Biden", None),
        ("", None),
    ],
)
def test_detect_language_short_texts(text: str, language: str | None) -> None:
    assert detect_language(text) == language
