"""Text -> number mentions: "1,212", "1 212", "1.2K", "six thousand", "Thirty-one".

Each mention carries its normalised value, its span, and the qualifier
("over", "at least", "nearly" ...) read from the words before it.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from swapledger import lexicon
from swapledger.extract.scan import CaseBlindWords
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
    of a long article: one scan of the lowercased text (scan.py). None (read every
    sentence) where that scan cannot stand for the pattern's case-blind match.
    """
    words = _number_words(lang).starts(text)
    if words is None:
        return None
    return sorted([m.start() for m in _DIGIT.finditer(text)] + words)


@functools.cache
def _number_words(lang: str) -> CaseBlindWords:
    """The words one of which every spelled-out mention holds."""
    _, _, unit_words, scale_words = _vocabulary(lang)
    return CaseBlindWords([*unit_words, *scale_words])
