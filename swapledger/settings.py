"""Settings: one frozen object, each field with a default and a line of help."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from typing import Any

DEFAULT_DB_URL = "sqlite:///swapledger.db"


def _setting(default: Any, help: str) -> Any:
    return field(default=default, metadata={"help": help})


@dataclass(frozen=True, slots=True)
class Settings:
    """Everything a run can be told; flags map onto these fields."""

    db_url: str = _setting(DEFAULT_DB_URL, "SQLAlchemy URL of the store")
    max_page_bytes: int = _setting(
        5_000_000, "pages larger than this are skipped as 'too large' (bytes)"
    )
    min_text_chars: int = _setting(
        20, "pages with less text than this after decoding are skipped as 'empty'"
    )
    languages: tuple[str, ...] = _setting(
        ("en", "ru", "uk"), "languages the extractor reads (each needs data/lang/<code>/)"
    )

    def replace(self, **changes: Any) -> Settings:
        """A copy with some fields changed (settings are never mutated)."""
        return dataclasses.replace(self, **changes)

    @classmethod
    def help(cls) -> dict[str, str]:
        """Name -> help text of every setting (the docs are built from this)."""
        return {f.name: f.metadata["help"] for f in dataclasses.fields(cls)}


DEFAULT = Settings()
