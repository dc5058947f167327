"""Scraped text is untrusted: a page carrying <script>, on*= attributes and javascript: links
(in its text, its title and its URL) is shown as text on every page, and links nowhere."""

from __future__ import annotations

import re
from pathlib import Path

from fastapi.testclient import TestClient

from swapledger.web import charts, present

TAG = re.compile(r"<\s*(script|img|iframe|svg\s+onload)\b", re.IGNORECASE)
HANDLER = re.compile(r"<[^>]*\son[a-z]+\s*=", re.IGNORECASE)
JS_LINK = re.compile(r"""(href|src|action)\s*=\s*["']?\s*javascript:""", re.IGNORECASE)


def _pages(client: TestClient) -> dict[str, str]:
    ledger = client.get("/ledger").text
    events = sorted(set(re.findall(r'href="(/events/[^"]+)"', ledger)))
    assert len(events) >= 2
    paths = ["/", "/ledger", "/review", "/ledger?q=script", *events]
    for article in ("hostile-text%230", "hostile-html%230"):
        paths += [f"/articles/{article}", f"/articles/{article}?raw=1"]
    return {p: client.get(p).text for p in paths}


def test_hostile_markup_is_escaped_on_every_page(make_client, hostile_db: Path):
    client = make_client(token=None, db=hostile_db)
    shown = 0
    for path, html in _pages(client).items():
        assert not TAG.search(html), path
        assert not HANDLER.search(html), path
        assert not JS_LINK.search(html), path
        shown += html.count("&lt;script&gt;") + html.count("&lt;img src=x onerror=")
    assert shown >= 5  # the markup is there, as text


def test_a_javascript_url_is_shown_as_text_never_as_a_link(make_client, hostile_db: Path):
    client = make_client(token=None, db=hostile_db)
    html = client.get("/articles/hostile-text%230").text
    assert "(javascript:window.__pwned=4)" in html
    assert 'href="javascript' not in html
    assert present.safe_url("javascript:alert(1)") is None
    assert present.safe_url(" JavaScript:alert(1)") is None
    assert present.safe_url("java\nscript:alert(1)") is None
    assert present.safe_url("data:text/html,<script>") is None
    assert present.safe_url("//evil.example/x") is None
    assert present.safe_url("https://ok.example/a?b=<c>") == "https://ok.example/a?b=<c>"


def test_the_ledger_csv_defuses_cells_a_spreadsheet_would_run(make_client, hostile_db: Path):
    client = make_client(token=None, db=hostile_db)
    body = client.get("/ledger.csv").text
    assert "javascript:window.__pwned=4" in body  # the url, kept as data
    for cell in re.split(r"[,\n]", body):
        assert not cell.lstrip('"').startswith(("=", "+", "@")), cell


def test_chart_labels_are_escaped(make_client, hostile_db: Path):
    client = make_client(token=None, db=hostile_db)
    views = client.app.state.swapledger.ledger().events
    for chart in charts.timelines(views):
        assert "<script" not in str(chart.svg)
        assert str(chart.svg).startswith('<svg class="chart"')
