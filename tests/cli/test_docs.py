"""Docs cannot drift: every command has help, and docs/cli.md is what --help says."""

from __future__ import annotations

from pathlib import Path

import pytest
import typer

from swapledger.cli import docs
from swapledger.cli.main import app

ROOT = Path(__file__).resolve().parents[2]
CLI_MD = ROOT / "docs" / "cli.md"
README = ROOT / "README.md"
EXPECTED_COMMANDS = {
    "ingest",
    "extract",
    "records",
    "clean",
    "evaluate",
    "ledger",
    "agreements",
    "totals",
}


def test_the_cli_has_the_commands_the_project_promises() -> None:
    assert set(docs.command_names()) >= EXPECTED_COMMANDS


@pytest.mark.parametrize("name", docs.command_names())
def test_every_command_has_help_text(name: str) -> None:
    command = typer.main.get_command(app).commands[name]  # type: ignore[attr-defined]
    assert (command.help or "").strip(), f"{name} has no help"
    for param in command.params:
        if param.name != "help":
            assert getattr(param, "help", None), f"{name} {param.name} has no help"


@pytest.mark.parametrize("name", docs.command_names())
def test_every_command_is_in_the_cli_reference(name: str) -> None:
    assert f"## swapledger {name}\n" in CLI_MD.read_text(encoding="utf-8")


def test_the_cli_reference_is_generated_from_the_help() -> None:
    assert CLI_MD.read_text(encoding="utf-8") == docs.render(), (
        "docs/cli.md is stale: run `.venv/bin/python -m swapledger.cli.docs > docs/cli.md`"
    )


@pytest.mark.parametrize("name", docs.command_names())
def test_every_command_is_in_the_readme_table(name: str) -> None:
    assert f"| `swapledger {name}" in README.read_text(encoding="utf-8"), (
        f"README's command table lacks swapledger {name}"
    )
