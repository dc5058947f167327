"""The JSON API under /api: the reviewed ledger, the store, page submission, reviews.

Lists take `limit` (1..500) and `offset` and answer a `PageOf` with `total` and a
`next` link. Filters: `party` (either side), `kind`, `from`/`to` (days, both
included; items without a day are left out when either is given), `outlet`
(part of the name or site), `status`, `q` (text search, case-insensitive).
Writes need `Authorization: Bearer $SWAPLEDGER_TOKEN`.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Annotated, Any, Literal, TypeVar

from fastapi import APIRouter, Body, Depends, Path, Query, Request, Response
from pydantic import BaseModel

from swapledger.api import convert, queries
from swapledger.api import schemas as s
from swapledger.api.errors import invalid, not_found
from swapledger.api.ledger import EventView, record_id
from swapledger.api.state import AppState, Snapshot, get_state, require_token
from swapledger.ingest.jsonl import parse_line
from swapledger.model import Kind, Source, Status, Transfer

T = TypeVar("T")

QUERY_CACHE = 256
"""Event filters whose results are kept per ledger snapshot (oldest dropped first)."""

MAX_LIMIT = 500
DEFAULT_LIMIT = 50
API_SOURCE = "api"
"""Document.source of pages submitted over HTTP (their ids default to 'api:N')."""

ERRORS: dict[int | str, dict[str, Any]] = {
    code: {"model": s.ErrorOut, "description": why}
    for code, why in {
        404: "No such item.",
        422: "A parameter or field is missing, of the wrong type or out of range.",
        503: "The store cannot be read.",
    }.items()
}
WRITE_ERRORS: dict[int | str, dict[str, Any]] = {
    **ERRORS,
    401: {"model": s.ErrorOut, "description": "No bearer token given."},
    403: {"model": s.ErrorOut, "description": "Wrong token, or a read-only server."},
}

router = APIRouter(prefix="/api", responses=ERRORS)

State = Annotated[AppState, Depends(get_state)]
Limit = Annotated[
    int, Query(ge=1, le=MAX_LIMIT, description=f"Items per page (at most {MAX_LIMIT}).")
]
Offset = Annotated[int, Query(ge=0, le=10**9, description="Items to pass over.")]
Party = Annotated[
    str | None, Query(max_length=64, description="A party id on either side: russia.")
]
KindQ = Annotated[Kind | None, Query(description="remains or prisoners.")]
From = Annotated[dt.date | None, Query(alias="from", description="First day (YYYY-MM-DD).")]
To = Annotated[dt.date | None, Query(alias="to", description="Last day (YYYY-MM-DD).")]
Outlet = Annotated[str | None, Query(max_length=200, description="Part of an outlet name or site.")]
Text = Annotated[str | None, Query(max_length=200, description="Text to find (case-insensitive).")]
EventStatus = Literal[
    "reviewed", "unreviewed", "accepted", "conflicted", "single_source", "needs_review"
]


def _page(
    request: Request,
    items: Sequence[T],
    limit: int,
    offset: int,
    make: Callable[[T], BaseModel],
    cache: dict[str, bytes] | None = None,
    key: Callable[[T], str] | None = None,
) -> Response:
    """One page of `items` as JSON, with the link to the next.

    With a `cache`, each item is serialised once per ledger snapshot (a page is then a
    join of ready fragments). FastAPI's second validation of the response is skipped:
    the models are built here, and the route's response_model still gives the schema.
    """
    window = items[offset : offset + limit]
    if cache is not None and key is not None:
        parts = []
        for x in window:
            k = key(x)
            part = cache.get(k)
            if part is None:
                part = cache[k] = _dump(make(x))
            parts.append(part)
    else:
        parts = [_dump(make(x)) for x in window]
    return _json_page(request, len(items), parts, limit, offset)


def _dump(model: BaseModel) -> bytes:
    return model.model_dump_json(by_alias=True).encode()


def _json_page(
    request: Request, total: int, parts: list[bytes], limit: int, offset: int
) -> Response:
    nxt = None
    if offset + limit < total:
        nxt = str(request.url.include_query_params(offset=offset + limit, limit=limit))
    head = json.dumps({"total": total, "limit": limit, "offset": offset, "next": nxt})
    body = head[:-1].encode() + b', "items": [' + b",".join(parts) + b"]}"
    return Response(body, media_type="application/json")


def _paged(
    request: Request, total: int, items: Sequence[BaseModel], limit: int, offset: int
) -> Response:
    return _json_page(request, total, [_dump(x) for x in items], limit, offset)


def _days(date_from: dt.date | None, date_to: dt.date | None) -> None:
    if date_from and date_to and date_from > date_to:
        raise invalid(f"from ({date_from}) is after to ({date_to})")


@dataclass(frozen=True, slots=True)
class Filters:
    """The filters of the ledger's lists (events, agreements, totals, records): see the
    module docstring. `needle` is `q` casefolded."""

    party: str | None
    kind: Kind | None
    date_from: dt.date | None
    date_to: dt.date | None
    outlet: str | None
    needle: str | None

    def admits(
        self,
        kind: str,
        parties: Callable[[], Iterable[str]],
        days: tuple[dt.date | None, dt.date | None],
        sources: Sequence[Source],
        text: Callable[[], str],
    ) -> bool:
        """True for an item of `kind`, between `parties`, on `days` (first, last), told
        by `sources`, whose searchable `text` holds the needle (what is not asked for
        is not computed)."""
        return (
            (self.kind is None or kind == self.kind)
            and (self.party is None or self.party in parties())
            and _overlaps(*days, self.date_from, self.date_to)
            and (self.outlet is None or _outlet_matches(sources, self.outlet))
            and (self.needle is None or self.needle in text())
        )


def _filters(
    party: Party = None,
    kind: KindQ = None,
    date_from: From = None,
    date_to: To = None,
    outlet: Outlet = None,
    q: Text = None,
) -> Filters:
    _days(date_from, date_to)
    return Filters(party, kind, date_from, date_to, outlet, q.casefold() if q else None)


Filtered = Annotated[Filters, Depends(_filters)]


def _overlaps(
    lo: dt.date | None, hi: dt.date | None, date_from: dt.date | None, date_to: dt.date | None
) -> bool:
    """True when [lo, hi] meets the asked days (or no days are asked)."""
    if date_from is None and date_to is None:
        return True
    if lo is None or hi is None:
        return False
    return (date_from is None or hi >= date_from) and (date_to is None or lo <= date_to)


def _parties(transfers: Sequence[Transfer]) -> set[str]:
    return {p for t in transfers for p in (t.from_party, t.to_party)}


def _outlet_matches(sources: Sequence[Source], needle: str) -> bool:
    n = needle.casefold()
    return any(n in (x.outlet or "").casefold() or n in x.voice for x in sources)


def _haystack(sources: Sequence[Source], *extra: str) -> str:
    parts = list(extra)
    for x in sources:
        parts += [x.outlet or "", x.url or "", x.document_id, x.record.evidence_text, x.sentence]
    return "\n".join(parts).casefold()


def _event_text(snap: Snapshot, view: EventView) -> str:
    text = snap.search.get(view.id)
    if text is None:
        e = view.event
        counts = [str(t.count) for t in e.transfers]
        text = _haystack(e.sources, view.id, e.kind, *sorted(_parties(e.transfers)), *counts)
        snap.search[view.id] = text
    return text


def _status(view: EventView, status: EventStatus) -> bool:
    single = view.voices <= 1
    return {
        "reviewed": view.reviewed,
        "unreviewed": not view.reviewed,
        "accepted": view.accepted is not None,
        "conflicted": view.conflicted,
        "single_source": single,
        "needs_review": not view.reviewed and (view.conflicted or single),
    }[status]


def _id(view: EventView) -> str:
    return view.id


def _queue_key(view: EventView) -> tuple[int, int, str]:
    """Review queue: unreviewed conflicts first, then single-source, then the rest."""
    rank = 0 if view.conflicted else 1 if view.voices <= 1 else 2
    return (int(view.reviewed), rank, view.id)


# -- events --------------------------------------------------------------------


@router.get("/events", response_model=s.PageOf[s.EventOut], summary="Events of the reviewed ledger")
def list_events(
    request: Request,
    state: State,
    where: Filtered,
    status: Annotated[EventStatus | None, Query(description="Review state.")] = None,
    order: Annotated[
        Literal["date", "-date", "queue"],
        Query(
            description="date (oldest first), -date (latest first), queue (what needs review first)."
        ),
    ] = "date",
    limit: Limit = DEFAULT_LIMIT,
    offset: Offset = 0,
) -> Any:
    """Events, each with its counts (reviewed where an analyst changed them, the machine's
    beside them), conflicts, reviews and every supporting record with its evidence."""
    snap = state.snapshot()
    ledger = snap.ledger
    wanted = (where, status, order)
    found = snap.queries.get(wanted)
    if found is None:
        found = [
            v
            for v in ledger.events
            if (status is None or _status(v, status))
            and where.admits(
                v.event.kind,
                lambda v=v: _parties(v.event.transfers),
                (v.first_day(), v.last_day()),
                v.event.sources,
                lambda v=v: _event_text(snap, v),
            )
        ]
        if order == "-date":
            found.reverse()
        elif order == "queue":
            found.sort(key=_queue_key)
        if len(snap.queries) >= QUERY_CACHE:
            snap.queries.pop(next(iter(snap.queries)))
        snap.queries[wanted] = found
    return _page(
        request, found, limit, offset, lambda v: convert.event(v, ledger), snap.rendered, _id
    )


EventId = Annotated[str, Path(max_length=80, description="An event id (or one merged into it).")]


@router.get("/events/{event_id}", response_model=s.EventOut, summary="One event")
def get_event(event_id: EventId, state: State) -> Any:
    """One event by id; an event merged into another answers as that one."""
    return convert.event(state.event(event_id), state.ledger())


@router.get(
    "/events/{event_id}/reviews", response_model=list[s.ReviewOut], summary="An event's audit rows"
)
def event_reviews(event_id: EventId, state: State) -> Any:
    """Every review of the event (and of events merged into it), oldest first."""
    view = state.event(event_id)
    return [convert.review(r, state.ledger().not_applied) for r in view.reviews]


@router.post(
    "/events/{event_id}/reviews",
    response_model=s.ReviewOut,
    status_code=201,
    responses=WRITE_ERRORS,
    dependencies=[Depends(require_token)],
    summary="Review an event",
)
def review_event(event_id: EventId, state: State, body: Annotated[s.ReviewIn, Body()]) -> Any:
    """Accept the event, correct a count or the day, merge another event into it, split
    records off it, or reject one of its records. The machine's version is kept: the
    decision is appended as an audit row and laid over the ledger."""
    fields = body.model_dump()
    if "record" in fields:
        fields["records"] = [fields.pop("record")]
    stored = state.review(event_id=event_id, **fields)
    return convert.review(stored, state.ledger().not_applied)


@router.get("/reviews", response_model=s.PageOf[s.ReviewOut], summary="The audit trail")
def list_reviews(
    request: Request,
    state: State,
    event: Annotated[
        str | None, Query(max_length=80, description="Only reviews naming this event.")
    ] = None,
    reviewer: Annotated[str | None, Query(max_length=120)] = None,
    limit: Limit = DEFAULT_LIMIT,
    offset: Offset = 0,
) -> Any:
    """Every review, newest first: who, when, what, why, and what the machine had said."""
    ledger = state.ledger()
    rows = [
        r
        for r in reversed(ledger.reviews)
        if (event is None or event in (r.event_id, r.other_event))
        and (reviewer is None or r.reviewer == reviewer)
    ]
    return _page(request, rows, limit, offset, lambda r: convert.review(r, ledger.not_applied))


# -- agreements and totals ------------------------------------------------------


@router.get(
    "/agreements", response_model=s.PageOf[s.AgreementOut], summary="Agreements and their progress"
)
def list_agreements(
    request: Request,
    state: State,
    where: Filtered,
    limit: Limit = DEFAULT_LIMIT,
    offset: Offset = 0,
) -> Any:
    """Agreed, promised or offered transfers, with the progress of the (reviewed) events after them."""
    found = [
        a
        for a in state.ledger().agreements
        if where.admits(
            a.kind,
            lambda a=a: {*a.parties, *_parties(a.transfers)},
            (a.announced, a.announced),
            a.sources,
            lambda a=a: _haystack(a.sources, a.id, *a.parties),
        )
    ]
    return _page(request, found, limit, offset, convert.agreement)


@router.get("/agreements/{agreement_id}", response_model=s.AgreementOut, summary="One agreement")
def get_agreement(agreement_id: Annotated[str, Path(max_length=80)], state: State) -> Any:
    """One agreement by id."""
    for a in state.ledger().agreements:
        if a.id == agreement_id:
            return convert.agreement(a)
    raise not_found(f"agreement {agreement_id!r}")


@router.get(
    "/totals", response_model=s.PageOf[s.TotalOut], summary="Reported totals beside the ledger"
)
def list_totals(
    request: Request,
    state: State,
    where: Filtered,
    limit: Limit = DEFAULT_LIMIT,
    offset: Offset = 0,
) -> Any:
    """Running totals the reports give, each beside the sum of the ledger's reviewed events."""
    found = [
        x
        for x in state.ledger().totals
        if where.admits(
            x.kind,
            lambda x=x: _parties(x.transfers),
            (x.as_of, x.as_of),
            x.sources,
            lambda x=x: _haystack(x.sources, x.id),
        )
    ]
    return _page(request, found, limit, offset, convert.total)


