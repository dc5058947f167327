"""Sentence splitting: abbreviations and initials never end a sentence, however long the line."""

from __future__ import annotations

from swapledger.extract.text import split_sentences

FILLER = "The talks went on for hours and ended without a statement. " * 300


def test_abbreviations_and_initials_do_not_split_late_in_a_long_line() -> None:
    tail = (
        "Mr. J. Smith of the U.S. State Department spoke. "
        "Sgt. Ivanov arrived on Jan. 5 with Dr. Lee! Did the U.N. agree? "
        "A."
    )
    line = FILLER + tail
    got = [s.text for s in split_sentences(line)]
    assert got[-4:] == [
        "Mr. J. Smith of the U.S. State Department spoke.",
        "Sgt. Ivanov arrived on Jan. 5 with Dr. Lee!",
        "Did the U.N. agree?",
        "A.",
    ]
    assert len(got) == 300 + 4


def test_offsets_point_at_the_sentence_in_the_article_text() -> None:
    text = "Headline\n" + FILLER + "Russia returned 5 bodies.\n\nSecond paragraph. Next one."
    sentences = split_sentences(text)
    for s in sentences:
        assert text[s.start : s.end] == s.text
    last_of_first = next(s for s in sentences if s.text == "Russia returned 5 bodies.")
    assert last_of_first.paragraph == 1
    assert [s.paragraph for s in sentences[-2:]] == [3, 3]
