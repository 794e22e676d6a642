"""Which outlet published an article: by URL domain, by site name, by signature lines in the text.

The table lives in `data/outlets.tsv` (domain, name, language, then zero or more signatures) so
that adding an outlet is a one-line data change. Signatures are case-sensitive regular
expressions searched line by line; they must be distinctive enough that another outlet's text
would not contain them ("FOX NEWS APP", RT DE's "Mehr zum Thema – …" related-link line).
"""

from __future__ import annotations

import re
import urllib.parse
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from importlib import resources

from lagebild.model import Outlet

# Mobile and AMP hosts are the same outlet as the main site.
_FOLD_PREFIXES = ("www", "www1", "www2", "m", "mobil", "mobile", "amp")


@dataclass(frozen=True, slots=True)
class OutletEntry:
    domain: str
    name: str
    language: str
    signatures: tuple[re.Pattern[str], ...]


@cache
def outlet_table() -> tuple[OutletEntry, ...]:
    """The shipped outlet table, parsed once."""
    text = resources.files("lagebild").joinpath("data", "outlets.tsv").read_text(encoding="utf-8")
    entries = []
    for line in text.splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        domain, name, language, *signatures = line.split("\t")
        entries.append(OutletEntry(domain, name, language, tuple(re.compile(s) for s in signatures if s)))
    return tuple(entries)


@cache
def _by_domain() -> dict[str, OutletEntry]:
    return {e.domain: e for e in outlet_table() if not e.domain.endswith(".*")}


@cache
def _by_label() -> dict[str, OutletEntry]:
    """Entries written `label.*`: the outlet under any top-level domain (RT DE's mirror domains)."""
    return {e.domain[:-2]: e for e in outlet_table() if e.domain.endswith(".*")}


def fold_host(url_or_host: str) -> str | None:
    """The host of a URL, lowercased, without port and mobile/www prefixes; None if there is none.

    >>> fold_host("https://m.Spiegel.de:443/politik/")
    'spiegel.de'
    """
    candidate = url_or_host.strip()
    if "//" not in candidate:
        candidate = "//" + candidate
    try:
        host = urllib.parse.urlsplit(candidate).hostname
    except ValueError:
        return None
    if not host or "." not in host:
        return None
    labels = host.rstrip(".").split(".")
    while len(labels) > 2 and labels[0] in _FOLD_PREFIXES:
        labels = labels[1:]
    return ".".join(labels)


def lookup_domain(url_or_host: str) -> OutletEntry | None:
    """The table entry for a URL or host: the longest matching domain suffix wins.

    `politik.merkur.de` → merkur.de; `de.rt.com` → RT DE before `rt.com` → RT.
    """
    host = fold_host(url_or_host)
    if host is None:
        return None
    labels = host.split(".")
    for i in range(len(labels) - 1):
        if entry := _by_domain().get(".".join(labels[i:])):
            return entry
    for i in range(len(labels) - 1):
        if entry := _by_label().get(".".join(labels[i:-1])):
            return entry
    return None


def _key(name: str) -> str:
    return re.sub(r"[\W_]+", "", name.casefold())


@cache
def _by_name() -> dict[str, OutletEntry]:
    """Name keys → entry: the full name, the name without its article, and the domain as written."""
    keys: dict[str, OutletEntry] = {}
    for e in outlet_table():
        bare = re.sub(r"^(?:der|die|das|the)\s+", "", e.name, flags=re.IGNORECASE)
        for variant in (e.name, bare, e.domain.removesuffix(".*")):
            keys.setdefault(_key(variant), e)
    return keys


def lookup_name(name: str) -> OutletEntry | None:
    """The table entry whose name (or domain) a site name such as "SPIEGEL" or "FAZ.NET" names."""
    key = _key(name)
    if not key:
        return None
    if entry := _by_name().get(key):
        return entry
    # og:site_name often adds a slogan: "ZEIT ONLINE | Nachrichten, Hintergründe und Debatten".
    head = re.split(r"\s+[|–—-]\s+|:\s", name, maxsplit=1)[0]
    return _by_name().get(_key(head)) if head != name else None


def find_signature(texts: Iterable[str]) -> tuple[OutletEntry, str] | None:
    """The first outlet signature found in `texts`, with the whole line it stands on as evidence."""
    signed = [e for e in outlet_table() if e.signatures]
    for text in texts:
        for line in text.splitlines():
            stripped = line.strip()
            for entry in signed:
                if any(p.search(stripped) for p in entry.signatures):
                    return entry, stripped
    return None


def entry_outlet(entry: OutletEntry, evidence: str, domain: str | None = None) -> Outlet:
    """An `Outlet` for a table entry; `domain` defaults to the table's (None for wildcard domains)."""
    if domain is None and not entry.domain.endswith(".*"):
        domain = entry.domain
    return Outlet(name=entry.name, evidence=evidence, domain=domain)
