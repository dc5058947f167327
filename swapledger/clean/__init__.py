"""Document -> [Article] | Skipped: furniture out, aggregator pages split (minimal version)."""

from __future__ import annotations

from swapledger.model import Article, Document, Skipped
from swapledger.settings import DEFAULT, Settings


def clean_document(document: Document, settings: Settings = DEFAULT) -> list[Article] | Skipped:
    """The articles of one page (stub: the whole page is one article)."""
    text = document.content.strip()
    if not text:
        return Skipped(document.id, "clean", "empty page")
    return [
        Article(
            id=f"{document.id}#0",
            document_id=document.id,
            index=0,
            text=text,
            published=document.published,
            url=document.url,
            page_start=0,
            page_end=len(document.content),
            fetched=document.fetched,
        )
    ]