@router.get("/totals/{total_id}", response_model=s.TotalOut, summary="One reported total")
def get_total(total_id: Annotated[str, Path(max_length=80)], state: State) -> Any:
    """One reported total by id."""
    for x in state.ledger().totals:
        if x.id == total_id:
            return convert.total(x)
    raise not_found(f"total {total_id!r}")


# -- records, articles, documents ------------------------------------------------


def _record_parties(src: Source) -> set[str]:
    r = src.record
    return set(r.between) if r.between is not None else {r.from_party or "", r.to_party or ""}


@router.get("/records", response_model=s.PageOf[s.RecordOut], summary="Stored records")
def list_records(
    request: Request,
    state: State,
    where: Filtered,
    status: Annotated[Status | None, Query(description="completed, planned or cumulative.")] = None,
    document: Annotated[
        str | None, Query(max_length=512, description="Records of one page.")
    ] = None,
    event: Annotated[
        str | None, Query(max_length=80, description="Records behind one event.")
    ] = None,
    limit: Limit = DEFAULT_LIMIT,
    offset: Offset = 0,
) -> Any:
    """Every record (claim) read, with its evidence, the event it supports, and whether an
    analyst rejected it."""
    snap = state.snapshot()
    ledger = snap.ledger
    wanted_event = ledger.aliases.get(event, event) if event else None
    found = [
        x
        for x in snap.sources
        if (status is None or x.record.status == status)
        and (document is None or x.document_id == document)
        and (wanted_event is None or ledger.event_of_record.get(record_id(x) or -1) == wanted_event)
        and where.admits(
            x.record.kind,
            lambda x=x: _record_parties(x),
            (x.record.date, x.record.date),
            [x],
            lambda x=x: _haystack([x]),
        )
    ]
    rejected = convert.rejected_records(ledger.reviews, ledger.not_applied)
    return _page(request, found, limit, offset, lambda x: convert.record(x, ledger, rejected))


