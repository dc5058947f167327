"""The web pages: dashboard, ledger (+ CSV), event, article, review queue, sign-in.

Every page is rendered on the server from the cached reviewed ledger (AppState) with
Jinja2, autoescape on: text from a page is always printed as text. Each answer
carries a strict Content-Security-Policy (no script at all, styles and images from
this server only, forms post here only). Bad input in a query or a form is a message
on the page, never a traceback.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlencode

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from jinja2 import Environment, FileSystemLoader, StrictUndefined

from swapledger import __version__
from swapledger.api import export, queries
from swapledger.api.errors import ApiError
from swapledger.api.ledger import EventView, copies, direction_key, record_id
from swapledger.api.state import AppState, Snapshot, client_address, get_state
from swapledger.cli import output
from swapledger.extract import unreadable
from swapledger.model import Article, Document
from swapledger.web import auth, charts, filters, present

HERE = Path(__file__).resolve().parent
STATIC = HERE / "static"

CSP = (
    "default-src 'none'; style-src 'self'; img-src 'self' data:; form-action 'self'; "
    "base-uri 'none'; frame-ancestors 'none'"
)
"""No script may run on these pages, whatever a scraped text holds."""
HEADERS = {
    "Content-Security-Policy": CSP,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "X-Frame-Options": "DENY",
}
PAGE_SIZE = 100
"""Events per page of the ledger table."""
LATEST = 8
"""Events on the dashboard's 'latest' list."""
QUEUE_SIZE = 50
"""Events shown at once in the review queue."""
CSV_RISKY = ("=", "+", "-", "@", "\t", "\r")
"""A CSV cell starting with one of these is a formula to a spreadsheet: it gets a quote."""
MERGE_DAYS = 30
"""Events offered in the merge form: the same kind within this many days (others by id)."""
MERGE_CHOICES = 100
DASHBOARDS = 4
"""Dashboard contexts kept (one per ledger snapshot: a store of 10,000 events takes
a second to chart, and the snapshot changes only when the store does)."""
ID_CHARS = 600
FORM_CHARS = 4000

env = Environment(
    loader=FileSystemLoader(HERE / "templates"),
    autoescape=True,
    undefined=StrictUndefined,
    trim_blocks=True,
    lstrip_blocks=True,
)
env.globals.update(p=present, version=__version__, statuses=filters.STATUSES)
env.filters["url"] = lambda value: quote(str(value), safe="")

router = APIRouter(include_in_schema=False)


# -- rendering ------------------------------------------------------------------


def _state(request: Request) -> AppState:
    return get_state(request)


def page(request: Request, template: str, status: int = 200, **context: Any) -> HTMLResponse:
    """A template rendered with the signed-in analyst and the security headers."""
    state = _state(request)
    name = auth.analyst(request, state)
    html = env.get_template(template).render(
        request_path=request.url.path,
        analyst=name,
        csrf=auth.csrf(state, name),
        writable=state.token is not None,
        **context,
    )
    return HTMLResponse(html, status_code=status, headers=HEADERS)


def missing(request: Request, what: str) -> HTMLResponse:
    """The 404 page."""
    return page(request, "missing.html", 404, title="Not found", what=what)


def trouble(request: Request, status: int, message: str) -> HTMLResponse:
    """An error page for a browser (the API answers the same errors as JSON)."""
    title = "The store cannot be read" if status == 503 else "Something went wrong"
    return page(request, "trouble.html", status, title=title, message=message)


@router.get("/static/{name}")
def static(name: str) -> Response:
    """The stylesheet (and any other file of web/static), cached for a day."""
    files = {p.name: p for p in STATIC.iterdir() if p.is_file()}
    path = files.get(name)
    if path is None:
        return Response("not found\n", 404, media_type="text/plain")
    kind = {".css": "text/css", ".svg": "image/svg+xml", ".png": "image/png"}.get(
        path.suffix, "application/octet-stream"
    )
    return Response(
        path.read_bytes(),
        media_type=kind,
        headers={"Cache-Control": "public, max-age=86400", **HEADERS},
    )


# -- dashboard --------------------------------------------------------------------


_dashboards: dict[int, tuple[Snapshot, dict[str, Any]]] = {}


