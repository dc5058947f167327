"""Article -> [Record]: the grammar engine (stub until the grammar lands)."""

from __future__ import annotations

from swapledger.model import Article, Record
from swapledger.settings import Settings


def extract_records(article: Article, settings: Settings) -> list[Record]:
    """Stub: returns no records."""
    return []
