"""Plain-text page -> segments: the main article and any related stories, by line numbers.

1. classify every line on its own (lines.py); a line the site prints on many of its
   pages is template (template.py)
2. mark furniture blocks: an opener ("A Message from X:", "Sign up for") up to the next title
3. the main article: the first substantial run of prose, extended across short widgets
   until a section header ("Comments", "Related Articles"), an opener, metadata, or a
   long run of furniture; its title and metadata come from the lines above it
4. related stories: after the main article, each run of prose whose head carries story
   metadata (outlet, relative age) or a headline inside a "Related" section
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, replace

from swapledger.clean import meta
from swapledger.clean.lines import (
    METADATA,
    MIN_INNER_WORDS,
    SENTENCE_END,
    Kind,
    Line,
    inner_text,
    split_lines,
)
from swapledger.clean.template import EMPTY, TemplateMemory
from swapledger.clean.vocabulary import vocabulary

MAX_GAP = 3  # widgets inside a body come one or two at a time; three in a row end it
MIN_MAIN_CHARS = 200  # a shorter first run (a tagline, a teaser) is not yet the main article
OUTLET_NEIGHBOUR_WORDS = 5  # "Russia Today" next to "2 hours ago" is an outlet, not a title
MIN_TITLE_WORDS = 4  # "Edit post", "News Feed": two-word headline-shaped lines are navigation
MAX_APPEAL_SHARE = 0.5  # a prose run where half the lines ask for money or sign-ups is an appeal
OUTLET_BY_AGE = "outlet line beside its age"
LIST_HEADER = "'More from' list header"


@dataclass(slots=True)
class Segment:
    """One article found in a page, as line numbers (0-based) and metadata."""

    title: str | None = None
    title_lines: list[int] = field(default_factory=list)
    dek_lines: list[int] = field(default_factory=list)  # subheadings between title and body
    body_lines: list[int] = field(default_factory=list)
    meta_lines: list[int] = field(default_factory=list)
    outlet: str | None = None
    outlet_from: str | None = None  # how the outlet was found (shown by `swapledger clean`)
    age: str | None = None
    date: dt.date | None = None

    def kept(self) -> list[int]:
        """Every line this article keeps: title lines and body lines, in page order."""
        return sorted({*self.title_lines, *self.dek_lines, *self.body_lines})


def segment(
    content: str, known_title: str | None = None, memory: TemplateMemory = EMPTY
) -> tuple[list[Line], list[Segment]]:
    """The classified lines of a plain-text page and the articles found in it."""
    # 1. classify; lines the site prints on many pages are template
    lines = mark_template(split_lines(content), memory)
    # 2. furniture blocks
    furniture = _furniture_blocks(lines)
    # 3. main article
    segments: list[Segment] = []
    main = _main_run(lines, furniture)
    if main is None:
        return lines, segments
    start, end = main
    first = _head_start(lines, furniture, start)
    main_segment = _head(lines, first, start, known_title)
    main_segment.body_lines = [
        i for i in range(start, end + 1) if not furniture[i] and inner_text(lines[i])
    ]
    segments.append(main_segment)
    # 4. related stories
    segments.extend(_related(lines, furniture, end + 1))
    return lines, segments


def mark_template(lines: list[Line], memory: TemplateMemory) -> list[Line]:
    """`lines` with those the site's memory knows as template re-kinded TEMPLATE."""
    if not memory.pages:
        return lines
    return [
        replace(line, kind=Kind.TEMPLATE)
        if line.kind is not Kind.BLANK and memory.is_template(line.text)
        else line
        for line in lines
    ]


def _furniture_blocks(lines: list[Line]) -> list[bool]:
    """True for lines inside an appeal or widget block that an opener line starts."""
    out = [False] * len(lines)
    inside = False
    for i, line in enumerate(lines):
        if line.kind is Kind.OPENER:
            inside = True
        elif line.kind in (Kind.HEADLINE, Kind.SECTION) or line.kind in METADATA:
            inside = False
        out[i] = inside
    return out


def _run_end(lines: list[Line], furniture: list[bool], start: int) -> int:
    """The last prose line of the body that starts at `start`."""
    last, gap = start, 0
    for j in range(start + 1, len(lines)):
        line = lines[j]
        if line.kind is Kind.BLANK:
            continue
        if furniture[j] or line.kind in (Kind.SECTION, Kind.OPENER) or line.kind in METADATA:
            break
        if line.kind is Kind.PROSE:
            last, gap = j, 0
            continue
        gap += 1
        if gap >= MAX_GAP:
            break
    return last


def _main_run(lines: list[Line], furniture: list[bool]) -> tuple[int, int] | None:
    """(first, last) line of the main article's body: the first substantial prose run."""
    runs: list[tuple[int, int]] = []
    i = 0
    while i < len(lines):
        if lines[i].kind is Kind.PROSE and not furniture[i]:
            end = _run_end(lines, furniture, i)
            runs.append((i, end))
            prose = [lines[k] for k in range(i, end + 1) if lines[k].kind is Kind.PROSE]
            chars = sum(len(line.text) for line in prose)
            appeals = sum(1 for line in prose if vocabulary().calls_to_action.search(line.text))
            if (chars >= MIN_MAIN_CHARS or end > i) and appeals < MAX_APPEAL_SHARE * len(prose):
                return i, end
            i = end + 1
        else:
            i += 1
    return runs[0] if runs else None


