"""Text -> number mentions: "1,212", "1 212", "1.2K", "six thousand", "Thirty-one".

Each mention carries its normalised value, its span, and the qualifier
("over", "at least", "nearly" ...) read from the words before it.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from typing import Any

from swapledger import lexicon
from swapledger.model import Qualifier

# A thousands group separated by a comma, a (narrow) no-break space or a plain
# space: "1,212", "1 212", "15 801". A plain-space group must be exactly three
# digits and not run into more digits, so "May 23 2025" is not 232025.
_SEP = r"[,\u00a0\u202f\u2009 ]"
_CORE = r"(?<![\w.,])(?<!\d-)(?:\d{1,3}(?:" + _SEP + r"\d{3})+(?![\d])|\d+(?:\.\d+)?)"


def digits_pattern(scales: dict[str, int]) -> str:
    """Digits with an optional scale word after them: "1.2K", "6 thousand", "3 тыс."."""
    words = sorted((re.escape(w) for w in scales), key=len, reverse=True)
    return _CORE + r"(?:\s?(?P<suffix>(?i:" + "|".join(words) + r"))\.?(?![\w]))?"


DIGITS = digits_pattern({"k": 1000, "thousand": 1000, "million": 1_000_000})


@dataclass(frozen=True, slots=True)
class NumberMention:
    """A number in a text, normalised, with the qualifier that precedes it."""

    value: int
    start: int  # span of the number itself (without qualifier)
    end: int
    qualifier: Qualifier
    qualifier_start: int  # start of the qualifier phrase, or `start`
    text: str
    rounded: bool  # written in a rounded form: "1.2K", "six thousand"


@functools.cache
def _vocabulary(lang: str) -> tuple[dict[str, int], dict[str, int], list[str], list[str]]:
    """numbers.toml's units and scales (lowercase), and the words the spelled-out pattern
    alternates: every unit but "a" ("a thousand" still holds its scale word), every scale
    word longer than one letter. A spelled-out mention holds one of these words."""
    data = lexicon.language(lang).numbers
    units = {k.lower(): int(v) for k, v in data["units"].items()}
    scales = {k.lower(): int(v) for k, v in data["scales"].items()}
    scales.setdefault("k", 1000)
    unit_words = [w for w in units if w not in {"a"}]
    scale_words = [w for w in scales if len(w) > 1]
    return units, scales, unit_words, scale_words


@functools.cache
def _tables(
    lang: str,
) -> tuple[
    re.Pattern[str],
    re.Pattern[str],
    dict[str, int],
    dict[str, int],
    list[tuple[str, re.Pattern[str]]],
]:
    data = lexicon.language(lang).numbers
    units, scales, unit_words, scale_words = _vocabulary(lang)
    word = (
        r"(?:" + "|".join(sorted((re.escape(w) for w in unit_words), key=len, reverse=True)) + r")"
    )
    scale = r"(?:" + "|".join(re.escape(w) for w in scale_words) + r")"
    # "six thousand", "a thousand", "thirty-one", "two hundred and fifty"
    words = (
        rf"(?<![\w-])(?:(?:a|{word})(?:-{word})?\s+{scale}(?:\s+(?:and\s+)?{word}(?:-{word})?)?"
        rf"|{word}(?:-{word})?)(?![\w-])"
    )
    quals = [
        (name, re.compile(lexicon.phrase_pattern(phrases) + r"\s*$", re.IGNORECASE))
        for name, phrases in data["qualifiers"].items()
    ]
    return (
        re.compile(digits_pattern(scales)),
        re.compile(words, re.IGNORECASE),
        units,
        scales,
        quals,
    )


@functools.cache
def _particles(lang: str) -> re.Pattern[str] | None:
    """Verbs whose particle looks like a qualifier ("hand over", "turn over")."""
    verbs = lexicon.language(lang).numbers.get("particle_verbs", {}).get("verbs", [])
    if not verbs:
        return None
    return re.compile(lexicon.phrase_pattern(verbs) + r"\s*$", re.IGNORECASE)


def _word_value(text: str, units: dict[str, int], scales: dict[str, int]) -> int:
    total, current = 0, 0
    for tok in re.split(r"[\s-]+", text.lower()):
        if tok == "and":
            continue
        if tok in scales:
            current = max(current, 1) * scales[tok]
            if scales[tok] >= 1000:
                total, current = total + current, 0
        elif tok in units:
            current += units[tok]
    return total + current


def parse_digits(text: str, scales: dict[str, int] | None = None) -> int:
    """'1,212' -> 1212, '1.2K' -> 1200, '6 thousand' -> 6000, '1 003' -> 1003."""
    scales = scales or {"k": 1000, "thousand": 1000, "million": 1_000_000}
    m = re.fullmatch(digits_pattern(scales), text.strip())
    if not m:
        raise ValueError(f"not a number: {text!r}")
    suffix = (m.group("suffix") or "").lower()
    core = text.strip()[: m.start("suffix") if m.group("suffix") else None].strip()
    if re.fullmatch(r"\d{1,3}(?:" + _SEP + r"\d{3})+", core):
        value = float(re.sub(_SEP, "", core))
    else:
        value = float(core)
    mult = scales.get(suffix, 1)
    return int(round(value * mult))


def find_numbers(text: str, lang: str = "en") -> list[NumberMention]:
    """Every number mention in `text`, in order, with qualifiers attached."""
    digits, words, units, scales, quals = _tables(lang)
    particle = _particles(lang)
    found: list[tuple[int, int, int, bool]] = []
    for m in digits.finditer(text):
        raw = m.group(0)
        try:
            value = parse_digits(raw, scales)
        except ValueError:
            continue
        rounded = bool(m.group("suffix")) or "." in raw
        found.append((m.start(), m.end(), value, rounded))
    for m in words.finditer(text):
        if any(s <= m.start() < e for s, e, _, _ in found):
            continue
        value = _word_value(m.group(0), units, scales)
        if value <= 0:
            continue
        found.append((m.start(), m.end(), value, value >= 1000))
    found.sort()
    out: list[NumberMention] = []
    for start, end, value, rounded in found:
        qualifier: Qualifier = "exact"
        qstart = start
        before = text[max(0, start - 40) : start]
        for name, pat in quals:
            qm = pat.search(before)
            if qm and particle and particle.search(before[: qm.start()]):
                continue  # "handed over 8 civilians": a verb particle, not "more than"
            if qm:
                qualifier = name  # type: ignore[assignment]
                qstart = start - (len(before) - qm.start())
                break
        out.append(NumberMention(value, start, end, qualifier, qstart, text[start:end], rounded))
    return out


_DIGIT = re.compile(r"\d")  # the `\d` every digit mention (_CORE) holds


def number_hints(text: str, lang: str = "en") -> list[int] | None:
    """Where in `text` a number mention may be: the offset of every digit and of every
    number word (any case) that `find_numbers` reads. Any stretch of `text` in which
    `find_numbers` finds a mention holds one of these offsets, so a sentence holding none
    has no number and need not be read. Far cheaper than `find_numbers` on every sentence
    of a long article: one scan of the lowercased text. None (read every sentence) where
    that scan cannot stand for the pattern's case-blind match.
    """
    scan = _word_scan(lang)
    if scan is None:
        return None
    automaton, folds = scan
    swap: dict[int, str] = {}
    for c in set(text):
        fold = folds.get(c)
        if fold is None:
            fold = folds[c] = _fold(lang, c)
        if fold == _GIVE_UP:
            return None
        if fold:
            swap[ord(c)] = fold
    lowered = (text.translate(swap) if swap else text).lower()
    if len(lowered) != len(text):
        return None
    hints = [m.start() for m in _DIGIT.finditer(text)]
    hints.extend(end - length + 1 for end, length in automaton.iter(lowered))
    hints.sort()
    return hints


_GIVE_UP = "give up"


@functools.cache
def _word_scan(lang: str) -> tuple[Any, dict[str, str]] | None:
    """An Aho-Corasick automaton of the number words (lowercase), and a cache of `_fold`
    per character. None without pyahocorasick."""
    try:
        import ahocorasick
    except ImportError:  # pragma: no cover - declared dependency
        return None
    _, _, unit_words, scale_words = _vocabulary(lang)
    words = {*unit_words, *scale_words}
    if not words or "" in words:
        return None
    automaton = ahocorasick.Automaton()
    for w in words:
        automaton.add_word(w, len(w))
    automaton.make_automaton()
    return automaton, {}


@functools.cache
def _letters(lang: str) -> list[tuple[str, re.Pattern[str]]]:
    """Each letter of the number words, with a pattern matching it as the words pattern
    does (IGNORECASE)."""
    _, _, unit_words, scale_words = _vocabulary(lang)
    chars = sorted({c for w in (*unit_words, *scale_words) for c in w})
    return [(c, re.compile(re.escape(c), re.IGNORECASE)) for c in chars]


def _fold(lang: str, c: str) -> str:
    """How the scan reads `c`: "" where `str.lower` makes it the one letter of the number
    words the words pattern equates it with (or, equating it with none, one character);
    else the character to put in its place before lowercasing ("ı", "ſ" and "İ" read as
    "i", "s" and "i"; a character no number word holds and that lowercases to several, as
    a space); `_GIVE_UP` where it stands for two letters."""
    letters = [letter for letter, pat in _letters(lang) if pat.fullmatch(c)]
    if len(letters) > 1 or any(letter.lower() != letter for letter in letters):
        return _GIVE_UP
    low = c.lower()
    if c == "\u03a3":  # Σ lowercases by context (final sigma): always replace it
        return letters[0] if letters else " "
    if letters:
        return "" if low == letters[0] else letters[0]
    return "" if len(low) == 1 else " "
