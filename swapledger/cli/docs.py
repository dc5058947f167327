"""The CLI reference (docs/cli.md), generated from the commands' own --help.

Regenerate after changing a command:

    .venv/bin/python -m swapledger.cli.docs > docs/cli.md

tests/cli/test_docs.py fails when docs/cli.md and this output differ.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from typing import Any

import typer

from swapledger.cli.main import app

HELP_WIDTH = 88
"""Fixed width, so the generated file does not depend on the terminal it was made in."""

PREAMBLE = """# swapledger command line

Generated from `swapledger --help` by `python -m swapledger.cli.docs > docs/cli.md`;
do not edit by hand.

Exit codes, for every command: **0** done, nothing skipped; **1** done, but some
input was skipped (one `skipped NAME: reason (stage)` line each, on stderr);
**2** usage or configuration error, or the store cannot be opened or written
(one line `swapledger: MESSAGE [CODE]` on stderr, no traceback).

stdout carries only the data asked for (JSON lines, CSV, JSON, tables, the
summary); progress bars, skip lines and warnings go to stderr.
"""


@contextlib.contextmanager
def _plain(command: Any) -> Iterator[None]:
    """Render help without Rich panels (plain text diffs well in a markdown file)."""
    before = getattr(command, "rich_markup_mode", None)
    command.rich_markup_mode = None
    try:
        yield
    finally:
        command.rich_markup_mode = before


def command_names() -> list[str]:
    """The names of the CLI's commands, in the order they were declared."""
    root = typer.main.get_command(app)
    return list(root.commands)  # type: ignore[attr-defined]


def help_text(name: str | None = None) -> str:
    """Plain `--help` of the root (None) or of one command."""
    root = typer.main.get_command(app)
    ctx = typer.Context(
        root, info_name="swapledger", terminal_width=HELP_WIDTH, max_content_width=HELP_WIDTH
    )
    command: Any = root
    if name is not None:
        command = root.commands[name]  # type: ignore[attr-defined]
        ctx = typer.Context(
            command,
            info_name=name,
            parent=ctx,
            terminal_width=HELP_WIDTH,
            max_content_width=HELP_WIDTH,
        )
    with _plain(command):
        return command.get_help(ctx).rstrip() + "\n"


def render() -> str:
    """The whole of docs/cli.md."""
    parts = [PREAMBLE, "## swapledger\n", "```text\n" + help_text() + "```\n"]
    for name in command_names():
        parts.append(f"## swapledger {name}\n")
        parts.append("```text\n" + help_text(name) + "```\n")
    return "\n".join(parts)


if __name__ == "__main__":
    print(render(), end="")
