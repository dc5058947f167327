"""Source -> Ledger: records become events, agreements and reported totals.

1. sources: stored records with their article and page become `Source`s (`source_from`)
2. events: completed records (and the explicit zeros beside them, zeros.py) grouped
   into distinct exchanges (events.py)
3. agreements: planned records, with progress from the events after them (agreements.py)
4. totals: cumulative records, beside the sum of the ledger's events (totals.py)

Reconciliation is pure: sources in, a `Ledger` out. Ids stay stable across reruns
through `previous` (source key -> the id its event had before).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from swapledger.model import Ledger, Source
from swapledger.reconcile.agreements import agreements as _agreements
from swapledger.reconcile.dates import source_from
from swapledger.reconcile.events import events as _events
from swapledger.reconcile.totals import totals as _totals
from swapledger.reconcile.zeros import zeros

__all__ = ["reconcile", "source_from"]


def reconcile(
    sources: Iterable[Source], previous: Mapping[str, str] | None = None
) -> Ledger:
    """Every source into the ledger: events, then agreements and totals measured against them."""
    items = list(sources)
    before = previous or {}
    completed = [s for s in items if s.record.status == "completed"]
    events = _events(completed + list(zeros(completed)), before)  # 2
    agreements = _agreements([s for s in items if s.record.status == "planned"], events, before)  # 3
    totals = _totals([s for s in items if s.record.status == "cumulative"], events, before)  # 4
    return Ledger(tuple(events), tuple(agreements), tuple(totals))
