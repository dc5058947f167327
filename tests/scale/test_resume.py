"""An ingest killed mid-way and resumed stores exactly what an uninterrupted one does."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

from swapledger import service
from swapledger.store import Store

from .conftest import write_jsonl

PAGES = 600  # 300 about exchanges: six store batches, a few seconds on two cores
KILL_AFTER_DOCUMENTS = 50  # one batch committed
DEADLINE_S = 60


def _stored(path: Path) -> int:
    try:
        with sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=1) as conn:
            return conn.execute("select count(*) from documents").fetchone()[0]
    except sqlite3.Error:  # not created yet, or locked by the writer
        return 0


def _contents(url: str) -> tuple[object, list[tuple[object, ...]]]:
    with Store(url) as store:
        rows = sorted(
            (
                r.document.id,
                r.record.count,
                r.record.kind,
                r.record.status,
                r.record.direction(),
                r.record.evidence_text,
            )
            for r in store.records()
        )
        return store.counts(), rows


def _ingest(args: list[str]) -> subprocess.Popen[bytes]:
    cmd = [sys.executable, "-m", "swapledger", "ingest", *args]
    return subprocess.Popen(
        cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True
    )


def test_a_killed_ingest_resumed_stores_what_an_uninterrupted_one_does(tmp_path: Path) -> None:
    pages = write_jsonl(tmp_path / "pages.jsonl", PAGES)
    whole = f"sqlite:///{tmp_path / 'whole.db'}"
    with Store(whole) as store:
        service.ingest(store, [], [str(pages)], workers=1)

    db_path = tmp_path / "killed.db"
    db = f"sqlite:///{db_path}"
    args = ["--input", str(pages), "--db", db, "--workers", "2"]
    first = _ingest(args)
    deadline = time.monotonic() + DEADLINE_S
    while _stored(db_path) < KILL_AFTER_DOCUMENTS and first.poll() is None:
        assert time.monotonic() < deadline, "the first ingest stored nothing in time"
        time.sleep(0.02)
    os.killpg(first.pid, signal.SIGKILL)  # the run and its workers, mid-way
    first.wait()
    interrupted = _stored(db_path)
    assert interrupted < PAGES // 2, "the first ingest finished before it could be killed"

    second = _ingest([*args, "--resume"])
    out, err = second.communicate(timeout=DEADLINE_S)
    assert second.returncode == 0, err.decode()
    assert ", 0 already stored," in out.decode(), out.decode()  # nothing read twice
    assert _contents(db) == _contents(whole)
