"""The call-to-action matcher: its pre-check must never hide a phrase the regex finds."""

from __future__ import annotations

from pathlib import Path

import pytest

from swapledger.clean.lines import Kind, split_lines
from swapledger.clean.vocabulary import PhraseMatcher, phrases_regex, vocabulary

HERE = Path(__file__).parent
PHRASES = ["sign in", "read more", "s'abonner", "e-mail-adresse", "comments", "поделиться"]
TRICKY = [
    "SİGN İN to continue",  # Turkish capital I: lower case 'i̇' is two characters
    "ſign in",  # long s: the regex matches it case-blind to 's'
    "READ   MORE",
    "Read\u00a0more about the swap",
    "S'ABONNER",
    "E-MAIL-ADRESSE eingeben",
    "re-sign in",  # a hyphen before the phrase: not a whole word
    "sign-in",
    "comments, comments and comments",
    "ПОДЕЛИТЬСЯ",
    "Σign in",
    "no phrase at all here",
]


@pytest.mark.parametrize("text", TRICKY)
def test_matcher_finds_what_the_regex_finds(text: str) -> None:
    matcher, regex = PhraseMatcher.of(PHRASES), phrases_regex(PHRASES)
    assert matcher.findall(text) == regex.findall(text)
    assert bool(matcher.search(text)) == bool(regex.search(text))


def test_turkish_and_long_s_lines_are_still_calls_to_action() -> None:
    matcher = PhraseMatcher.of(PHRASES)
    assert matcher.findall("SİGN İN to continue") == ["SİGN İN"]
    assert matcher.findall("ſign in") == ["ſign in"]


def test_the_shipped_vocabulary_matches_like_its_regex_on_every_line_of_our_pages() -> None:
    calls = vocabulary().calls_to_action
    lines = [
        line.strip()
        for path in sorted([*(HERE / "pages").iterdir(), *(HERE / "heldout").iterdir()])
        if path.suffix in (".html", ".txt")
        for line in path.read_text("utf-8").split("\n")
    ]
    hits = [line for line in lines if calls.pattern.search(line)]
    assert hits, "the pages hold no call to action: the comparison below proves nothing"
    for line in lines:
        assert calls.findall(line) == calls.pattern.findall(line), line


@pytest.mark.parametrize(
    "line", ["Related Articles", "Related\u00a0Articles", "Related  Articles:", "Related\tArticles"]
)
def test_a_section_header_is_known_whatever_its_spaces(line: str) -> None:
    (header,) = split_lines(line)
    assert header.kind is Kind.SECTION and header.related


def test_every_character_is_listed_once_in_code_point_order():
    # the unsafe characters of a phrase list are found by scanning this string: one
    # character missing and a case-blind match through it goes unseen
    import array

    from swapledger.clean.vocabulary import _every_char

    every = array.array("I", [*range(0xD800), *range(0xE000, 0x110000)])
    assert _every_char() == every.tobytes().decode("utf-32-le")
