"""The HTTP face: a FastAPI app over one store (`create_app`), served by `swapledger serve`.

- app.py: the app, its error handlers, the web router when there is one
- state.py: `AppState` (the store, the token, the cached reviewed ledger, writes)
- routes.py: the JSON API under /api; schemas.py: its response models
- ledger.py: the analyst's reviews laid over the machine's ledger
"""

from __future__ import annotations

from typing import Any

__all__ = ["create_app"]


def __getattr__(name: str) -> Any:
    """`create_app`, imported on first use (the CLI's exports need no web framework)."""
    if name == "create_app":
        from swapledger.api.app import create_app

        return create_app
    raise AttributeError(name)
