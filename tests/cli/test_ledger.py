"""`swapledger ledger`, `agreements` and `totals`: the shapes tools read, the table people read."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from swapledger.cli.main import app

PAGE_A = (
    "Bodies returned to Ukraine\n\n"
    "Russia returned the bodies of 1,212 Ukrainian soldiers to Ukraine on Wednesday, "
    "receiving 27 bodies in return, the Coordination Headquarters said.\n\n"
    "Moscow and Kyiv agreed to exchange the bodies of 6,000 soldiers each.\n\n"
    "Ukraine has received at least 15,000 bodies since the start of the war.\n"
)
PAGE_B = (
    "Exchange of the fallen\n\n"
    "Ukraine received the remains of more than 1,200 soldiers from Russia on Wednesday, "
    "officials said.\n"
)
PAGE_C = (
    "Istanbul talks\n\n"
    "Published June 2, 2025\n\n"
    "Moscow and Kyiv agreed on Monday to exchange the bodies of 6,000 soldiers each, "
    "negotiators said.\n"
)


@pytest.fixture
def ledger_db(tmp_path: Path, runner: CliRunner, db: str) -> str:
    """A store holding two pages about one exchange, one agreement (restated by a page
    of the day it was made) and one total."""
    pages = []
    for name, text in (("a.txt", PAGE_A), ("b.txt", PAGE_B), ("c.txt", PAGE_C)):
        (tmp_path / name).write_text(text, encoding="utf-8")
        pages.append(str(tmp_path / name))
    result = runner.invoke(app, ["ingest", *pages, "--db", db])
    assert result.exit_code == 0, result.output
    return db


def _json(runner: CliRunner, *args: str) -> list[dict]:
    result = runner.invoke(app, [*args, "--format", "json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_ledger_json_is_a_list_of_events_with_the_promised_keys(
    runner: CliRunner, ledger_db: str
) -> None:
    (event,) = _json(runner, "ledger", "--db", ledger_db)
    assert {"date", "date_range", "kind", "transfers", "sources", "conflicts"} <= set(event)
    assert event["kind"] == "remains"
    counts = {(t["from"], t["to"]): (t["count"], t["qualifier"]) for t in event["transfers"]}
    assert counts == {("russia", "ukraine"): (1212, "exact"), ("ukraine", "russia"): (27, "exact")}
    assert len({s["document"] for s in event["sources"]}) == 2
    assert all({"outlet", "url", "evidence"} <= set(s) for s in event["sources"])


def test_every_count_in_the_ledger_json_names_its_evidence(
    runner: CliRunner, ledger_db: str
) -> None:
    for command in ("ledger", "agreements", "totals"):
        for item in _json(runner, command, "--db", ledger_db):
            for t in item["transfers"]:
                chosen = [f for f in t["figures"] if f["count"] == t["count"]]
                assert chosen and all(s["evidence"] for s in chosen[0]["sources"]), command


def test_agreements_show_progress_against_the_target(runner: CliRunner, ledger_db: str) -> None:
    (deal,) = _json(runner, "agreements", "--db", ledger_db)
    assert deal["announced"] == "2025-06-02"
    progress = {(p["from"], p["to"]): (p["done"], p["target"]) for p in deal["progress"]}
    assert progress == {("russia", "ukraine"): (1212, 6000), ("ukraine", "russia"): (27, 6000)}


def test_an_agreement_of_unknown_day_counts_the_handovers_reported_with_it(
    runner: CliRunner, db: str, tmp_path: Path
) -> None:
    # undated pages: the deal counts the handover its page reports beside it; an offer
    # on a page of its own, after that handover, counts none
    (tmp_path / "a.txt").write_text(PAGE_A, encoding="utf-8")
    (tmp_path / "offer.txt").write_text(
        "More bodies\n\nAbout 3,000 more bodies of Ukrainian soldiers are ready to be "
        "handed over if Kyiv agrees to take them, Russia's negotiator said.\n",
        encoding="utf-8",
    )
    args = ["ingest", str(tmp_path / "a.txt"), str(tmp_path / "offer.txt"), "--db", db]
    assert runner.invoke(app, args).exit_code == 0
    deals = {d["transfers"][0]["count"]: d for d in _json(runner, "agreements", "--db", db)}
    assert all(d["announced"] is None for d in deals.values())
    done = {n: [(p["from"], p["to"], p["done"]) for p in d["progress"]] for n, d in deals.items()}
    assert done == {
        6000: [("russia", "ukraine", 1212), ("ukraine", "russia", 27)],
        3000: [("russia", "ukraine", 0)],
    }


def test_totals_stand_beside_the_ledger_sum(runner: CliRunner, ledger_db: str) -> None:
    (total,) = _json(runner, "totals", "--db", ledger_db)
    (tally,) = total["ledger"]
    assert (tally["reported"], tally["ledger"], tally["gap"]) == (15000, 1212, 13788)


def test_ledger_csv_has_one_row_per_direction(runner: CliRunner, ledger_db: str) -> None:
    result = runner.invoke(app, ["ledger", "--db", ledger_db, "--format", "csv"])
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert [(r["from"], r["to"], r["count"]) for r in rows] == [
        ("russia", "ukraine", "1212"),
        ("ukraine", "russia", "27"),
    ]
    assert all(r["evidence"] for r in rows)


def test_ledger_parquet_is_written_to_a_file(
    runner: CliRunner, ledger_db: str, tmp_path: Path
) -> None:
    pq = pytest.importorskip("pyarrow.parquet")
    out = tmp_path / "ledger.parquet"
    result = runner.invoke(app, ["ledger", "--db", ledger_db, "-f", "parquet", "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert pq.read_table(out).column("count").to_pylist() == [1212, 27]


def test_the_ledger_table_reads_like_a_story(runner: CliRunner, ledger_db: str) -> None:
    result = runner.invoke(app, ["ledger", "--db", ledger_db])
    assert result.exit_code == 0
    assert "Russia → Ukraine 1,212; Ukraine → Russia 27" in result.stdout
    assert "confirmed by Ukraine" in result.stdout


def test_a_store_that_cannot_be_opened_is_one_line_and_exit_2(runner: CliRunner) -> None:
    result = runner.invoke(app, ["ledger", "--db", "nosuchdialect://x"])
    assert result.exit_code == 2
    assert result.stderr.startswith("swapledger: cannot open store")
