"""Completed records grouped into events: directions, days, counts, conflicts, ids."""

from __future__ import annotations

import datetime as dt

from swapledger.reconcile import reconcile
from swapledger.reconcile.events import events


def _counts(e) -> dict[tuple[str, str], int]:
    return {(t.from_party, t.to_party): t.count for t in e.transfers if not t.between}


def test_both_directions_of_one_exchange_form_one_event(src) -> None:
    found = events(
        [
            src("1", 1212, article="p#0", start=10),
            src("2", 27, "ukraine", "russia", article="p#0", start=80),
        ],
        {},
    )
    assert len(found) == 1
    assert _counts(found[0]) == {("russia", "ukraine"): 1212, ("ukraine", "russia"): 27}


def test_over_1200_in_one_page_and_1212_in_another_are_one_event(src) -> None:
    found = events([src("1", 1200, qualifier="more_than"), src("2", 1212)], {})
    assert len(found) == 1 and _counts(found[0]) == {("russia", "ukraine"): 1212}


def test_1000_and_1212_are_two_events(src) -> None:
    assert len(events([src("1", 1000), src("2", 1212)], {})) == 2


def test_the_same_count_on_consecutive_days_is_two_events(src) -> None:
    found = events([src("1", 1200, date="2025-06-13"), src("2", 1200, date="2025-06-14")], {})
    assert [e.date for e in found] == [dt.date(2025, 6, 13), dt.date(2025, 6, 14)]


def test_different_kinds_are_different_events(src) -> None:
    assert len(events([src("1", 75), src("2", 75, kind="prisoners")], {})) == 2


def test_an_undated_article_inherits_the_day_of_a_dated_report_of_the_same_exchange(src) -> None:
    dated = src("1", 1000, date="2025-09-18")
    undated = src("2", 1000, published="2025-09-19")
    (event,) = events([dated, undated], {})
    assert event.date == dt.date(2025, 9, 18)
    assert len(event.sources) == 2


def test_a_report_published_before_a_handover_is_not_about_it(src) -> None:
    found = events([src("1", 1000, date="2025-09-18"), src("2", 1000, published="2025-07-17")], {})
    assert len(found) == 2
    assert found[0].date_range == (dt.date(2025, 7, 10), dt.date(2025, 7, 18))


def test_a_weekday_named_near_the_claim_is_resolved_against_the_range(src) -> None:
    s = src("1", 160, published="2022-06-07", nearby=("The swap took place on Thursday.",))
    (event,) = events([s], {})
    assert event.date == dt.date(2022, 6, 2)


def test_the_other_direction_told_far_away_still_joins_when_the_page_tells_one_exchange(
    src,
) -> None:
    found = events(
        [
            src("1", 1000, article="p#0", start=0),
            src("2", 38, "ukraine", "russia", article="p#0", start=2000),
        ],
        {},
    )
    assert len(found) == 1


def test_a_two_way_total_joins_the_exchange_it_sums(src) -> None:
    found = events(
        [
            src("1", 1029, between=("russia", "ukraine"), article="p#0", start=0),
            src("2", 1003, article="p#0", start=900),
            src("3", 26, "ukraine", "russia", article="p#0", start=950),
        ],
        {},
    )
    assert len(found) == 1
    assert [t.between for t in found[0].transfers] == [False, False, True]


def test_reports_of_one_day_that_differ_on_one_direction_show_a_conflict(src) -> None:
    found = events(
        [
            src("1", 1000, date="2025-09-18", article="a#0", start=0),
            src("2", 24, "ukraine", "russia", date="2025-09-18", article="a#0", start=50),
            src("3", 1000, date="2025-09-18", article="b#0", start=0),
            src("4", 26, "ukraine", "russia", date="2025-09-18", article="b#0", start=50),
        ],
        {},
    )
    assert len(found) == 1
    (conflict,) = found[0].conflicts
    assert (conflict.from_party, conflict.to_party) == ("ukraine", "russia")
    assert {f.count for f in conflict.figures} == {24, 26}


def test_undated_reports_that_differ_on_one_direction_are_not_merged(src) -> None:
    found = events(
        [
            src("1", 1000, article="a#0", start=0),
            src("2", 24, "ukraine", "russia", article="a#0", start=50),
            src("3", 1000, article="b#0", start=0),
            src("4", 31, "ukraine", "russia", article="b#0", start=50),
        ],
        {},
    )
    assert len(found) == 2


def test_an_events_own_officials_confirm_it(src) -> None:
    (event,) = events([src("1", 1212, sentence="1,212 bodies, Medinsky said")], {})
    assert event.confirmed_by == ("russia",)


def test_an_event_keeps_its_id_when_it_gains_a_source(src) -> None:
    first = reconcile([src("5", 1212)])
    (before,) = first.events
    previous = {s.key: before.id for s in before.sources}
    second = reconcile([src("3", 1200, qualifier="more_than"), src("5", 1212)], previous)
    (after,) = second.events
    assert after.id == before.id and len(after.sources) == 2


def test_an_id_is_derived_from_the_earliest_record_when_none_is_known(src) -> None:
    a = reconcile([src("1", 1212), src("2", 1212)]).events[0].id
    b = reconcile([src("1", 1212)]).events[0].id
    assert a == b


def test_the_other_direction_told_in_one_sentence_completes_that_sentence_s_exchange(src) -> None:
    # "Russia handed over 909, receiving 41. Last time Russia got back 43 and Ukraine 909."
    # the second 909 is told beside the 43, so it is that earlier exchange, not a restatement
    page = dict(article="p#0")
    found = events(
        [
            src("1", 909, **page, start=0, sentence_start=0),
            src("2", 41, "ukraine", "russia", **page, start=40, sentence_start=0),
            src("3", 43, "ukraine", "russia", **page, start=120, sentence_start=100),
            src("4", 909, **page, start=160, sentence_start=100),
        ],
        {},
    )
    assert sorted(sorted(_counts(e).items()) for e in found) == [
        [(("russia", "ukraine"), 909), (("ukraine", "russia"), 41)],
        [(("russia", "ukraine"), 909), (("ukraine", "russia"), 43)],
    ]


