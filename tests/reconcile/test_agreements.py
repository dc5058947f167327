"""Planned records become agreements; events after them are their progress."""

from __future__ import annotations

from swapledger.reconcile import reconcile


def _planned(src, key, count, frm="russia", to="ukraine", **kw):
    return src(key, count, frm, to, status="planned", **kw)


def test_restatements_of_one_deal_are_one_agreement_with_progress_per_direction(src) -> None:
    ledger = reconcile(
        [
            _planned(src, "1", 6000, article="a#0", start=0, published="2025-06-02"),
            _planned(
                src, "2", 6000, "ukraine", "russia", article="a#0", start=10, published="2025-06-02"
            ),
            _planned(src, "3", 6000, qualifier="more_than", published="2025-06-03"),
            src("4", 1212, article="c#0", start=0),
            src("5", 27, "ukraine", "russia", article="c#0", start=40),
            src("6", 1200),
        ]
    )
    (deal,) = ledger.agreements
    assert deal.parties == ("russia", "ukraine")
    progress = {(p.from_party, p.to_party): (p.done, p.target) for p in deal.progress}
    assert progress == {("russia", "ukraine"): (2412, 6000), ("ukraine", "russia"): (27, 6000)}
    assert len(deal.sources) == 3
    assert deal.announced.isoformat() == "2025-06-02"


def test_an_undated_agreement_counts_only_the_events_reported_with_it(src) -> None:
    # no day fixes either deal, so which deliveries followed it cannot be told from
    # days: "returned 1,212 under the deal" (one article) counts towards the deal; an
    # offer of "about 3,000 more", in an article of its own, claims no delivery
    ledger = reconcile(
        [
            _planned(src, "1", 6000, article="deal#0", start=0),
            src("2", 1212, article="deal#0", start=50),
            _planned(src, "3", 3000, qualifier="about", article="offer#0"),
            src("4", 2200, date="2025-06-11"),
        ]
    )
    progress = {a.transfers[0].count: a.progress[0] for a in ledger.agreements}
    assert {n: (p.done, p.target) for n, p in progress.items()} == {
        6000: (1212, 6000),
        3000: (0, 3000),
    }
    assert all(a.announced is None for a in ledger.agreements) and len(ledger.events) == 2


def test_events_before_an_agreement_do_not_count_towards_it(src) -> None:
    ledger = reconcile(
        [
            _planned(src, "1", 6000, published="2025-06-02"),
            src("2", 1000, date="2025-05-20"),
            src("3", 1212, date="2025-06-11"),
        ]
    )
    (deal,) = ledger.agreements
    assert deal.progress[0].done == 1212
    assert len(deal.progress[0].event_ids) == 1


def test_a_two_way_target_counts_both_directions_of_the_events(src) -> None:
    ledger = reconcile(
        [
            src("1", 6000, between=("russia", "ukraine"), status="planned", published="2025-06-02"),
            src("2", 1003, article="e#0", start=0),
            src("3", 26, "ukraine", "russia", article="e#0", start=40),
        ]
    )
    (deal,) = ledger.agreements
    (progress,) = deal.progress
    assert (progress.target, progress.done) == (6000, 1029)
