"""The CLI end to end: exit codes, skip lines, output shapes, no tracebacks."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from swapledger import __version__
from swapledger.cli.main import app
from swapledger.store import Store

from .conftest import EVIDENCE, Pages


def run(runner: CliRunner, *args: str):  # type: ignore[no-untyped-def]
    result = runner.invoke(app, list(args))
    assert "Traceback" not in result.output, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(
        result.exception
    )
    return result


def skip_lines(text: str) -> list[str]:
    return [line for line in text.splitlines() if line.startswith("skipped ")]


# -- global -------------------------------------------------------------------------


def test_version_prints_the_package_version(runner: CliRunner) -> None:
    result = run(runner, "--version")
    assert result.exit_code == 0
    assert result.stdout.strip() == f"swapledger {__version__}"


def test_an_unknown_command_is_a_usage_error(runner: CliRunner) -> None:
    assert run(runner, "frobnicate").exit_code == 2


# -- ingest -------------------------------------------------------------------------


def test_ingesting_good_pages_exits_0_with_a_summary(
    runner: CliRunner, pages: Pages, db: str
) -> None:
    result = run(runner, "ingest", *pages.good, "--db", db)
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("documents: 2 new, 0 already stored, 0 skipped;")
    assert skip_lines(result.stderr) == []
    assert Store(db).counts().documents == 2


def test_ingesting_bad_inputs_prints_one_line_per_skip_and_exits_1(
    runner: CliRunner, pages: Pages, db: str
) -> None:
    result = run(runner, "ingest", *pages.good, *pages.bad, "--input", str(pages.jsonl), "--db", db)
    assert result.exit_code == 1, result.output
    lines = skip_lines(result.stderr)
    # empty file, binary file, missing path, malformed JSONL line: one line each
    assert len(lines) == 4, lines
    assert any("nope.txt" in line for line in lines)
    assert any("line 2" in line for line in lines)
    assert "3 new" in result.stdout and "4 skipped" in result.stdout
    assert Store(db).counts().skipped == 4


def test_reingesting_the_same_pages_adds_nothing(runner: CliRunner, pages: Pages, db: str) -> None:
    args = ["ingest", *pages.good, "--input", str(pages.jsonl), "--db", db]
    run(runner, *args)
    before = Store(db).counts()
    again = run(runner, *args)
    assert "0 new, 3 already stored" in again.stdout
    assert Store(db).counts() == before


def test_ingest_stores_records_whose_evidence_is_in_their_article(
    runner: CliRunner, pages: Pages, db: str, fake_extractor: None
) -> None:
    result = run(runner, "ingest", str(pages.root), "--db", db)
    assert result.exit_code == 0
    assert "records: 1" in result.stdout
    rows = Store(db).records()
    assert [r.record.count for r in rows] == [909]
    for row in rows:
        span = row.record.evidence
        assert row.article.text[span.start : span.end] == row.record.evidence_text


def test_whatever_the_real_extractor_stores_points_at_its_evidence(
    runner: CliRunner, pages: Pages, db: str
) -> None:
    run(runner, "ingest", *pages.good, "--input", str(pages.jsonl), "--db", db)
    assert all(row.evidence_holds() for row in Store(db).records())


def test_ingest_without_inputs_is_a_usage_error(runner: CliRunner, db: str) -> None:
    result = run(runner, "ingest", "--db", db)
    assert result.exit_code == 2
    assert result.stderr.startswith("swapledger: give at least one PATH")


@pytest.mark.parametrize("url", ["foo://", "not a url", "sqlite:////no/such/dir/x.db"])
def test_a_bad_db_url_is_one_line_and_exit_2(runner: CliRunner, pages: Pages, url: str) -> None:
    result = run(runner, "ingest", *pages.good, "--db", url)
    assert result.exit_code == 2
    assert result.stderr.startswith(f"swapledger: cannot open store '{url}'")
    assert len(result.stderr.strip().splitlines()) == 1


# -- extract ------------------------------------------------------------------------


def test_extract_prints_one_json_line_per_document(runner: CliRunner, pages: Pages) -> None:
    result = run(runner, "extract", *pages.good, "--input", str(pages.jsonl))
    assert result.exit_code == 1  # the malformed JSONL line
    docs = [json.loads(line) for line in result.stdout.splitlines()]
    assert [d["id"] for d in docs] == ["returned-909", "swap-84", "wire-1"]
    for d in docs:
        assert set(d) == {"id", "url", "published", "articles", "records"}
        for a in d["articles"]:
            assert {"title", "outlet", "published", "age", "text", "records"} <= set(a)
        assert d["records"] == [r for a in d["articles"] for r in a["records"]]
    wire = docs[2]
    assert wire["url"] == "https://example.org/wire-1"
    assert wire["published"] == "2025-06-13"
    assert len(skip_lines(result.stderr)) == 1


def test_extract_records_have_the_spec_fields_and_offsets(
    runner: CliRunner, pages: Pages, fake_extractor: None
) -> None:
    result = run(runner, "extract", str(pages.good_txt))
    assert result.exit_code == 0
    doc = json.loads(result.stdout)
    (record,) = doc["records"]
    assert record == {
        "status": "completed",
        "kind": "remains",
        "from": "russia",
        "to": "ukraine",
        "count": 909,
        "qualifier": "exact",
        "date": None,
        "evidence": EVIDENCE,
        "evidence_start": record["evidence_start"],
        "evidence_end": record["evidence_end"],
    }
    text = doc["articles"][0]["text"]
    assert text[record["evidence_start"] : record["evidence_end"]] == EVIDENCE


def test_extract_as_a_table_shows_the_records(
    runner: CliRunner, pages: Pages, fake_extractor: None
) -> None:
    result = run(runner, "extract", str(pages.good_txt), "--format", "table")
    assert result.exit_code == 0
    assert "russia → ukraine" in result.stdout
    assert "909" in result.stdout


def test_extract_of_a_missing_file_is_a_skip_not_a_traceback(
    runner: CliRunner, pages: Pages
) -> None:
    result = run(runner, "extract", str(pages.missing))
    assert result.exit_code == 1
    assert result.stdout == ""
    assert skip_lines(result.stderr) == [
        f"skipped {pages.missing}: no such file or folder (ingest)"
    ]


# -- records ------------------------------------------------------------------------


@pytest.fixture
def stored(runner: CliRunner, pages: Pages, db: str, fake_extractor: None) -> str:
    run(runner, "ingest", str(pages.root), "--db", db)
    return db


def test_records_as_json_carry_article_outlet_url_and_evidence(
    runner: CliRunner, stored: str
) -> None:
    result = run(runner, "records", "--db", stored, "--format", "json")
    assert result.exit_code == 0
    (row,) = json.loads(result.stdout)
    assert row["document"] == "returned-909"
    assert row["article"] == "returned-909#0"
    assert row["count"] == 909 and row["from"] == "russia" and row["to"] == "ukraine"
    assert row["evidence"] == EVIDENCE
    assert {"outlet", "url", "evidence_start", "evidence_end"} <= set(row)


def test_records_as_csv_have_a_header_and_a_row_per_record(runner: CliRunner, stored: str) -> None:
    result = run(runner, "records", "--db", stored, "--format", "csv")
    assert result.exit_code == 0
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert len(rows) == 1
    assert rows[0]["count"] == "909"
    assert rows[0]["evidence"] == EVIDENCE


def test_records_as_a_table_is_for_people(runner: CliRunner, stored: str) -> None:
    result = run(runner, "records", "--db", stored)
    assert result.exit_code == 0
    assert "russia → ukraine" in result.stdout


def test_records_of_an_empty_store_is_an_empty_list(runner: CliRunner, db: str) -> None:
    result = run(runner, "records", "--db", db, "--format", "json")
    assert result.exit_code == 0
    assert json.loads(result.stdout) == []


def test_records_with_a_bad_db_is_one_line_and_exit_2(runner: CliRunner) -> None:
    result = run(runner, "records", "--db", "foo://")
    assert result.exit_code == 2
    assert result.stderr.startswith("swapledger: cannot open store 'foo://'")


def test_an_unknown_format_is_a_usage_error(runner: CliRunner, db: str) -> None:
    assert run(runner, "records", "--db", db, "--format", "xml").exit_code == 2


# -- clean --------------------------------------------------------------------------


def test_clean_as_jsonl_gives_each_kept_article(runner: CliRunner, pages: Pages) -> None:
    result = run(runner, "clean", str(pages.good_txt), "--format", "jsonl")
    assert result.exit_code == 0
    articles = [json.loads(line) for line in result.stdout.splitlines()]
    assert articles and articles[0]["document"] == "returned-909"
    assert {"title", "outlet", "age", "published", "text"} <= set(articles[0])
    assert "909 soldiers" in "".join(a["text"] for a in articles)


def test_clean_as_text_shows_headers_then_text(runner: CliRunner, pages: Pages) -> None:
    result = run(runner, "clean", str(pages.good_txt), str(pages.empty))
    assert result.exit_code == 1
    assert "== returned-909#0 ==" in result.stdout
    assert "909 soldiers" in result.stdout
    assert len(skip_lines(result.stderr)) == 1


# -- evaluate -----------------------------------------------------------------------


def write_corpus(root: Path) -> Path:
    from .conftest import ARTICLE

    (root / "docs").mkdir(parents=True)
    (root / "gold").mkdir()
    gold = {
        "status": "completed",
        "kind": "remains",
        "from": "russia",
        "to": "ukraine",
        "count": 909,
        "qualifier": "exact",
        "date": None,
        "evidence": EVIDENCE,
    }
    for name, lang, records in (
        ("a", "en", [gold]),
        ("b", "en", [gold, {**gold, "count": 41, "from": "ukraine", "to": "russia"}]),
        ("c", "uk", []),
    ):
        (root / "docs" / f"{name}.txt").write_text(ARTICLE, encoding="utf-8")
        meta = {"id": name, "url": None, "published": None, "language": lang, "records": records}
        (root / "gold" / f"{name}.json").write_text(json.dumps(meta), encoding="utf-8")
    return root


def test_evaluate_ends_with_a_summary_of_the_scores(
    runner: CliRunner, tmp_path: Path, fake_extractor: None
) -> None:
    result = run(runner, "evaluate", str(write_corpus(tmp_path / "corpus")))
    assert result.exit_code == 0, result.output
    tail = result.stdout.strip().splitlines()[-3:]
    # produced: 909 in a, b, c; gold: 909 in a, b and 41 in b -> 2 tp, 1 fp, 1 fn
    assert tail == [
        "records: precision 0.667 recall 0.667 F1 0.667 (2 tp / 1 fp / 1 fn)",
        "qualifier accuracy 1.000 over 2 matched",
        "date accuracy 1.000 over 2 matched",
    ]


def test_evaluate_verbose_lists_missed_and_spurious_records(
    runner: CliRunner, tmp_path: Path, fake_extractor: None
) -> None:
    result = run(runner, "evaluate", str(write_corpus(tmp_path / "corpus")), "--verbose")
    missed = [line for line in result.stdout.splitlines() if line.startswith("missed")]
    spurious = [line for line in result.stdout.splitlines() if line.startswith("spurious")]
    assert len(missed) == 1 and "b:" in missed[0] and "41" in missed[0]
    assert len(spurious) == 1 and "c:" in spurious[0] and EVIDENCE in spurious[0]


def test_evaluate_json_with_a_language_filter(
    runner: CliRunner, tmp_path: Path, fake_extractor: None
) -> None:
    result = run(
        runner, "evaluate", str(write_corpus(tmp_path / "corpus")), "--json", "--lang", "uk,ru"
    )
    assert result.exit_code == 0
    scores = json.loads(result.stdout)
    assert (scores["documents"], scores["tp"], scores["fp"], scores["fn"]) == (1, 0, 1, 0)
    assert scores["precision"] == 0.0


def test_evaluate_of_a_folder_that_is_not_a_corpus_is_one_line_and_exit_2(
    runner: CliRunner, tmp_path: Path
) -> None:
    result = run(runner, "evaluate", str(tmp_path))
    assert result.exit_code == 2
    assert result.stderr.startswith("swapledger: corpus folder")
    assert len(result.stderr.strip().splitlines()) == 1


def test_records_can_be_filtered_and_a_bad_filter_is_exit_2(runner: CliRunner, stored: str) -> None:
    kept = run(runner, "records", "--db", stored, "-f", "json", "--status", "completed")
    assert len(json.loads(kept.stdout)) == 1
    none = run(runner, "records", "--db", stored, "-f", "json", "--kind", "prisoners")
    assert json.loads(none.stdout) == []
    bad = run(runner, "records", "--db", stored, "--status", "done")
    assert bad.exit_code == 2
    assert bad.stderr.startswith("swapledger: --status must be one of")