def _dashboard(snap: Snapshot) -> dict[str, Any]:
    """What the dashboard shows of one snapshot of the ledger (computed once per snapshot)."""
    kept = _dashboards.get(id(snap))
    if kept is not None and kept[0] is snap:
        return kept[1]
    ledger = snap.ledger
    views = ledger.events
    dated = sorted(
        (v for v in views if v.last_day() is not None), key=lambda v: v.last_day(), reverse=True
    )
    context = dict(
        charts=charts.timelines(views),
        agreements=ledger.agreements,
        totals=ledger.totals,
        latest=dated[:LATEST],
        events=len(views),
        sources=len(snap.sources),
        reviews=len(ledger.reviews),
        waiting=sum(1 for v in views if filters.status_of(v, "needs_review")),
    )
    while len(_dashboards) >= DASHBOARDS:
        _dashboards.pop(next(iter(_dashboards)))
    _dashboards[id(snap)] = (snap, context)
    return context


@router.get("/", response_class=HTMLResponse)
def dashboard(request: Request) -> HTMLResponse:
    """Timelines, agreements' progress, reported totals beside the ledger, latest events."""
    context = _dashboard(_state(request).snapshot())
    return page(request, "dashboard.html", title="Dashboard", **context)


# -- the ledger table ---------------------------------------------------------------


def _parties(views: list[EventView]) -> list[tuple[str, str]]:
    ids = {p for v in views for t in v.event.transfers for p in (t.from_party, t.to_party)}
    return sorted(((pid, present.party(pid)) for pid in ids), key=lambda x: x[1])


def _offset(raw: str | None) -> int:
    return int(raw) if raw and raw.isdigit() and len(raw) < 10 else 0


@router.get("/ledger", response_class=HTMLResponse)
def ledger_table(request: Request) -> HTMLResponse:
    """The events, filtered, a page at a time, with the CSV of the same selection."""
    views = _state(request).ledger().events
    f = filters.read(request.query_params)
    found = filters.apply(views, f)
    offset = _offset(request.query_params.get("offset"))
    shown = found[offset : offset + PAGE_SIZE]
    base = f.query()

    def link(at: int) -> str:
        return (
            "/ledger?" + urlencode({**base, "offset": at}) if at else "/ledger?" + urlencode(base)
        )

    return page(
        request,
        "ledger.html",
        title="Ledger",
        f=f,
        rows=shown,
        total=len(found),
        offset=offset,
        prev_link=link(max(0, offset - PAGE_SIZE)) if offset else None,
        next_link=link(offset + PAGE_SIZE) if offset + PAGE_SIZE < len(found) else None,
        csv_link="/ledger.csv" + ("?" + urlencode(base) if base else ""),
        parties=_parties(views),
    )


def _defuse(value: Any) -> Any:
    if isinstance(value, str) and value.startswith(CSV_RISKY):
        return "'" + value
    return value


@router.get("/ledger.csv")
def ledger_csv(request: Request) -> Response:
    """The filtered events as CSV (the columns of `swapledger ledger --format csv`)."""
    views = _state(request).ledger().events
    f = filters.read(request.query_params)
    rows = [
        {k: _defuse(v) for k, v in row.items()}
        for view in filters.apply(views, f)
        for row in export.event_rows(view)
    ]
    body = output.rows_csv(rows, export.COLUMNS)
    return Response(
        body,
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": 'attachment; filename="ledger.csv"', **HEADERS},
    )


# -- an event -----------------------------------------------------------------------


def _articles(state: AppState, ids: set[str]) -> dict[str, dict[str, Any]]:
    out = {}
    for aid in ids:
        row = queries.article(state.store, aid)
        if row is not None:
            out[aid] = row
    return out


def _quote(src: Any, articles: Mapping[str, dict[str, Any]]) -> list[present.Piece]:
    r = src.record
    row = articles.get(r.article_id)
    if row is None:
        return present.quote(r.evidence_text, 0, len(r.evidence_text), r.count)
    return present.quote(
        row["text"], r.evidence.start, r.evidence.end, r.count, row["language"] or "en"
    )