def _head_start(lines: list[Line], furniture: list[bool], start: int) -> int:
    """First line of the head above a body: after the nearest prose, related-stories header
    or furniture. A label between the dateline and the body ("Share", "Tags") is a button,
    not the end of the head; a long standfirst right under a headline is part of the head."""
    i = start - 1
    while i >= 0:
        line = lines[i]
        if furniture[i] or (line.kind is Kind.SECTION and line.related):
            return i + 1
        if line.kind is Kind.PROSE and not _is_dek(lines, i):
            return i + 1
        i -= 1
    return 0


def _is_dek(lines: list[Line], i: int) -> bool:
    """True for a prose-shaped line with no closing stop right under a headline: a
    standfirst (running text ends its paragraphs with a full stop)."""
    if lines[i].kind is not Kind.PROSE or SENTENCE_END.search(lines[i].text):
        return False
    j = i - 1
    while j >= 0 and lines[j].kind is Kind.BLANK:
        j -= 1
    return j >= 0 and lines[j].kind is Kind.HEADLINE


def _outlet_lines(lines: list[Line], first: int, stop: int) -> set[int]:
    """Short headline-like lines right next to a relative age: outlet names."""
    out: set[int] = set()
    for i in range(first, stop):
        if lines[i].kind is not Kind.AGE:
            continue
        for step in (-1, 1):
            j = i + step
            while first <= j < stop and lines[j].kind is Kind.BLANK:
                j += step
            if (
                first <= j < stop
                and lines[j].kind in (Kind.HEADLINE, Kind.OTHER)
                and lines[j].words <= OUTLET_NEIGHBOUR_WORDS
            ):
                out.add(j)
                break
    return out


def _head(lines: list[Line], first: int, stop: int, known_title: str | None = None) -> Segment:
    """Title, outlet, age and date from the lines between `first` and a body at `stop`."""
    seg = Segment()
    outlet_lines = _outlet_lines(lines, first, stop)
    headlines = [
        i for i in range(first, stop) if lines[i].kind is Kind.HEADLINE and i not in outlet_lines
    ]
    texts = [lines[i].text for i in headlines]
    repeated = [t for t in texts if texts.count(t) > 1]
    long = [t for t, i in zip(texts, headlines, strict=True) if lines[i].words >= MIN_TITLE_WORDS]
    if known_title and known_title.strip() in texts:
        seg.title = known_title.strip()
    elif repeated:  # scrapers print the headline twice or three times
        seg.title = repeated[-1]
    elif long or texts:  # the first headline-shaped line; later ones are subheadings
        seg.title = (long or texts)[0]
    if seg.title:
        seg.title_lines = [i for i in range(first, stop) if lines[i].text == seg.title]
        seg.dek_lines = [
            i
            for i in range(seg.title_lines[0] + 1, stop)
            if lines[i].text != seg.title
            and ((i in headlines and lines[i].words >= MIN_INNER_WORDS) or _is_dek(lines, i))
        ]
    outlets: list[tuple[int, str, str]] = []  # (priority, name, how it was found)
    for i in range(first, stop):
        line = lines[i]
        if line.kind is Kind.OUTLET_AGE:
            outlets.append((0, line.outlet or "", OUTLET_BY_AGE))
        elif i in outlet_lines:
            outlets.append((1, meta.canonical_outlet(line.text) or "", OUTLET_BY_AGE))
        elif line.kind is Kind.OUTLET_MARK:
            outlets.append((2, line.outlet or "", "outlet mark ('- Outlet')"))
        else:
            if line.date and not seg.date:
                seg.date = line.date
            if line.kind is Kind.CREDIT and not seg.date:
                seg.date = meta.date_in_text(line.text)
            continue
        seg.meta_lines.append(i)
        seg.age = seg.age or line.age
    if line_age := next((lines[i].age for i in range(first, stop) if lines[i].age), None):
        seg.age = line_age
    named = sorted(found for found in outlets if found[1])
    if named:
        seg.outlet, seg.outlet_from = named[0][1], named[0][2]
    return seg


def _related(lines: list[Line], furniture: list[bool], begin: int) -> list[Segment]:
    """Stories listed after the main article, each with its own head and body."""
    out: list[Segment] = []
    in_related = False
    list_outlet: str | None = None
    head_first = begin
    i = begin
    while i < len(lines):
        line = lines[i]
        if line.kind is Kind.SECTION:
            in_related, list_outlet = line.related, line.outlet
        if line.kind is not Kind.PROSE or furniture[i]:
            i += 1
            continue
        end = i
        j = i + 1
        while j < len(lines) and lines[j].kind in (Kind.PROSE, Kind.BLANK):
            if lines[j].kind is Kind.PROSE:
                end = j
            j += 1
        sections = [k for k in range(head_first, i) if lines[k].kind is Kind.SECTION]
        seg = _head(lines, max([head_first, *(k + 1 for k in sections)]), i)
        has_meta = bool(seg.meta_lines) or seg.age is not None
        if in_related and seg.outlet is None and list_outlet:
            seg.outlet, seg.outlet_from = list_outlet, LIST_HEADER  # the site's own stories
        if has_meta or (in_related and seg.title):
            seg.body_lines = [k for k in range(i, end + 1) if lines[k].kind is Kind.PROSE]
            out.append(seg)
        head_first = end + 1
        i = end + 1
    return out
