"""The days a record's transfer can have taken place."""

from __future__ import annotations

import datetime as dt

from swapledger.reconcile.dates import intersect, resolve_weekday, window, written_on

FETCHED = dt.datetime(2025, 6, 20, 9, 0, tzinfo=dt.UTC)


def test_a_record_with_a_day_is_that_day(src) -> None:
    assert window(src("1", 5, date="2025-06-11")) == (dt.date(2025, 6, 11), dt.date(2025, 6, 11))


def test_a_completed_record_without_a_day_happened_in_the_week_before_publication(src) -> None:
    assert window(src("1", 5, published="2025-06-13")) == (
        dt.date(2025, 6, 6),
        dt.date(2025, 6, 14),
    )


def test_a_relative_age_counts_back_from_the_fetch(src) -> None:
    assert written_on(src("1", 5, age="6 days ago", fetched=FETCHED)) == dt.date(2025, 6, 14)
    assert written_on(src("1", 5, age="2 hours ago", fetched=FETCHED)) == dt.date(2025, 6, 20)


def test_an_age_without_a_fetch_time_gives_no_range(src) -> None:
    assert window(src("1", 5, age="6 days ago")) is None


def test_ranges_without_common_days_do_not_intersect() -> None:
    a = (dt.date(2025, 6, 1), dt.date(2025, 6, 3))
    assert intersect(a, (dt.date(2025, 6, 4), dt.date(2025, 6, 5))) is False
    assert intersect(a, None) == a


def test_a_weekday_that_falls_twice_in_a_range_stays_unresolved() -> None:
    span = (dt.date(2025, 6, 1), dt.date(2025, 6, 14))
    assert resolve_weekday(span, 4) is None
    assert resolve_weekday((dt.date(2025, 6, 9), dt.date(2025, 6, 15)), 4) == dt.date(2025, 6, 13)


def test_last_month_places_an_undated_handover_in_the_month_before(src) -> None:
    told = src(
        "1", 1000, published="2025-12-19", sentence="Last month Russia handed over 1,000 bodies."
    )
    assert window(told) == (dt.date(2025, 11, 1), dt.date(2025, 11, 30))
    ru = src(
        "2", 1000, published="2025-12-19", sentence="В прошлом месяце Россия передала 1000 тел."
    )
    assert window(ru) == (dt.date(2025, 11, 1), dt.date(2025, 11, 30))


def test_a_span_named_a_sentence_or_two_before_reaches_the_handover(src) -> None:
    """'The previous exchange was last month. Russia handed over 1,000. The same day, 30 ...'"""
    same_day = src(
        "1",
        30,
        "ukraine",
        "russia",
        published="2025-12-19",
        sentence="В свою очередь украинская сторона в тот же день передала 30 тел.",
        earlier=("Россия передала Украине 1 000 тел.", "Ранее обмен состоялся в прошлом месяце."),
    )
    assert window(same_day) == (dt.date(2025, 11, 1), dt.date(2025, 11, 30))
    # a sentence with its own day in between stops the search
    dated_between = src(
        "2",
        30,
        published="2025-12-19",
        sentence="Russia handed over 30 bodies.",
        earlier=("On December 17 talks resumed.", "The last exchange was last month."),
    )
    assert window(dated_between) == (dt.date(2025, 12, 12), dt.date(2025, 12, 20))


def test_in_a_month_is_the_latest_such_month_before_writing(src) -> None:
    told = src(
        "1", 757, published="2025-06-16", sentence="In February, Ukraine received 757 bodies."
    )
    assert window(told) == (dt.date(2025, 2, 1), dt.date(2025, 2, 28))
    told = src("2", 500, published="2025-01-10", sentence="In November, 500 bodies came home.")
    assert window(told) == (dt.date(2024, 11, 1), dt.date(2024, 11, 30))
