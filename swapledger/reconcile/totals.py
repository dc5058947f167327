"""Source (cumulative) + Event -> ReportedTotal: running totals beside the sum of the ledger.

1. group: cumulative records as units and clusters (events.py), without days
2. as of: the latest day a record names, else the latest day a source was written
3. ledger: per direction, the completed events up to that day (all of them
   when either day is unknown) summed beside the reported figure; the gap shows
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence

from swapledger.model import Event, ReportedTotal, Source
from swapledger.reconcile.agreements import event_day, tally
from swapledger.reconcile.dates import written_on
from swapledger.reconcile.events import assign_ids, cluster, sort_sources, transfers, units


def as_of(sources: Sequence[Source]) -> dt.date | None:
    """The day a total refers to: the latest named, else the latest day of writing."""
    named = [s.record.date for s in sources if s.record.date is not None]
    if named:
        return max(named)
    written = [d for s in sources if (d := written_on(s)) is not None]
    return max(written) if written else None


def totals(
    sources: Sequence[Source], events: Sequence[Event], previous: Mapping[str, str]
) -> list[ReportedTotal]:
    """Cumulative sources into reported totals, each beside the ledger's sum."""
    groups = cluster(units(sources, dated=False), dated=False)  # 1
    ids = assign_ids("tot", groups, previous)
    out: list[ReportedTotal] = []
    for g, tid in zip(groups, ids, strict=True):
        ts, _ = transfers(g)
        day = as_of(g.sources)  # 2

        def before(e: Event, day: dt.date | None = day) -> bool:
            d = event_day(e)
            return day is None or d is None or d <= day

        ledger = tuple(tally(t, g.kind, events, before) for t in ts)  # 3
        out.append(
            ReportedTotal(
                id=tid,
                kind=g.kind,  # type: ignore[arg-type]
                as_of=day,
                transfers=ts,
                sources=sort_sources(g.sources),
                ledger=ledger,
            )
        )
    out.sort(key=lambda t: (t.as_of or dt.date.max, -max(x.count for x in t.transfers), t.id))
    return out
