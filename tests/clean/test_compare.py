"""benchmarks/clean_compare.py: on every group of pages, our cleaner's line-level F1 is at
least the best of trafilatura's and jusText's (accuracy only: timings stay in the
benchmark)."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

FILE = Path(__file__).resolve().parents[2] / "benchmarks" / "clean_compare.py"
spec = importlib.util.spec_from_file_location("clean_compare", FILE)
assert spec is not None and spec.loader is not None
compare = importlib.util.module_from_spec(spec)
sys.modules["clean_compare"] = compare
spec.loader.exec_module(compare)

GROUPS = {
    "seeds": compare.seed_pages,
    "examples text": lambda: compare.gold_pages("examples/pages/", "text"),
    "examples html": lambda: compare.gold_pages("examples/pages/", "html"),
    "reported failures": lambda: compare.gold_pages("tests/clean/pages/", "html"),
    "held-out text": lambda: compare.heldout_pages("text"),
    "held-out html": lambda: compare.heldout_pages("html"),
}


@pytest.mark.parametrize("group", sorted(GROUPS))
def test_ours_is_at_least_as_accurate_as_trafilatura_and_justext(group: str) -> None:
    pages = GROUPS[group]()
    if not pages:
        pytest.skip(f"no pages for {group} (seed corpus absent?)")
    scores = {name: compare.score(tool, pages, repeat=0) for name, tool in compare.TOOLS}
    ours = scores.pop("swapledger")
    assert ours.f1 >= max(s.f1 for s in scores.values()), {
        name: round(s.f1, 3) for name, s in {"swapledger": ours, **scores}.items()
    }


def test_every_gold_page_exists_and_has_gold_lines() -> None:
    pages = [p for name, make in GROUPS.items() if name != "seeds" for p in make()]
    assert len(pages) == 15 and all(p.gold for p in pages)
