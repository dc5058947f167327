"""The command-line face: parse, call the library, format."""

from swapledger.cli import ledger as _ledger_commands  # noqa: F401  registers them on the app
from swapledger.cli import serve as _serve_command  # noqa: F401  registers it on the app
from swapledger.cli import watch as _watch_command  # noqa: F401  registers it on the app
