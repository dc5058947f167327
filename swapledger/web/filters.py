"""Query string -> the ledger's filters, read leniently: a bad value is a message, never an error page.

The same filters as the JSON API's `/api/events` (party on either side, kind, a
range of days, part of an outlet's name or site, review status, text), applied to
the cached reviewed ledger.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from swapledger.api.ledger import EventView
from swapledger.model import KINDS

STATUSES = {
    "needs_review": "needs review",
    "conflicted": "reports disagree",
    "single_source": "one source",
    "reviewed": "reviewed",
    "unreviewed": "not reviewed",
    "accepted": "accepted",
}
TEXT_CHARS = 200
"""Longest text filter kept (a longer one is cut)."""


@dataclass(frozen=True, slots=True)
class Filters:
    """What the analyst asked for, and what could not be read of it."""

    party: str = ""
    kind: str = ""
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    outlet: str = ""
    status: str = ""
    q: str = ""
    problems: tuple[str, ...] = field(default=())

    def query(self) -> dict[str, str]:
        """The filters as query parameters (for links and the CSV download)."""
        out = {
            "party": self.party,
            "kind": self.kind,
            "from": self.date_from.isoformat() if self.date_from else "",
            "to": self.date_to.isoformat() if self.date_to else "",
            "outlet": self.outlet,
            "status": self.status,
            "q": self.q,
        }
        return {k: v for k, v in out.items() if v}

    @property
    def active(self) -> bool:
        """True when any filter is set."""
        return bool(self.query())


def _day(raw: str, name: str, problems: list[str]) -> dt.date | None:
    if not raw:
        return None
    try:
        return dt.date.fromisoformat(raw)
    except ValueError:
        problems.append(f"{name}: {raw[:40]!r} is not a day (YYYY-MM-DD); ignored")
        return None


def read(params: Mapping[str, str]) -> Filters:
    """The filters in a query string; unknown or malformed values are dropped with a note."""
    problems: list[str] = []

    def text(name: str) -> str:
        return " ".join(str(params.get(name, "")).split())[:TEXT_CHARS]

    kind = text("kind")
    if kind and kind not in KINDS:
        problems.append(f"kind: {kind[:40]!r} is not one of {', '.join(KINDS)}; ignored")
        kind = ""
    status = text("status")
    if status and status not in STATUSES:
        problems.append(f"status: {status[:40]!r} is not a review status; ignored")
        status = ""
    date_from = _day(text("from"), "from", problems)
    date_to = _day(text("to"), "to", problems)
    if date_from and date_to and date_from > date_to:
        problems.append(f"from ({date_from}) is after to ({date_to}); both ignored")
        date_from = date_to = None
    return Filters(
        party=text("party").casefold(),
        kind=kind,
        date_from=date_from,
        date_to=date_to,
        outlet=text("outlet"),
        status=status,
        q=text("q"),
        problems=tuple(problems),
    )


def single_source(view: EventView) -> bool:
    """One outlet alone reports it (copies counted once)."""
    return view.voices <= 1


def status_of(view: EventView, status: str) -> bool:
    """Whether the event is in the review state `status`."""
    return {
        "reviewed": view.reviewed,
        "unreviewed": not view.reviewed,
        "accepted": view.accepted is not None,
        "conflicted": view.conflicted,
        "single_source": single_source(view),
        "needs_review": not view.reviewed and (view.conflicted or single_source(view)),
    }[status]


def _text(view: EventView) -> str:
    e = view.event
    parts = [view.id, e.kind]
    for t in e.transfers:
        parts += [t.from_party, t.to_party, str(view.count(t))]
    for s in e.sources:
        parts += [s.publisher, s.url or "", s.record.evidence_text, s.sentence]
    return "\n".join(parts).casefold()


def matches(view: EventView, f: Filters) -> bool:
    """Whether the event passes every filter."""
    e = view.event
    if f.kind and e.kind != f.kind:
        return False
    if f.party and f.party not in {p for t in e.transfers for p in (t.from_party, t.to_party)}:
        return False
    if f.date_from or f.date_to:
        lo, hi = view.first_day(), view.last_day()
        if lo is None or hi is None:
            return False
        if (f.date_from and hi < f.date_from) or (f.date_to and lo > f.date_to):
            return False
    if f.status and not status_of(view, f.status):
        return False
    if f.outlet:
        needle = f.outlet.casefold()
        if not any(needle in s.publisher.casefold() or needle in s.voice for s in e.sources):
            return False
    return not f.q or f.q.casefold() in _text(view)


def apply(views: Sequence[EventView], f: Filters) -> list[EventView]:
    """The events that pass the filters, in the ledger's order (oldest first)."""
    return [v for v in views if matches(v, f)]


def queue_rank(view: EventView) -> tuple[int, int, str]:
    """The review queue's order: unreviewed first; conflicts, then single-source, then the rest."""
    rank = 0 if view.conflicted else 1 if single_source(view) else 2
    return (int(view.reviewed), rank, view.id)
