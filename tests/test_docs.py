"""The README is checked: every command has help text and is documented, the set-up is two commands."""

from __future__ import annotations

import re
from pathlib import Path

from click.testing import CliRunner

from lagebild.cli import main

README = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")


def test_docs_every_command_has_help_and_is_in_readme() -> None:
    for name, command in main.commands.items():
        assert command.help, f"lagebild {name} has no help text"
        assert f"lagebild {name}" in README, f"lagebild {name} is missing from README.md"
        result = CliRunner().invoke(main, [name, "--help"])
        assert result.exit_code == 0
        assert "--help" in result.output


def test_docs_readme_setup_is_two_make_targets_that_exist() -> None:
    setup = README.split("## Set up", 1)[1].split("```")[1]
    commands = [line.split("#")[0].strip() for line in setup.strip().splitlines()]
    assert commands == ["make demo", "make test"]
    makefile = (Path(__file__).resolve().parents[1] / "Makefile").read_text(encoding="utf-8")
    for target in ("demo", "test"):
        assert re.search(rf"^{target}:", makefile, re.MULTILINE)
