"""Formatting for the CLI: JSON lines, CSV, Rich tables, and a progress bar on stderr.

stdout carries only the data asked for; progress, skip lines and warnings go
to stderr, so `swapledger extract ... > out.jsonl` stays machine-readable.
"""

from __future__ import annotations

import contextlib
import csv
import datetime as dt
import io
import json
import os
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    SpinnerColumn,
    TextColumn,
    TimeElapsedColumn,
)
from rich.table import Table

from swapledger.clean import copies, meta
from swapledger.errors import ConfigError
from swapledger.model import (
    Agreement,
    Article,
    Conflict,
    DateRange,
    Document,
    Event,
    ExtractedDocument,
    Figure,
    Record,
    ReportedTotal,
    Source,
    Tally,
    Transfer,
)
from swapledger.store import StoredRecord

EVIDENCE_CHARS = 60
"""Evidence is cut to this many characters in tables; JSON and CSV keep all of it."""

RECORD_COLUMNS = (
    "id",
    "document",
    "article",
    "outlet",
    "title",
    "language",
    "published",
    "url",
    "status",
    "kind",
    "from",
    "to",
    "between",
    "count",
    "qualifier",
    "date",
    "speaker",
    "evidence",
    "evidence_start",
    "evidence_end",
)
"""Columns of `swapledger records --format csv` (and keys of its JSON objects)."""


PIPED_WIDTH = 160
"""Width of tables written to a file or pipe (unless COLUMNS says): Rich's 80 would wrap
every row."""


def stdout() -> Console:
    """A console on the current stdout (looked up per call, so test runners can capture it)."""
    console = Console(highlight=False)
    if not console.is_terminal:
        columns = os.environ.get("COLUMNS", "")
        console.width = int(columns) if columns.isdigit() and int(columns) >= 40 else PIPED_WIDTH
    return console


def stderr() -> Console:
    """A console on stderr for progress and warnings."""
    return Console(stderr=True, highlight=False)


def _day(value: Any) -> str | None:
    return value.isoformat() if value is not None else None


def shorten(text: str, limit: int = EVIDENCE_CHARS) -> str:
    """`text` on one line, cut to `limit` characters with an ellipsis."""
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


def parties(record: Record) -> str:
    """'russia → ukraine' or 'russia ↔ ukraine' for a between record."""
    if record.between is not None:
        return f"{record.between[0]} ↔ {record.between[1]}"
    return f"{record.from_party or '?'} → {record.to_party or '?'}"


# -- extract -------------------------------------------------------------------


def article_dict(
    article: Article, records: Sequence[Record], unread: str | None = None
) -> dict[str, Any]:
    """One article of `swapledger extract` output; `unread`: why it was not read, if so."""
    out = {
        "id": article.id,
        "title": article.title,
        "outlet": article.outlet,
        "published": _day(article.published),
        "age": article.age,
        "language": article.language,
        "text": article.text,
        "records": [r.to_dict() for r in records],
    }
    if unread:
        out["unread"] = unread
    return out


def extracted_dict(item: ExtractedDocument) -> dict[str, Any]:
    """One JSON line of `swapledger extract`."""
    per_article = list(item.records) + [()] * (len(item.articles) - len(item.records))
    doc = item.document
    unread = {skip.input_id: skip.reason for skip in item.unread}
    return {
        "id": doc.id,
        "url": doc.url,
        "published": _day(doc.published),
        "articles": [
            article_dict(a, r, unread.get(a.id))
            for a, r in zip(item.articles, per_article, strict=True)
        ],
        "records": [r.to_dict() for r in item.all_records()],
    }


def json_line(obj: Any) -> str:
    """Compact JSON on one line, non-ASCII kept as is."""
    return json.dumps(obj, ensure_ascii=False, separators=(",", ":"))


def records_table(rows: Sequence[tuple[str, Record]], title: str | None = None) -> Table:
    """A Rich table of (document id, record) pairs."""
    table = Table(title=title, show_lines=False)
    for name, style in (
        ("doc", "cyan"),
        ("status", ""),
        ("kind", ""),
        ("from → to", "bold"),
        ("count", ""),
        ("qualifier", ""),
        ("date", ""),
        ("evidence", "dim"),
    ):
        table.add_column(name, style=style or None, justify="right" if name == "count" else "left")
    for doc_id, r in rows:
        table.add_row(
            doc_id,
            r.status,
            r.kind,
            parties(r),
            f"{r.count:,}",
            r.qualifier,
            _day(r.date) or "",
            shorten(r.evidence_text),
        )
    return table


