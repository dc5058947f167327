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
from typing import Any, TypeVar

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

Item = tuple[Any, Document | ExtractedDocument | Skipped]
"""(tag, value): the tag (the input's position) travels with the value, untouched."""

T = TypeVar("T")


def default_workers() -> int:
    """The machine's cores (those this process may use)."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # pragma: no cover - not on Linux
        return max(1, os.cpu_count() or 1)


def process_one(item: Document | ExtractedDocument | Skipped, settings: Settings) -> Any:
    """One item through the per-document stages; skips pass through."""
    from swapledger import service

    return service.process(item, settings) if isinstance(item, Document) else item


def work_chunk(chunk: list[Item], settings: Settings = DEFAULT) -> list[Item]:
    """The per-document stages on a chunk of tagged items (what a worker runs)."""
    return [(tag, process_one(value, settings)) for tag, value in chunk]


def _chunks(items: Iterable[T], size: int) -> Iterator[list[T]]:
    chunk: list[T] = []
    for item in items:
        chunk.append(item)
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def _windowed(
    submit: Callable[[list[Item]], Any],
    result: Callable[[Any], list[Item]],
    items: Iterable[Item],
    window: int,
) -> Iterator[Item]:
    """Submit chunks, keeping `window` in flight; yield results in input order."""
    pending: deque[Any] = deque()
    for chunk in _chunks(items, CHUNK):
        pending.append(submit(chunk))
        while len(pending) >= window:
            yield from result(pending.popleft())
    while pending:
        yield from result(pending.popleft())


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
