"""Source -> DateRange | None: the days a record's transfer can have taken place.

A record's own `date` fixes the day. Otherwise the article says when it was
written (its publication day, or its relative age against the page's fetch
time), and a completed transfer it reports without a day happened shortly
before. A weekday named in the sentence picks one day of a range.
"""

from __future__ import annotations

import datetime as dt
import re

from swapledger.extract.dates import find_dates, find_period
from swapledger.model import Article, DateRange, Document, Record, Source, content_hash

UNDATED_LAG_DAYS = 7
"""A report that gives no day for a handover is news of the past week: reports
of a batch come out the same day or in the days after it, and a week covers a
weekly round-up."""

PUBLISHED_SLACK_DAYS = 1
"""Publication days are printed in the outlet's time zone and a page can be
dated a day after or before the handover it reports, so a range reaches one day
past its publication."""

WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_WEEKDAY = re.compile(r"\b(" + "|".join(WEEKDAYS) + r")\b", re.IGNORECASE)

_AGE = re.compile(
    r"\b(?P<n>\d+|an?|one)\s+(?P<unit>minute|hour|day|week|month)s?\s+ago\b", re.IGNORECASE
)
_AGE_UNIT_DAYS = {"minute": 0, "hour": 0, "day": 1, "week": 7, "month": 30}

_SENTENCE_END = re.compile(r"(?<=[.!?])\s+|\n")
SENTENCE_REACH = 400
"""Characters around the evidence looked at when its sentence has no clear end."""


def sentence_span(text: str, start: int, end: int) -> tuple[int, int]:
    """Where the sentence of `text` that holds characters [start, end) begins and ends."""
    lo = max(0, start - SENTENCE_REACH)
    hi = min(len(text), end + SENTENCE_REACH)
    before = [m.end() for m in _SENTENCE_END.finditer(text, lo, start)]
    after = _SENTENCE_END.search(text, end, hi)
    return (before[-1] if before else lo, after.start() if after else hi)


def sentence_around(text: str, start: int, end: int) -> str:
    """The sentence of `text` that holds characters [start, end)."""
    lo, hi = sentence_span(text, start, end)
    return text[lo:hi]


def nearby(text: str, start: int, end: int) -> tuple[str, ...]:
    """The sentences after and before the one of `text` that holds [start, end)."""
    here = sentence_around(text, start, end)
    at = text.find(here, max(0, start - len(here)))
    at = at if at >= 0 else start
    before = sentence_around(text, max(0, at - 2), max(0, at - 1)) if at > 1 else ""
    after_at = at + len(here) + 1
    after = sentence_around(text, after_at, after_at + 1) if after_at < len(text) else ""
    return tuple(x for x in (after, before) if x)


def earlier(text: str, start: int, n: int = 2) -> tuple[str, ...]:
    """Up to `n` sentences of `text` before the one starting at `start`, nearest first."""
    out: list[str] = []
    at = start
    while len(out) < n and at > 1:
        lo, hi = sentence_span(text, max(0, at - 2), max(0, at - 1))
        if lo >= at:
            break
        out.append(text[lo:hi])
        at = lo
    return tuple(out)


def source_from(key: str, record: Record, article: Article, document: Document) -> Source:
    """A stored record, its article and its page as one `Source`."""
    lo, hi = sentence_span(article.text, record.evidence.start, record.evidence.end)
    return Source(
        key=key,
        record=record,
        document_id=document.id,
        outlet=article.outlet,
        url=article.url or document.url,
        published=article.published or document.published,
        age=article.age,
        fetched=article.fetched or document.fetched,
        sentence=article.text[lo:hi],
        sentence_start=lo,
        nearby=nearby(article.text, record.evidence.start, record.evidence.end),
        earlier=earlier(article.text, lo),
        copy_key=content_hash(" ".join(article.body.split()).casefold()),
    )


