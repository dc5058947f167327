"""One exception tree for real faults (bad inputs that stop a run, config, store).

Rejected inputs are not faults: they are `model.Skipped` values. These
exceptions are for what the faces (CLI, API) must translate into one line or
one JSON error; each carries a stable code.
"""

from __future__ import annotations


class SwapledgerError(Exception):
    """Base of every error swapledger raises on purpose."""

    code = "E000"

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return f"{self.message} [{self.code}]"


class InputError(SwapledgerError):
    """An input cannot be read at all (missing path, unreadable file)."""

    code = "E100"


class ConfigError(SwapledgerError):
    """A setting, flag or data file is wrong."""

    code = "E200"


class StoreError(SwapledgerError):
    """The database cannot be opened or written."""

    code = "E300"
