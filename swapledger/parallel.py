"""Run the per-document stages here, in worker processes, or on a Dask cluster, in order.

`ordered_map(items, settings, workers=N, dask=ADDRESS)` sends chunks of items to
`work_chunk` and yields the results in input order, so one writer downstream can
store them in batches and record how far each input got. At most `WINDOW_PER_WORKER`
chunks per worker are in flight: memory stays flat however long the input is
(`Pool.imap` and `Executor.map` would read the whole input ahead).

`warc_reader(workers)` reads a large WARC with `workers` reader processes (reading
records, gating their raw bytes, decoding the few that pass): one reader process would
otherwise be the bottleneck of a crawl where almost every page is gated. A .warc.gz of
a gzip member per record is cut into spans that each reader inflates alone
(`spanned_warc`); any other WARC is shared by every reader taking every n-th record and
stepping over the others (`sharded_warc`). Their results merge back in record order, so
what comes out, and what a resumed run skips, is what one reader gives.
"""

from __future__ import annotations

import heapq
import logging
import multiprocessing
import os
import queue
import signal
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import replace
from operator import itemgetter
from pathlib import Path
from typing import Any

from swapledger.clean.template import SitePage, document_lines, page_hashes, site_key
from swapledger.errors import ConfigError, InputError
from swapledger.ingest.warc import (
    CLOSING,
    Prefilter,
    WarcReader,
    numbered_pages,
    read_warc,
    record_start,
    renumbered,
    span_pages,
    starts_record,
    unreadable_after,
    warc_stem,
)
from swapledger.model import Document, ExtractedDocument, Skipped
from swapledger.settings import DEFAULT, Settings

__all__ = [
    "DASK_LOCAL",
    "Item",
    "default_workers",
    "ordered_map",
    "warc_reader",
    "work_chunk",
]

log = logging.getLogger(__name__)

CHUNK = 8
"""Items per task: a chunk of ~8 pages (~0.5 MB of HTML) costs far more to process than
to send, and a straggler chunk holds back little."""

WINDOW_PER_WORKER = 4
"""Chunks in flight per worker: enough to keep every worker busy while the reader and
the writer take turns, few enough that memory stays flat."""

DASK_LOCAL = "local"
"""`--dask local`: start a LocalCluster on this machine instead of joining one."""

SHARD_MIN_BYTES = 16 * 2**20
"""A WARC file smaller than this is read by one process: starting readers costs more
(~0.1 s) than they would save."""

SPAN_BYTES = 4 * 2**20
"""A gzipped WARC is shared among readers in spans of this many compressed bytes (10-50
MB of pages): reader k inflates spans k, k + N, ... only."""

SPAN_LEAD = 2
"""Spans a reader may have started beyond the last of its spans merged: the merge holds
at most this many spans' results per reader (pages that pass the gate, and a small skip
for each page that does not), so memory stays flat."""

SHARD_BATCH = 256
"""Records a reader process sends at a time: one message per ~1 ms of its work."""

SHARD_WINDOW = 8
"""Batches a reader may have sent and not yet had taken: memory stays flat."""

READER_POLL_S = 1.0
"""How often the merge looks whether a reader it waits on is still alive."""

Item = tuple[Any, Document | SitePage | ExtractedDocument | Skipped]
"""(tag, value): the tag (the input's position) travels with the value, untouched."""


def default_workers() -> int:
    """The machine's cores (those this process may use)."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # pragma: no cover - not on Linux
        return max(1, os.cpu_count() or 1)


def process_one(item: Document | SitePage | ExtractedDocument | Skipped, settings: Settings) -> Any:
    """One item through the per-document stages, its page's template lines hashed for
    the writer; skips pass through. A SitePage is a page with what the store knows of
    its site's template."""
    from swapledger import service

    if isinstance(item, SitePage):
        return with_line_hashes(service.process(item.document, settings, item.memory))
    return with_line_hashes(service.process(item, settings)) if isinstance(item, Document) else item


