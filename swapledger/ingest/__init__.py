"""Paths, JSONL files and stdin -> Document | Skipped.

1. each argument: '-' (stdin), a missing path, a folder (walked), or a file
2. a file: JSONL (by name: .jsonl, .jsonl.gz, .ndjson) read line by line, WARC
   (.warc, .warc.gz) record by record (ingest/warc.py), or one page
3. a page: size limit, binary sniff, decoding, emptiness, HTML sniff -> Document

Nothing raises and nothing is dropped silently: every input that is not used
comes out as a `Skipped` with a short reason.

Resuming: `done` maps a source (a file path as it appears in `Document.source`)
to how many of its items are already stored (1 for a page file, a line number
for JSONL, a record number for WARC); those are passed over without being
parsed. `position(document)` gives a document's (source, number).

Dates: files carry none (no mtime guessing). A JSONL `published` date more than
a day in the future is a broken record: the line is skipped with the reason
"published date YYYY-MM-DD is in the future" rather than kept with a date quietly
dropped, so the bad crawler record stays visible.
"""

from __future__ import annotations

import functools
import gzip
import io
import json
import re
import sys
import zlib
from collections.abc import Iterable, Iterator, Mapping, Sequence
from pathlib import Path

from swapledger.ingest.decode import (
    SNIFF_BYTES,
    looks_binary,
    looks_like_html,
    page_text,
    too_large,
)
from swapledger.ingest.jsonl import read_lines
from swapledger.ingest.warc import (
    Prefilter,
    SkippedPage,
    WarcReader,
    is_warc,
    read_warc,
    warc_stem,
)
from swapledger.model import ContentType, Document, Skipped
from swapledger.settings import DEFAULT, Settings

__all__ = ["Prefilter", "SkippedPage", "WarcReader", "position", "read_inputs", "run"]

STDIN = "-"
STDIN_ID = "stdin"
HTML_SUFFIXES = frozenset({".html", ".htm", ".xhtml"})
JSONL_SUFFIXES = frozenset({".jsonl", ".ndjson"})


def read_inputs(
    paths: Sequence[str],
    jsonl: Sequence[str] = (),
    settings: Settings = DEFAULT,
    done: Mapping[str, int] | None = None,
    prefilter: Prefilter | None = None,
    warc_reader: WarcReader | None = None,
) -> Iterator[Document | Skipped]:
    """Every document under the given paths (files, folders, '-') and JSONL files,
    less the items `done` says are stored already; `prefilter` may skip a WARC page
    unread, `warc_reader` reads each WARC file in place of `read_warc` (ingest/warc.py)."""
    ids = _Ids(done or {}, prefilter, warc_reader or read_warc)
    for raw in paths:
        yield from _read_path(raw, ids, settings, force_jsonl=False)
    for raw in jsonl:
        yield from _read_path(raw, ids, settings, force_jsonl=True)


def run(paths: Iterable[str], settings: Settings = DEFAULT) -> Iterator[Document | Skipped]:
    """Stage shape of `read_inputs`: paths in, documents and skips out."""
    return read_inputs(list(paths), settings=settings)


class _Ids:
    """Hands out document ids, disambiguating files that share a name."""

    def __init__(
        self,
        done: Mapping[str, int] | None = None,
        prefilter: Prefilter | None = None,
        warc_reader: WarcReader = read_warc,
    ) -> None:
        self.seen: set[str] = set()
        self.done: Mapping[str, int] = done or {}
        self.prefilter = prefilter
        self.warc_reader = warc_reader

    def claim(self, preferred: str, *fallbacks: str) -> str:
        """The first of the candidates not used yet (numbered when all are)."""
        for candidate in (preferred, *fallbacks):
            if candidate not in self.seen:
                self.seen.add(candidate)
                return candidate
        n = 2
        while f"{preferred}~{n}" in self.seen:
            n += 1
        self.seen.add(f"{preferred}~{n}")
        return f"{preferred}~{n}"


def _stem(path: Path) -> str:
    name = path.name
    for suffix in (".jsonl.gz", ".ndjson.gz"):
        if name.lower().endswith(suffix):
            return name[: -len(suffix)]
    if is_warc(path):
        return warc_stem(path)
    return path.stem if path.stem else name


def _is_jsonl(path: Path) -> bool:
    suffixes = [s.lower() for s in path.suffixes[-2:]]
    return bool(suffixes) and (
        suffixes[-1] in JSONL_SUFFIXES or (suffixes[-1] == ".gz" and suffixes[0] in JSONL_SUFFIXES)
    )


def _read_path(
    raw: str, ids: _Ids, settings: Settings, force_jsonl: bool
) -> Iterator[Document | Skipped]:
    if raw == STDIN:
        yield from _read_stdin(ids, settings, force_jsonl)
        return
    path = Path(raw)
    if path.is_dir():
        yield from _read_folder(path, ids, settings)
    elif path.is_file():
        yield from _read_file(
            path,
            ids.claim(_stem(path), str(path.with_suffix(""))),
            settings,
            force_jsonl,
            ids.done,
            ids.prefilter,
            ids.warc_reader,
        )
    elif path.exists():
        yield Skipped(raw, "ingest", "not a regular file or folder")
    else:
        yield Skipped(raw, "ingest", "no such file or folder")


