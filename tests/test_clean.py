"""Tests for lagebild.clean and its rule tables in lagebild.debris."""

from __future__ import annotations

import random
import re
from pathlib import Path

import pytest

from lagebild.clean import clean, find_debris, keep, layout, page_title
from lagebild.debris import line_kind
from lagebild.errors import InputError
from lagebild.model import Article, RawArticle

SEEDS = Path(__file__).resolve().parents[1] / "samples" / "corpus" / "seeds"
SEED_DEBRIS = {
    "000": ["Mehr zum Thema"],
    "002": [
        "(AP Foto",
        "Pressestelle des ukrainischen Präsidenten via AP",
        "TOP-DIPLOMATEN",
        "BIDEN HAT SEIT",
        "DIE RUSSISCHE BEDROHUNG",
        "KLICKEN SIE HIER",
        "source site",
        "Leave a Reply",
        "Die Associated Press hat",
        "Außenminister Antony Blinken begrüßt",
        "Der ukrainische Präsident Wolodymyr Selenskyj antwortet",
        "Außenminister Antony Blinken, links, hört zu",
    ],
}


def seed_article(prefix: str) -> Article:
    """A seed file as the seed-style text reader gives it: header spans and where the body starts."""
    path = next(SEEDS.glob(f"{prefix}_*.txt"))
    raw = path.read_text(encoding="utf-8")
    first = raw.split("\n", 1)[0]
    spans = []
    title_start = 0
    date = re.match(r"\s*(date \d{4}-\d{2}(?:-\d{2})?)\s+", first)
    if date:
        spans.append([date.start(1), date.end(1), "header"])
        title_start = date.end()
    spans.append([title_start, len(first), "title"])
    body_start = len(first) + len(raw[len(first) :]) - len(raw[len(first) :].lstrip())
    hints = {"header_spans": spans, "body_start": body_start}
    return Article.from_raw(RawArticle(path=str(path), raw_text=raw, hints=hints))


def text_article(text: str) -> Article:
    return Article.from_raw(RawArticle(path="t.txt", raw_text=text))


def html_article(html: str, **hints: object) -> Article:
    return Article.from_raw(RawArticle(path="t.html", raw_html=html, hints=dict(hints)))


def assert_exact_map(article: Article) -> None:
    for i, char in enumerate(article.text):
        assert article.raw[article.span_map.to_raw(i)] == char, i
    for removal in article.removed:
        assert article.raw[removal.raw_start : removal.raw_end] == removal.text


@pytest.mark.parametrize("prefix", sorted(SEED_DEBRIS))
def test_clean_seed_removes_debris_and_keeps_body(prefix: str) -> None:
    article = clean(seed_article(prefix))
    for marker in SEED_DEBRIS[prefix]:
        assert marker not in article.text
    body = article.raw[article.hints["body_start"] :]
    for paragraph in body.split("\n\n"):
        if not any(marker in paragraph for marker in SEED_DEBRIS[prefix]):
            assert paragraph.strip() in article.text
    assert "\n\n\n" not in article.text
    assert article.text == article.text.strip()
    assert_exact_map(article)


def test_clean_seed_records_header_and_agencies() -> None:
    article = clean(seed_article("002"))
    assert article.agencies == ["AP"]
    kinds = [r.kind for r in article.removed]
    assert kinds[0] == "title"
    assert {"caption", "teaser", "promo", "agency-credit", "cms", "comment-form"} <= set(kinds)
    assert [r.raw_start for r in article.removed] == sorted(r.raw_start for r in article.removed)
    first = clean(seed_article("000"))
    assert [(r.kind, r.text) for r in first.removed[:2]] == [
        ("header", "date 2021-12"),
        ("title", "US-Außenminister: Gespräche zwischen Putin und Biden finden in naher Zukunft statt"),
    ]
    assert first.text.startswith("Die Präsidenten Russlands")
    assert first.agencies == []


BODY = [
    "Die Gespräche in Genf dauerten etwa 90 Minuten.",
    "„Wir sind bereit“, sagte der Minister am Freitag.",
    "Die NATO und die EU reagierten zurückhaltend auf den Vorschlag der USA.",
    "Das Foto zeigt den Minister beim Verlassen des Gebäudes.",
    "Mehr zum Thema Migration sagte er nichts.",
    "Folgen Sie dem Geld, sagte der Ermittler.",
    "Related-party transactions rose 5% last year.",
    "Mit Informationen der Polizei wurde der Täter gefasst.",
    "Jetzt will die Regierung eine App gegen Falschmeldungen entwickeln, die Bürger herunterladen sollen.",
    "The minister said the talks were useful.",
    "Quelle der Unruhe sei die Inflation, sagte Lagarde.",
    "WASHINGTON (AP) — The talks ended without a deal.",
]

