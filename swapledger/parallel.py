"""Run the per-document stages here, in worker processes, or on a Dask cluster, in order.

`ordered_map(items, settings, workers=N, dask=ADDRESS)` sends chunks of items to
`work_chunk` and yields the results in input order, so one writer downstream can
store them in batches and record how far each input got. At most `WINDOW_PER_WORKER`
chunks per worker are in flight: memory stays flat however long the input is
(`Pool.imap` and `Executor.map` would read the whole input ahead).
"""

from __future__ import annotations

import os
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from typing import Any

from swapledger.clean.template import SitePage
from swapledger.errors import ConfigError
from swapledger.model import Document, ExtractedDocument, Skipped
from swapledger.settings import DEFAULT, Settings

__all__ = ["DASK_LOCAL", "Item", "default_workers", "ordered_map", "work_chunk"]

CHUNK = 8
"""Items per task: a chunk of ~8 pages (~0.5 MB of HTML) costs far more to process than
to send, and a straggler chunk holds back little."""

WINDOW_PER_WORKER = 4
"""Chunks in flight per worker: enough to keep every worker busy while the reader and
the writer take turns, few enough that memory stays flat."""

DASK_LOCAL = "local"
"""`--dask local`: start a LocalCluster on this machine instead of joining one."""

Item = tuple[Any, Document | SitePage | ExtractedDocument | Skipped]
"""(tag, value): the tag (the input's position) travels with the value, untouched."""

def default_workers() -> int:
    """The machine's cores (those this process may use)."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # pragma: no cover - not on Linux
        return max(1, os.cpu_count() or 1)


def process_one(
    item: Document | SitePage | ExtractedDocument | Skipped, settings: Settings
) -> Any:
    """One item through the per-document stages; skips pass through. A SitePage is a
    page with what the store knows of its site's template."""
    from swapledger import service

    if isinstance(item, SitePage):
        return service.process(item.document, settings, item.memory)
    return service.process(item, settings) if isinstance(item, Document) else item


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
        with ProcessPoolExecutor(max_workers=workers) as pool:

            def submit(chunk: list[Item]) -> Future[list[Item]]:
                return pool.submit(work_chunk, chunk, settings)

            yield from _windowed(submit, Future.result, items, workers * WINDOW_PER_WORKER)


def _on_dask(items: Iterable[Item], settings: Settings, address: str, workers: int) -> Iterator[Item]:
    try:
        from distributed import Client, LocalCluster
    except ImportError as exc:
        raise ConfigError(
            "--dask needs Dask distributed: pip install 'dask[distributed]'"
        ) from exc
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
