"""WARC files (plain or gzipped) -> Document | Skipped, streamed record by record (FastWARC).

1. each record: a `response` record is a candidate page; any other type (request,
   metadata, revisit, warcinfo, ...) is skipped with stage "filter"
2. a response: HTTP status 2xx and an HTML content type (or, without one, HTML-looking bytes)
3. its body: size limit; with a `prefilter` (the relevance gate's byte scan, which
   ingest may not import itself), a page of plain text that it rejects is skipped
   undecoded with its reason, stage "filter"; else decoded (`decode_html`) and checked
   like any page
4. -> Document(id "ARCHIVE:N", url = WARC-Target-URI, fetched = WARC-Date, content_type html)

N is the record's 1-based number in the archive; the source is "PATH:N", like a
JSONL line's, so an interrupted ingest can resume after the last stored record
(`start`). Routine skips (stage "filter") are counted per reason by the service,
not listed one line each: an archive of 20,000 records must not print 20,000 lines.
Memory stays flat: one record's payload at a time.
"""

from __future__ import annotations

import codecs
import datetime as dt
import gzip
import re
import sys
import uuid
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from swapledger.errors import ConfigError
from swapledger.ingest.decode import BOMS, check_text, decode, looks_like_html, too_large
from swapledger.model import Document, Skipped
from swapledger.settings import DEFAULT, Settings

__all__ = [
    "WARC_SUFFIXES",
    "Prefilter",
    "SkippedPage",
    "WarcReader",
    "decode_html",
    "encode_record",
    "is_warc",
    "numbered_pages",
    "read_warc",
]

FILTER_STAGE = "filter"  # the same value as gate.FILTER_STAGE (ingest may not import the gate)
WARC_SUFFIXES = (".warc", ".warc.gz")
HTML_TYPES = frozenset({"text/html", "application/xhtml+xml"})
META_SNIFF_BYTES = 4096  # a <meta charset> sits in the <head>, near the start
HTTP_DECODING = "all"  # undo Content-Encoding (gzip, br) and chunked Transfer-Encoding

NOT_HTML = "WARC response that is not HTML"
NOT_OK = "WARC response with HTTP status {}xx"


@dataclass(frozen=True, slots=True)
class SkippedPage(Skipped):
    """A page skipped unread by a prefilter, with the source ("PATH:N") its Document
    would have had: a resumed ingest passes it over like a page that was read."""

    source: str = ""


Prefilter = Callable[[bytes], str | None]
"""A page's raw bytes -> the reason to skip it unread (stage "filter"), or None to read it."""

PLAIN_EDGE = 64
"""Bytes at each end of a body in which `_plainly_text` looks for printable text."""

_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9._:-]+)""", re.I)


def is_warc(path: Path) -> bool:
    """True for a .warc or .warc.gz file name."""
    return path.name.lower().endswith(WARC_SUFFIXES)


def warc_stem(path: Path) -> str:
    """'crawl.warc.gz' -> 'crawl'."""
    name = path.name
    for suffix in (".warc.gz", ".warc"):
        if name.lower().endswith(suffix):
            return name[: -len(suffix)]
    return name


def _codec(name: str | None) -> str | None:
    if not name:
        return None
    try:
        return codecs.lookup(name.strip().strip("\"'")).name
    except LookupError:
        return None


def decode_html(body: bytes, http_charset: str | None = None) -> str:
    """The text of an HTML body: BOM, UTF-8, the HTTP charset, the <meta> charset, a
    confident guess, and finally UTF-8 with replacement characters (never fails)."""
    if any(body.startswith(bom) for bom, _ in BOMS):
        text = decode(body)
        if text is not None:
            return text.lstrip("\ufeff")
    try:
        return body.decode("utf-8")  # valid UTF-8 is almost never another encoding
    except UnicodeDecodeError:
        pass
    meta = _META_CHARSET.search(body[:META_SNIFF_BYTES])
    for declared in (_codec(http_charset), _codec(meta.group(1).decode("ascii") if meta else None)):
        if declared and declared != "utf-8":
            try:
                return body.decode(declared)
            except UnicodeDecodeError:
                pass
    guessed = decode(body)
    return guessed if guessed is not None else body.decode("utf-8", "replace")


def read_warc(
    path: Path,
    settings: Settings = DEFAULT,
    start: int = 0,
    name: str | None = None,
    prefilter: Prefilter | None = None,
) -> Iterator[Document | Skipped]:
    """Every HTML page of a WARC file; records 1..`start` are passed over unread."""
    for _, item in numbered_pages(path, settings, start, name, prefilter):
        yield item


CLOSING = sys.maxsize
"""The number `numbered_pages` gives an archive's closing skip: after every record."""


