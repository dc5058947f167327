"""The golden files are well formed: one per example page, fields per records.md, and every
evidence a verbatim substring of its page's text (for HTML, of the visible text)."""

from __future__ import annotations

import datetime as dt
import json
from html.parser import HTMLParser
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
PAGES = REPO / "examples" / "pages"
EXPECTED = Path(__file__).resolve().parent / "expected"

STATUSES = {"completed", "planned", "cumulative"}
KINDS = {"remains", "prisoners"}
QUALIFIERS = {"exact", "more_than", "at_least", "about", "up_to"}
PARTIES = {
    "russia",
    "ukraine",
    "israel",
    "hamas",
    "palestinians",
    "armenia",
    "azerbaijan",
    "usa",
    "germany",
    "belarus",
    "yemen_government",
    "houthis",
    "saudi_arabia",
    "sudan_army",
    "rsf",
}
HIDDEN = {"head", "title", "script", "style", "noscript", "template"}


class _Visible(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.depth = 0
        self.parts: list[str] = []

    def handle_starttag(self, tag: str, attrs: object) -> None:
        if tag in HIDDEN:
            self.depth += 1

    def handle_endtag(self, tag: str) -> None:
        if tag in HIDDEN and self.depth:
            self.depth -= 1

    def handle_data(self, data: str) -> None:
        if not self.depth:
            self.parts.append(data)


def visible_text(html: str) -> str:
    parser = _Visible()
    parser.feed(html)
    return "\n".join(parser.parts)


def pages() -> dict[str, tuple[str, str | None]]:
    """Page id -> (text to search evidence in, published date the input itself carries)."""
    out: dict[str, tuple[str, str | None]] = {}
    for path in sorted(PAGES.iterdir()):
        if path.suffix == ".txt":
            out[path.stem] = (path.read_text("utf-8"), None)
        elif path.suffix in (".html", ".htm"):
            out[path.stem] = (visible_text(path.read_text("utf-8")), None)
        elif path.suffix == ".jsonl":
            for line in path.read_text("utf-8").splitlines():
                if line.strip():
                    obj = json.loads(line)
                    text = visible_text(obj["html"]) if "html" in obj else obj["text"]
                    out[obj["id"]] = (text, obj.get("published"))
    return out


PAGE_TEXT = pages()
GOLDEN = {p.stem: json.loads(p.read_text("utf-8")) for p in sorted(EXPECTED.glob("*.json"))}


def test_one_golden_per_page() -> None:
    assert set(GOLDEN) == set(PAGE_TEXT)


@pytest.mark.parametrize("page", sorted(GOLDEN))
def test_golden_is_well_formed(page: str) -> None:
    gold = GOLDEN[page]
    text, line_published = PAGE_TEXT[page]
    assert gold["id"] == page
    if gold["published"] is not None:
        dt.date.fromisoformat(gold["published"])
    if line_published is not None:
        assert gold["published"] == line_published
    assert gold["articles"], "every page has at least its main article"
    for article in gold["articles"]:
        assert set(article) == {"title", "outlet", "age"}
        assert article["title"] in text
    for record in gold["records"]:
        assert record["status"] in STATUSES
        assert record["kind"] in KINDS
        assert record["qualifier"] in QUALIFIERS
        assert isinstance(record["count"], int) and record["count"] > 0
        if "between" in record:
            assert "from" not in record and "to" not in record
            assert len(record["between"]) == 2 and set(record["between"]) <= PARTIES
        else:
            assert {record["from"], record["to"]} <= PARTIES and record["from"] != record["to"]
        if record["date"] is not None:
            dt.date.fromisoformat(record["date"])
            assert gold["published"] is not None or record["date"][:4] in record["evidence"]
        assert 0 <= record.get("article", 0) < len(gold["articles"])
        assert record["evidence"] in text, (
            f"evidence not verbatim in {page}: {record['evidence']!r}"
        )