def with_line_hashes(result: ExtractedDocument | Skipped) -> ExtractedDocument | Skipped:
    """`result` with the hashes of its page's lines that the store's template memory
    learns (`ExtractedDocument.line_hashes`), for a page of a known site: hashed here, in
    a worker, they cost the one writer nothing (it parsed each stored page again)."""
    if not isinstance(result, ExtractedDocument) or site_key(result.document) is None:
        return result
    try:
        hashes = frozenset(page_hashes(document_lines(result.document)))
    except Exception:  # a bug here must not lose the page: its site learns nothing of it
        log.warning("template lines of %s not hashed", result.document.id, exc_info=True)
        hashes = frozenset()
    return replace(result, line_hashes=hashes)


def work_chunk(chunk: list[Item], settings: Settings = DEFAULT) -> list[Item]:
    """The per-document stages on a chunk of tagged items (what a worker runs)."""
    return [(tag, process_one(value, settings)) for tag, value in chunk]


class _Slot:
    """A chunk of documents: filled, then submitted; its results, once back."""

    __slots__ = ("future", "items", "left")

    def __init__(self) -> None:
        self.items: list[Item] = []
        self.future: Any = None
        self.left = 0  # results not yet handed on


def _windowed(
    submit: Callable[[list[Item]], Any],
    result: Callable[[Any], list[Item]],
    items: Iterable[Item],
    window: int,
) -> Iterator[Item]:
    """Send documents to the workers in chunks, `window` chunks in flight at most; pass
    skips by without a trip; yield everything in input order.

    Only documents travel: a crawl is mostly records and gated pages, and a worker
    round trip per chunk of those would keep the reader waiting on the workers.
    """
    pending: deque[tuple[Any, Any, _Slot | None, int]] = deque()  # (tag, value, slot, index)
    slot = _Slot()
    in_flight = 0

    def send() -> None:
        nonlocal slot, in_flight
        slot.future = submit(slot.items)
        slot.left = len(slot.items)
        slot.items = []
        slot = _Slot()
        in_flight += 1

    def drain(wait: bool) -> Iterator[Item]:
        nonlocal in_flight
        while pending:
            tag, value, owner, index = pending[0]
            if owner is not None:
                if owner.future is None:
                    return  # its chunk is still filling
                if not (wait or owner.future.done()):
                    return
                value = result(owner.future)[index][1]
                owner.left -= 1
                if owner.left == 0:
                    in_flight -= 1
                    wait = False  # one chunk freed: read on
            pending.popleft()
            yield tag, value

    for tag, value in items:
        if isinstance(value, Document | SitePage):
            pending.append((tag, None, slot, len(slot.items)))
            slot.items.append((tag, value))
            if len(slot.items) >= CHUNK:
                send()
        else:
            pending.append((tag, value, None, 0))
        yield from drain(wait=in_flight >= window)
    if slot.items:
        send()
    while pending:
        yield from drain(wait=True)


def ordered_map(
    items: Iterable[Item],
    settings: Settings = DEFAULT,
    *,
    workers: int = 1,
    dask: str | None = None,
) -> Iterator[Item]:
    """`work_chunk` over the items, in input order: serial, in processes, or on Dask."""
    if dask is not None:
        yield from _on_dask(items, settings, dask, workers)
    elif workers <= 1:
        for tag, value in items:
            yield tag, process_one(value, settings)
    else:
        # the workers fork on the first chunk and inherit what this process has loaded:
        # a caller that loads the stages' models first (pipeline.warm, as service.ingest
        # does before its readers fork) spares each worker loading them again
        with ProcessPoolExecutor(max_workers=workers) as pool:

            def submit(chunk: list[Item]) -> Future[list[Item]]:
                return pool.submit(work_chunk, chunk, settings)

            yield from _windowed(submit, Future.result, items, workers * WINDOW_PER_WORKER)


