"""Where an ingest's time goes: wall clock and CPU, parent and children, at each phase.

Runs `service.ingest` on one input with N workers into a new SQLite store and prints,
at each phase (imports, store open, warm-up, readers started, reading done, done), the
seconds since start, this process's CPU and its reaped children's CPU (the readers
once reading is done; the workers at the end).

    .venv/bin/python benchmarks/ingest_phases.py /tmp/tp/news/crawl.warc.gz --workers 2

(`benchmarks/throughput.py --keep /tmp/tp/news` builds that WARC.)
"""

from __future__ import annotations

import argparse
import resource
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

T0 = time.perf_counter()


def mark(what: str) -> None:
    own = resource.getrusage(resource.RUSAGE_SELF)
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    print(
        f"{time.perf_counter() - T0:6.2f} s  parent CPU {own.ru_utime + own.ru_stime:5.2f} s"
        f"  children CPU {kids.ru_utime + kids.ru_stime:5.2f} s  {what}",
        flush=True,
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("input")
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()

    from swapledger import parallel, pipeline, service
    from swapledger.store import Store

    mark("imports done")
    warm = pipeline.warm

    def timed_warm(*a: Any, **k: Any) -> None:
        mark("warm-up starts")
        warm(*a, **k)
        mark("warm-up done")

    pipeline.warm = timed_warm  # type: ignore[assignment]
    spanned = parallel.spanned_warc

    def timed_spanned(*a: Any, **k: Any) -> Iterator[Any]:
        mark("readers start")
        yield from spanned(*a, **k)
        mark("reading done")

    parallel.spanned_warc = timed_spanned  # type: ignore[assignment]
    with tempfile.TemporaryDirectory() as folder:
        with Store(f"sqlite:///{Path(folder) / 'ledger.db'}") as store:
            mark("store open")
            report = service.ingest(store, [args.input], workers=args.workers)
        mark(f"done: {report.new} new documents, {report.records} records")


if __name__ == "__main__":
    sys.exit(main())
