"""Days resolved against the publication date (records.md: date)."""

from __future__ import annotations

import datetime as dt

from swapledger.extract.dates import find_dates

FRIDAY = dt.date(2025, 6, 13)


def days(
    text: str, published: dt.date | None = FRIDAY, lang: str = "en", planned: bool = False
) -> list[dt.date | None]:
    return [d.day for d in find_dates(text, published, lang, planned=planned) if not d.vague]


def test_a_weekday_is_the_latest_such_day_up_to_publication() -> None:
    assert days("the exchange carried out on Wednesday") == [dt.date(2025, 6, 11)]
    assert days("both sides confirmed on Friday") == [FRIDAY]


def test_a_planned_weekday_looks_forward() -> None:
    assert days("scheduled for Sunday", planned=True) == [dt.date(2025, 6, 15)]
    assert days("would be released next Saturday", dt.date(2025, 1, 20), planned=True) == [
        dt.date(2025, 1, 25)
    ]


def test_today_and_yesterday() -> None:
    assert days("said today") == [FRIDAY]
    assert days("handed over yesterday") == [dt.date(2025, 6, 12)]


def test_an_explicit_day_takes_the_publication_year() -> None:
    assert days("On June 11, Russia returned") == [dt.date(2025, 6, 11)]
    assert days("on 16 June") == [dt.date(2025, 6, 16)]
    assert days("Ukraine said on Sept. 18", dt.date(2025, 9, 18)) == [dt.date(2025, 9, 18)]
    assert days("on Sept. 18", FRIDAY) == [dt.date(2024, 9, 18)]  # months ahead: last year's


def test_a_day_without_year_and_without_publication_date_stays_unknown() -> None:
    assert days("on 16 June", published=None) == [None]
    assert days("on Friday", published=None) == [None]


def test_a_late_december_day_in_a_january_page_is_last_year() -> None:
    assert days("on December 28", dt.date(2026, 1, 3)) == [dt.date(2025, 12, 28)]


def test_vague_times_fix_no_day() -> None:
    found = find_dates("earlier in the week, Ukraine had already repatriated", FRIDAY)
    assert found and all(d.vague and d.day is None for d in found)


def test_russian_and_ukrainian_days() -> None:
    assert days("в четверг", lang="ru") == [dt.date(2025, 6, 12)]
    assert days("16 июня", lang="ru") == [dt.date(2025, 6, 16)]
    assert days("сегодня", lang="ru") == [FRIDAY]
    assert days("вчера", lang="ru") == [dt.date(2025, 6, 12)]
    assert days("у четвер", lang="uk") == [dt.date(2025, 6, 12)]
    assert days("16 червня", lang="uk") == [dt.date(2025, 6, 16)]
    assert days("сьогодні", lang="uk") == [FRIDAY]
    assert days("вчора", lang="uk") == [dt.date(2025, 6, 12)]


def test_days_written_without_a_year_are_read_as_month_and_day() -> None:
    from swapledger.extract.dates import month_days

    assert month_days("Востаннє це відбулося 29 січня, а 16 червня 2025 року теж.") == {(1, 29)}
    assert month_days("The swap took place on June 11.") == {(6, 11)}
    assert month_days("On 11 June 2025 Russia returned 1,212 bodies.") == set()


def test_a_month_with_its_year_is_a_time_not_a_day_of_that_month() -> None:
    from swapledger.extract.dates import find_dates, find_period

    said = find_dates("the largest since October 2020, when 1,000 were freed", dt.date(2023, 4, 16))
    assert [(d.day, d.vague) for d in said] == [(None, True)]  # not "October 20"
    assert find_period("The first swap was in October 2020.", dt.date(2023, 4, 16)) == (
        dt.date(2020, 10, 1),
        dt.date(2020, 10, 31),
    )
