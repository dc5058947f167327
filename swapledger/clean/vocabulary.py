"""Data files -> the cleaner's word lists (data/clean/vocabulary.toml, data/outlets.toml)."""

from __future__ import annotations

import array
import functools
import re
import tomllib
from dataclasses import dataclass
from importlib import resources
from typing import Any

from swapledger.errors import ConfigError

DATA = resources.files("swapledger") / "data"


def _load(*parts: str) -> dict[str, Any]:
    try:
        return tomllib.loads(DATA.joinpath(*parts).read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise ConfigError(f"data file missing: {'/'.join(parts)}") from exc
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"data file {'/'.join(parts)} does not parse: {exc}") from exc


def phrases_regex(phrases: list[str]) -> re.Pattern[str]:
    """Whole-word, case-insensitive alternation of phrases, longest first."""
    parts = sorted({p.strip() for p in phrases if p.strip()}, key=len, reverse=True)
    alts = [r"\s+".join(re.escape(w) for w in p.split()) for p in parts]
    return re.compile(r"(?<![\w-])(?:" + "|".join(alts) + r")(?![\w-])", re.IGNORECASE)


SPACES = re.compile(r"\s+")
RUN = re.compile(r"[\w-]+")
"""What the phrase regex's edges delimit (`[\\w-]`): a word with its hyphens."""


@dataclass(frozen=True, slots=True)
class PhraseMatcher:
    """`phrases_regex` behind a cheap pre-check; the same matches, found faster.

    Most lines hold no phrase, yet the case-blind alternation tries every phrase at
    every word. Where a phrase matches, each of its words (runs of word characters and
    hyphens) is a whole word of the line, equal to it in lower case; so a line whose
    words do not include all the words of some phrase cannot match. Lines holding a
    character that the regex matches case-blind to a phrase's letter although its lower
    case differs ('İ', 'ſ', 'ı') go straight to the regex."""

    pattern: re.Pattern[str]
    words: dict[str, tuple[frozenset[str], ...]]  # first word -> each phrase's words
    unsafe: re.Pattern[str]
    always: bool  # some phrase has no word: every line goes to the regex

    @classmethod
    def of(cls, phrases: list[str]) -> PhraseMatcher:
        kept = [p.strip() for p in phrases if p.strip()]
        words: dict[str, set[frozenset[str]]] = {}
        always = False
        for phrase in kept:
            # letter by letter, as the regex compares them (a final 'Σ' is no 'ς' to it)
            runs = ["".join(map(str.lower, run)) for run in RUN.findall(phrase)]
            if not runs:
                always = True
                continue
            words.setdefault(runs[0], set()).add(frozenset(runs))
        unsafe = _unsafe_chars(kept)
        return cls(
            pattern=phrases_regex(kept),
            words={first: tuple(sets) for first, sets in words.items()},
            unsafe=re.compile("|".join(map(re.escape, unsafe)) or r"(?!)"),
            always=always,
        )

    def _may_match(self, text: str) -> bool:
        if self.always or self.unsafe.search(text):
            return True
        words = "\n".join(RUN.findall(text)).lower().split("\n")
        if self.words.keys().isdisjoint(words):
            return False
        line = set(words)
        return any(
            needed <= line
            for first in line.intersection(self.words)
            for needed in self.words[first]
        )

    def search(self, text: str) -> re.Match[str] | None:
        """As `re.Pattern.search`."""
        return self.pattern.search(text) if self._may_match(text) else None

    def findall(self, text: str) -> list[str]:
        """As `re.Pattern.findall`."""
        return self.pattern.findall(text) if self._may_match(text) else []


def _every_char() -> str:
    """Every character, in code point order (surrogates left out): the 65,536 of the first
    plane as UTF-32, copied for the 16 others with the plane's byte set, in C (~10 ms;
    an array of 1.1 million ints took ~50-70 ms)."""
    plane = array.array("I", range(0x10000)).tobytes()
    planes = bytearray(plane * 17)
    for n in range(1, 17):
        planes[n * 0x40000 + 2 : (n + 1) * 0x40000 : 4] = bytes([n]) * 0x10000
    del planes[0xD800 * 4 : 0xE000 * 4]
    return planes.decode("utf-32-le")


def _unsafe_chars(phrases: list[str]) -> list[str]:
    """Characters that a case-blind regex matches to a letter of `phrases` although their
    lower case differs from the letter's, or only one of the two is a word character
    (Turkish 'İ', long 'ſ', dotless 'ı'; 'K' the Kelvin sign is fine); and 'Σ', whose lower
    case depends on its place in a word."""
    letters = sorted({c for p in phrases for c in p if not c.isspace()})
    if not letters:
        return []
    any_letter = re.compile("[" + "".join(map(re.escape, letters)) + "]", re.IGNORECASE)
    unsafe = set()
    same = {letter: re.compile(re.escape(letter), re.IGNORECASE) for letter in letters}
    for c in set(any_letter.findall(_every_char())):
        for letter in letters:
            if same[letter].fullmatch(c) and (
                c.lower() != letter.lower() or bool(RUN.match(c)) != bool(RUN.match(letter))
            ):
                unsafe.add(c)
    if "Σ" in any_letter.findall("Σ"):
        unsafe.add("Σ")
    return sorted(unsafe)


def normalise_header(line: str) -> str:
    """A line reduced to compare with header lists: lower case, no edge punctuation."""
    header = line.strip(" \t\r\n:.,!-–—•·|»›>#*")
    # every space but ' ' is unprintable: a printable line without double spaces is as is
    if "  " in header or not header.isprintable():
        header = SPACES.sub(" ", header)
    return header.lower()


@dataclass(frozen=True, slots=True)
class Vocabulary:
    """The cleaner's word lists, compiled."""

    stop_words: frozenset[str]
    stop_words_by_language: dict[str, frozenset[str]]
    calls_to_action: PhraseMatcher
    section_headers: frozenset[str]
    related_headers: frozenset[str]
    block_openers: tuple[str, ...]
    credit_openers: tuple[str, ...]
    outlet_aliases: dict[str, str]


@functools.cache
def vocabulary() -> Vocabulary:
    """Load and compile the cleaner's data files once."""
    raw = _load("clean", "vocabulary.toml")
    furniture = raw.get("furniture", {})
    stop = {w.lower() for words in raw.get("stop_words", {}).values() for w in words}
    related = {normalise_header(h) for h in furniture.get("related_headers", ())}
    sections = {normalise_header(h) for h in furniture.get("section_headers", ())}
    if not related <= sections:
        raise ConfigError(f"related headers not in section_headers: {sorted(related - sections)}")
    return Vocabulary(
        stop_words=frozenset(stop),
        stop_words_by_language={
            code: frozenset(w.lower() for w in words)
            for code, words in raw.get("stop_words", {}).items()
        },
        calls_to_action=PhraseMatcher.of(list(furniture.get("calls_to_action", ()))),
        section_headers=frozenset(sections),
        related_headers=frozenset(related),
        block_openers=tuple(o.lower() for o in furniture.get("block_openers", ())),
        credit_openers=tuple(o.lower() for o in furniture.get("credit_openers", ())),
        outlet_aliases=dict(_load("outlets.toml").get("aliases", {})),
    )
