"""Furniture removal compared: our cleaner, trafilatura and jusText on the same pages.

    .venv/bin/python benchmarks/clean_compare.py [--repeat N]

Pages, in groups:
- seeds: the five pages of ../shared/corpus/seeds/docs (flattened text); gold lines are
  each article's title and body lines from segments/ (as tests/clean/test_seeds.py)
- examples (text): the text pages of examples/pages; gold in benchmarks/clean_gold/
- examples (HTML): the HTML pages of examples/pages; gold: the article's headline and
  paragraphs (byline out), in benchmarks/clean_gold/
- trafilatura's reported failures: tests/clean/pages/*.html (a related-links block
  after the article, a cookie wall instead of it, an index of teasers); gold: each
  story's headline and text

Ours reads a text page as text and an HTML page as HTML. trafilatura and jusText read
HTML: a text page is given to them wrapped in minimal HTML, one <p> per line, the
first line as <title> as well (a scraper keeps no more).

Units are lines, compared after collapsing spaces: precision = gold lines kept / lines
kept, recall = gold lines kept / gold lines (each distinct line once: a title printed
twice counts once for every tool). pages/s is over all pages of the group, best of
`--repeat` runs, on this machine: a figure to compare tools, not a throughput target.
"""

from __future__ import annotations

import argparse
import html
import json
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import justext
import trafilatura

from swapledger import clean
from swapledger.model import Document

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT.parent / "shared" / "corpus" / "seeds"
GOLD = Path(__file__).with_name("clean_gold") / "pages.json"
"""Gold lines of each page (by its path from the repository root), written by hand
against the page: what a reader calls the articles' titles, deks and paragraphs."""


@dataclass(frozen=True)
class Page:
    name: str
    content: str
    kind: str  # "text" or "html"
    gold: frozenset[str]
    language: str = "English"

    @property
    def as_html(self) -> str:
        if self.kind == "html":
            return self.content
        lines = [x for x in self.content.split("\n") if x.strip()]
        title = html.escape(lines[0]) if lines else ""
        body = "\n".join(f"<p>{html.escape(x)}</p>" for x in lines)
        return f"<html><head><title>{title}</title></head><body>\n{body}\n</body></html>"


def norm(line: str) -> str:
    return " ".join(line.split())


def lines_of(text: str) -> frozenset[str]:
    return frozenset(n for x in text.split("\n") if (n := norm(x)))


def seed_pages() -> list[Page]:
    if not (SEEDS / "docs").is_dir():
        return []
    pages = []
    for doc in sorted((SEEDS / "docs").glob("*.txt")):
        text = doc.read_text("utf-8")
        lines = text.split("\n")
        spec = json.loads((SEEDS / "segments" / f"{doc.stem}.json").read_text("utf-8"))
        gold: set[str] = set()
        for article in spec["articles"]:
            first, last = article["body_lines"]
            gold.update(norm(lines[i - 1]) for i in range(first, last + 1) if lines[i - 1].strip())
            if article["title"]:
                gold.add(norm(article["title"]))
        pages.append(Page(doc.stem, text, "text", frozenset(gold)))
    return pages


def gold_pages(folder: str, kind: str) -> list[Page]:
    gold = json.loads(GOLD.read_text("utf-8"))
    suffix = ".html" if kind == "html" else ".txt"
    out = []
    for name, lines in sorted(gold.items()):
        if not (name.startswith(folder) and name.endswith(suffix)):
            continue
        content = (ROOT / name).read_text("utf-8")
        language = "Russian" if any("\u0400" <= c <= "\u04ff" for c in content) else "English"
        out.append(Page(name, content, kind, frozenset(norm(x) for x in lines), language))
    return out


HELDOUT = ROOT / "tests" / "clean" / "heldout"
"""Pages written after the cleaner was built, scored once before any change to it
(docs/clean.md): gold.json holds each page's articles and their lines."""


def heldout_gold() -> dict[str, dict]:
    gold = json.loads((HELDOUT / "gold.json").read_text("utf-8"))
    return {name: spec for name, spec in gold.items() if not name.startswith("_")}


def heldout_pages(kind: str) -> list[Page]:
    suffix = ".html" if kind == "html" else ".txt"
    out = []
    for name, spec in sorted(heldout_gold().items()):
        if name.endswith(suffix):
            lines = frozenset(norm(x) for a in spec["articles"] for x in a["lines"])
            out.append(Page(name, (HELDOUT / name).read_text("utf-8"), kind, lines))
    return out


# -- the tools -------------------------------------------------------------------


def ours(page: Page) -> frozenset[str]:
    doc = Document(id=page.name, content=page.content, content_type=page.kind, source=page.name)
    result = clean.clean_document(doc)
    if not isinstance(result, list):
        return frozenset()
    return frozenset(x for a in result for x in lines_of(a.text))


def with_trafilatura(page: Page) -> frozenset[str]:
    return lines_of(trafilatura.extract(page.as_html, include_comments=False) or "")


def with_justext(page: Page) -> frozenset[str]:
    paragraphs = justext.justext(page.as_html.encode("utf-8"), justext.get_stoplist(page.language))
    return frozenset(norm(p.text) for p in paragraphs if not p.is_boilerplate and p.text.strip())


TOOLS: list[tuple[str, Callable[[Page], frozenset[str]]]] = [
    ("swapledger", ours),
    ("trafilatura", with_trafilatura),
    ("jusText", with_justext),
]


@dataclass(frozen=True)
class Score:
    precision: float
    recall: float
    pages_per_s: float

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


def score(tool: Callable[[Page], frozenset[str]], pages: list[Page], repeat: int) -> Score:
    kept = hit = gold = 0
    for page in pages:
        found = tool(page)
        kept += len(found)
        hit += len(found & page.gold)
        gold += len(page.gold)
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        for page in pages:
            tool(page)
        best = min(best, time.perf_counter() - start)
    return Score(hit / kept if kept else 0.0, hit / gold if gold else 0.0, len(pages) / best)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--repeat", type=int, default=5, help="timed runs per tool (best kept)")
    args = parser.parse_args()
    groups = [
        ("seeds (text)", seed_pages()),
        ("examples (text)", gold_pages("examples/pages/", "text")),
        ("examples (HTML)", gold_pages("examples/pages/", "html")),
        ("trafilatura's reported failures (HTML)", gold_pages("tests/clean/pages/", "html")),
        ("held-out (text)", heldout_pages("text")),
        ("held-out (HTML)", heldout_pages("html")),
    ]
    print("| pages | tool | precision | recall | F1 | pages/s |")
    print("|---|---|---:|---:|---:|---:|")
    for label, pages in groups:
        if not pages:
            print(f"| {label} | (not found) | | | | |")
            continue
        for name, tool in TOOLS:
            s = score(tool, pages, args.repeat)
            print(
                f"| {label}, {len(pages)} | {name} | {s.precision:.3f} | {s.recall:.3f} "
                f"| {s.f1:.3f} | {s.pages_per_s:.0f} |"
            )


if __name__ == "__main__":
    main()
