"""The metadata stage: title, publication date, outlet, news agencies and language of an article.

Each field comes from the most trustworthy evidence available and says where it came from
(`published_source`, `Outlet.evidence`), because a wrong date or outlet silently corrupts every
timeline and comparison built on it; nothing is guessed when no evidence exists.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from functools import cache
from importlib import resources

from lagebild import outlets, pubdate
from lagebild.model import Article, Outlet
from lagebild.stages import stage

# On the tuning half of the fundus test pages (benchmarks/meta_eval.py) extensive search found no
# date that the metadata-only search missed (54/57 either way), so the cheaper search is used.
HTMLDATE_EXTENSIVE = False

# Removed pieces whose dates are the day of the pictured event, not of another article.
_CAPTION_KINDS = frozenset({"caption", "credit"})
# Removed pieces that may hold a page's dateline ("Stand: 21.01.2022, 14:30 Uhr").
_HEADER_KINDS = frozenset({"header", "title"})


@stage(requires=("text", "removed"), provides=("title", "published", "outlet", "language"))
def metadata(article: Article) -> Article:
    """Fill title, published (+ source), outlet, agencies and language from the best evidence."""
    page = _page_facts(article.html) if article.html else {}
    article.title = _title(article)
    article.published, article.published_source = publication_date(article, page.get("url"))
    article.outlet = find_outlet(article, page)
    known = {_agency_key(a) for a in article.agencies}
    credits = [r.text for r in article.removed if r.kind == "agency-credit"]
    for agency in find_agencies("\n\n".join([article.text, *credits])):
        if _agency_key(agency) not in known:
            article.agencies.append(agency)
            known.add(_agency_key(agency))
    hinted = article.hints.get("language")
    article.language = str(hinted).strip().lower() if hinted else detect_language(article.text or "")
    return article


def _title(article: Article) -> str | None:
    hinted = article.hints.get("title")
    if isinstance(hinted, str) and hinted.strip():
        return hinted.strip()
    # The seed format's title line, when cleaning took it out of the text but no reader set a hint.
    removed = next((r.text.strip() for r in article.removed if r.kind == "title" and r.text.strip()), None)
    return removed or None


def _page_facts(html: str) -> dict[str, str]:
    """The page's own URL (canonical / og:url) and site name, for articles that came without them."""
    import lxml.html

    try:
        tree = lxml.html.fromstring(html)
    except (ValueError, lxml.etree.ParserError):
        return {}
    facts: dict[str, str] = {}
    queries = {
        "url": ("//link[@rel='canonical']/@href", "//meta[@property='og:url']/@content"),
        "site_name": (
            "//meta[@property='og:site_name']/@content",
            "//meta[@name='application-name']/@content",
        ),
    }
    for key, xpaths in queries.items():
        for xpath in xpaths:
            values = [str(v).strip() for v in tree.xpath(xpath) if str(v).strip()]
            if values:
                facts[key] = values[0]
                break
    if not facts.get("url", "").startswith(("http://", "https://")):
        facts.pop("url", None)
    return facts


def publication_date(article: Article, page_url: str | None = None) -> tuple[str | None, str | None]:
    """(date, source) by trust: input hint > HTML metadata > URL > dateline > caption.

    `page_url` is the canonical URL an HTML page states about itself, used when the article
    carries no URL of its own.
    """
    if (hinted := pubdate.normalize_date(article.hints.get("published"))) is not None:
        return hinted, "input"
    if article.html and (found := html_date(article.html)):
        return found, "html"
    if found := pubdate.url_date(article.url or page_url):
        return found, "url"
    headers = [r.text for r in article.removed if r.kind in _HEADER_KINDS]
    for text in [*headers, article.text]:
        if found := pubdate.dateline_date(text):
            return found, "dateline"
    captions = [r.text for r in article.removed if r.kind in _CAPTION_KINDS]
    limit = _fetched_date(article.fetched_at)
    if found := pubdate.caption_date(captions, article.text, not_after=limit):
        return found, "caption"
    return None, None


