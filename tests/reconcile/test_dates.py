"""The days a record's transfer can have taken place."""

from __future__ import annotations

import datetime as dt

from swapledger.reconcile.dates import intersect, resolve_weekday, window, written_on

FETCHED = dt.datetime(2025, 6, 20, 9, 0, tzinfo=dt.UTC)


def test_a_record_with_a_day_is_that_day(src) -> None:
    assert window(src("1", 5, date="2025-06-11")) == (dt.date(2025, 6, 11), dt.date(2025, 6, 11))


def test_a_completed_record_without_a_day_happened_in_the_week_before_publication(src) -> None:
    assert window(src("1", 5, published="2025-06-13")) == (dt.date(2025, 6, 6), dt.date(2025, 6, 14))


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
