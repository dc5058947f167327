"""Text -> classified lines: what each line of a flattened page looks like on its own.

Features that generalise across sites: length, sentence punctuation, the share
of lower-case and function words, call-to-action vocabulary, and the shapes of
metadata lines (outlet, relative age, "- Outlet" markers).
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from dataclasses import dataclass
from enum import StrEnum
from operator import itemgetter

from swapledger.clean import meta
from swapledger.clean.vocabulary import normalise_header, vocabulary

MIN_PROSE_WORDS = 6  # "He said the swap went well." is prose; "Read the full story" is not
LONG_LINE_WORDS = 20  # a line this long is running text even when a scraper cut its last stop
MIN_LOWER_RATIO = 0.3  # Title Case headlines have under 30% lower-case words, prose over 50%
MIN_STOP_RATIO = 0.25  # German capitalises nouns, but a quarter of its words are function words
CTA_WORDS_PER_HIT = 10  # a sentence needs a furniture phrase per 10 words to be a widget;
# news prose says "comments" or "share" now and then, a cookie notice says little else
MAX_HEADLINE_WORDS = 30  # longer lines without a full stop are cut-off paragraphs, not titles
MIN_HEADLINE_ALPHA = 0.6  # a headline is mostly words; credits and handles are not
MIN_INNER_WORDS = 4  # shorter lines inside a body are widgets ("Advertisement", "Photo")
SENTENCE_END = re.compile(r"[.!?…。][\"'”’»)\]]*$|[\"”’»]$")
NAV_SEPARATOR = re.compile(r"\s[|›»>/·]\s|\S(?: {2,}|\t+)\S")
"""'World | Europe | Ukraine', 'Home   Ukraine   Russia': a breadcrumb or menu (a scraper
flattens a menu's items into one line, separated by runs of spaces or tabs)."""
WORD = re.compile(r"[^\W\d_][\w'’-]*", re.UNICODE)


class Kind(StrEnum):
    """What a line looks like."""

    BLANK = "blank"
    PROSE = "prose"  # running text: a paragraph
    HEADLINE = "headline"  # short, word-like, no full stop: a title or a subheading
    AGE = "age"  # "2 hours ago"
    OUTLET_AGE = "outlet_age"  # "Russia Today6 days ago"
    OUTLET_MARK = "outlet_mark"  # "- Russia Today"
    SECTION = "section"  # "Related Articles", "Comments": ends the article above
    OPENER = "opener"  # "A Message from X:", "Sign up for ...": starts a furniture block
    CTA = "cta"  # a call to action or widget text
    CREDIT = "credit"  # byline, photo credit, dateline
    TEMPLATE = "template"  # a line the site prints on many of its pages (template.py)
    OTHER = "other"


METADATA = frozenset({Kind.AGE, Kind.OUTLET_AGE, Kind.OUTLET_MARK})


@dataclass(frozen=True, slots=True)
class Line:
    """One line of a page: its place, its text without scraper prefixes, and its kind."""

    number: int  # 0-based
    start: int  # offset of the first character in the page
    end: int  # offset just past the last character (newline excluded)
    raw: str
    text: str  # stripped, scraper date prefix removed
    kind: Kind
    words: int
    date: dt.date | None = None  # a scraper's "date YYYY-MM-DD" prefix
    outlet: str | None = None  # outlet printed in a metadata line
    age: str | None = None  # relative age printed in a metadata line
    related: bool = False  # a SECTION header that opens a list of other stories


def split_lines(content: str) -> list[Line]:
    """Every line of `content` with its offsets and kind."""
    out: list[Line] = []
    pos = 0
    for number, raw in enumerate(content.split("\n")):
        end = pos + len(raw.rstrip("\r"))
        out.append(classify(number, pos, end, raw.rstrip("\r")))
        pos += len(raw) + 1
    return out


def _word_like(words: list[str]) -> bool:
    """True when enough of `words` are lower case or function words for running text."""
    if not words:
        return False
    if sum(map(str.islower, map(itemgetter(0), words))) / len(words) >= MIN_LOWER_RATIO:
        return True
    stop = vocabulary().stop_words
    return sum(map(stop.__contains__, map(str.lower, words))) / len(words) >= MIN_STOP_RATIO


def classify(number: int, start: int, end: int, raw: str) -> Line:
    """The kind of one line, judged on its own."""
    text = raw.strip()
    date = None
    m = meta.SCRAPER_DATE.match(text)
    if m:
        date = meta._make_date(re.match(r"(?P<year>\d{4})-(?P<mnum>\d\d)-(?P<day>\d\d)", m["date"]))  # type: ignore[arg-type]
        text = text[m.end() :].strip()
        if meta.padded_year(date):
            date = None  # "date 2026-01-01": a year, not a day
    words = WORD.findall(text)
    tokens = text.split()

    def line(kind: Kind, **extra: object) -> Line:
        return Line(number, start, end, raw, text, kind, len(tokens), date, **extra)  # type: ignore[arg-type]

    if not text:
        return line(Kind.BLANK)
    if meta.ends_with_age(text):
        if m := meta.AGE_LINE.match(text):
            return line(Kind.AGE, age=m["age"])
        if (m := meta.OUTLET_AGE_LINE.match(text)) and m["outlet"].strip():
            return line(Kind.OUTLET_AGE, outlet=meta.canonical_outlet(m["outlet"]), age=m["age"])
    vocab = vocabulary()
    if m := meta.OUTLET_MARK_LINE.match(text):
        if (
            len(m["outlet"].split()) <= meta.MAX_OUTLET_WORDS
            and not SENTENCE_END.search(text)
            and not vocab.calls_to_action.search(text)  # "• Share to" is a button
        ):
            return line(Kind.OUTLET_MARK, outlet=meta.canonical_outlet(m["outlet"]))
    header = normalise_header(text)
    if header in vocab.section_headers:
        return line(Kind.SECTION, related=header in vocab.related_headers)
    if named := _named_related(header, text):
        return line(Kind.SECTION, related=True, outlet=named)  # "More from The Courier"
    if header.startswith(_opener_prefixes()) or header in vocab.block_openers:
        return line(Kind.OPENER)
    if meta.outlet_cue(text) and len(tokens) <= meta.MAX_OUTLET_WORDS + 3:
        return line(Kind.OPENER)  # "Support X!"
    hits = len(vocab.calls_to_action.findall(text))
    all_caps = text.upper() == text and any(c.isalpha() for c in text)
    prose = (
        not all_caps
        and len(words) >= MIN_PROSE_WORDS
        and _word_like(words)
        and bool(SENTENCE_END.search(text) or len(words) >= LONG_LINE_WORDS)
    )
    if hits and (not prose or hits * CTA_WORDS_PER_HIT >= len(tokens)):
        return line(Kind.CTA)
    first = tokens[0].lower()
    if first in vocab.credit_openers and len(tokens) <= MAX_HEADLINE_WORDS // 3:
        return line(Kind.CREDIT)
    if "@" in text and len(tokens) <= MIN_PROSE_WORDS:
        return line(Kind.CREDIT)  # "@handle / Telegram"
    if prose:
        return line(Kind.PROSE)
    if meta.date_in_text(text) and len(words) <= MIN_PROSE_WORDS:
        return line(Kind.CREDIT)  # "Posted Feb 5, 2026 6:30 PM CST"
    alpha = len(words) / len(tokens)
    if (
        not all_caps
        and 2 <= len(tokens) <= MAX_HEADLINE_WORDS
        and alpha >= MIN_HEADLINE_ALPHA
        and not text.endswith((".", ":", ",", ";"))
        and not NAV_SEPARATOR.search(text)
        and (text[0].isupper() or text[0].isdigit() or text[0] in "\"'“‘«")
    ):
        return line(Kind.HEADLINE)
    return line(Kind.OTHER)


@functools.cache
def _opener_prefixes() -> tuple[str, ...]:
    return tuple(o + " " for o in vocabulary().block_openers)


@functools.cache
def _named_prefixes() -> tuple[str, ...]:
    return tuple(r + " " for r in vocabulary().related_headers if r.endswith(" from"))


def _named_related(header: str, text: str) -> str | None:
    """The site named by a related header that takes a name ("More from X", "Latest from
    X"): those lists are the site's own stories, so X is their outlet."""
    if not header.startswith(_named_prefixes()):
        return None
    for related in vocabulary().related_headers:
        if related.endswith(" from") and header.startswith(related + " "):
            words = text.strip(" \t:.,!-–—•·|»›>#*").split()
            return meta.canonical_outlet(" ".join(words[len(related.split()) :]))
    return None


def inner_text(line: Line) -> bool:
    """True for a non-prose line worth keeping when it sits inside an article body."""
    if line.kind in (Kind.PROSE, Kind.HEADLINE):
        return line.kind is Kind.PROSE or line.words >= MIN_INNER_WORDS
    if line.kind is not Kind.OTHER or line.words < MIN_INNER_WORDS:
        return False
    return not (line.text.upper() == line.text)