def html_date(html: str, *, extensive: bool | None = None) -> str | None:
    """The original publication date htmldate finds in a page's markup, or None.

    The URL is deliberately not passed: URL dates are their own, lower-ranked evidence here.
    """
    from htmldate import find_date

    try:
        return find_date(
            html,
            original_date=True,
            extensive_search=HTMLDATE_EXTENSIVE if extensive is None else extensive,
            outputformat="%Y-%m-%d",
        )
    except (ValueError, TypeError):
        return None


def _fetched_date(fetched_at: str | None) -> dt.date | None:
    normalized = pubdate.normalize_date(fetched_at)
    return dt.date.fromisoformat(normalized) if normalized and len(normalized) == 10 else None


def find_outlet(article: Article, page: dict[str, str] | None = None) -> Outlet | None:
    """The outlet by trust: input hint > URL domain > site name > signature line > bare domain."""
    page = page or {}
    # trafilatura's `domain` hint (set by clean.layout) comes from the same canonical URL.
    url = article.url or page.get("url") or article.hints.get("domain")
    host = outlets.fold_host(url) if isinstance(url, str) else None
    hinted = article.hints.get("outlet")
    if isinstance(hinted, str) and hinted.strip():
        entry = outlets.lookup_name(hinted)
        return Outlet(name=hinted.strip(), evidence="input", domain=entry.domain if entry else host)
    if host and (entry := outlets.lookup_domain(host)):
        return outlets.entry_outlet(entry, host, host)
    site_name = article.hints.get("site_name") or page.get("site_name")
    if (
        isinstance(site_name, str)
        and (entry := outlets.lookup_name(site_name))
        and not _is_agency(entry.name)
    ):
        return outlets.entry_outlet(entry, site_name.strip())
    texts = [article.text, *(r.text for r in article.removed)]
    if signed := outlets.find_signature(texts):
        return outlets.entry_outlet(*signed)
    if host:
        return Outlet(
            name=site_name.strip() if isinstance(site_name, str) else host, evidence=host, domain=host
        )
    return None


# --- agencies ---------------------------------------------------------------------------------

AGENCY_ALIASES: dict[str, str] = {
    "ap": "AP",
    "associated press": "AP",
    "the associated press": "AP",
    "dpa": "dpa",
    "dpa-afx": "dpa",
    "dpa-infocom": "dpa",
    "deutsche presse-agentur": "dpa",
    "reuters": "Reuters",
    "rtr": "Reuters",
    "afp": "AFP",
    "agence france-presse": "AFP",
    "agence france presse": "AFP",
    "apa": "APA",
    "austria presse agentur": "APA",
    "kna": "KNA",
    "katholische nachrichten-agentur": "KNA",
    "epd": "epd",
    "evangelischer pressedienst": "epd",
    "sid": "SID",
    "sport-informations-dienst": "SID",
    "dapd": "DAPD",
    "sda": "SDA",
    "keystone-sda": "SDA",
}


def _agency_key(name: str) -> str:
    return AGENCY_ALIASES.get(name.casefold(), name).casefold()


def _is_agency(name: str) -> bool:
    return name.casefold() in AGENCY_ALIASES or name in {"AP News", "AFP Faktencheck"}