DEBRIS = [
    ("Mehr zum Thema – Lawrow: Keine Fortschritte in Genf", "related-link"),
    ("Mehr zum Thema - Kreml weist Vorwürfe zurück", "related-link"),
    ("Lesen Sie auch: Was die Sanktionen bedeuten", "related-link"),
    ("Auch interessant", "related-link"),
    ("Lesen Sie mehr: Die Chronik der Krise", "related-link"),
    ("Read more: Why the talks failed", "related-link"),
    ("RELATED: Biden speaks to Zelenskyy", "related-link"),
    ("Related:", "related-link"),
    ("Mehr zum Thema finden Sie in unserem Dossier:", "related-link"),
    ("Weiterführende Links", "related-link"),
    ("(AP Foto/Evan Vucci)", "credit"),
    ("Foto: dpa", "credit"),
    ("Foto: picture alliance/dpa", "credit"),
    ("Bild: Keystone", "credit"),
    ("Getty Images", "credit"),
    ("Fotos: Anna Muster", "credit"),
    ("TREFFEN IN GENF ENDET OHNE DURCHBRUCH FÜR DIE UKRAINE", "teaser"),
    ("PUTIN SAYS RUSSIA WILL RESPOND TO NATO", "teaser"),
    ("KLICKEN SIE HIER, UM UNSERE APP ZU ERHALTEN", "promo"),
    ("CLICK HERE TO GET THE NEWS APP", "promo"),
    ("Folgen Sie uns auf Twitter und Facebook", "promo"),
    ("Folgst du schon unserem Kanal auf Whatsapp?", "promo"),
    ("Abonnieren Sie unseren Newsletter", "promo"),
    ("Jetzt die App herunterladen!", "promo"),
    ("Follow us on Instagram", "promo"),
    ("Sign up for our morning briefing", "promo"),
    ("Hier können Sie unseren Podcast abonnieren.", "promo"),
    ("Anzeige", "promo"),
    ("Leave a Reply", "comment-form"),
    ("Leave a Comment", "comment-form"),
    ("Kommentar verfassen", "comment-form"),
    ("Schreiben Sie einen Kommentar", "comment-form"),
    ("Your email address will not be published.", "comment-form"),
    ("Antworten abbrechen", "comment-form"),
    ("12 Kommentare", "comment-form"),
    ("source site", "cms"),
    ("Source link", "cms"),
    ("Share this:", "cms"),
    ("Teilen:", "cms"),
    ("Quelle: ntv.de", "cms"),
    ("Link zum YouTube-Inhalt", "cms"),
    ("02:57 Min.. Verfügbar bis 06.05.2024.", "cms"),
    ("Wir verwenden Cookies, um Ihnen ein besseres Erlebnis zu bieten.", "cookie"),
    ("This website uses cookies.", "cookie"),
    ("Dieser Artikel ist nur für Abonnenten verfügbar.", "paywall"),
    ("Jetzt weiterlesen mit Plus", "paywall"),
    ("Sie haben bereits ein Abo? Hier anmelden", "paywall"),
    ("Die Associated Press hat zu diesem Bericht beigetragen.", "agency-credit"),
    ("The Associated Press contributed to this report.", "agency-credit"),
    ("Reuters contributed reporting.", "agency-credit"),
    ("Mit Material von dpa", "agency-credit"),
    ("Mit Material der Nachrichtenagenturen dpa und AFP", "agency-credit"),
    ("(dpa/AFP)", "agency-credit"),
    ("(red/dpa)", "agency-credit"),
    ("Quelle: AFP", "agency-credit"),
    ("SDA/sep", "agency-credit"),
    ("© dpa-infocom, dpa:230428-99-483045/5", "agency-credit"),
]


@pytest.mark.parametrize(("line", "kind"), DEBRIS)
def test_line_kind_names_debris(line: str, kind: str) -> None:
    assert line_kind(line) == kind


@pytest.mark.parametrize("line", BODY)
def test_line_kind_keeps_prose(line: str) -> None:
    assert line_kind(line) is None


def test_clean_agency_credits_fill_agencies() -> None:
    article = clean(
        text_article(
            "Der Kanzler reiste nach Kiew. (dpa/AFP)\n\nEr sprach mit Selenskyj.\n\n"
            "The Associated Press contributed to this report.\n\nJane Doe contributed to this report."
        )
    )
    assert article.text == "Der Kanzler reiste nach Kiew.\n\nEr sprach mit Selenskyj."
    assert article.agencies == ["dpa", "AFP", "AP"]
    assert [r.kind for r in article.removed] == ["agency-credit", "agency-credit", "credit"]
    assert_exact_map(article)


