"""Article -> Record: every claim of a transfer, with its evidence span."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from swapledger.model import Article, Record, Skipped
from swapledger.settings import DEFAULT, Settings


def extract_article(article: Article, settings: Settings = DEFAULT) -> list[Record]:
    """The records one article claims, in text order, one per distinct claim."""
    from swapledger.extract.records import extract_records

    return extract_records(article, settings)


def unreadable(article: Article, settings: Settings = DEFAULT) -> str | None:
    """Why the extractor cannot read `article` ('no grammar for language xx'), or None."""
    if article.language not in settings.languages:
        return f"no grammar for language {article.language}"
    return None


def run(articles: Iterable[Article], settings: Settings = DEFAULT) -> Iterator[Record | Skipped]:
    """Stage shape: articles in, records (or skips) out."""
    for article in articles:
        reason = unreadable(article, settings)
        if reason:
            yield Skipped(article.id, "extract", reason)
            continue
        yield from extract_article(article, settings)