_AGENCY = "|".join(re.escape(a) for a in sorted(AGENCY_ALIASES, key=len, reverse=True))
_AGENCY_TOKEN = re.compile(rf"^(?:{_AGENCY})$", re.IGNORECASE)
# Author initials and dpa regional services ("lby", "lnw") that share a credit with agencies.
_INITIALS = re.compile(r"^[a-zäöü]{2,4}$")
_SEPARATORS = re.compile(r"\s*(?:/|,|;|&|\bund\b|\band\b)\s*")
_PAREN = re.compile(r"\(([^()]{2,60})\)")
# A dateline credit follows a place ("Genf/Moskau (dpa)") or precedes a dash or the line's end;
# "die Agentur Associated Press (AP) berichtete" only introduces an abbreviation.
_DATELINE_AFTER = re.compile(r"[ \t]*(?:[-–—:]|$)", re.MULTILINE)
_DATELINE_BEFORE = re.compile(r"^[ \t]*(?:[A-ZÄÖÜ][\w.'/-]*,?[ \t]+){0,4}(?:\d{1,2}\.?[ \t]+\w+\.?[ \t]+)?$")
_NAMES_AGENCY = re.compile(rf"agentur|agency|\b(?:{_AGENCY})\b", re.IGNORECASE)
_CREDIT_LINE = re.compile(r"^\(?(?:(?:Quelle|Quellen|Source|Sources):\s*)?([^():]{2,80}?)\)?\.?$")
_PHRASES = re.compile(
    rf"(?:Mit Material (?:von|der|des|aus)|Mit Informationen (?:von|der)|with (?:material|reporting) from)"
    rf"(?:\s+(?:den|der|the))?(?:\s+Nachrichtenagentur(?:en)?|\s+news agenc(?:y|ies))?\s+"
    rf"(?P<list>(?:{_AGENCY})(?:\s*(?:/|,|und|and)\s*(?:{_AGENCY}))*)"
    rf"|(?P<single>{_AGENCY})\s+(?:hat|haben) zu diesem Bericht beigetragen"
    rf"|(?P<single_en>{_AGENCY})\s+contributed to this report"
    rf"|©\s*(?P<copyright>dpa-infocom)",
    re.IGNORECASE,
)
# Words every one of the _PHRASES has: a text without any is not searched with the long alternation of
# agency names, which is tried at every position and was most of this stage's time.
_PHRASE_WORDS = re.compile(
    r"mit material|mit informationen|with material|with reporting|zu diesem bericht beigetragen|"
    r"contributed to this report|©",
    re.IGNORECASE,
)


def _credit(content: str) -> list[str]:
    """Agencies of a credit such as "dpa/AFP" or "ssu/dpa/Reuters"; [] if anything else is in it."""
    parts = [p for p in _SEPARATORS.split(content.strip()) if p]
    agencies = [AGENCY_ALIASES[p.casefold()] for p in parts if _AGENCY_TOKEN.match(p)]
    others = [p for p in parts if not _AGENCY_TOKEN.match(p)]
    if not agencies or any(not _INITIALS.match(p) for p in others):
        return []
    return agencies


def find_agencies(text: str) -> list[str]:
    """News agencies the text names as its own source, normalised ("dpa", "AP", "Reuters", …).

    Datelines "Berlin (dpa) –", credit lines "dpa/AFP" at the end, "Mit Material von …" and
    "… hat zu diesem Bericht beigetragen" count; photo credits ("Foto: dpa", "(AP Foto/…)") do
    not, because a parenthesis or line that holds anything but agencies and initials is rejected.
    """
    found: list[str] = []
    for m in _PAREN.finditer(text):
        line_start = text.rfind("\n", 0, m.start()) + 1
        before = text[line_start : m.start()]
        if _NAMES_AGENCY.search(before):
            continue
        if _DATELINE_AFTER.match(text, m.end()) or _DATELINE_BEFORE.match(before):
            found += _credit(m.group(1))
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    for line in lines[-3:]:
        if credit := _CREDIT_LINE.match(line):
            found += _credit(credit.group(1))
    for m in _PHRASES.finditer(text) if _PHRASE_WORDS.search(text) else ():
        names = m["list"] or m["single"] or m["single_en"] or m["copyright"]
        found += [AGENCY_ALIASES[n.casefold()] for n in _SEPARATORS.split(names) if n]
    return list(dict.fromkeys(found))


# --- language ---------------------------------------------------------------------------------


@cache
def _stopwords() -> dict[str, frozenset[str]]:
    text = resources.files("lagebild").joinpath("data", "stopwords.tsv").read_text(encoding="utf-8")
    table = {}
    for line in text.splitlines():
        if line.strip() and not line.startswith("#"):
            language, words = line.split("\t")
            table[language] = frozenset(words.split())
    return table


_WORD = re.compile(r"[^\W\d_]+")


def detect_language(text: str, *, max_words: int = 2000) -> str | None:
    """ISO 639-1 code of the language with the most stopword hits, or None when unclear.

    Function words make up a third to a half of running text in every language covered, so even
    ten words decide between German and English; a tie or fewer than two hits gives None.
    """
    words = _WORD.findall(text.casefold())[:max_words]
    if not words:
        return None
    hits = Counter({lang: sum(w in stop for w in words) for lang, stop in _stopwords().items()})
    (best, score), *rest = hits.most_common()
    if score < 2 or score < 0.1 * len(words) or (rest and rest[0][1] == score):
        return None
    return best
