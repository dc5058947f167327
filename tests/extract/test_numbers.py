"""Numbers as news writes them, normalised (records.md: count, qualifier)."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from swapledger.extract.numbers import find_numbers


def values(text: str, lang: str = "en") -> list[tuple[int, str]]:
    return [(n.value, n.qualifier) for n in find_numbers(text, lang)]


def test_comma_thousands_read_as_one_number() -> None:
    assert values("the remains of 1,212 Ukrainian soldiers") == [(1212, "exact")]


def test_space_thousands_read_as_one_number() -> None:
    assert values("1 212 kritusių gynėjų") == [(1212, "exact")]
    assert values("1\u00a0003 тела") == [(1003, "exact")]


def test_a_date_with_spaces_is_not_one_big_number() -> None:
    assert [v for v, _ in values("On May 23 2025, 390 people")] == [23, 2025, 390]


def test_k_suffix_is_a_rounded_thousand() -> None:
    (n,) = find_numbers("More Than 1.2K Bodies")
    assert (n.value, n.qualifier, n.rounded) == (1200, "more_than", True)


def test_number_words_are_read() -> None:
    assert values("exchange six thousand bodies") == [(6000, "exact")]
    assert values("Thirty-one personnel") == [(31, "exact")]
    assert values("two hundred and fifty people") == [(250, "exact")]


def test_qualifiers_map_to_the_spec_values() -> None:
    assert values("over 1,200 troops") == [(1200, "more_than")]
    assert values("at least 15,000 bodies") == [(15000, "at_least")]
    assert values("nearly 2,000 prisoners") == [(2000, "about")]
    assert values("some 1,200 soldiers") == [(1200, "about")]
    assert values("as many as 6,000 bodies") == [(6000, "up_to")]


def test_over_after_handed_is_a_particle_not_a_qualifier() -> None:
    assert values("Ukraine also handed over eight civilians") == [(8, "exact")]


def test_russian_abbreviated_thousands_and_words() -> None:
    assert values("еще порядка 3 тыс. тел", "ru") == [(3000, "about")]
    assert values("тогда в Україну повернули тисячу тіл", "uk") == [(1000, "exact")]
    assert values("понад 1000 тіл", "uk") == [(1000, "more_than")]
    assert values("более 6 тыс. тел", "ru") == [(6000, "more_than")]


@given(st.integers(min_value=1, max_value=999_999))
def test_any_comma_grouped_integer_round_trips(n: int) -> None:
    assert values(f"returned {n:,} bodies") == [(n, "exact")]
