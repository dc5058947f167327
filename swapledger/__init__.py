"""swapledger: a sourced ledger of prisoner and body exchanges, extracted from news reports."""

from __future__ import annotations

import logging

from swapledger.model import Article, Document, ExtractedDocument, Party, Record, Skipped, Span
from swapledger.settings import Settings

__version__ = "0.1.0"
__all__ = [
    "Article",
    "Document",
    "ExtractedDocument",
    "Party",
    "Record",
    "Settings",
    "Skipped",
    "Span",
    "__version__",
]

logging.getLogger(__name__).addHandler(logging.NullHandler())
