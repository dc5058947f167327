"""Workers and Dask store what a serial ingest stores; WARC drops are counted, not listed."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from swapledger import parallel, service
from swapledger.cli.main import app
from swapledger.store import Store, templates
from swapledger.store.testing import BACKENDS, database_url

from .conftest import write_jsonl, write_warc


def _records(url: str) -> list[tuple[object, ...]]:
    with Store(url) as store:
        return sorted(
            (r.document.id, r.record.count, r.record.kind, r.record.direction(), r.record.status)
            for r in store.records()
        )


def _templates(url: str) -> tuple[list[object], list[object]]:
    """Every row of the site template memory: (site, pages), (site, line hash, pages)."""
    with Store(url) as store, store._tx("read") as conn:
        return (
            sorted(conn.execute(templates.template_sites.select()).all()),
            sorted(conn.execute(templates.template_lines.select()).all()),
        )


def _ingest(
    tmp_path: Path, name: str, inputs: list[str], **options: object
) -> service.IngestReport:
    with Store(f"sqlite:///{tmp_path / name}") as store:
        return service.ingest(store, inputs, **options)  # type: ignore[arg-type]


def test_two_worker_processes_store_what_one_process_stores(tmp_path: Path) -> None:
    warc = str(write_warc(tmp_path / "crawl.warc.gz", 60))
    one = _ingest(tmp_path, "one.db", [warc], workers=1)
    two = _ingest(tmp_path, "two.db", [warc], workers=2)
    assert one == two
    assert one.new == 30 and one.records >= 30
    assert _records(f"sqlite:///{tmp_path / 'one.db'}") == _records(
        f"sqlite:///{tmp_path / 'two.db'}"
    )
    # the site template memory learns the same lines, hashed by the workers
    learned = _templates(f"sqlite:///{tmp_path / 'one.db'}")
    assert learned[0] and learned[1]
    assert learned == _templates(f"sqlite:///{tmp_path / 'two.db'}")


def test_each_stored_page_s_lines_are_hashed_once_by_the_stage_that_read_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # the one writer must not parse each stored page again to learn its site's lines
    hashed: list[str] = []
    original = parallel.with_line_hashes

    def counted(result: object) -> object:
        out = original(result)  # type: ignore[arg-type]
        if getattr(out, "line_hashes", None) is not None:
            hashed.append(out.document.id)  # type: ignore[union-attr]
        return out

    monkeypatch.setattr(parallel, "with_line_hashes", counted)
    warc = str(write_warc(tmp_path / "crawl.warc.gz", 20))
    report = _ingest(tmp_path, "ledger.db", [warc], workers=1)
    assert report.new == 10 and sorted(hashed) == sorted(set(hashed)) and len(hashed) == 10
    sites, lines = _templates(f"sqlite:///{tmp_path / 'ledger.db'}")
    assert sites and lines


@pytest.mark.parametrize("backend", BACKENDS)
def test_a_dask_local_cluster_stores_what_one_process_stores(tmp_path: Path, backend: str) -> None:
    pytest.importorskip("distributed", reason="pip install 'dask[distributed]'")
    pages = str(write_jsonl(tmp_path / "pages.jsonl", 24))
    serial = _ingest(tmp_path, "serial.db", [pages], workers=1)
    with database_url(backend, tmp_path, "dask.db") as url:
        with Store(url) as store:
            on_dask = service.ingest(store, [pages], workers=1, dask=parallel.DASK_LOCAL)
        assert serial == on_dask and serial.new == 12
        assert _records(f"sqlite:///{tmp_path / 'serial.db'}") == _records(url)
        assert _templates(f"sqlite:///{tmp_path / 'serial.db'}") == _templates(url)


def test_warc_records_that_are_not_pages_and_gated_pages_are_counted_per_reason(
    small_warc: Path, tmp_path: Path
) -> None:
    report = _ingest(tmp_path, "ledger.db", [str(small_warc)])
    assert report.skipped == []
    assert report.new == 20
    assert report.filtered == {
        "WARC warcinfo record": 1,
        "WARC request record": 40,
        "WARC response that is not HTML": 1,
        "no exchange vocabulary": 20,
    }
    with Store(f"sqlite:///{tmp_path / 'ledger.db'}") as store:
        assert store.counts().skipped == 0  # routine drops are not quarantined
        assert store.progress() == {str(small_warc): 81}  # its last page; 82 is an image


def test_the_cli_prints_one_summary_line_not_a_line_per_dropped_record(
    small_warc: Path, tmp_path: Path
) -> None:
    runner = CliRunner()
    db = f"sqlite:///{tmp_path / 'ledger.db'}"
    result = runner.invoke(app, ["ingest", str(small_warc), "--db", db, "--workers", "2"])
    assert result.exit_code == 0, result.output
    assert result.stderr.count("skipped") == 0
    assert "20 new" in result.stdout
    assert "filtered: 40 WARC request record, 20 no exchange vocabulary, 1 WARC" in result.stdout


def test_extract_reports_dropped_warc_records_as_one_line_per_reason(small_warc: Path) -> None:
    result = CliRunner().invoke(app, ["extract", str(small_warc)])
    assert result.exit_code == 0, result.output
    assert "filtered 40 inputs: WARC request record" in result.stderr
    assert len(result.stdout.splitlines()) == 40  # every page, gate or not: extract shows all


def test_the_gate_can_be_turned_off(small_warc: Path, tmp_path: Path) -> None:
    report = _ingest(tmp_path, "ledger.db", [str(small_warc)], gate=False)
    assert report.new == 40 and "no exchange vocabulary" not in report.filtered


def test_a_page_whose_lines_cannot_be_hashed_is_stored_and_teaches_its_site_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    warc = str(write_warc(tmp_path / "crawl.warc.gz", 20))
    expected = _ingest(tmp_path, "before.db", [warc], workers=1)

    def broken(*_: object) -> None:
        raise ValueError("a bug in the line hashing")

    monkeypatch.setattr(parallel, "document_lines", broken)
    assert _ingest(tmp_path, "after.db", [warc], workers=1) == expected
    sites, lines = _templates(f"sqlite:///{tmp_path / 'after.db'}")
    assert sites and not lines  # pages counted per site, no line learned
