"""Counts read through their qualifiers, and the consensus of disagreeing reports."""

from __future__ import annotations

from swapledger.reconcile.consensus import agree, consensus


def test_over_1200_agrees_with_1212() -> None:
    assert agree((1200, "more_than"), (1212, "exact"))


def test_about_1000_agrees_with_1003() -> None:
    assert agree((1000, "about"), (1003, "exact"))


def test_an_exact_1000_does_not_agree_with_1212() -> None:
    assert not agree((1000, "exact"), (1212, "exact"))


def test_up_to_300_does_not_agree_with_400() -> None:
    assert not agree((300, "up_to"), (400, "exact"))


def test_about_30_agrees_with_31_though_5_percent_of_30_is_less_than_one() -> None:
    assert agree((30, "about"), (31, "exact"))


def test_a_rounded_figure_that_agrees_gives_way_to_the_exact_one(src) -> None:
    t, conflict = consensus(
        "russia", "ukraine", [src("1", 1200, qualifier="more_than"), src("2", 1212)]
    )
    assert (t.count, t.qualifier, conflict) == (1212, "exact", None)
    assert len(t.figures) == 2


def test_the_receiving_sides_count_wins_for_what_it_received(src) -> None:
    sources = [
        src("1", 1000, outlet="TASS"),
        src("2", 1003, outlet="Ukrinform"),
        src("3", 1000, outlet="RIA Novosti"),
    ]
    t, conflict = consensus("russia", "ukraine", sources)
    assert t.count == 1003
    assert conflict is not None and conflict.rule == "the receiving side's count (ukraine)"
    assert {f.count for f in conflict.figures} == {1000, 1003}


def test_the_majority_of_distinct_outlets_wins_and_copies_count_once(src) -> None:
    wire = dict(outlet="Wire", copy_key="same-article")
    sources = [
        src("1", 757, **wire),
        src("2", 757, article="b#0", **wire),
        src("3", 758, outlet="Daily"),
        src("4", 758, outlet="Gazette"),
    ]
    t, conflict = consensus("russia", "ukraine", sources)
    assert t.count == 758
    assert conflict is not None and conflict.rule.startswith("majority of distinct outlets (2 of 3)")


def test_an_even_split_goes_to_the_earliest_report(src) -> None:
    t, conflict = consensus("russia", "ukraine", [src("1", 45, outlet="A"), src("2", 43, outlet="B")])
    assert t.count == 45
    assert conflict is not None and conflict.rule.startswith("earliest report")


def test_a_wire_story_copied_by_two_outlets_is_one_voice(src) -> None:
    sources = [
        src("1", 757, outlet="Daily", copy_key="wire"),
        src("2", 757, outlet="Gazette", copy_key="wire"),
        src("3", 758, outlet="Herald"),
        src("4", 758, outlet="Courier"),
    ]
    t, conflict = consensus("russia", "ukraine", sources)
    assert t.count == 758
    assert conflict is not None and "(2 of 3)" in conflict.rule
