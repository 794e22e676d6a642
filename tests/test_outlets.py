"""The outlet table: domains, site names and signature lines."""

from __future__ import annotations

import pytest

from lagebild.outlets import find_signature, fold_host, lookup_domain, lookup_name, outlet_table


def test_outlet_table_covers_many_german_outlets() -> None:
    german = {e.domain for e in outlet_table() if e.language == "de"}
    assert len(german) >= 150
    assert {"tagesschau.de", "derstandard.at", "nzz.ch", "de.rt.com"} <= german


@pytest.mark.parametrize(
    ("url", "name"),
    [
        ("https://www.spiegel.de/politik/a-123.html", "Der Spiegel"),
        ("https://m.faz.net/aktuell/", "Frankfurter Allgemeine Zeitung"),
        ("https://amp.theguardian.com/world/x", "The Guardian"),
        ("https://politik.merkur.de/x", "Münchner Merkur"),
        ("https://de.rt.com/international/123/", "RT DE"),
        ("https://www.rt.com/news/123/", "RT"),
        ("https://rtde.site/international/123/", "RT DE"),
        ("https://www1.wdr.de/nachrichten/x.html", "WDR"),
        ("www.watson.ch", "watson"),
        ("bbc.co.uk", "BBC"),
    ],
)
def test_lookup_domain_folds_subdomains(url: str, name: str) -> None:
    entry = lookup_domain(url)
    assert entry is not None and entry.name == name


def test_lookup_domain_unknown_host_is_none() -> None:
    assert lookup_domain("https://blog.example.org/post") is None
    assert fold_host("not a url") is None


@pytest.mark.parametrize(
    ("site_name", "name"),
    [
        ("SPIEGEL", "Der Spiegel"),
        ("FAZ.NET", "Frankfurter Allgemeine Zeitung"),
        ("tagesschau.de", "Tagesschau"),
    ],
)
def test_lookup_name_matches_site_names(site_name: str, name: str) -> None:
    entry = lookup_name(site_name)
    assert entry is not None and entry.name == name


def test_find_signature_returns_whole_line_as_evidence() -> None:
    found = find_signature(["Text.\n\nKLICKEN SIE HIER, UM DIE FOX NEWS APP ZU ERHALTEN\n\nMehr Text."])
    assert found is not None
    entry, evidence = found
    assert entry.name == "Fox News"
    assert evidence == "KLICKEN SIE HIER, UM DIE FOX NEWS APP ZU ERHALTEN"


def test_find_signature_ignores_plain_mehr_zum_thema_heading() -> None:
    assert find_signature(["Mehr zum Thema\nEin anderer Artikel"]) is None
