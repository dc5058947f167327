"""Formatting for the CLI: JSON lines, CSV, Rich tables, and a progress bar on stderr.

stdout carries only the data asked for; progress, skip lines and warnings go
to stderr, so `swapledger extract ... > out.jsonl` stays machine-readable.
"""

from __future__ import annotations

import contextlib
import csv
import io
import json
from collections.abc import Iterator, Sequence
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

from swapledger.model import Article, Document, ExtractedDocument, Record
from swapledger.store import StoredRecord

EVIDENCE_CHARS = 60
"""Evidence is cut to this many characters in tables; JSON and CSV keep all of it."""

RECORD_COLUMNS = (
    "id",
    "document",
    "article",
    "outlet",
    "title",
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
"""Width of tables written to a file or pipe: Rich's 80 would wrap every row."""


def stdout() -> Console:
    """A console on the current stdout (looked up per call, so test runners can capture it)."""
    console = Console(highlight=False)
    if not console.is_terminal:
        console.width = PIPED_WIDTH
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


def article_dict(article: Article, records: Sequence[Record]) -> dict[str, Any]:
    """One article of `swapledger extract` output."""
    return {
        "id": article.id,
        "title": article.title,
        "outlet": article.outlet,
        "published": _day(article.published),
        "age": article.age,
        "text": article.text,
        "records": [r.to_dict() for r in records],
    }


def extracted_dict(item: ExtractedDocument) -> dict[str, Any]:
    """One JSON line of `swapledger extract`."""
    per_article = list(item.records) + [()] * (len(item.articles) - len(item.records))
    doc = item.document
    return {
        "id": doc.id,
        "url": doc.url,
        "published": _day(doc.published),
        "articles": [article_dict(a, r) for a, r in zip(item.articles, per_article, strict=True)],
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
    for name in ("date", "status", "kind", "from → to", "count", "qualifier", "source", "evidence"):
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
            shorten(r.evidence_text),
        )
    return table


# -- clean ---------------------------------------------------------------------


def cleaned_dict(document: Document, article: Article) -> dict[str, Any]:
    """One JSON line of `swapledger clean`."""
    return {
        "document": document.id,
        "id": article.id,
        "index": article.index,
        "title": article.title,
        "outlet": article.outlet,
        "age": article.age,
        "published": _day(article.published),
        "url": article.url,
        "language": article.language,
        "page_start": article.page_start,
        "page_end": article.page_end,
        "text": article.text,
    }


def cleaned_text(article: Article) -> str:
    """One article of `swapledger clean --format text`: a header, then the text."""
    head = [f"== {article.id} =="]
    for label, value in (
        ("title", article.title),
        ("outlet", article.outlet),
        ("age", article.age),
        ("published", _day(article.published)),
        ("url", article.url),
    ):
        if value:
            head.append(f"{label}: {value}")
    return "\n".join(head) + "\n\n" + article.text.rstrip("\n") + "\n"


# -- progress ------------------------------------------------------------------


class Ticker:
    """What a library function is handed to report progress: call it once per item."""

    def __init__(self, progress: Progress, task: Any) -> None:
        self._progress = progress
        self._task = task

    def __call__(self, item: str) -> None:
        """One more item done (or started); `item` is shown beside the bar."""
        self._progress.update(self._task, advance=1, item=shorten(item, 40))

    def total(self, n: int) -> None:
        """The number of items, once known."""
        self._progress.update(self._task, total=n)


@contextlib.contextmanager
def progress(description: str, total: int | None = None) -> Iterator[Ticker]:
    """A progress bar on stderr, shown only when stderr is a terminal."""
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
    )
    with bar:
        yield Ticker(bar, bar.add_task(description, total=total, item=""))