@router.get("/records/{record_id}", response_model=s.RecordOut, summary="One record")
def get_record(record_id: Annotated[int, Path(ge=0, le=2**62)], state: State) -> Any:
    """One stored record by id."""
    snap = state.snapshot()
    for x in snap.sources:
        if x.key == str(record_id):
            rejected = convert.rejected_records(snap.ledger.reviews, snap.ledger.not_applied)
            return convert.record(x, snap.ledger, rejected)
    raise not_found(f"record {record_id}")


@router.get(
    "/articles", response_model=s.PageOf[s.ArticleOut], summary="Articles found in the pages"
)
def list_articles(
    request: Request,
    state: State,
    date_from: From = None,
    date_to: To = None,
    outlet: Outlet = None,
    q: Text = None,
    language: Annotated[str | None, Query(max_length=16, description="en, ru, uk.")] = None,
    document: Annotated[
        str | None, Query(max_length=512, description="Articles of one page.")
    ] = None,
    limit: Limit = DEFAULT_LIMIT,
    offset: Offset = 0,
) -> Any:
    """Articles (without their text; ask for one to get it), in page order."""
    _days(date_from, date_to)
    window = queries.Window(limit, offset, q, date_from, date_to, outlet, language, document)
    total, rows = queries.articles(state.store, window)
    return _paged(request, total, [_article(r) for r in rows], limit, offset)


