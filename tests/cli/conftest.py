"""Fixtures for the CLI tests: a folder of small pages (good and bad) and a runner."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from typer.testing import CliRunner

from swapledger.model import Article, Record, Span
from swapledger.store.testing import BACKENDS, database_url

ARTICLE = """Bodies of fallen soldiers returned to Ukraine

Russia returned the bodies of 909 soldiers to Ukraine on Friday, the Coordination Headquarters said.

The repatriation took place near the border with the help of the Red Cross.

Officials said identification of the remains would take several months.
"""

HTML = """<!doctype html><html><head><title>Prisoner swap</title></head><body>
<nav><a href="/">Home</a> | <a href="/world">World</a></nav>
<article><h1>Ukraine and Russia swap prisoners</h1>
<p>Ukraine and Russia swapped 84 prisoners each on Thursday, officials in Kyiv said.</p>
<p>The exchange was mediated by the United Arab Emirates, the foreign ministry said.</p>
<p>It was the third exchange this year, according to the Coordination Headquarters.</p>
</article><footer>© Example News</footer></body></html>
"""

JSONL_PAGE = {
    "id": "wire-1",
    "url": "https://example.org/wire-1",
    "published": "2025-06-13",
    "text": "Remains repatriated\n\nRussia returned the bodies of 1,200 soldiers to Ukraine "
    "on Friday, the Coordination Headquarters said.\n\nThe bodies will be identified.\n",
}

EVIDENCE = "returned the bodies of 909 soldiers"


@dataclass(frozen=True)
class Pages:
    """Paths of the test pages: good ones, bad ones, and one that does not exist."""

    root: Path
    good_txt: Path
    good_html: Path
    jsonl: Path  # one good line, one malformed line
    empty: Path
    binary: Path
    missing: Path

    @property
    def good(self) -> list[str]:
        return [str(self.good_txt), str(self.good_html)]

    @property
    def bad(self) -> list[str]:
        return [str(self.empty), str(self.binary), str(self.missing)]


@pytest.fixture
def pages(tmp_path: Path) -> Pages:
    """A folder of small pages written for the test."""
    root = tmp_path / "pages"
    root.mkdir()
    good_txt = root / "returned-909.txt"
    good_txt.write_text(ARTICLE, encoding="utf-8")
    good_html = root / "swap-84.html"
    good_html.write_text(HTML, encoding="utf-8")
    jsonl = tmp_path / "wire.jsonl"
    jsonl.write_text(json.dumps(JSONL_PAGE) + "\n{not json at all\n", encoding="utf-8")
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    binary = tmp_path / "blob.bin"
    binary.write_bytes(bytes(range(256)) * 8)
    return Pages(root, good_txt, good_html, jsonl, empty, binary, tmp_path / "nope.txt")


@pytest.fixture
def runner() -> CliRunner:
    """A Typer runner."""
    return CliRunner()


@pytest.fixture(params=BACKENDS)
def db(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """The URL of a fresh store: a SQLite file in the test folder, or a fresh schema of
    the test PostgreSQL server (tests/store/pg.py; skipped with the reason when none)."""
    with database_url(request.param, tmp_path) as url:
        yield url


def fake_extract_article(article: Article, settings: object = None) -> list[Record]:
    """Stands in for the extractor: a record for the 909 wherever the text says it."""
    start = article.text.find(EVIDENCE)
    if start < 0:
        return []
    return [
        Record(
            article_id=article.id,
            status="completed",
            kind="remains",
            count=909,
            qualifier="exact",
            evidence=Span(article.id, start, start + len(EVIDENCE)),
            evidence_text=EVIDENCE,
            from_party="russia",
            to_party="ukraine",
        )
    ]


@pytest.fixture
def fake_extractor(monkeypatch: pytest.MonkeyPatch) -> None:
    """Replace the extractor so the tests know which records to expect."""
    monkeypatch.setattr("swapledger.extract.extract_article", fake_extract_article)
