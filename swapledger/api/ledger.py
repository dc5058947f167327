"""Sources + reviews -> the reviewed ledger both faces (API and web pages) read.

1. reject: records an analyst rejected leave the sources before reconciliation
2. reconcile: the machine's ledger of what is left (ids kept from the store's
   last run, and saved back, as `swapledger ledger` does)
3. overlay: the other reviews, oldest first, laid over the machine's events by
   their stable ids: merges and splits regroup sources (the consensus is
   recomputed), corrections set a direction's count or the day beside the
   machine's, accepts mark the event reviewed
4. agreements and totals are measured against the reviewed events

Nothing is overwritten: `EventView.machine` is what reconciliation said, and a
review whose event is gone (re-reconciliation regrouped its records) is kept as
not applied, with the reason.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace

from swapledger.model import (
    Agreement,
    Event,
    Ledger,
    ReportedTotal,
    Review,
    Source,
    Transfer,
)
from swapledger.reconcile import reconcile
from swapledger.reconcile.agreements import agreements as measure_agreements
from swapledger.reconcile.consensus import confirmed_by
from swapledger.reconcile.events import Group, sort_sources, transfers
from swapledger.reconcile.totals import totals as measure_totals

SPLIT_SUFFIX = "-s"
"""A split-off event is `<event id>-s<review id>`: stable as long as the review is."""


def direction_key(t: Transfer) -> str:
    """'from>to' of a directed transfer, 'a+b' of a two-way total."""
    return f"{t.from_party}+{t.to_party}" if t.between else f"{t.from_party}>{t.to_party}"


def record_id(source: Source) -> int | None:
    """The store record id behind a source ('12', or '12:0' for a zero read beside it)."""
    head = source.key.split(":", 1)[0]
    return int(head) if head.isdigit() else None


@dataclass(slots=True)
class EventView:
    """One event as the faces show it: the machine's event and the analyst's overlay."""

    event: Event  # after merges, splits and rejections (consensus recomputed)
    machine: Event | None  # what reconciliation alone said (None for a split-off event)
    reviews: list[Review] = field(default_factory=list)
    counts: dict[str, Review] = field(default_factory=dict)  # direction key -> correction
    date: Review | None = None  # the latest date correction
    accepted: Review | None = None
    rejected: list[tuple[Source, Review]] = field(default_factory=list)
    merged: list[str] = field(default_factory=list)  # ids of events merged into this one

    @property
    def id(self) -> str:
        """The event's id."""
        return self.event.id

    @property
    def reviewed(self) -> bool:
        """True when an analyst has accepted, corrected, merged or split it."""
        return bool(self.reviews)

    @property
    def day(self) -> dt.date | None:
        """The reviewed day, else the machine's."""
        return self.date.date if self.date is not None else self.event.date

    @property
    def date_range(self) -> tuple[dt.date, dt.date] | None:
        """The machine's range of days, unless a reviewed day replaces it."""
        return None if self.date is not None else self.event.date_range

    def first_day(self) -> dt.date | None:
        """The day, or the first day of the range (for sorting and date filters)."""
        return self.day or (self.date_range[0] if self.date_range else None)

    def last_day(self) -> dt.date | None:
        """The day, or the last day of the range."""
        return self.day or (self.date_range[1] if self.date_range else None)

    def count(self, t: Transfer) -> int:
        """A direction's count: the analyst's correction, else the consensus."""
        fix = self.counts.get(direction_key(t))
        return fix.count if fix is not None and fix.count is not None else t.count

    def qualifier(self, t: Transfer) -> str:
        """'exact' for a corrected count, else the consensus qualifier."""
        return "exact" if direction_key(t) in self.counts else t.qualifier

    @property
    def conflicted(self) -> bool:
        """True when reports disagree on a direction."""
        return bool(self.event.conflicts)

    @property
    def voices(self) -> int:
        """How many distinct outlets (copies counted once) report it."""
        return len({s.voice for s in self.event.sources})

    def effective(self) -> Event:
        """The event with the reviewed counts and day, for measuring agreements and totals."""
        ts = tuple(
            replace(t, count=self.count(t), qualifier=self.qualifier(t))  # type: ignore[arg-type]
            for t in self.event.transfers
        )
        return replace(self.event, transfers=ts, date=self.day, date_range=self.date_range)


@dataclass(slots=True)
class ReviewedLedger:
    """Events (with overlays), agreements and totals, plus the lookups the faces need."""

    events: list[EventView]
    agreements: tuple[Agreement, ...]
    totals: tuple[ReportedTotal, ...]
    reviews: list[Review]
    not_applied: dict[int, str]  # review id -> why it no longer applies
    aliases: dict[str, str]  # merged-away event id -> the event it is part of
    event_of_record: dict[int, str]  # record id -> event id
    by_id: dict[str, EventView] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.by_id = {v.id: v for v in self.events}

    def event(self, event_id: str) -> EventView | None:
        """An event by its id, or by the id of an event merged into it."""
        return self.by_id.get(self.aliases.get(event_id, event_id))


def _regroup(kind: str, sources: Iterable[Source], like: Event, new_id: str) -> Event:
    """An event of `sources` with its consensus recomputed; day kept from `like`."""
    group = Group(kind, None, list(sources))
    ts, conflicts = transfers(group)
    return replace(
        like,
        id=new_id,
        transfers=ts,
        conflicts=conflicts,
        sources=sort_sources(group.sources),
        confirmed_by=confirmed_by(group.sources, group.parties()),
    )


