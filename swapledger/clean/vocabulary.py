"""Data files -> the cleaner's word lists (data/clean/vocabulary.toml, data/outlets.toml)."""

from __future__ import annotations

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


def normalise_header(line: str) -> str:
    """A line reduced to compare with header lists: lower case, no edge punctuation."""
    return re.sub(r"\s+", " ", line.strip(" \t\r\n:.,!-–—•·|»›>#*")).lower()


@dataclass(frozen=True, slots=True)
class Vocabulary:
    """The cleaner's word lists, compiled."""

    stop_words: frozenset[str]
    stop_words_by_language: dict[str, frozenset[str]]
    calls_to_action: re.Pattern[str]
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
        calls_to_action=phrases_regex(list(furniture.get("calls_to_action", ()))),
        section_headers=frozenset(sections),
        related_headers=frozenset(related),
        block_openers=tuple(o.lower() for o in furniture.get("block_openers", ())),
        credit_openers=tuple(o.lower() for o in furniture.get("credit_openers", ())),
        outlet_aliases=dict(_load("outlets.toml").get("aliases", {})),
    )
