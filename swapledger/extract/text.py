"""Article text -> sentences with offsets (abbreviation-aware)."""

from __future__ import annotations

import re
from dataclasses import dataclass

# Words whose trailing period does not end a sentence.
ABBREVIATIONS = {
    "u.s",
    "u.k",
    "u.n",
    "mr",
    "mrs",
    "ms",
    "dr",
    "gen",
    "col",
    "lt",
    "sgt",
    "st",
    "no",
    "vs",
    "jan",
    "feb",
    "mar",
    "apr",
    "jun",
    "jul",
    "aug",
    "sep",
    "sept",
    "oct",
    "nov",
    "dec",
    "approx",
    "e.g",
    "i.e",
    "etc",
    "inc",
    "corp",
    "co",
    "gov",
    "rep",
    "sen",
    "pres",
    "maj",
    "capt",
    "adm",
    "тыс",
    "млн",
    "г",
    "т.е",
    "тис",
    "ст",
}
_INITIAL = re.compile(r"[A-Z]")
_BOUNDARY = re.compile(r"(?<=[.!?…])[\"'”’»)]*\s+(?=[\"'“‘«(]?[A-ZА-ЯЁІЇЄҐ0-9])")


@dataclass(frozen=True, slots=True)
class Sentence:
    """A sentence and where it sits in the article text."""

    start: int
    end: int
    text: str
    paragraph: int


def split_sentences(text: str) -> list[Sentence]:
    """Sentences of `text`, never crossing a line break, with character offsets."""
    out: list[Sentence] = []
    pos = 0
    for para_no, line in enumerate(text.split("\n")):
        line_start = pos
        pos += len(line) + 1
        if not line.strip():
            continue
        cut = 0
        for m in _BOUNDARY.finditer(line):
            word = _word_before(line, m.start())
            if word and word.lower().rstrip(".") in ABBREVIATIONS:
                continue
            if word and _INITIAL.fullmatch(word):  # an initial: "J. Smith"
                continue
            _add(out, line, cut, m.start(), line_start, para_no)
            cut = m.end()
        _add(out, line, cut, len(line), line_start, para_no)
    return out


def _word_before(line: str, end: int) -> str:
    """The word whose final mark ends at `end`: the last whitespace-delimited token of
    `line[:end]` without that mark ("U.S." -> "U.S", "Smith." -> "Smith"), or "" when the
    token is the mark alone. Reads back from `end` only, so a long line costs no more per
    boundary than a short one."""
    start = end
    while start > 0 and not line[start - 1].isspace():
        start -= 1
    return line[start : end - 1]


def _add(out: list[Sentence], line: str, s: int, e: int, base: int, para: int) -> None:
    chunk = line[s:e]
    lead = len(chunk) - len(chunk.lstrip())
    chunk = chunk.strip()
    if chunk:
        out.append(Sentence(base + s + lead, base + s + lead + len(chunk), chunk, para))