def test_clean_caption_with_credit_removed_long_paragraph_keeps_prose() -> None:
    prose = " ".join(["Der Minister sprach lange über die Lage im Osten des Landes."] * 10)
    article = clean(
        text_article(
            "Ein Satz.\n\nDer Minister steigt in Berlin aus dem Auto. (Foto: dpa)\n\n"
            f"{prose} (AP Photo/Evan Vucci)\n\n"
            "Demonstranten vor dem Kanzleramt.\nFoto: picture alliance/dpa\n\nEnde."
        )
    )
    assert article.text == f"Ein Satz.\n\n{prose}\n\nEnde."
    assert [r.kind for r in article.removed] == ["caption", "credit", "caption"]
    assert article.agencies == []  # a photo credit is no text credit


def test_clean_repeated_paragraphs() -> None:
    body = "Die Verhandlungen sollen in der kommenden Woche in Brüssel fortgesetzt werden."
    caption = "Der Minister verlässt das Hotel in Genf, Schweiz, am Freitag, 21. Januar 2022."
    article = clean(text_article(f"{body}\n\n{caption}\n\nMitte.\n\n{body}\n\n{caption}"))
    assert article.text == f"{body}\n\nMitte."
    kinds = sorted(r.kind for r in article.removed)
    assert kinds == ["caption", "caption", "duplicate"]


def test_clean_repeated_caption_without_credit_goes_with_its_credited_copy() -> None:
    caption = "Blinken begrüßt Lawrow vor dem Treffen im Hotel Intercontinental."
    article = clean(
        text_article(f"Start.\n\n{caption}\n\nMitte.\n\n{caption}\n(AP Foto/Alex Brandon)\n\nEnde.")
    )
    assert article.text == "Start.\n\nMitte.\n\nEnde."


def test_clean_capitals_throughout_are_not_teasers() -> None:
    text = "DER MINISTER REISTE NACH KIEW.\n\nER SPRACH DORT MIT DEM PRÄSIDENTEN."
    assert clean(text_article(text)).text == text


def test_clean_headline_list_is_related_links() -> None:
    items = [
        "- Baufinanzierung: Diese Zinsbindung bietet jetzt sehr stabile Zinsen",
        "- Bauzinsen: Dieser Kurswechsel birgt Überraschungspotenzial",
        "- Immobilien: Was Käufer jetzt wissen müssen",
    ]
    facts = "- Ort: Berlin\n- Eintritt: frei"
    article = clean(
        text_article("Die EZB entscheidet am Donnerstag.\n\n" + "\n".join(items) + f"\n\n{facts}")
    )
    assert article.text == f"Die EZB entscheidet am Donnerstag.\n\n{facts}"
    assert {r.kind for r in article.removed} == {"related-link"}


def test_clean_folds_blank_line_runs_and_trims() -> None:
    article = clean(text_article("\n\n  Erster Absatz.\n\n\n\nZweiter Absatz.\n \n\nLeave a Reply\n\n"))
    assert article.text == "Erster Absatz.\n\nZweiter Absatz."
    assert_exact_map(article)


def test_clean_span_map_exact_on_random_texts() -> None:
    rng = random.Random(7)
    pieces = BODY + [line for line, _ in DEBRIS] + ["", " ", "(dpa)", "Foto: dpa"]
    for _ in range(200):
        parts = [rng.choice(pieces) for _ in range(rng.randint(1, 12))]
        raw = "".join(p + rng.choice(["\n", "\n\n", "\n\n\n", " ", "\n \n"]) for p in parts)
        article = clean(text_article(raw))
        assert_exact_map(article)
        assert "\n\n\n" not in article.text
        assert article.text == article.text.strip()
        paragraphs = {p.strip() for p in re.split(r"\n\s*\n", raw)}
        assert all(s in article.text for s in BODY if s in paragraphs)


def test_find_debris_respects_start() -> None:
    raw = "Leave a Reply\n\nBody text here.\n\nLeave a Reply"
    assert [r.raw_start for r in find_debris(raw, 5)] == [len(raw) - len("Leave a Reply")]


def test_keep_drops_only_the_header() -> None:
    article = keep(seed_article("002"))
    assert article.text == article.raw[article.hints["body_start"] :]
    assert [r.kind for r in article.removed] == ["title"]
    assert_exact_map(article)
    plain = keep(text_article("Leave a Reply\n\n(dpa)"))
    assert plain.text == "Leave a Reply\n\n(dpa)"
    assert plain.span_map.segments == [(0, 0, len(plain.text))]


