"""What the app holds: one store, the operator's token, and the reviewed ledger, cached.

`AppState.ledger()` reconciles the store's records and lays the reviews over them
(api/ledger.py) once, then serves that ReviewedLedger until the store changes
(a page ingested, by this server or by `swapledger ingest` beside it, or a review
added): a cheap fingerprint (`review.signature`) is read per call, and only a
change rebuilds. Writes (`review`, `submit`) go through one lock, so two requests
never interleave their transactions or rebuild twice.

Auth: `require_token` guards every write. With no token configured the server is
read-only (403); a missing bearer token is 401, a wrong one 403.
"""

from __future__ import annotations

import datetime as dt
import hmac
import threading
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace

from fastapi import Request

from swapledger import service
from swapledger.api.errors import ApiError, invalid, not_found
from swapledger.api.ledger import (
    EventView,
    ReviewedLedger,
    build,
    direction_key,
    record_id,
)
from swapledger.model import REVIEW_ACTIONS, Document, Review, Skipped, Source
from swapledger.service import IngestReport
from swapledger.settings import DEFAULT, Settings
from swapledger.store import Store
from swapledger.store import ledger as ledger_rows
from swapledger.store import review as review_rows

REASON_CHARS = 2000
"""Longest reason kept for a review."""

CHECK_EVERY = 0.25
"""Seconds between two looks at the store's fingerprint: under load most requests
serve the cached ledger without a query; a change shows within this delay (writes
through this server show at once)."""


@dataclass(frozen=True, slots=True)
class Snapshot:
    """The reviewed ledger and the sources it was built from, as of one rebuild."""

    ledger: ReviewedLedger
    sources: list[Source]
    search: dict[str, str] = field(default_factory=dict)  # event id -> lower-cased text
    rendered: dict[str, bytes] = field(default_factory=dict)  # event id -> its JSON
    queries: dict[tuple[object, ...], list[EventView]] = field(
        default_factory=dict
    )  # filters -> events


class Throttle:
    """Wrong tokens per client address: after `limit` within `window` seconds, that
    address is refused until the oldest of them is `window` seconds old (sign-in and the
    API's bearer token share it, so guessing the token takes years, not minutes)."""

    def __init__(self, limit: int = 5, window: float = 60.0) -> None:
        self.limit = limit
        self.window = window
        self._failures: dict[str, list[float]] = {}
        self._lock = threading.Lock()

    def wait(self, who: str) -> int:
        """Seconds `who` must wait before trying a token again (0: go ahead)."""
        now = time.monotonic()
        with self._lock:
            recent = [t for t in self._failures.get(who, []) if now - t < self.window]
            self._failures[who] = recent
            if len(recent) < self.limit:
                return 0
            return max(1, int(self.window - (now - recent[0])) + 1)

    def failed(self, who: str) -> None:
        """Count one wrong token from `who`."""
        with self._lock:
            self._failures.setdefault(who, []).append(time.monotonic())
            if len(self._failures) > 10_000:  # forget the quietest addresses first
                for key in sorted(self._failures, key=lambda k: self._failures[k][-1])[:5_000]:
                    del self._failures[key]


def client_address(request: Request) -> str:
    """Who is asking, for the throttle: the peer address (behind a proxy, the proxy's)."""
    return request.client.host if request.client else "unknown"


