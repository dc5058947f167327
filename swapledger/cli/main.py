"""Typer app (placeholder until the CLI lands)."""

from __future__ import annotations


def main() -> None:
    """Entry point of the `swapledger` console script."""
    raise SystemExit("swapledger: CLI not built yet")