def event_context(request: Request, view: EventView, **extra: Any) -> dict[str, Any]:
    """What the event page shows of `view`."""
    state = _state(request)
    ledger = state.ledger()
    e = view.event
    everything = [*e.sources, *(s for s, _ in view.rejected)]
    articles = _articles(state, {s.record.article_id for s in everything})
    also = []
    for group in copies(e.sources):
        pages = {}
        for s in group:
            pages.setdefault(s.document_id, s)
        if len(pages) > 1:
            also.append(list(pages.values()))
    rejected_ids = {r.records[0]: r for _, r in view.rejected if r.records}
    named = {view.id, *view.merged}
    audit = {r.id: r for r in view.reviews}
    audit.update({r.id: r for r in ledger.reviews if named & {r.event_id, r.other_event}})
    return {
        "title": f"{present.when(view)} · {present.KIND_WORDS[e.kind]}",
        "view": view,
        "e": e,
        "quotes": {s.key: _quote(s, articles) for s in everything},
        "languages": {aid: row["language"] for aid, row in articles.items()},
        "also": also,
        "rejected_ids": rejected_ids,
        "audit": [audit[k] for k in sorted(audit)],
        "not_applied": ledger.not_applied,
        "directions": [(direction_key(t), present.arrow(t)) for t in e.transfers],
        "record_ids": [(record_id(s), s) for s in e.sources if record_id(s) is not None],
        "others": _merge_choices(ledger.events, view),
        "problem": extra.pop("problem", None),
        "form": extra.pop("form", {}),
        **extra,
    }


def _merge_choices(views: list[EventView], view: EventView) -> list[EventView]:
    """Events that could be reports of the same exchange: same kind, days near (or none)."""
    day = view.first_day()

    def near(other: EventView) -> bool:
        d = other.first_day()
        if d is None or day is None:
            return d is None and day is None
        return abs((d - day).days) <= MERGE_DAYS

    found = [v for v in views if v.id != view.id and v.event.kind == view.event.kind and near(v)]
    return found[:MERGE_CHOICES]


@router.get("/events/{event_id}", response_class=HTMLResponse)
def event_page(request: Request, event_id: str) -> HTMLResponse:
    """One event: counts (reviewed beside the machine's), every quote, conflicts, the audit."""
    view = _state(request).ledger().event(event_id[:ID_CHARS])
    if view is None:
        return missing(request, f"There is no event {event_id[:80]!r}.")
    if view.id != event_id:
        return RedirectResponse(f"/events/{quote(view.id, safe='')}", 303)  # type: ignore[return-value]
    return page(request, "event.html", **event_context(request, view))


def _int(raw: str, name: str) -> int:
    raw = raw.strip().replace(",", "").replace(" ", "")
    if not re.fullmatch(r"\d{1,15}", raw):
        raise ApiError(422, f"{name}: a whole number of 0 or more, not {raw[:20]!r}")
    return int(raw)


@router.post("/events/{event_id}/review", response_class=HTMLResponse)
async def review_post(request: Request, event_id: str) -> Response:
    """One analyst decision from the event page or the queue; back to the event's audit."""
    state = _state(request)
    form = await request.form()
    fields = {k: str(v)[:FORM_CHARS] for k, v in form.items() if isinstance(v, str)}
    records = [str(v) for v in form.getlist("records") if isinstance(v, str)]
    view = state.ledger().event(event_id[:ID_CHARS])
    if view is None:
        return missing(request, f"There is no event {event_id[:80]!r}.")
    try:
        name = auth.check_write(request, state, fields.get("csrf", ""))
    except auth.Refused as exc:
        ctx = event_context(request, view, problem=exc.message, form=fields)
        return page(request, "event.html", exc.status, **ctx)
    action = fields.get("action", "")
    try:
        kwargs: dict[str, Any] = {}
        if action == "correct_count":
            kwargs = {
                "direction": fields.get("direction"),
                "count": _int(fields.get("count", ""), "count"),
            }
        elif action == "correct_date":
            try:
                kwargs = {"date": dt.date.fromisoformat(fields.get("date", "").strip())}
            except ValueError:
                raise ApiError(422, "date: a day as YYYY-MM-DD") from None
        elif action == "merge":
            other = fields.get("other_event_id", "").strip() or fields.get("other_event", "")
            kwargs = {"other_event": other.strip()[:ID_CHARS]}
        elif action == "split":
            kwargs = {"records": [_int(x, "records") for x in records]}
        elif action == "reject_record":
            kwargs = {"records": [_int(fields.get("record", ""), "record")]}
        stored = state.review(
            action=action,
            event_id=view.id,
            reviewer=name,
            reason=fields.get("reason", ""),
            **kwargs,
        )
    except ApiError as exc:
        ctx = event_context(request, view, problem=exc.message, form=fields)
        return page(request, "event.html", 422 if exc.status >= 500 else exc.status, **ctx)
    target = state.ledger().event(stored.event_id)
    where = target.id if target is not None else view.id
    back = fields.get("back", "")
    if back == "queue":
        return RedirectResponse(f"/review#done-{stored.id}", 303)
    return RedirectResponse(f"/events/{quote(where, safe='')}#review-{stored.id}", 303)