PAGE = """<html><head><title>Gespräche in Genf ohne Durchbruch | Beispielzeitung</title>
<meta property="og:site_name" content="Beispielzeitung"></head><body>
<nav><a href="/">Startseite</a> <a href="/politik">Politik</a></nav>
<article><h1>Gespräche in Genf ohne Durchbruch</h1>
<p>Die Außenminister der USA und Russlands haben sich am Freitag in Genf getroffen und etwa
90 Minuten lang über die Lage an der ukrainischen Grenze gesprochen.</p>
<h2>Keine Einigung</h2>
<p>Beide Seiten nannten das Treffen offen und nützlich, vereinbarten aber keine konkreten Schritte.
Die Gespräche sollen in der kommenden Woche fortgesetzt werden, sagte ein Sprecher.</p>
<p>Leave a Reply</p>
</article><footer>Impressum Datenschutz</footer></body></html>"""


def test_layout_html_page_text_title_and_site() -> None:
    article = layout(html_article(PAGE))
    assert article.hints["title"] == "Gespräche in Genf ohne Durchbruch"
    assert article.hints["site_name"] == "Beispielzeitung"
    assert "\n\nKeine Einigung\n\n" in article.raw
    assert "Startseite" not in article.raw and "Impressum" not in article.raw
    cleaned = clean(article)
    assert cleaned.text.startswith("Die Außenminister der USA")
    assert "Leave a Reply" not in cleaned.text
    assert [r.kind for r in cleaned.removed] == ["title", "comment-form"]
    assert_exact_map(cleaned)
    kept = keep(layout(html_article(PAGE)))
    assert kept.text.startswith("Die Außenminister der USA") and kept.text.endswith("Leave a Reply")


def test_layout_keeps_given_title_and_survives_nul_and_broken_markup() -> None:
    article = layout(
        html_article(PAGE.replace("<p>", "<p>\x00", 1).replace("</article>", ""), title="Eigener Titel")
    )
    assert article.hints["title"] == "Eigener Titel"
    assert "Die Außenminister" in article.raw and "\x00" not in article.raw
    short = layout(html_article("<html><body><p>Kurze Meldung aus Genf.</p>"))
    assert short.raw == "Kurze Meldung aus Genf."


@pytest.mark.parametrize("html", ["", "\x00\x00", "<html><body><nav></nav></body></html>", "<<<>>>"])
def test_layout_without_text_raises_input_error(html: str) -> None:
    with pytest.raises(InputError, match="no article text found in the HTML page"):
        layout(html_article(html))


def test_layout_plain_text_unchanged() -> None:
    article = seed_article("000")
    raw = article.raw
    assert layout(article).raw == raw
    assert "title" not in article.hints


@pytest.mark.parametrize(
    ("title", "site", "host", "expected"),
    [
        ("Wahl in Thüringen - WELT", "DIE WELT", "welt.de", "Wahl in Thüringen"),
        (
            "Post-Vac-Syndrom: Was wissen wir? – DW – 13.06.2023",
            "Deutsche Welle",
            "dw.com",
            "Post-Vac-Syndrom: Was wissen wir?",
        ),
        ("Akkutechnik: Neue Zellen - Golem.de", "Golemredaktion", "golem.de", "Akkutechnik: Neue Zellen"),
        (
            "Netz-Spott über FDP - Generalsekretär tritt zurück",
            "Freie Presse",
            "freiepresse.de",
            "Netz-Spott über FDP - Generalsekretär tritt zurück",
        ),
        (
            "Feuer in Lichterfelde - Berlin",
            "Berliner Morgenpost, Berlin",
            "morgenpost.de",
            "Feuer in Lichterfelde - Berlin",
        ),
        ("Steigende Zinsen | Börsen-Zeitung", "Börsen-Zeitung", "boersen-zeitung.de", "Steigende Zinsen"),
    ],
)
def test_page_title_strips_site_suffix(title: str, site: str, host: str, expected: str) -> None:
    assert page_title(title, site, host) == expected


def test_extract_skips_trafilaturas_page_date_but_other_callers_keep_it() -> None:
    """trafilatura's own htmldate search was most of the layout time and its date went unused
    (`meta.html_date` finds the page date with its own settings)."""
    import trafilatura

    from lagebild.clean import _extract

    html = (
        "<html><head><meta property='article:published_time' content='2022-01-21'></head><body>"
        "<article><p>" + "Die Gespräche in Genf dauerten bis in den Abend. " * 12 + "</p></article>"
        "</body></html>"
    )
    doc = _extract(html, None)
    assert doc is not None and doc.date is None and "Genf" in doc.text
    assert trafilatura.bare_extraction(html, with_metadata=True).date == "2022-01-21"
