"""The example pages `make demo` ingests: what an analyst reads in them, the extractor reads too.

The pages are ours (examples/README.md); the expected records below are an analyst's
reading of them per records.md. Known gap, not asserted: the related story "Kyiv says 1,200
more bodies expected" in the aggregator page is a planned transfer whose direction only the
context gives (Kyiv speaks, so Kyiv receives); the extractor leaves it out rather than guess.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from swapledger import service

PAGES = Path(__file__).resolve().parents[1] / "examples" / "pages"

EXPECTED: dict[str, set[tuple[str, str, str, int, str]]] = {
    "daily-digest-aggregator": {
        ("completed", "remains", "russia>ukraine", 1212, "exact"),
        ("completed", "remains", "ukraine>russia", 27, "exact"),
        ("planned", "remains", "russia>ukraine", 6000, "exact"),
        ("planned", "remains", "ukraine>russia", 6000, "exact"),
    },
    "meridian-2025-06-13-1200-bodies": {
        ("completed", "remains", "russia>ukraine", 1200, "exact"),
        ("completed", "remains", "russia>ukraine", 1212, "exact"),
        ("completed", "remains", "ukraine>russia", 27, "exact"),
    },
    "repost-2025-05-25-prisoner-swap": {
        (status, "prisoners", direction, n, "exact")
        for status in ("completed",)
        for direction in ("russia>ukraine", "ukraine>russia")
        for n in (303, 390, 307, 1000)
    },
    "eastern-wire-2023-12-13-armenia-azerbaijan": {
        ("completed", "prisoners", "azerbaijan>armenia", 32, "exact"),
        ("completed", "prisoners", "armenia>azerbaijan", 2, "exact"),
    },
    "tvrus-2025-09-18-1000-tel": {
        ("completed", "remains", "russia>ukraine", 1000, "exact"),
        ("completed", "remains", "ukraine>russia", 24, "exact"),
    },
    "feed-2025-10-13-hostages": {
        ("completed", "prisoners", "hamas>israel", 20, "exact"),
        ("completed", "prisoners", "israel>palestinians", 1968, "exact"),
    },
    "feed-2023-04-16-yemen": {
        ("completed", "prisoners", "houthis<>yemen_government", 887, "exact"),
        ("completed", "prisoners", "houthis<>saudi_arabia", 900, "about"),
    },
    "feed-2025-06-10-kharkiv": set(),  # drones, missiles and injured are not transfers
}


@pytest.fixture(scope="module")
def extracted() -> dict[str, set[tuple[str, str, str, int, str]]]:
    out: dict[str, set[tuple[str, str, str, int, str]]] = {}
    for item in service.extract([str(PAGES)]):
        assert not hasattr(item, "reason"), f"example page skipped: {item}"
        rows = set()
        for r in item.all_records():  # type: ignore[union-attr]
            direction = "<>".join(r.between) if r.between else f"{r.from_party}>{r.to_party}"
            rows.add((r.status, r.kind, direction, r.count, r.qualifier))
        out[item.document.id] = rows  # type: ignore[union-attr]
    return out


def test_every_example_page_is_read(
    extracted: dict[str, set[tuple[str, str, str, int, str]]],
) -> None:
    assert set(extracted) == set(EXPECTED)


@pytest.mark.parametrize("page", sorted(EXPECTED))
def test_each_example_page_gives_the_records_an_analyst_reads(
    page: str, extracted: dict[str, set[tuple[str, str, str, int, str]]]
) -> None:
    assert extracted[page] == EXPECTED[page]