# -- an article -------------------------------------------------------------------------


@router.get("/articles/{article_id:path}", response_class=HTMLResponse)
def article_page(request: Request, article_id: str) -> HTMLResponse:
    """An article's clean text with its records marked, its language, why it was not read,
    and (?raw=1) the page it came from with what the cleaner removed greyed out."""
    state = _state(request)
    row = queries.article(state.store, article_id[:ID_CHARS])
    if row is None:
        return missing(request, f"There is no article {article_id[:80]!r}.")
    snap = state.snapshot()
    ledger = snap.ledger
    mine = [s for s in snap.sources if s.record.article_id == row["id"]]
    spans = [(s.record.evidence.start, s.record.evidence.end, s.key) for s in mine]
    paras = present.paragraphs(present.marked(row["text"], spans))
    article = Article(
        id=row["id"],
        document_id=row["document_id"],
        index=row["idx"],
        text="",
        language=row["language"] or "und",
    )
    reason = unreadable(article, state.settings)
    raw = request.query_params.get("raw") == "1"
    raw_lines: list[tuple[str, str]] = []
    doc_row = None
    if raw:
        doc_row = queries.document(state.store, row["document_id"])
        if doc_row is not None:
            from swapledger.clean.template import document_lines

            doc = Document(
                id=doc_row["id"],
                content=doc_row["content"],
                content_type=doc_row["content_type"],
                source=doc_row["source"],
            )
            others = [
                o["text"]
                for aid in doc_row["article_ids"]
                if aid != row["id"] and (o := queries.article(state.store, aid)) is not None
            ]
            raw_lines = present.raw_lines(document_lines(doc), row["text"], others)
    events = {s.key: ledger.event_of_record.get(record_id(s) or -1) for s in mine}
    return page(
        request,
        "article.html",
        title=row["title"] or row["id"],
        a=row,
        paras=paras,
        sources={s.key: s for s in mine},
        events=events,
        reason=reason,
        raw=raw,
        raw_lines=raw_lines,
        doc=doc_row,
    )


# -- the review queue and signing in -----------------------------------------------------


@router.get("/review", response_class=HTMLResponse)
def review_queue(request: Request) -> HTMLResponse:
    """Events with conflicts or a single source first, then the rest; forms with the token."""
    ledger = _state(request).ledger()
    ordered = sorted(ledger.events, key=filters.queue_rank)
    waiting = [v for v in ordered if filters.status_of(v, "needs_review")]
    recent = list(reversed(ledger.reviews))[:20]
    return page(
        request,
        "review.html",
        title="Review queue",
        queue=ordered[:QUEUE_SIZE],
        waiting=len(waiting),
        total=len(ordered),
        recent=recent,
        not_applied=ledger.not_applied,
    )


@router.get("/login", response_class=HTMLResponse)
def login_form(request: Request) -> HTMLResponse:
    """The sign-in form (or why there is none)."""
    return page(request, "login.html", title="Sign in", problem=None, name="")


@router.post("/login", response_class=HTMLResponse)
async def login(request: Request) -> Response:
    """Check the token; on success set the HttpOnly, SameSite=Strict cookie."""
    state = _state(request)
    form = await request.form()
    token = str(form.get("token", ""))[:FORM_CHARS]
    name = " ".join(str(form.get("name", "")).split())[: auth.NAME_CHARS]
    problem = None
    status = 403
    who = client_address(request)
    if state.token is None:
        problem = "This server is read-only: it was started without SWAPLEDGER_TOKEN."
    elif not auth.same_origin(request):
        problem = "This form was sent from another site."
    elif not name:
        problem = "Say who you are: your name goes on every review you make."
    elif wait := state.throttle.wait(who):
        problem = f"Too many wrong tokens from your address: try again in {wait} seconds."
        status = 429
    elif not auth.token_matches(state, token):
        state.throttle.failed(who)
        problem = "That is not this server's token."
    if problem is not None:
        return page(request, "login.html", status, title="Sign in", problem=problem, name=name)
    response = RedirectResponse("/review", 303)
    auth.sign_in(response, request, state, name)
    return response


@router.post("/logout")
async def logout(request: Request) -> Response:
    """Clear the login cookie (a form post from this site)."""
    response = RedirectResponse("/", 303)
    if auth.same_origin(request):
        auth.sign_out(response)
    return response