class AppState:
    """The store behind the app, the token that opens its writes, and the cached ledger."""

    def __init__(self, store: Store, token: str | None = None, settings: Settings = DEFAULT):
        self.store = store
        self.token = token or None
        self.settings = settings
        self._lock = threading.RLock()
        self._snapshot: Snapshot | None = None
        self._signature: tuple[int, ...] | None = None
        self._checked = 0.0
        self.built = 0  # how many times the ledger was rebuilt (tests and benchmarks read it)
        self.throttle = Throttle()

    # -- reading ---------------------------------------------------------------

    def ledger(self) -> ReviewedLedger:
        """The reviewed ledger of the store as it is now (rebuilt only when it changed)."""
        return self.snapshot().ledger

    def sources(self) -> list[Source]:
        """Every stored record as a Source (rejected ones included), as of `ledger()`."""
        return self.snapshot().sources

    def snapshot(self) -> Snapshot:
        """The reviewed ledger and the sources it was built from, taken together."""
        cached = self._snapshot
        if cached is not None and time.monotonic() - self._checked < CHECK_EVERY:
            return cached
        with self._lock:
            signature = review_rows.signature(self.store)
            self._checked = time.monotonic()
            if self._snapshot is None or signature != self._signature:
                self._snapshot = self._rebuild()
                # the rebuild saved the ledger's rows; read the fingerprint after it
                self._signature = review_rows.signature(self.store)
            return self._snapshot

    def _rebuild(self) -> Snapshot:
        sources = service.sources(self.store)
        reviews = review_rows.all_reviews(self.store)
        machine, reviewed = build(sources, reviews, ledger_rows.previous_ids(self.store))
        ledger_rows.save(self.store, machine)  # ids stay stable, as `swapledger ledger` keeps them
        self.built += 1
        return Snapshot(reviewed, sources)

    def invalidate(self) -> None:
        """Forget the cached ledger: the next read rebuilds it."""
        with self._lock:
            self._snapshot = None
            self._signature = None

    def event(self, event_id: str) -> EventView:
        """One event of the reviewed ledger (or the event it was merged into); 404 if none."""
        view = self.ledger().event(event_id)
        if view is None:
            raise not_found(f"event {event_id!r}")
        return view

    # -- writing ---------------------------------------------------------------

    def review(
        self,
        *,
        action: str,
        event_id: str,
        reviewer: str,
        reason: str = "",
        direction: str | None = None,
        count: int | None = None,
        date: dt.date | None = None,
        other_event: str | None = None,
        records: Sequence[int] = (),
    ) -> Review:
        """Check one analyst decision against the ledger and append it as an audit row.

        Raises ApiError: 404 for an unknown event, 422 for a decision that does not fit
        it (a direction it lacks, a record it does not hold, a merge of different kinds).
        """
        reviewer, reason = reviewer.strip(), reason.strip()
        if action not in REVIEW_ACTIONS:
            raise invalid(f"unknown action {action!r}; one of {', '.join(REVIEW_ACTIONS)}")
        if not reviewer:
            raise invalid("reviewer: say who is reviewing")
        if len(reviewer) > review_rows.REVIEWER_CHARS:
            raise invalid(f"reviewer: at most {review_rows.REVIEWER_CHARS} characters")
        if action != "accept" and not reason:
            raise invalid(f"reason: a {action} needs a reason")
        if len(reason) > REASON_CHARS:
            raise invalid(f"reason: at most {REASON_CHARS} characters")
        with self._lock:
            view = self.event(event_id)
            draft = Review(
                id=0,
                at=dt.datetime.now(dt.UTC),
                reviewer=reviewer,
                action=action,  # type: ignore[arg-type]
                event_id=view.id,
                reason=reason,
            )
            draft = self._check(draft, view, direction, count, date, other_event, records)
            stored = review_rows.add(self.store, draft)
            self.invalidate()
            return stored

    def _check(
        self,
        draft: Review,
        view: EventView,
        direction: str | None,
        count: int | None,
        date: dt.date | None,
        other_event: str | None,
        records: Sequence[int],
    ) -> Review:
        """The draft with the action's own fields, checked, and what the machine said."""
        held = {rid for s in view.event.sources if (rid := record_id(s)) is not None}
        if draft.action == "accept":
            return replace(draft, machine=_describe(view))
        if draft.action == "correct_count":
            keys = {direction_key(t): t for t in view.event.transfers}
            if direction not in keys:
                known = ", ".join(sorted(keys)) or "none"
                raise invalid(f"direction: event {view.id} has {known}, not {direction!r}")
            if count is None or count < 0:
                raise invalid("count: a correction needs a count of 0 or more")
            t = keys[direction]
            said = f"{direction} {t.count} ({t.qualifier}, {t.rule})"
            return replace(draft, direction=direction, count=count, machine=said)
        if draft.action == "correct_date":
            if date is None:
                raise invalid("date: a correction needs a day (YYYY-MM-DD)")
            return replace(draft, date=date, machine=_when(view))
        if draft.action == "merge":
            if not other_event:
                raise invalid("other_event: name the event to merge into this one")
            other = self.ledger().event(other_event)
            if other is None:
                raise not_found(f"event {other_event!r}")
            if other.id == view.id:
                raise invalid("other_event: an event cannot be merged into itself")
            if other.event.kind != view.event.kind:
                raise invalid(
                    f"other_event: {other.id} is {other.event.kind}, not {view.event.kind}"
                )
            said = f"{view.id}: {_describe(view)} | {other.id}: {_describe(other)}"
            return replace(draft, other_event=other.id, machine=said)
        if draft.action == "split":
            moved = tuple(sorted(set(records)))
            if not moved:
                raise invalid("records: name the records to split off")
            if not set(moved) <= held:
                missing = ", ".join(str(r) for r in sorted(set(moved) - held))
                raise invalid(f"records: event {view.id} does not hold record {missing}")
            if set(moved) >= held:
                raise invalid("records: a split must leave records on both sides")
            return replace(draft, records=moved, machine=_describe(view))
        # reject_record
        if len(records) != 1:
            raise invalid("records: name exactly one record to reject")
        rid = records[0]
        if rid not in held:
            raise invalid(f"records: event {view.id} does not hold record {rid}")
        source = next(s for s in view.event.sources if record_id(s) == rid)
        said = f"record {rid}: {source.record.count} ({source.record.qualifier}) {source.record.evidence_text!r}"
        return replace(draft, records=(rid,), machine=said)

    def submit(self, pages: Iterable[Document | Skipped]) -> IngestReport:
        """Ingest pages already read (POST /api/pages), then reconcile the ledger with them."""
        with self._lock:
            report = service.ingest(self.store, [], settings=self.settings, pages=pages)
            self.invalidate()
            self.ledger()
            return report