# -- records -------------------------------------------------------------------


def stored_dict(row: StoredRecord) -> dict[str, Any]:
    """One stored record with its article, outlet, url and evidence (keys: RECORD_COLUMNS)."""
    r, a = row.record, row.article
    return {
        "id": row.id,
        "document": row.document.id,
        "article": a.id,
        "outlet": a.outlet,
        "title": a.title,
        "language": a.language,
        "published": _day(a.published or row.document.published),
        "url": a.url or row.document.url,
        "status": r.status,
        "kind": r.kind,
        "from": r.from_party,
        "to": r.to_party,
        "between": list(r.between) if r.between is not None else None,
        "count": r.count,
        "qualifier": r.qualifier,
        "date": _day(r.date),
        "speaker": r.speaker,
        "evidence": r.evidence_text,
        "evidence_start": r.evidence.start,
        "evidence_end": r.evidence.end,
    }


def stored_csv(rows: Sequence[StoredRecord]) -> str:
    """CSV with a header; `between` is written 'a;b'."""
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=RECORD_COLUMNS, lineterminator="\n")
    writer.writeheader()
    for row in rows:
        d = stored_dict(row)
        d["between"] = ";".join(d["between"]) if d["between"] else None
        writer.writerow(d)
    return buf.getvalue()


def stored_table(rows: Sequence[StoredRecord]) -> Table:
    """A human table of stored records: who, what, how many, when, where it was read."""
    table = Table(show_lines=False)
    for name in (
        "date",
        "status",
        "kind",
        "from → to",
        "count",
        "qualifier",
        "source",
        "lang",
        "evidence",
    ):
        table.add_column(name, justify="right" if name == "count" else "left")
    for row in rows:
        r = row.record
        table.add_row(
            _day(r.date) or "—",
            r.status,
            r.kind,
            parties(r),
            f"{r.count:,}",
            r.qualifier,
            row.article.outlet or row.document.url or row.document.id,
            row.article.language,
            shorten(r.evidence_text),
        )
    return table


# -- clean ---------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Copies:
    """An article's copies among the pages of one `swapledger clean` run."""

    copy_of: Article | None = None  # the first of its group in input order, when not itself
    others: tuple[Article, ...] = ()  # every other member of its group, in input order
    exact: frozenset[str] = frozenset()  # ids of the others with the very same text


NO_COPIES = Copies()


def clean_copies(articles: Sequence[Article]) -> dict[str, Copies]:
    """Each article's copies among `articles` (exact and near-duplicate texts)."""
    keys = copies.link_articles(articles)
    groups: dict[str, list[Article]] = {}
    for a in articles:
        groups.setdefault(keys[a.id], []).append(a)
    out: dict[str, Copies] = {}
    for a in articles:
        group = groups[keys[a.id]]
        if len(group) < 2:
            continue
        mine = copies.content_hash(a.body)
        others = tuple(b for b in group if b.id != a.id)
        out[a.id] = Copies(
            copy_of=group[0] if group[0].id != a.id else None,
            others=others,
            exact=frozenset(b.id for b in others if copies.content_hash(b.body) == mine),
        )
    return out


def publisher(article: Article) -> str:
    """Who published an article, for people: the outlet, else the url's site, else the page."""
    if article.outlet:
        return article.outlet
    if article.url and "//" in article.url:
        return article.url.split("//", 1)[1].split("/", 1)[0].removeprefix("www.")
    return article.document_id


def _copy_kind(copies_: Copies, other: Article) -> str:
    return "exact copy" if other.id in copies_.exact else "near-duplicate"


def _fetched(value: dt.datetime | None) -> str | None:
    if value is None:
        return None
    return value.isoformat(timespec="minutes")


def cleaned_dict(document: Document, article: Article, found: Copies = NO_COPIES) -> dict[str, Any]:
    """One JSON line of `swapledger clean`."""
    age_range = meta.age_range(article.age, article.fetched)
    return {
        "document": document.id,
        "id": article.id,
        "index": article.index,
        "title": article.title,
        "outlet": article.outlet,
        "outlet_from": article.outlet_from,
        "age": article.age,
        "age_range": [d.isoformat() for d in age_range] if age_range else None,
        "fetched": _fetched(article.fetched),
        "published": _day(article.published),
        "published_from": article.published_from,
        "url": article.url,
        "language": article.language,
        "page_start": article.page_start,
        "page_end": article.page_end,
        "copy_of": found.copy_of.id if found.copy_of else None,
        "also_published_by": [
            {
                "id": b.id,
                "publisher": publisher(b),
                "url": b.url,
                "published": _day(b.published),
                "copy": _copy_kind(found, b),
            }
            for b in found.others
        ],
        "text": article.text,
    }