def _split_day(sources: Sequence[Source], like: Event) -> tuple[dt.date | None, object]:
    days = {s.record.date for s in sources}
    if len(days) == 1 and None not in days:
        return days.pop(), None
    return like.date, like.date_range


def build(
    sources: Sequence[Source],
    reviews: Sequence[Review],
    previous: Mapping[str, str] | None = None,
) -> tuple[Ledger, ReviewedLedger]:
    """The machine's ledger (to save, for stable ids) and the reviewed ledger (to show)."""
    # 1. reject
    rejects = {r.records[0]: r for r in reviews if r.action == "reject_record" and r.records}
    kept = [s for s in sources if record_id(s) not in rejects]
    dropped = [s for s in sources if record_id(s) in rejects]
    # 2. reconcile
    machine = reconcile(kept, previous)
    views: dict[str, EventView] = {e.id: EventView(e, e) for e in machine.events}
    aliases: dict[str, str] = {}
    not_applied: dict[int, str] = {}
    split_from: dict[str, str] = {}  # split-off id -> the event it was split from

    def resolve(event_id: str | None) -> EventView | None:
        if event_id is None:
            return None
        seen = 0
        while event_id in aliases and seen < len(aliases) + 1:
            event_id, seen = aliases[event_id], seen + 1
        return views.get(event_id)

    # 3. overlay
    for r in sorted(reviews, key=lambda r: r.id):
        view = resolve(r.event_id)
        if view is None and r.event_id in split_from:
            # a split that no longer applies (its records were rejected since): its
            # reviews land on the event it was split from
            view = resolve(split_from[r.event_id])
        if r.action == "reject_record":
            source = (
                next((s for s in dropped if record_id(s) == r.records[0]), None)
                if r.records
                else None
            )
            if view is None or source is None:
                not_applied[r.id] = "the record or its event is no longer in the store"
                continue
            view.rejected.append((source, r))
            view.reviews.append(r)
            continue
        if view is None:
            not_applied[r.id] = f"event {r.event_id} is no longer in the ledger"
            continue
        if r.action == "accept":
            view.accepted = r
        elif r.action == "correct_count":
            keys = {direction_key(t) for t in view.event.transfers}
            if r.direction not in keys or r.count is None:
                not_applied[r.id] = f"the event has no direction {r.direction}"
                continue
            view.counts[r.direction] = r
        elif r.action == "correct_date":
            if r.date is None:
                not_applied[r.id] = "no date given"
                continue
            view.date = r
        elif r.action == "merge":
            other = resolve(r.other_event)
            if other is None or other is view or other.event.kind != view.event.kind:
                not_applied[r.id] = f"event {r.other_event} cannot be merged into {view.id}"
                continue
            merged = _regroup(
                view.event.kind, [*view.event.sources, *other.event.sources], view.event, view.id
            )
            view.event = merged
            view.merged.append(other.id)
            view.reviews.extend(other.reviews)
            view.rejected.extend(other.rejected)
            for key, fix in other.counts.items():
                view.counts.setdefault(key, fix)
            aliases[other.id] = view.id
            del views[other.id]
            other.reviews = []
        elif r.action == "split":
            new_id = f"{view.id}{SPLIT_SUFFIX}{r.id}"
            split_from[new_id] = view.id
            moved = [s for s in view.event.sources if record_id(s) in set(r.records)]
            rest = [s for s in view.event.sources if record_id(s) not in set(r.records)]
            if not moved and any(rid in rejects for rid in r.records):
                not_applied[r.id] = "the records it moved out were rejected since"
                continue
            if not moved or not rest:
                not_applied[r.id] = "a split must leave records on both sides"
                continue
            day, span = _split_day(moved, view.event)
            part = _regroup(view.event.kind, moved, view.event, new_id)
            part = replace(part, date=day, date_range=span if day is None else None)  # type: ignore[arg-type]
            view.event = _regroup(view.event.kind, rest, view.event, view.id)
            views[new_id] = EventView(part, None, [r])
        view.reviews.append(r)
    # fixes of directions a regrouping removed no longer apply
    for view in views.values():
        keys = {direction_key(t) for t in view.event.transfers}
        for key in [k for k in view.counts if k not in keys]:
            not_applied[view.counts.pop(key).id] = f"the event has no direction {key} any more"
    ordered = sorted(
        views.values(), key=lambda v: (v.first_day() or dt.date.max, v.event.kind, v.id)
    )
    # 4. agreements and totals against the reviewed events
    agreements, totals = machine.agreements, machine.totals
    if reviews:
        effective = [v.effective() for v in ordered]
        before = dict(previous or {})
        planned = [s for s in kept if s.record.status == "planned"]
        cumulative = [s for s in kept if s.record.status == "cumulative"]
        agreements = tuple(measure_agreements(planned, effective, before))
        totals = tuple(measure_totals(cumulative, effective, before))
    event_of_record: dict[int, str] = {}
    for v in ordered:
        for s in v.event.sources:
            if (rid := record_id(s)) is not None:
                event_of_record.setdefault(rid, v.id)
    reviewed = ReviewedLedger(
        ordered, agreements, totals, list(reviews), not_applied, aliases, event_of_record
    )
    return machine, reviewed


def copies(sources: Iterable[Source]) -> list[list[Source]]:
    """Sources grouped by article text (copies of one article published by several pages),
    in order of first report; each group's first source stands for it."""
    groups: dict[str, list[Source]] = {}
    for s in sources:
        groups.setdefault(s.copy_key or s.record.article_id, []).append(s)
    return list(groups.values())
