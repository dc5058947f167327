"""Where in a long text some words stand, case-blind, in one pass: a cheap test of which
sentences can match a case-blind pattern made of those words, before the pattern itself
is tried on them.

`CaseBlindWords(words).starts(text)` gives the offset of every place where one of `words`
stands in `text` as a re.IGNORECASE literal would match it (inside other words too): any
match of a case-blind pattern each of whose alternatives holds one of the words holds
one of these offsets (numbers.number_hints). The text is
lowercased for an Aho-Corasick pass; the few characters that `str.lower` does not fold as
IGNORECASE does ("ı", "ſ", "İ") are put right first; where that cannot be done, None
(test every sentence).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

_GIVE_UP = "give up"


class CaseBlindWords:
    """An Aho-Corasick automaton of lowercase words, matched as IGNORECASE literals."""

    def __init__(self, words: Iterable[str]) -> None:
        words = list(words)
        self.words = sorted({w.lower() for w in words})
        self._automaton: Any = None
        self._folds: dict[str, str] = {}
        if not self.words or "" in self.words:
            return
        if any(len(w) != len(w.lower()) for w in words):
            return  # a word whose lowercase is longer ("İ"): no scan
        try:
            import ahocorasick
        except ImportError:  # pragma: no cover - declared dependency
            return
        automaton = ahocorasick.Automaton()
        for w in self.words:
            automaton.add_word(w, len(w))
        automaton.make_automaton()
        self._automaton = automaton
        self._letters = [
            (c, re.compile(re.escape(c), re.IGNORECASE)) for c in sorted(set("".join(self.words)))
        ]

    def starts(self, text: str) -> list[int] | None:
        """Offsets in `text` where one of the words starts (any case); None: cannot tell."""
        if self._automaton is None:
            return None
        swap: dict[int, str] = {}
        for c in set(text):
            fold = self._folds.get(c)
            if fold is None:
                fold = self._folds[c] = self._fold(c)
            if fold == _GIVE_UP:
                return None
            if fold:
                swap[ord(c)] = fold
        lowered = (text.translate(swap) if swap else text).lower()
        if len(lowered) != len(text):
            return None
        return [end - length + 1 for end, length in self._automaton.iter(lowered)]

    def _fold(self, c: str) -> str:
        """How the scan reads `c`: "" where `str.lower` makes it the one letter of the
        words IGNORECASE equates it with (or, equating it with none, one character);
        else the character to put in its place before lowercasing ("ı", "ſ" and "İ" read
        as "i", "s" and "i"; a character no word holds and that lowercases to several, as
        a space); `_GIVE_UP` where it stands for two letters."""
        letters = [letter for letter, pat in self._letters if pat.fullmatch(c)]
        if len(letters) > 1 or any(letter.lower() != letter for letter in letters):
            return _GIVE_UP
        low = c.lower()
        if c == "\u03a3":  # Σ lowercases by context (final sigma): always replace it
            return letters[0] if letters else " "
        if letters:
            return "" if low == letters[0] else letters[0]
        return "" if len(low) == 1 else " "