def cleaned_text(article: Article, found: Copies = NO_COPIES) -> str:
    """One article of `swapledger clean --format text`: a header, then the text. Each
    finding says where it came from: "outlet: X (copyright footer)"."""

    def how(value: str | None, source: str | None) -> str | None:
        return f"{value} ({source})" if value and source else value

    head = [f"== {article.id} =="]
    age = article.age
    if age and (span := meta.age_range(age, article.fetched)):
        days = span[0].isoformat() if span[0] == span[1] else f"{span[0]} .. {span[1]}"
        age = f"{age}: published {days} (fetched {_fetched(article.fetched)})"
    elif age:
        age = f"{age} (fetch time unknown: no date range)"
    for label, value in (
        ("title", article.title),
        ("outlet", how(article.outlet, article.outlet_from) or "unknown"),
        ("age", age),
        ("published", how(_day(article.published), article.published_from) or "unknown"),
        ("url", article.url),
    ):
        if value:
            head.append(f"{label}: {value}")
    if found.copy_of is not None:
        head.append(
            f"copy of: {found.copy_of.id} ({_copy_kind(found, found.copy_of)}, "
            f"{publisher(found.copy_of)})"
        )
    if others := [b for b in found.others if b is not found.copy_of]:
        head.append(
            "also published by: "
            + "; ".join(f"{publisher(b)} ({b.id}, {_copy_kind(found, b)})" for b in others)
        )
    return "\n".join(head) + "\n\n" + article.text.rstrip("\n") + "\n"


# -- progress ------------------------------------------------------------------


TICK_S = 0.05
"""Least time between two updates of a bar: a crawl's records come by the ten thousand a
second, and an update per record cost the ingest ~0.5 s of 8 (the bar redraws ten times
a second anyway)."""


class Ticker:
    """What a library function is handed to report progress: call it once per item. The
    bar is redrawn from here, at most every `TICK_S` (see `progress`)."""

    def __init__(self, progress: Progress, task: Any) -> None:
        self._progress = progress
        self._task = task
        self._pending = 0
        self._last = float("-inf")

    def __call__(self, item: str) -> None:
        """One more item done (or started); `item` is shown beside the bar."""
        self._pending += 1
        now = time.monotonic()
        if now - self._last >= TICK_S:
            self._progress.update(self._task, advance=self._pending, item=shorten(item, 40))
            self._progress.refresh()
            self._pending = 0
            self._last = now

    def flush(self) -> None:
        """Count the items not shown yet."""
        if self._pending:
            self._progress.update(self._task, advance=self._pending)
            self._pending = 0

    def total(self, n: int) -> None:
        """The number of items, once known."""
        self._progress.update(self._task, total=n)