def _read_folder(root: Path, ids: _Ids, settings: Settings) -> Iterator[Document | Skipped]:
    """Files under `root` in sorted order, hidden files and folders left out."""
    files = sorted(
        p
        for p in root.rglob("*")
        if p.is_file() and not any(part.startswith(".") for part in p.relative_to(root).parts)
    )
    counts: dict[str, int] = {}
    for f in files:
        counts[_stem(f)] = counts.get(_stem(f), 0) + 1
    for f in files:
        stem = _stem(f)
        relative = f.relative_to(root)
        by_path = (relative.parent / stem).as_posix()
        preferred = stem if counts[stem] == 1 else by_path
        yield from _read_file(
            f,
            ids.claim(preferred, by_path),
            settings,
            force_jsonl=False,
            done=ids.done,
            prefilter=ids.prefilter,
            warc_reader=ids.warc_reader,
        )


def _read_file(
    path: Path,
    doc_id: str,
    settings: Settings,
    force_jsonl: bool,
    done: Mapping[str, int] | None = None,
    prefilter: Prefilter | None = None,
    warc_reader: WarcReader = read_warc,
) -> Iterator[Document | Skipped]:
    start = (done or {}).get(str(path), 0)
    if force_jsonl or _is_jsonl(path):
        yield from _read_jsonl_file(path, settings, start)
        return
    if is_warc(path):
        yield from warc_reader(path, settings, start, doc_id, prefilter)
        return
    if start:
        return  # stored by an earlier run
    try:
        size = path.stat().st_size
        if size > settings.max_page_bytes:
            yield Skipped(doc_id, "ingest", too_large(size, settings))
            return
        data = path.read_bytes()
    except OSError as exc:
        yield Skipped(doc_id, "ingest", f"cannot read: {exc.strerror or exc}")
        return
    yield _page(data, doc_id, str(path), _content_type(path), settings)


def _content_type(path: Path) -> ContentType | None:
    return "html" if path.suffix.lower() in HTML_SUFFIXES else None


def _page(
    data: bytes, doc_id: str, source: str, content_type: ContentType | None, settings: Settings
) -> Document | Skipped:
    text, reason = page_text(data, settings)
    if text is None:
        return Skipped(doc_id, "ingest", reason or "unreadable")
    if text.startswith("\ufeff"):
        text = text[1:]
    kind: ContentType = content_type or ("html" if looks_like_html(text) else "text")
    return Document(id=doc_id, content=text, content_type=kind, source=source)


def _read_jsonl_file(
    path: Path, settings: Settings, start: int = 0
) -> Iterator[Document | Skipped]:
    name = _stem(path)
    gz = path.suffix.lower() == ".gz"
    try:
        with gzip.open(path, "rb") if gz else path.open("rb") as handle:
            yield from read_lines(handle, name, str(path), settings, start)
    except (OSError, EOFError, zlib.error) as exc:
        reason = "not a valid gzip file" if gz else f"cannot read: {exc}"
        yield Skipped(str(path), "ingest", reason)


def _read_stdin(ids: _Ids, settings: Settings, force_jsonl: bool) -> Iterator[Document | Skipped]:
    """stdin as JSONL (when every non-empty line is a JSON object) or as one page."""
    stream = getattr(sys.stdin, "buffer", None)
    if stream is None:  # a text stream (tests, some embedders): re-encode it
        stream = io.BytesIO(sys.stdin.read().encode("utf-8", "surrogateescape"))
    head = stream.read(settings.max_page_bytes + 1)
    overflow = len(head) > settings.max_page_bytes
    if force_jsonl or _all_json_objects(head, overflow):
        lines = _chain_lines(head, stream)
        yield from read_lines(lines, STDIN_ID, STDIN, settings)
        return
    doc_id = ids.claim(STDIN_ID)
    if overflow:
        yield Skipped(doc_id, "ingest", too_large(len(head), settings) + " (or more)")
        return
    yield _page(head, doc_id, STDIN, None, settings)


def _all_json_objects(head: bytes, overflow: bool) -> bool:
    """True when every complete non-empty line of `head` is a JSON object."""
    if looks_binary(head[:SNIFF_BYTES]):
        return False
    lines = head.splitlines()
    if overflow and lines:
        lines = lines[:-1]  # the last line may be cut off by the read limit
    found = False
    for line in lines:
        if not line.strip():
            continue
        try:
            if not isinstance(json.loads(line), dict):
                return False
        except (json.JSONDecodeError, UnicodeDecodeError):
            return False
        found = True
    return found


def _chain_lines(head: bytes, rest: io.BufferedIOBase | io.BytesIO | object) -> Iterator[bytes]:
    """Lines of `head` followed by the rest of the stream, joined across the seam."""
    buffer = head
    read = getattr(rest, "read", None)
    while True:
        chunk = read(1 << 16) if read else b""
        if not chunk:
            break
        buffer += chunk
        *complete, buffer = buffer.split(b"\n")
        yield from complete
    yield from buffer.split(b"\n")


_NUMBERED = re.compile(r"^(?P<source>.+):(?P<number>\d+)$")


def position(document: Document | Skipped) -> tuple[str, int] | None:
    """(source file, item number) of a document (or of a page skipped unread: a
    `SkippedPage`), for resuming; None for stdin and other skips."""
    if isinstance(document, Skipped):
        if not isinstance(document, SkippedPage):
            return None
        source = document.source
    else:
        source = document.source
    if source == STDIN or source.startswith(STDIN + ":"):
        return None
    m = _NUMBERED.match(source)
    if m and (_is_file(m["source"]) or not Path(source).is_file()):
        # "crawl.warc.gz:17" is record 17 of the archive; a page file may be named
        # "notes:17" too (asked only when no file "notes" is read: one stat a record
        # of a large archive cost more than reading it)
        return m["source"], int(m["number"])
    return source, 1


@functools.lru_cache(maxsize=256)
def _is_file(path: str) -> bool:
    return Path(path).is_file()