def _article(row: dict[str, Any]) -> s.ArticleOut:
    return s.ArticleOut(
        id=row["id"],
        document=row["document_id"],
        index=row["idx"],
        title=row["title"],
        outlet=row["outlet"],
        published=row["published"],
        age=row["age"],
        url=row["url"],
        language=row["language"],
        page_start=row["page_start"],
        page_end=row["page_end"],
        records=row["records"],
    )


@router.get(
    "/articles/{article_id:path}", response_model=s.ArticleText, summary="One article with its text"
)
def get_article(article_id: Annotated[str, Path(max_length=600)], state: State) -> Any:
    """One article with its clean text and its records (evidence offsets point into the text)."""
    row = queries.article(state.store, article_id)
    if row is None:
        raise not_found(f"article {article_id!r}")
    snap = state.snapshot()
    rejected = convert.rejected_records(snap.ledger.reviews, snap.ledger.not_applied)
    found = [
        convert.record(x, snap.ledger, rejected, row["language"])
        for x in snap.sources
        if x.record.article_id == article_id
    ]
    return s.ArticleText(**_article(row).model_dump(), text=row["text"], record_list=found)


@router.get("/documents", response_model=s.PageOf[s.DocumentOut], summary="Stored pages")
def list_documents(
    request: Request,
    state: State,
    date_from: From = None,
    date_to: To = None,
    q: Text = None,
    limit: Limit = DEFAULT_LIMIT,
    offset: Offset = 0,
) -> Any:
    """Stored pages (without their content; ask for one to get it), by id."""
    _days(date_from, date_to)
    total, rows = queries.documents(
        state.store, queries.Window(limit, offset, q, date_from, date_to)
    )
    return _paged(request, total, [s.DocumentOut(**r) for r in rows], limit, offset)