def numbered_pages(
    path: Path,
    settings: Settings = DEFAULT,
    start: int = 0,
    name: str | None = None,
    prefilter: Prefilter | None = None,
    shard: int = 0,
    shards: int = 1,
) -> Iterator[tuple[int, Document | Skipped]]:
    """(record number, page or skip) of `read_warc`. With `shards` > 1, only the records
    numbered `shard` + 1 modulo `shards` are read; the others are passed over unread, so
    `shards` readers of one archive share its work. An archive's closing skip (unreadable
    from some record on, no record at all) comes last, numbered `CLOSING`."""
    try:
        from fastwarc.warc import ArchiveIterator
    except ImportError as exc:  # pragma: no cover - declared dependency
        raise ConfigError("reading WARC files needs FastWARC: pip install fastwarc") from exc
    stem = name or warc_stem(path)
    n = 0
    try:
        with path.open("rb") as handle:
            records = ArchiveIterator(handle, parse_http=False, fsspec_args=False)
            for n, record in enumerate(records, start=1):
                if n > start and (n - 1) % shards == shard:
                    yield n, _page(record, n, stem, str(path), settings, prefilter)
    except (OSError, ValueError, EOFError) as exc:
        yield CLOSING, unreadable_after(stem, n, str(exc))
        return
    if n == 0 and path.stat().st_size > 0:
        yield CLOSING, Skipped(stem, "ingest", "not a WARC file: no WARC record found")


GZIP_MAGIC = b"\x1f\x8b\x08"
"""The first bytes of a gzip member (deflate): where a record of a .warc.gz may start."""

SYNC_PROBE = 16_384
"""Compressed bytes inflated to check that a gzip member starts a WARC record."""

SYNC_READ = 1 << 20
"""Bytes read at a time while looking for the next member that starts a record."""


def starts_record(handle: Any, offset: int) -> bool:
    """True when a gzip member at `offset` of the open file inflates to a WARC record's
    first line (each record of a .warc.gz is its own member, as the WARC standard asks)."""
    handle.seek(offset)
    head = handle.read(SYNC_PROBE)
    if not head.startswith(GZIP_MAGIC):
        return False
    try:
        return zlib.decompressobj(31).decompress(head, 8).startswith(b"WARC/")
    except zlib.error:
        return False


def record_start(handle: Any, offset: int, size: int) -> int:
    """The first offset at or after `offset` where a gzip member starts a WARC record, or
    `size` (the end of the file) when none does. The gzip magic can occur inside
    compressed data by chance (about once in 16 MB): each candidate is inflated a little
    to be sure."""
    at = offset
    while at < size:
        handle.seek(at)
        chunk = handle.read(SYNC_READ + len(GZIP_MAGIC) - 1)
        i = chunk.find(GZIP_MAGIC)
        while i >= 0:
            if starts_record(handle, at + i):
                return at + i
            i = chunk.find(GZIP_MAGIC, i + 1)
        at += SYNC_READ
    return size


def span_pages(
    path: Path,
    begin: int,
    end: int,
    settings: Settings = DEFAULT,
    prefilter: Prefilter | None = None,
) -> Iterator[tuple[int, Compact] | tuple[str, int, str]]:
    """The records of a .warc.gz that start in bytes [`begin`, `end`) (both record starts,
    see `record_start`), numbered from 1 within the span, each as it travels (`compact`:
    `renumbered` gives it its place in the archive); then one closing item:
    ("end", records, "") when the span ended on `end` (or at the end of the file),
    ("astray", records, "") when the records did not meet `end` (a record start was
    found where none is: the caller reads on the way one reader does), or ("error",
    records, message) when the archive is unreadable after them."""
    from fastwarc.warc import ArchiveIterator

    stem, source = "", str(path)
    n = 0
    closing = "end"
    try:
        with path.open("rb") as handle:
            handle.seek(begin)
            records = ArchiveIterator(handle, parse_http=False, fsspec_args=False)
            for record in records:
                if record.stream_pos >= end:
                    closing = "end" if record.stream_pos == end else "astray"
                    break
                n += 1
                yield n, compact(_page(record, n, stem, source, settings, prefilter))
            else:
                closing = "end" if end >= path.stat().st_size else "astray"
    except (OSError, ValueError, EOFError) as exc:
        yield "error", n, str(exc)
        return
    yield closing, n, ""


Compact = Document | tuple[str, str, bool]
"""An item of `span_pages` on its way between processes: a page, or a skip as (stage,
reason, skipped unread) without its id (a crawl's skips are most of its records, and
a tuple travels several times faster than a dataclass)."""


def compact(item: Document | Skipped) -> Compact:
    """`item` as it travels; `renumbered` makes it whole again."""
    if isinstance(item, Document):
        return item
    return item.stage, item.reason, isinstance(item, SkippedPage)


