"""`swapledger clean`: what the cleaner kept, article by article, with where each finding
came from, the days a relative age means, and which articles are copies of one another."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from swapledger.cli.main import app

ROOT = Path(__file__).resolve().parents[2]
AGGREGATOR = (ROOT / "tests" / "clean" / "pages" / "aggregator_with_related.txt").read_text()
COPIES = ROOT / "tests" / "clean" / "copies"


def _jsonl(tmp_path: Path) -> Path:
    """Four crawled pages: an aggregator fetched on 16 April 2023 at noon, the same page
    fetched again an hour later (its stories are exact copies), a wire story and its
    repost (near-duplicates), and an own report of the same swap (no copy)."""
    rows = [
        {"id": "agg-a", "text": AGGREGATOR, "fetched": "2023-04-16T12:00:00+00:00"},
        {
            "id": "agg-b",
            "text": AGGREGATOR,
            "fetched": "2023-04-16T13:00:00+00:00",
            "url": "https://news.example/agg",
        },
    ]
    for name in ("wire_original", "repost", "unrelated_same_event"):
        rows.append(
            {"id": name, "text": (COPIES / f"{name}.txt").read_text(), "published": "2024-10-18"}
        )
    path = tmp_path / "pages.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), "utf-8")
    return path


def _run(*args: str):
    result = CliRunner().invoke(app, ["clean", *args])
    assert result.exit_code == 0, result.output
    return result.stdout


def test_jsonl_says_how_outlet_and_date_were_found_and_the_days_an_age_means(tmp_path):
    out = [
        json.loads(x) for x in _run("--input", str(_jsonl(tmp_path)), "-f", "jsonl").splitlines()
    ]
    by_id = {a["id"]: a for a in out}
    main = by_id["agg-a#0"]
    assert (main["outlet"], main["outlet_from"]) == ("Example Wire", "outlet line beside its age")
    assert (main["age"], main["age_range"]) == ("3 days ago", ["2023-04-12", "2023-04-13"])
    assert (main["published"], main["published_from"]) == (
        "2023-04-13",
        "relative age before the fetch time",
    )
    assert main["fetched"] == "2023-04-16T12:00+00:00"
    related = by_id["agg-a#2"]
    assert (related["age"], related["age_range"]) == ("an hour ago", ["2023-04-16", "2023-04-16"])
    assert (by_id["wire_original#0"]["published"], by_id["wire_original#0"]["published_from"]) == (
        "2024-10-18",
        "given by the input",
    )


def test_copies_among_the_inputs_are_named_exact_and_near_and_an_own_report_is_not(tmp_path):
    out = [
        json.loads(x) for x in _run("--input", str(_jsonl(tmp_path)), "-f", "jsonl").splitlines()
    ]
    by_id = {a["id"]: a for a in out}
    second = by_id["agg-b#1"]
    assert second["copy_of"] == "agg-a#1"
    assert [(c["id"], c["copy"]) for c in second["also_published_by"]] == [
        ("agg-a#1", "exact copy")
    ]
    assert by_id["agg-a#1"]["copy_of"] is None
    assert [(c["id"], c["publisher"]) for c in by_id["agg-a#1"]["also_published_by"]] == [
        ("agg-b#1", "Example Wire")
    ]
    assert by_id["repost#0"]["copy_of"] == "wire_original#0"
    assert by_id["repost#0"]["also_published_by"][0]["copy"] == "near-duplicate"
    own = by_id["unrelated_same_event#0"]
    assert (own["copy_of"], own["also_published_by"]) == (None, [])


def test_text_shows_each_finding_with_its_source_and_the_copies(tmp_path):
    out = _run("--input", str(_jsonl(tmp_path)))
    block = out.split("== agg-b#0 ==\n", 1)[1].split("\n\n", 1)[0].splitlines()
    assert block == [
        "title: Yemen's warring parties free nearly 900 prisoners",
        "outlet: Example Wire (outlet line beside its age)",
        "age: 3 days ago: published 2023-04-12 .. 2023-04-13 (fetched 2023-04-16T13:00+00:00)",
        "published: 2023-04-13 (relative age before the fetch time)",
        "url: https://news.example/agg",
        "copy of: agg-a#0 (exact copy, Example Wire)",
    ]
    assert "copy of: wire_original#0 (near-duplicate, wire_original)" in out


def test_an_age_without_a_fetch_time_says_it_has_no_date_range(tmp_path):
    page = tmp_path / "agg.txt"
    page.write_text(AGGREGATOR, "utf-8")
    out = _run(str(page))
    assert "age: 3 days ago (fetch time unknown: no date range)" in out
    assert "published: unknown" in out
