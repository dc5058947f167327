"""JSONL lines -> Document | Skipped: one page per line, read as a stream."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable, Iterator
from typing import Any

from swapledger.ingest.decode import check_text, too_large
from swapledger.model import ContentType, Document, Skipped
from swapledger.settings import DEFAULT, Settings

FUTURE_SLACK = dt.timedelta(days=1)  # a page dated "tomorrow" is a time zone ahead, not wrong


def parse_published(value: Any) -> dt.date | None:
    """A YYYY-MM-DD date or an ISO datetime -> its date; raises ValueError otherwise."""
    if not isinstance(value, str):
        raise ValueError(value)
    text = value.strip()
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        return dt.datetime.fromisoformat(text.replace("Z", "+00:00")).date()


def parse_fetched(value: Any) -> dt.datetime:
    """An ISO datetime (or bare date, read as midnight); raises ValueError otherwise."""
    if not isinstance(value, str):
        raise ValueError(value)
    return dt.datetime.fromisoformat(value.strip().replace("Z", "+00:00"))


def in_future(day: dt.date, today: dt.date | None = None) -> bool:
    """True for a date after today (with a day of slack for time zones)."""
    today = today or dt.datetime.now(dt.UTC).date()
    return day > today + FUTURE_SLACK


def read_lines(
    lines: Iterable[bytes],
    name: str,
    source: str,
    settings: Settings = DEFAULT,
    start: int = 0,
) -> Iterator[Document | Skipped]:
    """Every JSONL line of `source` -> a Document or a Skipped naming the line.

    `name` (the file's stem, or "stdin") makes the ids of lines without one: "name:LINE".
    Lines 1..`start` (stored by an earlier run) are passed over unparsed.
    """
    for number, raw in enumerate(lines, start=1):
        if number <= start or not raw.strip():
            continue
        yield parse_line(raw, number, name, source, settings)


def parse_line(
    raw: bytes, number: int, name: str, source: str, settings: Settings
) -> Document | Skipped:
    """One JSONL line -> a Document, or a Skipped saying what is wrong with the line."""
    fallback_id = f"{name}:{number}"
    if len(raw) > settings.max_page_bytes:
        return Skipped(fallback_id, "ingest", f"line {number}: {too_large(len(raw), settings)}")
    try:
        obj = json.loads(raw)
    except (json.JSONDecodeError, UnicodeDecodeError):
        return Skipped(fallback_id, "ingest", f"line {number}: not valid JSON")
    if not isinstance(obj, dict):
        return Skipped(fallback_id, "ingest", f"line {number}: not a JSON object")
    doc_id = str(obj["id"]) if obj.get("id") not in (None, "") else fallback_id

    def skip(reason: str) -> Skipped:
        return Skipped(doc_id, "ingest", f"line {number}: {reason}")

    content_type: ContentType
    if isinstance(obj.get("html"), str) and obj["html"].strip():
        content, content_type = obj["html"], "html"
    elif isinstance(obj.get("text"), str) and obj["text"].strip():
        content, content_type = obj["text"], "text"
    elif isinstance(obj.get("text"), str) or isinstance(obj.get("html"), str):
        return skip("empty page")
    else:
        return skip("needs 'text' or 'html'")
    text, reason = check_text(content, settings)
    if text is None:
        return skip(reason or "empty page")
    published = fetched = None
    if obj.get("published") not in (None, ""):
        try:
            published = parse_published(obj["published"])
        except ValueError:
            return skip("bad 'published' date")
        if in_future(published):
            return skip(f"published date {published.isoformat()} is in the future")
    if obj.get("fetched") not in (None, ""):
        try:
            fetched = parse_fetched(obj["fetched"])
        except ValueError:
            return skip("bad 'fetched' time")
    url = obj.get("url") if isinstance(obj.get("url"), str) else None
    title = obj.get("title") if isinstance(obj.get("title"), str) else None
    return Document(
        id=doc_id,
        content=text,
        content_type=content_type,
        source=f"{source}:{number}",
        url=url,
        published=published,
        fetched=fetched,
        title=title,
    )
