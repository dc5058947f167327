"""Sentence + publication date -> the day it speaks of.

We resolve "on Friday", "today", "yesterday", "June 11", "11 June 2025" and
"Sept. 18" ourselves against the article's publication date (dateparser is
slow with language detection and unreliable on bare weekdays). A weekday in
a report of something done is the latest such day on or before publication;
in a plan, the next such day on or after it.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from dataclasses import dataclass
from typing import Any

from swapledger import lexicon

# How far back a bare weekday may point: a report says "on Friday" of this week.
MAX_WEEKDAY_LOOKBACK_DAYS = 6


@dataclass(frozen=True, slots=True)
class DateMention:
    """A time expression in a sentence and the day it resolves to (None when it fixes no day)."""

    start: int
    end: int
    day: dt.date | None
    vague: bool  # "last week", "in February": a time that is not a day


@functools.cache
def _patterns(lang: str) -> dict[str, Any]:
    g = lexicon.language(lang).grammar["dates"]
    months: dict[str, int] = {}
    for i, name in enumerate(g["months"], start=1):
        months[name] = i
    for name in g["month_abbr"]:
        # "sep" and "sept" both abbreviate september: match abbreviations by prefix
        months.setdefault(
            name, next(i for i, full in enumerate(g["months"], 1) if full.startswith(name))
        )
    month_alt = "|".join(sorted((re.escape(m) for m in months), key=len, reverse=True))
    month = rf"(?P<month>{month_alt})\.?"
    day = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?"
    year = r"(?:,?\s+(?P<year>(?:19|20)\d\d))?"
    explicit = [
        re.compile(rf"(?<![\w-]){month}\s+{day}(?![\d\w]){year}", re.IGNORECASE),
        re.compile(rf"(?<![\w-]){day}\s+(?:of\s+)?{month}(?![\w]){year}", re.IGNORECASE),
    ]
    # each weekday is a name or a list of its forms ("пятница", "пятницу")
    weekdays = {
        form.lower(): i
        for i, entry in enumerate(g["weekdays"])
        for form in ([entry] if isinstance(entry, str) else entry)
    }
    weekday = re.compile(
        r"(?<![\w-])(?P<next>next\s+|last\s+|this\s+)?(?P<wd>"
        + "|".join(sorted((re.escape(w) for w in weekdays), key=len, reverse=True))
        + r")(?P<night>\s+night)?(?![\w-])",
        re.IGNORECASE,
    )
    today = re.compile(lexicon.phrase_pattern(g["today"]), re.IGNORECASE)
    same_day = re.compile(lexicon.phrase_pattern(g.get("same_day", []) or ["(?!)"]), re.IGNORECASE)
    yesterday = re.compile(lexicon.phrase_pattern(g["yesterday"]), re.IGNORECASE)
    vague = re.compile(
        lexicon.phrase_pattern(g["vague"])
        + rf"|(?<![\w-])(?:in|since|during|by|as of|until)\s+(?:early\s+|late\s+|mid-)?(?:{month_alt})(?!\s+[0-3]?\d(?!\d))(?:\s+(?:19|20)\d\d)?(?![\w])",
        re.IGNORECASE,
    )
    concurrent = re.compile(
        lexicon.phrase_pattern(g.get("concurrent", []) or ["(?!)"]), re.IGNORECASE
    )
    return {
        "concurrent": concurrent,
        "explicit": explicit,
        "weekday": weekday,
        "today": today,
        "same_day": same_day,
        "yesterday": yesterday,
        "vague": vague,
        "months": months,
        "weekdays": weekdays,
    }


@functools.cache
def _periods(lang: str) -> tuple[tuple[str, re.Pattern[str]], ...]:
    g = lexicon.language(lang).grammar["dates"]
    table: dict[str, list[str]] = g.get("periods", {})
    out = [
        (name, re.compile(lexicon.phrase_pattern(phrases), re.IGNORECASE))
        for name, phrases in table.items()
        if phrases
    ]
    month_alt = "|".join(sorted((re.escape(m) for m in g["months"]), key=len, reverse=True))
    if lang == "en" and month_alt:
        out.append(
            (
                "in_month",
                re.compile(
                    rf"(?<![\w-])in\s+(?:early\s+|late\s+|mid-)?(?P<month>{month_alt})(?!\s+[0-3]?\d(?!\d))(?:\s+(?P<year>(?:19|20)\d\d))?(?![\w])",
                    re.IGNORECASE,
                ),
            )
        )
    return tuple(out)


def _month_span(year: int, month: int) -> tuple[dt.date, dt.date]:
    first = dt.date(year, month, 1)
    nxt = dt.date(year + (month == 12), month % 12 + 1, 1)
    return first, nxt - dt.timedelta(days=1)


def find_period(
    text: str, written: dt.date, langs: tuple[str, ...] = ("en", "ru", "uk")
) -> tuple[dt.date, dt.date] | None:
    """The span of days a phrase of `text` places a past event in ("last month", "в
    прошлом месяце", "earlier this week", "in February"), read against the day the
    article was `written`; None when the text names no such span or names several."""
    found: set[tuple[dt.date, dt.date]] = set()
    for lang in langs:
        for name, pattern in _periods(lang):
            for m in pattern.finditer(text):
                monday = written - dt.timedelta(days=written.weekday())
                if name == "last_month":
                    last = written.replace(day=1) - dt.timedelta(days=1)
                    found.add(_month_span(last.year, last.month))
                elif name == "this_month":
                    found.add((written.replace(day=1), written))
                elif name == "last_week":
                    found.add((monday - dt.timedelta(days=7), monday - dt.timedelta(days=1)))
                elif name == "this_week":
                    found.add((monday, written))
                elif name == "in_month":
                    months = [x.lower() for x in lexicon.language(lang).grammar["dates"]["months"]]
                    month = months.index(m.group("month").lower()) + 1
                    year = written.year if month <= written.month else written.year - 1
                    if m.group("year"):  # "in October 2020"
                        year = int(m.group("year"))
                    first, last = _month_span(year, month)
                    found.add((first, min(last, written)))
    return found.pop() if len(found) == 1 else None


@functools.cache
def _occasions(lang: str) -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str]] | None:
    g = lexicon.language(lang).grammar["dates"]
    words = g.get("distributive", [])
    if not words or not g["months"]:
        return None
    month = re.compile(
        r"(?<![\w-])(?:"
        + "|".join(sorted((re.escape(m) for m in g["months"]), key=len, reverse=True))
        + r")(?![\w-])",
        re.IGNORECASE,
    )
    m, conj = month.pattern, lexicon.phrase_pattern(g.get("list_and", ["and"]))
    listed = re.compile(rf"{m}(?:\s*,\s*{m})*\s*,?\s+(?:{conj})\s+{m}", re.IGNORECASE)
    return month, listed, re.compile(lexicon.phrase_pattern(words), re.IGNORECASE)


def listed_occasions(text: str, lang: str, at: int, after: int) -> int:
    """How many separate handovers the count spanning `at`..`after` stands for: "returns
    of remains in July, August and September, each involving about 1,000 bodies" tells
    three of 1,000 (records.md: several past handovers in one sentence give one record
    per handover). 1 unless a list of months is tied to the count by a distributive
    phrase ("each", "each time") in the few words between the list and the count, or
    right after the count's noun phrase ("1,000 bodies each time")."""
    found = _occasions(lang)
    if found is None:
        return 1
    month, listed, distributive = found
    trailing = distributive.match(text[after:].lstrip())
    for m in listed.finditer(text, 0, at):
        gap = text[m.end() : at]
        tied = len(gap) <= 40 and distributive.search(gap)
        if tied or (len(gap) <= 120 and trailing and " " in trailing.group(0).strip()):
            return len(month.findall(m.group(0)))
    return 1


def month_days(text: str, langs: tuple[str, ...] = ("en", "ru", "uk")) -> set[tuple[int, int]]:
    """The (month, day) of every date in `text` written without a year ("29 січня", "June
    11"): a day the page fixes only up to its year, which another page's dated report of
    the same handover can settle (reconcile/events.py)."""
    found: set[tuple[int, int]] = set()
    for lang in langs:
        p = _patterns(lang)
        months: dict[str, int] = p["months"]  # type: ignore[assignment]
        for pat in p["explicit"]:  # type: ignore[union-attr]
            for m in pat.finditer(text):
                mon = months.get(m.group("month").lower().rstrip("."))
                day = int(m.group("day"))
                if mon and not m.group("year") and 1 <= day <= 31:
                    found.add((mon, day))
    return found


def tells_concurrent(text: str, lang: str) -> bool:
    """True when `text` tells its handover as part of the one told before it
    ("Concurrently, the bodies of fallen soldiers were also exchanged") or on its day
    ("Earlier that day, ...")."""
    p = _patterns(lang)
    return p["concurrent"].search(text) is not None or p["same_day"].search(text) is not None


def _weekday_date(target: int, published: dt.date, forward: bool) -> dt.date:
    if forward:
        return published + dt.timedelta(days=(target - published.weekday()) % 7)
    return published - dt.timedelta(days=(published.weekday() - target) % 7)


def find_dates(
    text: str, published: dt.date | None, lang: str = "en", planned: bool = False
) -> list[DateMention]:
    """Every time expression in `text`, resolved against `published` where possible."""
    p = _patterns(lang)
    months: dict[str, int] = p["months"]  # type: ignore[assignment]
    weekdays: dict[str, int] = p["weekdays"]  # type: ignore[assignment]
    out: list[DateMention] = []
    taken: list[tuple[int, int]] = []

    def free(s: int, e: int) -> bool:
        return all(e <= a or s >= b for a, b in taken)

    explicit = [m for pat in p["explicit"] for m in pat.finditer(text)]  # type: ignore[union-attr]
    for m in sorted(explicit, key=lambda m: m.start()):
        if not free(m.start(), m.end()):
            continue
        mon = months.get(m.group("month").lower().rstrip("."))
        d = int(m.group("day"))
        y = m.group("year")
        year = int(y) if y else (published.year if published else None)
        day: dt.date | None = None
        if mon and year and 1 <= d <= 31:
            try:
                day = dt.date(year, mon, d)
            except ValueError:
                day = None
            # "December 28" in a page published in January speaks of last year.
            if day and not y and published and day > published + dt.timedelta(days=7):
                try:
                    day = day.replace(year=year - 1)
                except ValueError:
                    day = None
        out.append(DateMention(m.start(), m.end(), day, vague=False))
        taken.append((m.start(), m.end()))
    for m in p["weekday"].finditer(text):  # type: ignore[union-attr]
        if not free(m.start(), m.end()):
            continue
        # "Friday, June 13" is an explicit date already.
        if re.match(r",?\s*(?:the\s+)?\d", text[m.end() : m.end() + 5]) and out:
            continue
        day = None
        if published:
            mod = (m.group("next") or "").strip().lower()
            target = weekdays[m.group("wd").lower()]
            if mod == "next":
                day = _weekday_date(target, published + dt.timedelta(days=1), forward=True)
            elif mod == "last":
                day = _weekday_date(target, published - dt.timedelta(days=1), forward=False)
            else:
                day = _weekday_date(target, published, forward=planned)
        out.append(DateMention(m.start(), m.end(), day, vague=False))
        taken.append((m.start(), m.end()))
    for key, delta in (("today", 0), ("yesterday", -1)):
        for m in p[key].finditer(text):  # type: ignore[union-attr]
            if free(m.start(), m.end()):
                day = published + dt.timedelta(days=delta) if published else None
                out.append(DateMention(m.start(), m.end(), day, vague=False))
                taken.append((m.start(), m.end()))
    for m in p["same_day"].finditer(text):
        if free(m.start(), m.end()):
            # the day named just before it in the text, if any
            earlier = [
                d.day for d in sorted(out, key=lambda d: d.start) if d.end <= m.start() and d.day
            ]
            out.append(
                DateMention(m.start(), m.end(), earlier[-1] if earlier else None, vague=False)
            )
            taken.append((m.start(), m.end()))
    for m in p["vague"].finditer(text):  # type: ignore[union-attr]
        if free(m.start(), m.end()):
            out.append(DateMention(m.start(), m.end(), None, vague=True))
    out.sort(key=lambda d: d.start)
    return out