def written_on(source: Source) -> dt.date | None:
    """The day the article was written: its publication day, or its age before the fetch."""
    if source.published is not None:
        return source.published
    if source.age is None or source.fetched is None:
        return None
    age = source.age.strip().casefold()
    if age in ("today", "just now"):
        return source.fetched.date()
    if age == "yesterday":
        return source.fetched.date() - dt.timedelta(days=1)
    m = _AGE.search(age)
    if m is None:
        return None
    n = 1 if m["n"] in ("a", "an", "one") else int(m["n"])
    return source.fetched.date() - dt.timedelta(days=n * _AGE_UNIT_DAYS[m["unit"].lower()])


def window(source: Source) -> DateRange | None:
    """The days the transfer can have taken place; None when nothing bounds them."""
    if source.record.date is not None:
        return (source.record.date, source.record.date)
    day = written_on(source)
    if day is None:
        return None
    if source.record.status == "completed":
        period = told_period(source, day)
        if period is not None:
            return period
        if told_earlier(source):
            return None  # "since October 2020, when more than 1,000 were freed": not this week's
        lo = day - dt.timedelta(days=UNDATED_LAG_DAYS)
    else:  # a plan or a total is about the day of writing, give or take the slack
        lo = day - dt.timedelta(days=PUBLISHED_SLACK_DAYS)
    return (lo, day + dt.timedelta(days=PUBLISHED_SLACK_DAYS))


def told_earlier(source: Source) -> bool:
    """Whether the claim's own sentence places it in another year, as a time that is no
    day and no span we read ("since October 2020, when ...", "last year"): not news of
    the week. ("previously held by Russia" does not: it says when they were held.)"""
    written = written_on(source)
    for d in find_dates(source.sentence, None):
        if not d.vague or d.day is not None:
            continue
        said = source.sentence[d.start : d.end]
        years = [int(y) for y in re.findall(r"\b(?:19|20)\d\d\b", said)]
        if "last year" in said.lower() or (
            years and written and all(y < written.year for y in years)
        ):
            return True
    return False


def told_period(source: Source, written: dt.date) -> DateRange | None:
    """The span a time phrase places the transfer in ("last month", "в прошлом месяце",
    "in February"): from its own sentence, else from the sentence just before when its
    own names no day and no other span ("The last exchange was last month. Russia handed
    over 1,000 bodies. The same day, Ukraine handed over 30")."""
    period = find_period(source.sentence, written)
    own = find_dates(source.sentence, written)
    if period is None and not any(d.day or d.vague for d in own):
        for before in source.earlier:  # the nearest earlier sentence with a time decides
            if any(d.day for d in find_dates(before, written)):
                break
            period = find_period(before, written)
            if period is not None:
                break
    if period is None or period[0] > written:
        return None
    return (period[0], min(period[1], written + dt.timedelta(days=PUBLISHED_SLACK_DAYS)))


def intersect(a: DateRange | None, b: DateRange | None) -> DateRange | None | bool:
    """The days in both (None = unbounded); False when they have none in common."""
    if a is None:
        return b
    if b is None:
        return a
    lo, hi = max(a[0], b[0]), min(a[1], b[1])
    return (lo, hi) if lo <= hi else False


def weekday_in(text: str) -> int | None:
    """The weekday (0 = Monday) a sentence names, when it names exactly one."""
    found = {m.group(1).lower() for m in _WEEKDAY.finditer(text)}
    return WEEKDAYS.index(found.pop()) if len(found) == 1 else None


def weekday_near(source: Source) -> int | None:
    """The weekday named in the source's sentence, else in the one after, else the one before."""
    for text in (source.sentence, *source.nearby):
        found = weekday_in(text)
        if found is not None:
            return found
    return None


def resolve_weekday(days: DateRange, weekday: int) -> dt.date | None:
    """The one day of the range that falls on `weekday`; None when there is none or several."""
    span = (days[1] - days[0]).days
    hits = [
        days[0] + dt.timedelta(days=i)
        for i in range(span + 1)
        if (days[0] + dt.timedelta(days=i)).weekday() == weekday
    ]
    return hits[0] if len(hits) == 1 else None