def _when(view: EventView) -> str:
    e = view.event
    if e.date is not None:
        return e.date.isoformat()
    if e.date_range is not None:
        return f"{e.date_range[0].isoformat()}..{e.date_range[1].isoformat()}"
    return "no date"


def _describe(view: EventView) -> str:
    """The machine's event in one line: day, kind, each direction's count."""
    ts = "; ".join(f"{direction_key(t)} {t.count} ({t.qualifier})" for t in view.event.transfers)
    return f"{_when(view)} {view.event.kind}: {ts}"


# -- FastAPI dependencies ------------------------------------------------------


def get_state(request: Request) -> AppState:
    """The app's state (a FastAPI dependency)."""
    state: AppState = request.app.state.swapledger
    return state


def require_token(request: Request) -> None:
    """Allow a write only with the operator's bearer token (a FastAPI dependency).

    401 without an `Authorization: Bearer ...` header, 403 with a wrong token, and
    403 for every write when the server has no token (read-only).
    """
    state = get_state(request)
    token = state.token
    if token is None:
        raise ApiError(403, "read-only server: the operator set no SWAPLEDGER_TOKEN")
    who = client_address(request)
    if wait := state.throttle.wait(who):
        raise ApiError(
            429, f"too many wrong tokens: try again in {wait} s", {"Retry-After": str(wait)}
        )
    header = request.headers.get("authorization", "")
    scheme, _, given = header.partition(" ")
    if scheme.lower() != "bearer" or not given.strip():
        raise ApiError(
            401,
            "this needs a bearer token: Authorization: Bearer TOKEN",
            {"WWW-Authenticate": "Bearer"},
        )
    if not hmac.compare_digest(given.strip().encode(), token.encode()):
        state.throttle.failed(who)
        raise ApiError(403, "wrong token")
