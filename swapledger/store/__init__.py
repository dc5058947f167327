"""ExtractedDocument -> database rows (SQLAlchemy; SQLite by default, any URL via `--db`)."""

from __future__ import annotations

from swapledger.store import ledger  # registers the ledger tables before a Store opens
from swapledger.store.repository import Counts, QuarantinedInput, Store, StoredRecord

__all__ = ["Counts", "QuarantinedInput", "Store", "StoredRecord", "ledger"]
