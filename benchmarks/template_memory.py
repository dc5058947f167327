"""Template memory at scale: how long the writer takes to read a big site's memory.

Ingest reads a site's `TemplateMemory` (store/templates.py) before cleaning its pages,
and again after every batch that taught the site new lines. A site's line rows grow
with its pages (~100 distinct lines a page), so a read that filtered every row of the
site would grow with the crawl, and the crawl with it quadratically. The index on
(site, pages) reads only the frequent lines. This prints, for sites of N pages, the
rows stored, the time to learn them (batches of 500 pages) and the time of one read.

    .venv/bin/python benchmarks/template_memory.py                # 1,000 .. 20,000 pages
    .venv/bin/python benchmarks/template_memory.py --pages 5000
"""

from __future__ import annotations

import argparse
import hashlib
import tempfile
import time
from pathlib import Path

from swapledger.store import Store, templates

LINES = 100  # distinct story lines a page
FOOTER = {f"footer-{i}" for i in range(20)}  # lines on every page of the site
BATCH = 500


def run(pages: int, folder: Path) -> tuple[int, float, float]:
    db = folder / f"memory-{pages}.db"
    db.unlink(missing_ok=True)
    with Store(f"sqlite:///{db}") as store:
        t = time.perf_counter()
        for first in range(0, pages, BATCH):
            batch = [
                (
                    "big.example",
                    FOOTER
                    | {hashlib.sha256(f"{p}-{n}".encode()).hexdigest()[:16] for n in range(LINES)},
                )
                for p in range(first, min(pages, first + BATCH))
            ]
            templates.learn(store, batch)
        learned = time.perf_counter() - t
        reads = []
        for _ in range(5):
            t = time.perf_counter()
            memory = templates.memory(store, "big.example")
            reads.append(time.perf_counter() - t)
        assert set(memory.seen) == FOOTER
    return pages * (LINES + len(FOOTER)), learned, sorted(reads)[len(reads) // 2]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--pages", type=int, nargs="*", default=[1000, 5000, 20000])
    args = parser.parse_args()
    print(f"{'site pages':>10} {'line rows':>10} {'learn s':>8} {'read ms':>8}")
    with tempfile.TemporaryDirectory() as folder:
        for pages in args.pages:
            rows, learned, read = run(pages, Path(folder))
            print(f"{pages:>10,} {rows:>10,} {learned:8.1f} {read * 1000:8.1f}")


if __name__ == "__main__":
    main()
