"""Source (planned) + Event -> Agreement: what was promised, and how much of it the events delivered.

1. group: planned records as units and clusters (events.py), without days:
   restatements of one deal in many pages agree on kind, parties and counts
2. announced: the earliest day a source was written (or the day a record names)
3. progress: per direction, the completed events after the announcement (those
   of unknown day included) summed against the target; a two-way target ("6,000
   bodies" with no "each") against both directions together. Where no source fixes
   the day it was announced, which deliveries followed it cannot be told from days:
   only the events reported in an article that states the agreement count ("returned
   1,212 bodies under the deal reached in Istanbul"). Counting every delivery
   overstated it: an offer of "3,000 more", made after 6,060 were returned, showed
   3,412 of 3,000.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping, Sequence

from swapledger.model import Agreement, Event, Source, Tally, Transfer
from swapledger.reconcile.dates import written_on
from swapledger.reconcile.events import assign_ids, cluster, sort_sources, transfers, units


def announced(sources: Sequence[Source]) -> dt.date | None:
    """The first day any source was written, else the first day a record names."""
    days = [d for s in sources if (d := written_on(s)) is not None]
    if not days:
        days = [s.record.date for s in sources if s.record.date is not None]
    return min(days) if days else None


def event_day(e: Event) -> dt.date | None:
    """The day an event took place, or the last it can have."""
    return e.date or (e.date_range[1] if e.date_range else None)


def _moved(e: Event, t: Transfer) -> int | None:
    """What an event moved of a transfer: its direction, or both directions for a two-way one."""
    if not t.between:
        hits = [
            x.count
            for x in e.transfers
            if not x.between and (x.from_party, x.to_party) == (t.from_party, t.to_party)
        ]
        return hits[0] if hits else None
    pair = {t.from_party, t.to_party}
    directed = [
        x.count for x in e.transfers if not x.between and {x.from_party, x.to_party} == pair
    ]
    if directed:
        return sum(directed)
    two_way = [x.count for x in e.transfers if x.between and {x.from_party, x.to_party} == pair]
    return two_way[0] if two_way else None


def tally(t: Transfer, kind: str, events: Sequence[Event], keep: Callable[[Event], bool]) -> Tally:
    """A target against the events of that kind that `keep` admits and that moved some of it."""
    done = 0
    ids: list[str] = []
    for e in events:
        if e.kind != kind or not keep(e):
            continue
        moved = _moved(e, t)
        if moved is not None:
            done += moved
            ids.append(e.id)
    return Tally(t.from_party, t.to_party, t.count, done, tuple(ids))


def _after(day: dt.date) -> Callable[[Event], bool]:
    """Events on or after `day`, or of no known day."""

    def keep(e: Event) -> bool:
        d = event_day(e)
        return d is None or d >= day

    return keep


def _told_with(sources: Sequence[Source]) -> Callable[[Event], bool]:
    """Events reported in an article that one of `sources` (an agreement's) is in."""
    articles = {s.record.article_id for s in sources}
    return lambda e: any(s.record.article_id in articles for s in e.sources)


def agreements(
    sources: Sequence[Source], events: Sequence[Event], previous: Mapping[str, str]
) -> list[Agreement]:
    """Planned sources into agreements, each with its progress."""
    groups = cluster(units(sources, dated=False), dated=False)  # 1
    ids = assign_ids("ag", groups, previous)
    out: list[Agreement] = []
    for g, aid in zip(groups, ids, strict=True):
        ts, _ = transfers(g)
        day = announced(g.sources)  # 2
        keep = _after(day) if day is not None else _told_with(g.sources)  # 3
        progress = tuple(tally(t, g.kind, events, keep) for t in ts)
        out.append(
            Agreement(
                id=aid,
                kind=g.kind,  # type: ignore[arg-type]
                parties=tuple(sorted(g.parties())),
                transfers=ts,
                announced=day,
                sources=sort_sources(g.sources),
                progress=progress,
            )
        )
    out.sort(key=lambda a: (a.announced or dt.date.max, -max(t.count for t in a.transfers), a.id))
    return out
