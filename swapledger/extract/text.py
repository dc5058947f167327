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
# A sentence ends after the mark; group 1 is what lies between two sentences.
_BOUNDARY = re.compile(r"[.!?…]([\"'”’»)]*\s+(?=[\"'“‘«(]?[A-ZА-ЯЁІЇЄҐ0-9]))")


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
    add = out.append
    pos = 0
    for para_no, line in enumerate(text.split("\n")):
        line_start = pos
        pos += len(line) + 1
        if not line.strip():
            continue
        cut = 0
        for m in _BOUNDARY.finditer(line):
            end = m.start(1)
            word = _word_before(line, end)
            if word and (word.lower().rstrip(".") in ABBREVIATIONS or _INITIAL.fullmatch(word)):
                continue  # "U.S. officials", an initial: "J. Smith"
            chunk = line[cut:end]
            stripped = chunk.strip()
            if stripped:
                s = line_start + cut + len(chunk) - len(chunk.lstrip())
                add(Sentence(s, s + len(stripped), stripped, para_no))
            cut = m.end()
        chunk = line[cut:]
        stripped = chunk.strip()
        if stripped:
            s = line_start + cut + len(chunk) - len(chunk.lstrip())
            add(Sentence(s, s + len(stripped), stripped, para_no))
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
