"""The seed pages: every article found with its title, outlet and age; furniture out.

Scoring definition (printed by the test): a page's non-empty lines are the units.
Gold "content" lines are each article's body_lines (from segments/*.json) plus its
title lines: every line whose text is the article's title, between the previous
article's body and this article's body (scrapers print titles two or three times).
Outlet and age lines are metadata: they are not gold content, and the cleaner never
keeps them as content, so they count for neither precision nor recall.
Precision = kept ∩ gold / kept; recall = kept ∩ gold / gold, over all lines.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from swapledger import clean
from swapledger.clean.text import segment
from swapledger.model import Article, Document

MIN_PRECISION = 0.98
MIN_RECALL = 0.98


def _seeds(corpus: Path) -> list[tuple[str, str, dict]]:
    folder = corpus / "seeds"
    if not (folder / "docs").is_dir():
        pytest.skip(f"seed corpus not found at {folder}")
    out = []
    for doc in sorted((folder / "docs").glob("*.txt")):
        gold = json.loads((folder / "segments" / f"{doc.stem}.json").read_text("utf-8"))
        out.append((doc.stem, doc.read_text("utf-8"), gold))
    return out


def _gold_lines(text: str, gold: dict) -> set[int]:
    """0-based numbers of the gold title and body lines of a page."""
    lines = text.split("\n")
    out: set[int] = set()
    previous_end = 0
    for article in gold["articles"]:
        first, last = article["body_lines"]
        body = [i - 1 for i in range(first, last + 1) if lines[i - 1].strip()]
        out.update(body)
        if article["title"]:
            out.update(
                i for i in range(previous_end, first - 1) if lines[i].strip() == article["title"]
            )
        previous_end = last
    return out


def _articles(stem: str, text: str) -> list[Article]:
    result = clean.clean_document(Document(id=stem, content=text, content_type="text", source=stem))
    assert isinstance(result, list), result
    return result


def test_every_seed_article_is_found_with_its_title_outlet_and_age(corpus_dir):
    for stem, text, gold in _seeds(corpus_dir):
        found = [(a.title, a.outlet, a.age) for a in _articles(stem, text)]
        expected = [(a["title"], a["outlet"], a["age"]) for a in gold["articles"]]
        assert found == expected, stem


def test_every_seed_article_text_is_its_title_then_its_body_lines(corpus_dir):
    for stem, text, gold in _seeds(corpus_dir):
        lines = text.split("\n")
        for article, expected in zip(_articles(stem, text), gold["articles"], strict=True):
            first, last = expected["body_lines"]
            body = [lines[i - 1].strip() for i in range(first, last + 1) if lines[i - 1].strip()]
            assert article.text == f"{expected['title']}\n\n" + "\n".join(body), article.id
            assert text[article.page_start : article.page_end].strip().endswith(body[-1])


def test_seed_furniture_removal_has_precision_and_recall_of_at_least_098(corpus_dir):
    total_kept = total_gold = total_hit = 0
    report = []
    for stem, text, gold in _seeds(corpus_dir):
        _, segments = segment(text)
        kept = {i for s in segments for i in s.kept()}
        expected = _gold_lines(text, gold)
        hit = len(kept & expected)
        total_kept, total_gold, total_hit = (
            total_kept + len(kept),
            total_gold + len(expected),
            total_hit + hit,
        )
        p, r = hit / len(kept) if kept else 0.0, hit / len(expected)
        report.append(
            f"{stem}: precision {p:.3f} recall {r:.3f} ({hit}/{len(kept)}/{len(expected)})"
        )
    precision, recall = total_hit / total_kept, total_hit / total_gold
    report.append(f"overall: precision {precision:.3f} recall {recall:.3f}")
    print("\n" + "\n".join(report))
    assert precision >= MIN_PRECISION and recall >= MIN_RECALL, report