@router.get(
    "/documents/{document_id:path}", response_model=s.DocumentContent, summary="One stored page"
)
def get_document(document_id: Annotated[str, Path(max_length=512)], state: State) -> Any:
    """One stored page as it came in, with the ids of the articles found in it."""
    row = queries.document(state.store, document_id)
    if row is None:
        raise not_found(f"document {document_id!r}")
    return s.DocumentContent(**row)


# -- submitting pages ------------------------------------------------------------


@router.post(
    "/pages",
    response_model=s.IngestOut,
    responses=WRITE_ERRORS,
    dependencies=[Depends(require_token)],
    summary="Submit pages",
)
def submit_pages(body: s.PagesIn, state: State) -> Any:
    """Ingest pages given in the JSONL input's fields (`text` or `html`, `id`, `url`,
    `published`, `fetched`, `title`), then reconcile: the answer says what was stored,
    what was skipped and why, and how many events the ledger has now."""
    docs = []
    for n, page in enumerate(body.pages, start=1):
        raw = json.dumps(page.model_dump(exclude_none=True), ensure_ascii=False).encode()
        docs.append(parse_line(raw, n, API_SOURCE, API_SOURCE, state.settings))
    report = state.submit(docs)
    return s.IngestOut(
        new=report.new,
        already_stored=report.already_stored,
        articles=report.articles,
        records=report.records,
        skipped=[
            s.SkippedOut(input=x.input_id, stage=x.stage, reason=x.reason) for x in report.skipped
        ],
        filtered=report.filtered,
        unread=report.unread,
        events=len(state.ledger().events),
        summary=report.summary(),
    )
