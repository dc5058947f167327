"""Cumulative records become reported totals beside the ledger's sum."""

from __future__ import annotations

from swapledger.reconcile import reconcile


def test_a_reported_total_shows_the_gap_to_the_ledger(src) -> None:
    ledger = reconcile(
        [
            src("1", 15000, status="cumulative", qualifier="at_least"),
            src("2", 1212),
            src("3", 1003),
        ]
    )
    (total,) = ledger.totals
    (tally,) = total.ledger
    assert (tally.target, tally.done, tally.gap) == (15000, 2215, 12785)


def test_events_after_a_totals_day_are_not_in_its_ledger_sum(src) -> None:
    ledger = reconcile(
        [
            src("1", 6060, status="cumulative", date="2025-06-16"),
            src("2", 1212, date="2025-06-11"),
            src("3", 1000, date="2025-07-17"),
        ]
    )
    assert ledger.totals[0].ledger[0].done == 1212
