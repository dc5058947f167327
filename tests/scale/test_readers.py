"""Reader processes that share a large WARC give what one reader gives, in its order."""

from __future__ import annotations

import gzip
import os
from pathlib import Path

import pytest

from swapledger import gate, parallel, service
from swapledger.ingest import read_inputs
from swapledger.model import Document, Skipped
from swapledger.store import Store

from .conftest import write_warc


@pytest.fixture(params=["spans", "stride"])
def shard_everything(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    """Share every archive among readers, however small (tests use small ones): in spans
    of the file a few records long (a .warc.gz of a member per record), or every reader
    taking every n-th record (any other WARC)."""
    monkeypatch.setattr(parallel, "SHARD_MIN_BYTES", 0)
    monkeypatch.setattr(parallel, "SHARD_BATCH", 7)  # many batches, a few records each
    monkeypatch.setattr(parallel, "SPAN_BYTES", 1500)  # a few records a span, some none
    if request.param == "stride":
        monkeypatch.setattr(parallel, "_member_per_record", lambda path: False)
    return str(request.param)


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


def test_an_archive_broken_in_the_middle_is_read_up_to_the_break_as_by_one_reader(
    tmp_path: Path, shard_everything: None
) -> None:
    whole = write_warc(tmp_path / "whole.warc.gz", 30).read_bytes()
    starts = [m for m in range(len(whole)) if whole.startswith(b"\x1f\x8b\x08", m)]
    middle = starts[len(starts) // 2]
    broken = tmp_path / "broken.warc.gz"
    broken.write_bytes(whole[: middle + 40] + b"\x00" * 60 + whole[middle + 100 :])
    one = _items(broken, 1)
    assert "not a valid WARC file" in str(one[-1])
    assert _items(broken, 2) == one


def test_a_false_record_start_costs_time_not_records(
    tmp_path: Path, shard_everything: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    # should a span end be placed off a record's start (the gzip magic occurring in
    # compressed data and inflating to "WARC/" by chance), the merge reads on as one
    # reader does instead of losing or repeating records
    real = parallel.record_start

    def off_by_some(handle: object, offset: int, size: int) -> int:
        found = real(handle, offset, size)
        return min(size, found + 5) if offset == 3 * parallel.SPAN_BYTES else found

    monkeypatch.setattr(parallel, "record_start", off_by_some)
    warc = write_warc(tmp_path / "crawl.warc.gz", 30)
    assert _items(warc, 2) == _items(warc, 1)


def test_a_record_start_is_a_gzip_member_that_inflates_to_a_warc_record(tmp_path: Path) -> None:
    from swapledger.ingest.warc import record_start

    member = write_warc(tmp_path / "one.warc.gz", 1).read_bytes()
    decoy = b"\x1f\x8b\x08\x00junk" + gzip.compress(b"not a WARC record at all")
    data = b"x" * 10 + decoy + member
    path = tmp_path / "mixed.bin"
    path.write_bytes(data)
    with path.open("rb") as handle:
        assert record_start(handle, 0, len(data)) == 10 + len(decoy)
        assert record_start(handle, len(data) - 3, len(data)) == len(data)


def _die(*args: object) -> None:
    os._exit(3)


def test_a_reader_that_dies_is_one_skip_not_a_hang(
    tmp_path: Path, shard_everything: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(parallel, "_read_shard", _die)
    monkeypatch.setattr(parallel, "_read_spans", _die)
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


def test_a_reader_that_cannot_read_the_file_says_so_once_with_what_came_before(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # span readers look for record starts in the file itself
    monkeypatch.setattr(parallel, "SHARD_MIN_BYTES", 0)
    monkeypatch.setattr(parallel, "SPAN_BYTES", 1500)
    real = parallel.record_start

    def failing(handle: object, offset: int, size: int) -> int:
        if offset == 4 * parallel.SPAN_BYTES:
            raise OSError(5, "Input/output error")
        return real(handle, offset, size)

    monkeypatch.setattr(parallel, "record_start", failing)
    warc = write_warc(tmp_path / "crawl.warc.gz", 30)
    one = _items(warc, 1)
    two = _items(warc, 2)
    *read, closing = two
    assert read == one[: len(read)] and read  # what came before, as one reader gives it
    assert "not a valid WARC file after record" in closing[3] and "Input/output" in closing[3]
