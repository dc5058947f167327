"""An ingest killed mid-way and resumed stores exactly what an uninterrupted one does."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa

from swapledger import service
from swapledger.store import Store
from swapledger.store.testing import BACKENDS, database_url

from .conftest import write_jsonl

PAGES = 600  # 300 about exchanges: six store batches, a few seconds on two cores
KILL_AFTER_DOCUMENTS = 50  # one batch committed
DEADLINE_S = 60


def _stored(url: str) -> int:
    """Documents stored so far (0 while the store is not made yet or is locked)."""
    if url.startswith("sqlite:///"):
        path = url.removeprefix("sqlite:///")
        try:
            with sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=1) as conn:
                return int(conn.execute("select count(*) from documents").fetchone()[0])
        except sqlite3.Error:  # not created yet, or locked by the writer
            return 0
    engine = sa.create_engine(url)
    try:
        with engine.connect() as conn:
            return int(conn.execute(sa.text("select count(*) from documents")).scalar_one())
    except sa.exc.SQLAlchemyError:  # not created yet
        return 0
    finally:
        engine.dispose()


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


@pytest.fixture(params=BACKENDS)
def killed_db(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """The store the killed ingest writes to: a SQLite file, or a PostgreSQL schema."""
    with database_url(request.param, tmp_path, "killed.db") as url:
        yield url


def test_a_killed_ingest_resumed_stores_what_an_uninterrupted_one_does(
    tmp_path: Path, killed_db: str
) -> None:
    pages = write_jsonl(tmp_path / "pages.jsonl", PAGES)
    whole = f"sqlite:///{tmp_path / 'whole.db'}"
    with Store(whole) as store:
        service.ingest(store, [], [str(pages)], workers=1)

    db = killed_db
    args = ["--input", str(pages), "--db", db, "--workers", "2"]
    first = _ingest(args)
    deadline = time.monotonic() + DEADLINE_S
    while _stored(db) < KILL_AFTER_DOCUMENTS and first.poll() is None:
        assert time.monotonic() < deadline, "the first ingest stored nothing in time"
        time.sleep(0.02)
    os.killpg(first.pid, signal.SIGKILL)  # the run and its workers, mid-way
    first.wait()
    interrupted = _stored(db)
    assert interrupted < PAGES // 2, "the first ingest finished before it could be killed"

    second = _ingest([*args, "--resume"])
    out, err = second.communicate(timeout=DEADLINE_S)
    assert second.returncode == 0, err.decode()
    assert ", 0 already stored," in out.decode(), out.decode()  # nothing read twice
    assert _contents(db) == _contents(whole)
