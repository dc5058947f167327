"""Page metadata in text: relative ages, dates, outlet names and outlet cues."""

from __future__ import annotations

import datetime as dt
import re

from swapledger.clean.vocabulary import vocabulary

AGE_UNITS: dict[str, dt.timedelta] = {
    "second": dt.timedelta(seconds=1),
    "minute": dt.timedelta(minutes=1),
    "min": dt.timedelta(minutes=1),
    "hour": dt.timedelta(hours=1),
    "hr": dt.timedelta(hours=1),
    "day": dt.timedelta(days=1),
    "week": dt.timedelta(weeks=1),
    "month": dt.timedelta(days=30),  # calendar months vary; a day either way is within rounding
    "year": dt.timedelta(days=365),
}
AGE_WORDS = {
    "a": 1,
    "an": 1,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
}
AGE_CORE = (
    r"(?:\d{1,3}|an?|one|two|three|four|five|six|seven|eight|nine|ten)\s+"
    r"(?:second|minute|min|hour|hr|day|week|month|year)s?\s+ago"
)
# "2 hours ago", "time2 hours ago" (an icon's alt text glued on), "Updated: an hour ago"
AGE_LINE = re.compile(
    rf"^(?:(?:time|updated|posted|published)\s*:?\s*)?(?P<age>{AGE_CORE})$", re.IGNORECASE
)
MAX_OUTLET_WORDS = 5  # "Radio Free Europe/Radio Liberty"; longer is a headline, not a name
OUTLET_NAME = r"[A-Z0-9][\w.&'’/+-]*(?:\s+[\w.&'’/+-]+){0,4}"
# "Russia Today6 days ago", "Reuters - 2 hours ago", "BBC News · 3 days ago"
OUTLET_AGE_LINE = re.compile(
    rf"^(?P<outlet>{OUTLET_NAME}?)\s*[-–—•·|,]?\s*(?P<age>{AGE_CORE})$", re.IGNORECASE
)
AGO_END = re.compile(r"ago$", re.IGNORECASE)


def ends_with_age(text: str) -> bool:
    """Whether `text` ends like AGE_LINE and OUTLET_AGE_LINE ('... ago'): only those
    lines are worth their full match."""
    return AGO_END.search(text, max(0, len(text) - 4)) is not None


# "- Russia Today", "• Reuters"
OUTLET_MARK_LINE = re.compile(rf"^[-–—•·|]\s*(?P<outlet>{OUTLET_NAME})$")
# Cues that name the page's own outlet outside any metadata line.
OUTLET_CUES: tuple[re.Pattern[str], ...] = (
    re.compile(rf"^A\s+Message\s+from\s+(?P<outlet>{OUTLET_NAME}?)\s*:?$"),
    re.compile(rf"^Support\s+(?P<outlet>{OUTLET_NAME}?)\s*!$"),
    re.compile(rf"^By\s+supporting\s+(?P<outlet>{OUTLET_NAME}?),"),
    re.compile(r"(?P<outlet>\b[A-Z][\w.&'’/+-]*(?:\s+[A-Z][\w.&'’/+-]*){0,3})\s+has\s+learned\b"),
)
CUE_WORDS = ("Message", "Support", "supporting", "learned")
"""A word each cue above spells out (case-sensitively): a line without it is not that cue."""
# "© 2023 The Courier. All rights reserved.", "Copyright 2019-2024 Example News": a site's
# footer names its owner; the year keeps out photo credits ("© Reuters")
COPYRIGHT_LINE = re.compile(
    r"^(?:©|\(c\)|copyright)\s*©?\s*(?:19|20)\d\d(?:\s*[-–]\s*(?:19|20)\d\d)?\s*,?\s+"
    r"(?P<outlet>[A-Z0-9][^.|,©]*?)\s*(?:[.|,]|\ball rights\b|$)",
    re.IGNORECASE,
)
SCRAPER_DATE = re.compile(r"^\s*date\s+(?P<date>\d{4}-\d{2}-\d{2})\b\s*")


def padded_year(day: dt.date | None) -> bool:
    """Whether a machine-written date is 1 January: what a CMS or date parser writes when
    it knows only the year (a Ukrainian page headed "date 2026-01-01" reports a February
    handover as "today"). Such a date fixes no day, so a page's "today" must not resolve
    against it."""
    return day is not None and (day.month, day.day) == (1, 1)


