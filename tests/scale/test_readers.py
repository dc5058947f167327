"""Reader processes that share a large WARC give what one reader gives, in its order."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from swapledger import gate, parallel, service
from swapledger.ingest import read_inputs
from swapledger.model import Document, Skipped
from swapledger.store import Store

from .conftest import write_warc


@pytest.fixture
def shard_everything(monkeypatch: pytest.MonkeyPatch) -> None:
    """Share every archive among readers, however small (tests use small ones)."""
    monkeypatch.setattr(parallel, "SHARD_MIN_BYTES", 0)
    monkeypatch.setattr(parallel, "SHARD_BATCH", 7)  # many batches, a few records each


def _items(path: Path, readers: int, **options: object) -> list[object]:
    return [
        (type(i).__name__, i.id, i.content, i.source)
        if isinstance(i, Document)
        else (type(i).__name__, i.input_id, i.stage, i.reason, getattr(i, "source", None))
        for i in read_inputs(
            [str(path)],
            warc_reader=parallel.warc_reader(readers),
            **options,  # type: ignore[arg-type]
        )
    ]


@pytest.mark.parametrize("readers", [2, 3])
def test_readers_give_every_item_one_reader_gives_in_the_same_order(
    tmp_path: Path, shard_everything: None, readers: int
) -> None:
    warc = write_warc(tmp_path / "crawl.warc.gz", 30)
    for options in ({}, {"prefilter": gate.prefilter}, {"done": {str(warc): 17}}):
        one = _items(warc, 1, **options)
        assert one, options
        assert _items(warc, readers, **options) == one


def test_a_broken_archive_is_said_once_after_every_record_read(
    tmp_path: Path, shard_everything: None
) -> None:
    whole = write_warc(tmp_path / "whole.warc.gz", 12)
    broken = tmp_path / "broken.warc.gz"
    broken.write_bytes(whole.read_bytes() + b"not gzip at all" * 50)
    one = _items(broken, 1)
    two = _items(broken, 2)
    assert two == one
    assert [i for i in two if "not a valid WARC file" in str(i)] == [one[-1]]
    bogus = tmp_path / "bogus.warc"
    bogus.write_text("no WARC headers here\n" * 10, encoding="utf-8")
    [closing] = _items(bogus, 2)
    assert [closing] == _items(bogus, 1) and "WARC" in str(closing)


def _die(*args: object) -> None:
    os._exit(3)


def test_a_reader_that_dies_is_one_skip_not_a_hang(
    tmp_path: Path, shard_everything: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(parallel, "_read_shard", _die)
    monkeypatch.setattr(parallel, "READER_POLL_S", 0.05)
    warc = write_warc(tmp_path / "crawl.warc.gz", 6)
    items = list(service.documents([str(warc)], warc_reader=parallel.warc_reader(2)))
    assert len(items) == 1 and isinstance(items[0], Skipped)
    assert "stopped (exit code 3)" in items[0].reason


class _Stop(Exception):
    pass


def test_an_ingest_stopped_mid_way_resumes_to_what_one_uninterrupted_run_stores(
    tmp_path: Path, shard_everything: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(service, "STORE_BATCH", 5)
    monkeypatch.setattr(parallel, "CHUNK", 2)  # few pages in flight when it stops
    monkeypatch.setattr(parallel, "WINDOW_PER_WORKER", 1)
    warc = str(write_warc(tmp_path / "crawl.warc.gz", 120, every=3))
    with Store(f"sqlite:///{tmp_path / 'whole.db'}") as store:
        whole = service.ingest(store, [warc], workers=1)
        expected = sorted((d.id, d.content) for d in store.documents())
        progress = store.progress()

    seen = 0

    def stop_half_way(_: str) -> None:
        nonlocal seen
        seen += 1
        if seen == 160:  # of 242 records
            raise _Stop

    url = f"sqlite:///{tmp_path / 'stopped.db'}"
    with Store(url) as store, pytest.raises(_Stop):
        service.ingest(store, [warc], workers=2, progress=stop_half_way)
    with Store(url) as store:
        assert 0 < store.counts().documents < whole.new
        resumed = service.ingest(store, [warc], workers=2, resume=True)
        assert resumed.already_stored == 0  # nothing read twice
        assert sorted((d.id, d.content) for d in store.documents()) == expected
        assert store.progress() == progress