@contextlib.contextmanager
def progress(description: str, total: int | None = None) -> Iterator[Ticker]:
    """A progress bar on stderr, shown only when stderr is a terminal. It is redrawn by the
    `Ticker` as items come, not by a thread of Rich's: ingest forks reader and worker
    processes, and a thread caught mid-write to stderr by a fork leaves the child its
    lock held (a worker that then logs a warning would hang)."""
    console = stderr()
    bar = Progress(
        SpinnerColumn(),
        TextColumn("[bold]{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        TextColumn("{task.fields[item]}", style="dim"),
        console=console,
        transient=True,
        disable=not console.is_terminal,
        auto_refresh=False,
    )
    with bar:
        ticker = Ticker(bar, bar.add_task(description, total=total, item=""))
        try:
            yield ticker
        finally:
            ticker.flush()


# -- ledger --------------------------------------------------------------------

LEDGER_COLUMNS = (
    "id",
    "date",
    "date_from",
    "date_to",
    "kind",
    "from",
    "to",
    "between",
    "count",
    "qualifier",
    "rule",
    "conflict",
    "confirmed_by",
    "outlets",
    "urls",
    "records",
    "evidence",
)
"""Columns of the ledger's CSV and Parquet: one row per event and direction."""


def source_dict(s: Source) -> dict[str, Any]:
    """One supporting record: who said it, where, and the words that carry the number."""
    r = s.record
    return {
        "record": s.key,
        "document": s.document_id,
        "article": r.article_id,
        "outlet": s.outlet,
        "url": s.url,
        "published": _day(s.published),
        "speaker": r.speaker,
        "status": r.status,
        "from": r.from_party,
        "to": r.to_party,
        "between": list(r.between) if r.between is not None else None,
        "count": r.count,
        "qualifier": r.qualifier,
        "date": _day(r.date),
        "evidence": r.evidence_text,
        "evidence_start": r.evidence.start,
        "evidence_end": r.evidence.end,
    }


def _figure_dict(f: Figure) -> dict[str, Any]:
    return {
        "count": f.count,
        "qualifier": f.qualifier,
        "sources": [
            {"record": s.key, "outlet": s.outlet, "url": s.url, "evidence": s.record.evidence_text}
            for s in f.sources
        ],
    }


def transfer_dict(t: Transfer) -> dict[str, Any]:
    """One direction: the consensus count, how it was chosen, and the records behind it."""
    return {
        "from": t.from_party,
        "to": t.to_party,
        "between": t.between,
        "count": t.count,
        "qualifier": t.qualifier,
        "rule": t.rule,
        "figures": [_figure_dict(f) for f in t.figures],
    }


def _conflict_dict(c: Conflict) -> dict[str, Any]:
    return {
        "from": c.from_party,
        "to": c.to_party,
        "chosen": c.chosen,
        "rule": c.rule,
        "figures": [_figure_dict(f) for f in c.figures],
    }


def _range(r: DateRange | None) -> list[str] | None:
    return [r[0].isoformat(), r[1].isoformat()] if r is not None else None


def event_dict(e: Event) -> dict[str, Any]:
    """One event of `swapledger ledger --format json`."""
    return {
        "id": e.id,
        "date": _day(e.date),
        "date_range": _range(e.date_range),
        "kind": e.kind,
        "transfers": [transfer_dict(t) for t in e.transfers],
        "confirmed_by": list(e.confirmed_by),
        "conflicts": [_conflict_dict(c) for c in e.conflicts],
        "sources": [source_dict(s) for s in e.sources],
    }


def _tally_dict(t: Tally, target: str, done: str) -> dict[str, Any]:
    return {
        "from": t.from_party,
        "to": t.to_party,
        target: t.target,
        done: t.done,
        "gap": t.gap,
        "events": list(t.event_ids),
    }


def agreement_dict(a: Agreement) -> dict[str, Any]:
    """One agreement of `swapledger agreements --format json`."""
    return {
        "id": a.id,
        "kind": a.kind,
        "parties": list(a.parties),
        "announced": _day(a.announced),
        "transfers": [transfer_dict(t) for t in a.transfers],
        "progress": [_tally_dict(t, "target", "done") for t in a.progress],
        "sources": [source_dict(s) for s in a.sources],
    }


def total_dict(t: ReportedTotal) -> dict[str, Any]:
    """One reported total of `swapledger totals --format json`."""
    return {
        "id": t.id,
        "kind": t.kind,
        "as_of": _day(t.as_of),
        "transfers": [transfer_dict(x) for x in t.transfers],
        "ledger": [_tally_dict(x, "reported", "ledger") for x in t.ledger],
        "sources": [source_dict(s) for s in t.sources],
    }


def ledger_rows(
    item_id: str,
    days: tuple[dt.date | None, DateRange | None],
    kind: str,
    transfers: Sequence[Transfer],
    confirmed: Sequence[str] = (),
    conflicts: Sequence[Conflict] = (),
) -> list[dict[str, Any]]:
    """Flat rows (keys: LEDGER_COLUMNS), one per direction, for CSV and Parquet."""
    day, span = days
    disputed = {(c.from_party, c.to_party) for c in conflicts}
    rows = []
    for t in transfers:
        sources = t.sources
        rows.append(
            {
                "id": item_id,
                "date": _day(day),
                "date_from": _day(span[0]) if span else None,
                "date_to": _day(span[1]) if span else None,
                "kind": kind,
                "from": t.from_party,
                "to": t.to_party,
                "between": t.between,
                "count": t.count,
                "qualifier": t.qualifier,
                "rule": t.rule,
                "conflict": not t.between and (t.from_party, t.to_party) in disputed,
                "confirmed_by": ";".join(confirmed),
                "outlets": ";".join(dict.fromkeys(s.publisher for s in sources)),
                "urls": ";".join(sorted({s.url for s in sources if s.url})),
                "records": ";".join(s.key for s in sources),
                "evidence": " | ".join(dict.fromkeys(s.record.evidence_text for s in sources)),
            }
        )
    return rows


def rows_csv(rows: Sequence[dict[str, Any]], columns: Sequence[str] = LEDGER_COLUMNS) -> str:
    """CSV with a header."""
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=list(columns), lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return buf.getvalue()


def rows_parquet(rows: Sequence[dict[str, Any]], columns: Sequence[str] = LEDGER_COLUMNS) -> bytes:
    """The rows as a Parquet file (needs pyarrow)."""
    try:
        import pyarrow as pa
        import pyarrow.parquet as pq
    except ImportError as exc:  # an optional dependency: say how to get it
        raise ConfigError("--format parquet needs pyarrow: pip install pyarrow") from exc
    table = pa.Table.from_pylist(list(rows)) if rows else pa.table({c: [] for c in columns})
    buf = io.BytesIO()
    pq.write_table(table, buf)
    return buf.getvalue()


def _when(day: dt.date | None, span: DateRange | None) -> str:
    """'11 Jun 2025', '6–12 Jun 2025', or 'date unknown'."""
    if day is not None:
        return f"{day.day} {day:%b %Y}"
    if span is not None:
        lo, hi = span
        if (lo.year, lo.month) == (hi.year, hi.month):
            return f"{lo.day}–{hi.day} {hi:%b %Y}"
        return f"{lo.day} {lo:%b} – {hi.day} {hi:%b %Y}"
    return "date unknown"


def _name(party: str) -> str:
    return party.replace("_", " ").title() if party.islower() else party


def _figures_line(transfers: Sequence[Transfer]) -> str:
    """'Russia → Ukraine 1,212; Ukraine → Russia 27 (1,239 in all)'."""
    parts = []
    for t in transfers:
        word = {
            "exact": "",
            "more_than": "over ",
            "at_least": "at least ",
            "about": "about ",
            "up_to": "up to ",
        }[t.qualifier]
        arrow = "↔" if t.between else "→"
        label = f"{_name(t.from_party)} {arrow} {_name(t.to_party)}"
        parts.append(f"{label} {word}{t.count:,}" + (" in all" if t.between else ""))
    return "; ".join(parts)


def _outlets(sources: Sequence[Source]) -> str:
    return ", ".join(dict.fromkeys(s.publisher for s in sources))


def events_table(events: Sequence[Event]) -> Table:
    """The ledger as a journalist would paste it: when, what, how many, who says so."""
    table = Table(title=f"{len(events)} exchanges", show_lines=True)
    for name in ("when", "what", "how many", "reported by", "notes"):
        table.add_column(name)
    for e in events:
        notes = []
        if e.confirmed_by:
            notes.append("confirmed by " + ", ".join(_name(p) for p in e.confirmed_by))
        for c in e.conflicts:
            figs = " vs ".join(f"{f.count:,}" for f in c.figures)
            notes.append(f"reports differ ({figs}): {c.chosen:,} by {c.rule}")
        table.add_row(
            _when(e.date, e.date_range),
            "bodies" if e.kind == "remains" else "prisoners",
            _figures_line(e.transfers),
            _outlets(e.sources),
            "; ".join(notes),
        )
    return table


def agreements_table(agreements: Sequence[Agreement]) -> Table:
    """Agreements with what the ledger's events have delivered of them."""
    table = Table(title=f"{len(agreements)} agreements", show_lines=True)
    for name in ("announced", "what", "agreed", "delivered so far", "reported by"):
        table.add_column(name)
    for a in agreements:
        done = "; ".join(
            f"{_name(p.from_party)} → {_name(p.to_party)} {p.done:,} of {p.target:,}"
            for p in a.progress
        )
        table.add_row(
            _when(a.announced, None),
            "bodies" if a.kind == "remains" else "prisoners",
            _figures_line(a.transfers),
            done,
            _outlets(a.sources),
        )
    return table


def totals_table(totals: Sequence[ReportedTotal]) -> Table:
    """Reported running totals beside what the ledger's events add up to."""
    table = Table(title=f"{len(totals)} reported totals", show_lines=True)
    for name in ("as of", "what", "reported", "ledger sum", "gap", "reported by"):
        table.add_column(name)
    for t in totals:
        table.add_row(
            _when(t.as_of, None),
            "bodies" if t.kind == "remains" else "prisoners",
            _figures_line(t.transfers),
            "; ".join(f"{x.done:,}" for x in t.ledger),
            "; ".join(f"{x.gap:,}" for x in t.ledger),
            _outlets(t.sources),
        )
    return table