MONTHS = {
    m: i
    for i, m in enumerate(
        ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"],
        start=1,
    )
}
MONTH = r"(?P<month>jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?"
TEXT_DATES: tuple[re.Pattern[str], ...] = (
    re.compile(r"\b(?P<year>(?:19|20)\d\d)-(?P<mnum>\d\d)-(?P<day>\d\d)\b"),
    re.compile(rf"\b{MONTH}\s+(?P<day>\d{{1,2}}),?\s+(?P<year>(?:19|20)\d\d)\b", re.IGNORECASE),
    re.compile(rf"\b(?P<day>\d{{1,2}})\s+{MONTH}\s+(?P<year>(?:19|20)\d\d)\b", re.IGNORECASE),
)
# Russian and Ukrainian datelines: "18 сентября 2025", "27 лютого 2026 р."
CYRILLIC_MONTHS = {
    name: i
    for names in (
        [
            "января",
            "февраля",
            "марта",
            "апреля",
            "мая",
            "июня",
            "июля",
            "августа",
            "сентября",
            "октября",
            "ноября",
            "декабря",
        ],
        [
            "січня",
            "лютого",
            "березня",
            "квітня",
            "травня",
            "червня",
            "липня",
            "серпня",
            "вересня",
            "жовтня",
            "листопада",
            "грудня",
        ],
    )
    for i, name in enumerate(names, start=1)
}
CYRILLIC_DATE = re.compile(
    r"\b(?P<day>\d{1,2})\s+(?P<cmonth>"
    + "|".join(CYRILLIC_MONTHS)
    + r")\s+(?P<year>(?:19|20)\d\d)\b",
    re.IGNORECASE,
)
# "13/12/2023", "13.12.2023": day first, as in most of the world (a first number over 12
# can only be a day; "12/13/2023" is read month first because it cannot be otherwise)
NUMERIC_DATE = re.compile(r"\b(?P<a>\d{1,2})[/.](?P<b>\d{1,2})[/.](?P<year>(?:19|20)\d\d)\b")
URL_DATE = re.compile(r"/(?P<year>(?:19|20)\d\d)[/-](?P<mnum>\d\d)[/-](?P<day>\d\d)(?:[/-]|$)")


def age_delta(age: str) -> dt.timedelta | None:
    """'6 days ago' -> 6 days; None when the text is no relative age."""
    m = re.match(r"(?P<n>\w+)\s+(?P<unit>[a-z]+?)s?\s+ago$", age.strip().lower())
    if not m or m["unit"] not in AGE_UNITS:
        return None
    n = int(m["n"]) if m["n"].isdigit() else AGE_WORDS.get(m["n"])
    return AGE_UNITS[m["unit"]] * n if n is not None else None


def published_from_age(age: str | None, fetched: dt.datetime | None) -> dt.date | None:
    """The day a story was published, from its printed age and when the page was fetched."""
    if age is None or fetched is None:
        return None
    delta = age_delta(age)
    return (fetched - delta).date() if delta is not None else None


def age_range(age: str | None, fetched: dt.datetime | None) -> tuple[dt.date, dt.date] | None:
    """The days a story can have been published, from its printed age and the fetch time:
    sites round an age down ("6 days ago" is 6 to 7 days before the fetch), so the range
    runs from (n + 1) units to n units before it. None when either is unknown."""
    if age is None or fetched is None:
        return None
    delta = age_delta(age)
    if delta is None:
        return None
    m = re.match(r"\w+\s+(?P<unit>[a-z]+?)s?\s+ago$", age.strip().lower())
    unit = AGE_UNITS[m["unit"]] if m else dt.timedelta(0)
    return (fetched - delta - unit).date(), (fetched - delta).date()


def _make_date(m: re.Match[str]) -> dt.date | None:
    groups = m.groupdict()
    if groups.get("a"):  # NUMERIC_DATE
        a, b = int(groups["a"]), int(groups["b"])
        day, month = (b, a) if b > 12 >= a else (a, b)
        try:
            return dt.date(int(groups["year"]), month, day)
        except ValueError:
            return None
    if groups.get("cmonth"):
        month = CYRILLIC_MONTHS[groups["cmonth"].lower()]
    else:
        month = (
            int(groups["mnum"]) if groups.get("mnum") else MONTHS.get(groups["month"][:3].lower())
        )
    try:
        return dt.date(int(groups["year"]), month or 0, int(groups["day"]))
    except ValueError:
        return None


def date_in_text(text: str) -> dt.date | None:
    """The first calendar date written in `text` (ISO, 'Feb 5, 2026', '5 February 2026')."""
    found: list[tuple[int, dt.date]] = []
    for pattern in (*TEXT_DATES, CYRILLIC_DATE, NUMERIC_DATE):
        for m in pattern.finditer(text):
            day = _make_date(m)
            if day is not None:
                found.append((m.start(), day))
                break
    return min(found)[1] if found else None


def date_in_url(url: str | None) -> dt.date | None:
    """A date written in a URL path (/2023/12/13/ or /2023-12-13-)."""
    if not url:
        return None
    m = URL_DATE.search(url)
    return _make_date(m) if m else None


def canonical_outlet(name: str | None) -> str | None:
    """An outlet name as printed -> the ledger's name for it (aliases from outlets.toml)."""
    if name is None:
        return None
    name = name.strip(" \t-–—•·|,:")
    if not name or len(name.split()) > MAX_OUTLET_WORDS:
        return None
    return vocabulary().outlet_aliases.get(name, name)


def copyright_owner(line: str) -> str | None:
    """The site named by a dated copyright footer ("© 2023 The Courier. All rights ...")."""
    m = COPYRIGHT_LINE.match(line.strip())
    return canonical_outlet(m["outlet"]) if m else None


def outlet_cue(line: str) -> str | None:
    """The outlet named by a donation appeal or a 'X has learned' line, if any."""
    line = line.strip()
    for word, pattern in zip(CUE_WORDS, OUTLET_CUES, strict=True):
        if word in line and (m := pattern.search(line)):
            return canonical_outlet(m["outlet"])
    return None