def _on_dask(
    items: Iterable[Item], settings: Settings, address: str, workers: int
) -> Iterator[Item]:
    try:
        from distributed import Client, LocalCluster
    except ImportError as exc:
        raise ConfigError("--dask needs Dask distributed: pip install 'dask[distributed]'") from exc
    cluster = None
    if address == DASK_LOCAL:
        # one process per worker; a single worker runs in this process (threads), which
        # keeps tests and small machines light
        cluster = LocalCluster(
            n_workers=max(1, workers),
            threads_per_worker=1,
            processes=workers > 1,
            dashboard_address=None,
        )
        client = Client(cluster)
    else:
        try:
            client = Client(address, timeout="30s")
        except (OSError, TimeoutError, ValueError) as exc:
            raise ConfigError(f"cannot reach the Dask scheduler at {address}: {exc}") from exc
    try:
        size = max(1, sum(client.nthreads().values()))

        def submit(chunk: list[Item]) -> Any:
            return client.submit(work_chunk, chunk, settings, pure=False)

        def result(future: Any) -> list[Item]:
            return list(future.result())

        yield from _windowed(submit, result, items, size * WINDOW_PER_WORKER)
    finally:
        client.close()
        if cluster is not None:
            cluster.close()


def warc_reader(workers: int, dask: str | None = None) -> WarcReader:
    """How ingest reads a WARC file: `read_warc` in this process for one worker, on Dask
    (the archive is local to this process) or for a small archive; else shared among
    `workers` reader processes (`sharded_warc`)."""
    if workers <= 1 or dask is not None:
        return read_warc

    def read(
        path: Path,
        settings: Settings = DEFAULT,
        start: int = 0,
        name: str | None = None,
        prefilter: Prefilter | None = None,
    ) -> Iterator[Document | Skipped]:
        try:
            small = path.stat().st_size < SHARD_MIN_BYTES
        except OSError:
            small = True  # read_warc says what is wrong with it
        if small:
            return read_warc(path, settings, start, name, prefilter)
        if _member_per_record(path):
            return spanned_warc(path, settings, start, name, prefilter, workers)
        return sharded_warc(path, settings, start, name, prefilter, workers)

    return read


def _member_per_record(path: Path) -> bool:
    """True for a .warc.gz whose first record is a gzip member of its own (as Common
    Crawl's are): such an archive can be cut at any record's member."""
    try:
        with path.open("rb") as handle:
            return starts_record(handle, 0)
    except OSError:
        return False