def test_a_restatement_in_a_later_sentence_still_joins_its_claim(src) -> None:
    page = dict(article="p#0")
    found = events(
        [
            src("1", 1212, **page, start=0, sentence_start=0),
            src("2", 27, "ukraine", "russia", **page, start=40, sentence_start=0),
            src("3", 1212, **page, start=300, sentence_start=280),
        ],
        {},
    )
    assert len(found) == 1 and len(found[0].sources) == 3


def test_a_report_with_no_day_that_fits_handovers_of_several_days_stays_apart(src) -> None:
    # 1,000 bodies went over on many days: a page with no date cannot say which
    found = events(
        [
            src("1", 1000, date="2025-09-18"),
            src("2", 1000, date="2026-02-26"),
            src("3", 1000, article="u#0", start=0),
            src("4", 31, "ukraine", "russia", article="u#0", start=50),
        ],
        {},
    )
    assert len(found) == 3
    assert {e.date for e in found if len(e.sources) == 1} == {
        dt.date(2025, 9, 18),
        dt.date(2026, 2, 26),
    }


def test_a_report_with_no_day_joins_the_one_handover_it_matches_both_ways(src) -> None:
    found = events(
        [
            src("1", 1000, date="2025-09-18", article="a#0", start=0),
            src("2", 24, "ukraine", "russia", date="2025-09-18", article="a#0", start=50),
            src("3", 1000, date="2026-02-26"),
            src("4", 1000, article="u#0", start=0),
            src("5", 24, "ukraine", "russia", article="u#0", start=50),
        ],
        {},
    )
    (joined,) = [e for e in found if len(e.sources) == 4]
    assert joined.date == dt.date(2025, 9, 18)


def test_handovers_read_from_one_phrase_are_not_reports_of_the_exchange_before(src) -> None:
    # "Russia on Thursday returned 1,000 and received 31. Ukraine also reported returns in
    # July, August and September, each involving about 1,000": three other handovers
    page = dict(article="p#0")
    months = [src(str(i), 1000, qualifier="about", **page, start=300) for i in (3, 4, 5)]
    found = events(
        [
            src("1", 1000, **page, start=0),
            src("2", 31, "ukraine", "russia", **page, start=60),
            *months,
        ],
        {},
    )
    (exchange,) = [e for e in found if ("ukraine", "russia") in _counts(e)]
    assert {s.key for s in exchange.sources} == {"1", "2"}
    assert sorted(len(e.sources) for e in found) == [1, 1, 1, 2]


def test_a_day_named_without_a_year_joins_the_event_on_that_day(src) -> None:
    # a page with no date says "on 29 January ... 1,000 bodies": the 2026-01-29 handover
    found = events(
        [
            src("1", 1000, date="2026-01-29"),
            src("2", 1000, date="2025-09-18"),
            src(
                "3",
                1000,
                sentence="Востаннє репатріація відбулася 29 січня, тоді повернули тисячу тіл.",
            ),
        ],
        {},
    )
    (joined,) = [e for e in found if len(e.sources) == 2]
    assert joined.date == dt.date(2026, 1, 29)
    # a day no event has keeps the report apart, however well its count fits
    apart = events(
        [src("1", 1000, date="2026-01-29"), src("3", 1000, sentence="On March 2, 1,000 bodies.")],
        {},
    )
    assert len(apart) == 2


def test_two_pages_giving_one_day_a_little_different_one_way_counts_show_a_conflict(src) -> None:
    found = events(
        [
            src("1", 757, date="2025-02-14", outlet="A"),
            src("2", 758, date="2025-02-14", outlet="B"),
        ],
        {},
    )
    assert len(found) == 1 and {f.count for f in found[0].conflicts[0].figures} == {757, 758}
    # one page's two groups the same way on one day are not one figure told two ways
    page = dict(article="p#0", date="2025-05-23", kind="prisoners")
    apart = events([src("3", 270, **page, start=0), src("4", 120, **page, start=40)], {})
    assert len(apart) == 2
    # and counts far apart are two handovers, not a conflict
    far = events([src("5", 270, date="2025-05-23"), src("6", 120, date="2025-05-23")], {})
    assert len(far) == 2


def test_a_claim_told_in_another_year_is_no_news_of_the_week_and_joins_nothing(src) -> None:
    page = dict(article="p#0", published="2023-04-16", kind="prisoners")
    found = events(
        [
            src("1", 706, "yemen_government", "houthis", **page, start=0),
            src("2", 181, "houthis", "yemen_government", **page, start=60),
            src(
                "3",
                1000,
                between=("houthis", "yemen_government"),
                qualifier="more_than",
                **page,
                start=200,
                sentence="It is the largest swap since October 2020, when more than 1,000 were freed.",
            ),
        ],
        {},
    )
    (old,) = [e for e in found if any(t.between for t in e.transfers)]
    assert len(old.sources) == 1 and old.date is None and old.date_range is None


def test_an_undated_report_joins_no_event_that_lacks_one_of_its_directions(src) -> None:
    found = events(
        [
            src("1", 1000, published="2026-02-27"),
            src("2", 1000, article="u#0", start=0),
            src("3", 31, "ukraine", "russia", article="u#0", start=50),
        ],
        {},
    )
    assert sorted(len(e.sources) for e in found) == [1, 2]
