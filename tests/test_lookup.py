"""Lookups the CLI and the API share: role folding, quote unwrapping, cutting at a word."""

from __future__ import annotations

from click.testing import CliRunner

from lagebild.cli import main
from lagebild.lookup import fold_roles, role_key, shorten, unquote


def test_lookup_role_key_folds_adjective_endings_only() -> None:
    assert role_key("russischen Außenminister") == role_key("russische Außenminister")
    assert role_key("der stellvertretende russische Außenminister") == role_key(
        "stellvertretenden russischen Außenminister"
    )
    assert role_key("russische Außenminister") != role_key("russische Außenministerin")
    assert role_key("US-Außenminister") == "US-Außenminister"


def test_lookup_fold_roles_shows_most_frequent_form_with_total_and_dates() -> None:
    roles = [
        ("russischen Außenminister", 3, "2021-12", "2022-01-21"),
        ("russische Außenminister", 2, "2021-11", "2022-01-10"),
        ("Diplomat", 1, None, None),
    ]
    assert fold_roles(roles) == [
        ("russischen Außenminister", 5, "2021-11", "2022-01-21"),
        ("Diplomat", 1, None, None),
    ]


def test_lookup_unquote_strips_marks_once() -> None:
    assert unquote("„Wir sind bereit.“") == "Wir sind bereit."
    assert unquote('"offen und\n substanziell"') == "offen und substanziell"
    assert unquote("er hoffe, es geht's") == "er hoffe, es geht's"


def test_lookup_shorten_cuts_at_a_word() -> None:
    text = "Der US-Außenminister teilte mit, dass er ein offenes Gespräch mit dem russischen Außenminister"
    cut = shorten(text, 60)
    assert len(cut) <= 60 and cut.endswith("…")
    assert text.startswith(cut[:-1]) and text[len(cut) - 1] == " "  # the word before … is whole
    assert shorten("kurz", 60) == "kurz"


def test_cli_timeline_quotes_in_one_pair_of_marks_and_cut_at_words(api_db: str) -> None:
    result = CliRunner().invoke(main, ["timeline", "Blinken", "--db", api_db], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    evidence = [line.strip() for line in result.output.splitlines() if line.strip().startswith("„")]
    assert evidence
    for line in evidence:
        assert not line.startswith("„„") and not line.endswith("““"), line
        assert len(line) <= 202, line
        if line.endswith("…“"):
            assert line[-3] not in " ,", line


def test_cli_entity_roles_folded(api_db: str) -> None:
    result = CliRunner().invoke(main, ["entity", "Lawrow", "--db", api_db], catch_exceptions=False)
    roles = [line for line in result.output.splitlines() if "role:" in line and "Außenminister" in line]
    assert len(roles) == 1, result.output
