"""An explicit zero beside a claim shows as 0 the other way, with its words as evidence."""

from __future__ import annotations

from swapledger.reconcile import reconcile
from swapledger.reconcile.zeros import zeros

SENTENCE = (
    "Russia on Sunday handed Ukraine another 1,200 bodies, saying Moscow had not received "
    "a single Russian body in return."
)


def test_not_a_single_body_in_return_is_a_zero_the_other_way(src) -> None:
    (zero,) = zeros([src("1", 1200, sentence=SENTENCE)])
    r = zero.record
    assert (r.from_party, r.to_party, r.count) == ("ukraine", "russia", 0)
    assert r.evidence_text == "had not received a single Russian body"
    assert SENTENCE[r.evidence.start : r.evidence.end] == r.evidence_text


def test_the_ledger_shows_the_zero_beside_the_count(src) -> None:
    (event,) = reconcile([src("1", 1200, sentence=SENTENCE)]).events
    counts = {(t.from_party, t.to_party): t.count for t in event.transfers}
    assert counts == {("russia", "ukraine"): 1200, ("ukraine", "russia"): 0}


def test_a_sentence_without_a_zero_adds_nothing(src) -> None:
    assert list(zeros([src("1", 1212, sentence="Russia returned 1,212 bodies, receiving 27.")])) == []