def spanned_warc(
    path: Path,
    settings: Settings,
    start: int,
    name: str | None,
    prefilter: Prefilter | None,
    readers: int,
) -> Iterator[Document | Skipped]:
    """`read_warc`'s items for a .warc.gz of one gzip member per record, read by
    `readers` processes that each inflate only their spans of the file (`SPAN_BYTES`,
    cut at record starts), merged back in record order and numbered as one reader
    numbers them. Records 1..`start` are read but not given (a resumed run)."""
    if prefilter is not None:
        prefilter(b"")  # build the gate here once: the readers inherit it
    size = path.stat().st_size
    spans = max(1, -(-size // SPAN_BYTES))
    stem, source = name or warc_stem(path), str(path)
    context = multiprocessing.get_context()
    results = context.Queue(SHARD_WINDOW * readers)
    leads = [context.Semaphore(SPAN_LEAD) for _ in range(readers)]
    processes = [
        context.Process(
            target=_read_spans,
            args=(results, leads[k], path, settings, prefilter, k, readers, spans),
            daemon=True,
        )
        for k in range(readers)
    ]
    for process in processes:
        process.start()
    held: dict[int, deque[Any]] = {}
    n = 0  # records of the archive given so far

    def messages(span: int) -> Iterator[Any]:
        """Span `span`'s messages in order, holding those of later spans meanwhile."""
        while True:
            box = held.setdefault(span, deque())
            while box:
                message = box.popleft()
                yield message
                if isinstance(message[0], str):
                    del held[span]
                    return
            try:
                got, batch = results.get(timeout=READER_POLL_S)
            except queue.Empty:
                dead = [p for p in processes if not p.is_alive() and p.exitcode]
                if dead:
                    raise InputError(
                        f"a reader of {path} stopped (exit code {dead[0].exitcode})"
                    ) from None
                continue
            held.setdefault(got, deque()).extend(batch)

    try:
        for span in range(spans):
            for message in messages(span):
                what, count, text = message if isinstance(message[0], str) else (None, 0, "")
                if what is None:
                    local, item = message
                    if n + local > start:
                        yield renumbered(item, n + local, stem, source)
                    continue
                leads[span % readers].release()
                if what == "error":
                    yield unreadable_after(stem, n + count, text)
                    return
                n += count
                if what == "astray":
                    # a record start was found where none is: read on as one reader does
                    for _, item in numbered_pages(path, settings, max(n, start), name, prefilter):
                        yield item
                    return
    finally:
        for process in processes:
            if process.is_alive():
                process.terminate()  # the consumer stopped early, or an error ended it
            process.join()
        results.close()
        results.cancel_join_thread()


def _read_spans(
    out: Any,
    lead: Any,
    path: Path,
    settings: Settings,
    prefilter: Prefilter | None,
    reader: int,
    readers: int,
    spans: int,
) -> None:
    """A reader process: spans `reader`, `reader` + `readers`, ... of the archive, each
    in batches tagged with its span; at most `SPAN_LEAD` ahead of the merge."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    span = reader
    try:
        size = path.stat().st_size
        with path.open("rb") as handle:
            for span in range(reader, spans, readers):
                lead.acquire()
                begin = 0 if span == 0 else record_start(handle, span * SPAN_BYTES, size)
                end = (
                    size
                    if span == spans - 1
                    else record_start(handle, (span + 1) * SPAN_BYTES, size)
                )
                batch: list[Any] = []
                if begin >= end:
                    out.put((span, [("end", 0, "")]))
                    continue
                message: Any = None
                for message in span_pages(path, begin, end, settings, prefilter):
                    batch.append(message)
                    if len(batch) >= SHARD_BATCH:
                        out.put((span, batch))
                        batch = []
                out.put((span, batch))
                if message is not None and message[0] == "error":
                    return  # the merge stops there: nothing after it is read
    except OSError as exc:  # the file, unreadable from here: said once, where one reader would
        out.put((span, [("error", 0, str(exc))]))


def sharded_warc(
    path: Path,
    settings: Settings,
    start: int,
    name: str | None,
    prefilter: Prefilter | None,
    readers: int,
) -> Iterator[Document | Skipped]:
    """`read_warc`'s items, read by `readers` processes that each take every
    `readers`-th record, merged back in record order."""
    if prefilter is not None:
        prefilter(b"")  # build the gate here once: the readers inherit it
    context = multiprocessing.get_context()
    queues = [context.Queue(SHARD_WINDOW) for _ in range(readers)]
    processes = [
        context.Process(
            target=_read_shard,
            args=(q, path, settings, start, name, prefilter, shard, readers),
            daemon=True,
        )
        for shard, q in enumerate(queues)
    ]
    for process in processes:
        process.start()
    try:
        streams = [_received(q, p, path) for q, p in zip(queues, processes, strict=True)]
        for _, item in heapq.merge(*streams, key=itemgetter(0)):
            yield item
    finally:
        for process in processes:
            if process.is_alive():
                process.terminate()  # the consumer stopped early
            process.join()
        for q in queues:
            q.close()
            q.cancel_join_thread()


def _read_shard(
    out: Any,
    path: Path,
    settings: Settings,
    start: int,
    name: str | None,
    prefilter: Prefilter | None,
    shard: int,
    shards: int,
) -> None:
    """A reader process: its share of the records, in batches; None when done. Ctrl-C
    is the parent's to handle: it ends the readers (no traceback from each)."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    batch: list[tuple[int, Document | Skipped]] = []
    for n, item in numbered_pages(path, settings, start, name, prefilter, shard, shards):
        if n == CLOSING and shard != 0:
            continue  # every reader meets the archive's end; one says so
        batch.append((n, item))
        if len(batch) >= SHARD_BATCH:
            out.put(batch)
            batch = []
    out.put(batch)
    out.put(None)


def _received(source: Any, process: Any, path: Path) -> Iterator[tuple[int, Document | Skipped]]:
    """A reader's items as they arrive; an InputError should it die before its end."""
    while True:
        try:
            batch = source.get(timeout=READER_POLL_S)
        except queue.Empty:
            if process.is_alive():
                continue
            try:
                batch = source.get(timeout=READER_POLL_S)
            except queue.Empty:
                raise InputError(
                    f"a reader of {path} stopped (exit code {process.exitcode})"
                ) from None
        if batch is None:
            return
        yield from batch