def renumbered(item: Compact, n: int, stem: str, source: str) -> Document | Skipped:
    """An item of `span_pages` (see `compact`) with the id and source of record `n` of
    the archive."""
    doc_id = f"{stem}:{n}"
    if isinstance(item, Document):
        return replace(item, id=doc_id, source=f"{source}:{n}")
    stage, reason, unread = item
    if unread:
        return SkippedPage(doc_id, stage, reason, f"{source}:{n}")
    return Skipped(doc_id, stage, reason)


def unreadable_after(stem: str, n: int, message: str) -> Skipped:
    """The closing skip of an archive that cannot be read after record `n`."""
    where = f"after record {n}" if n else "at the start"
    return Skipped(f"{stem}:{n + 1}", "ingest", f"not a valid WARC file {where}: {message}")


WarcReader = Callable[
    [Path, Settings, int, str | None, Prefilter | None], Iterator[Document | Skipped]
]
"""How ingest reads one WARC file: `read_warc`'s signature (parallel.warc_reader shares
the records of a large archive among processes)."""


def _plainly_text(body: bytes, settings: Settings) -> bool:
    """True when `check_text` would surely keep the body's text whatever its encoding:
    printable ASCII near both ends, and long enough even at 4 bytes a character. (Control
    bytes are the prefilter's to see: it gives no answer on them.)"""
    if len(body) < 4 * settings.min_text_chars + 2 * PLAIN_EDGE:
        return False
    head = body[:PLAIN_EDGE].lstrip()[:1]
    tail = body[-PLAIN_EDGE:].rstrip()[-1:]
    return b"!" <= head <= b"~" and b"!" <= tail <= b"~"


def _page(
    record: Any,
    n: int,
    stem: str,
    source: str,
    settings: Settings,
    prefilter: Prefilter | None = None,
) -> Document | Skipped:
    doc_id = f"{stem}:{n}"
    kind = str(record.record_type)
    if kind != "response":
        return Skipped(doc_id, FILTER_STAGE, f"WARC {kind} record")
    record.parse_http(auto_decode=HTTP_DECODING)
    http = record.http_headers
    status = http.status_code if http is not None else None
    if status is not None and not 200 <= status < 300:
        return Skipped(doc_id, FILTER_STAGE, NOT_OK.format(status // 100))
    content_type = (record.http_content_type or "").lower() or None
    if content_type is not None and content_type not in HTML_TYPES:
        return Skipped(doc_id, FILTER_STAGE, NOT_HTML)
    if record.content_length > settings.max_page_bytes:
        return Skipped(doc_id, "ingest", too_large(record.content_length, settings))
    body = record.reader.read()
    if content_type is None and not looks_like_html(body[:8192].decode("utf-8", "replace")):
        return Skipped(doc_id, FILTER_STAGE, NOT_HTML)
    if prefilter is not None and _plainly_text(body, settings):
        dropped = prefilter(body)
        if dropped is not None:
            return SkippedPage(doc_id, FILTER_STAGE, dropped, f"{source}:{n}")
    text, reason = check_text(decode_html(body, record.http_charset), settings)
    if text is None:
        return Skipped(doc_id, "ingest", reason or "empty page")
    url = record.headers.get("WARC-Target-URI")
    fetched = record.record_date
    return Document(
        id=doc_id,
        content=text,
        content_type="html",
        source=f"{source}:{n}",
        url=url.strip("<>") if url else None,
        fetched=fetched if isinstance(fetched, dt.datetime) else None,
    )


def encode_record(
    kind: str,
    uri: str,
    payload: bytes,
    *,
    date: str = "2025-06-13T10:00:00Z",
    compress: bool = True,
) -> bytes:
    """One WARC/1.1 record as bytes (gzipped as its own member by default): for tests,
    benchmarks and tools that write small archives. `payload` of a response or
    request is the HTTP message, headers included."""
    http_type = {"response": "response", "request": "request"}.get(kind)
    content_type = f"application/http; msgtype={http_type}" if http_type else "text/plain"
    head = (
        "WARC/1.1\r\n"
        f"WARC-Type: {kind}\r\n"
        f"WARC-Target-URI: {uri}\r\n"
        f"WARC-Date: {date}\r\n"
        f"WARC-Record-ID: <urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, uri + kind)}>\r\n"
        f"Content-Type: {content_type}\r\n"
        f"Content-Length: {len(payload)}\r\n\r\n"
    ).encode("ascii")
    raw = head + payload + b"\r\n\r\n"
    return gzip.compress(raw, compresslevel=6) if compress else raw


def http_response(
    body: bytes, content_type: str = "text/html; charset=utf-8", status: str = "200 OK"
) -> bytes:
    """An HTTP/1.1 response message around `body` (for `encode_record`)."""
    head = (
        f"HTTP/1.1 {status}\r\nContent-Type: {content_type}\r\n"
        f"Content-Length: {len(body)}\r\n\r\n"
    ).encode("ascii")
    return head + body
