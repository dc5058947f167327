"""Document -> ExtractedDocument: the per-document stages in order.

1. clean: furniture out, aggregator pages split into articles (clean.py)
2. extract: records from each article (extract/)

Storing and reconciling happen after, in one writer (store/).
"""

from __future__ import annotations

from swapledger import clean, extract
from swapledger.model import Document, ExtractedDocument, Skipped
from swapledger.settings import DEFAULT, Settings


def process(document: Document, settings: Settings = DEFAULT) -> ExtractedDocument | Skipped:
    """Run every per-document stage on one document."""
    # 1. clean
    articles = clean.clean_document(document, settings)
    if isinstance(articles, Skipped):
        return articles
    # 2. extract
    records = tuple(tuple(extract.extract_article(a, settings)) for a in articles)
    return ExtractedDocument(document=document, articles=tuple(articles), records=records)
