"""Model objects -> what the templates print: names, days, counts, quotes with their number marked.

Everything here returns plain strings or small tuples of plain strings; the
templates escape them (Jinja2 autoescape). Nothing here builds HTML, so nothing
from a page can become markup.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from urllib.parse import urlsplit

from swapledger import lexicon
from swapledger.api.ledger import EventView, direction_key
from swapledger.extract.numbers import find_numbers
from swapledger.model import Review, Source, Transfer

QUALIFIER_WORDS = {
    "exact": "",
    "more_than": "over ",
    "at_least": "at least ",
    "about": "about ",
    "up_to": "up to ",
}
KIND_WORDS = {"remains": "bodies", "prisoners": "prisoners"}
ACTION_WORDS = {
    "accept": "accepted",
    "correct_count": "corrected a count",
    "correct_date": "corrected the day",
    "merge": "merged an event in",
    "split": "split records off",
    "reject_record": "rejected a record",
}
LANGUAGE_NAMES = {
    "en": "English", "ru": "Russian", "uk": "Ukrainian", "be": "Belarusian",
    "bg": "Bulgarian", "sr": "Serbian", "mk": "Macedonian", "kk": "Kazakh",
    "es": "Spanish", "pt": "Portuguese", "fr": "French", "it": "Italian",
    "de": "German", "nl": "Dutch", "pl": "Polish", "cs": "Czech", "sk": "Slovak",
    "sl": "Slovenian", "hr": "Croatian", "ro": "Romanian", "hu": "Hungarian",
    "lt": "Lithuanian", "lv": "Latvian", "et": "Estonian", "fi": "Finnish",
    "sv": "Swedish", "da": "Danish", "no": "Norwegian", "el": "Greek",
    "tr": "Turkish", "az": "Azerbaijani", "hy": "Armenian", "ka": "Georgian",
    "ar": "Arabic", "he": "Hebrew", "fa": "Persian", "ur": "Urdu", "hi": "Hindi",
    "id": "Indonesian", "ms": "Malay", "zh": "Chinese", "ja": "Japanese",
    "ko": "Korean", "vi": "Vietnamese", "und": "undetermined",
}  # fmt: skip
LINK_SCHEMES = ("http", "https")
"""Only these URLs become links: a page's `javascript:` or `data:` URL is shown as text."""


def party(pid: str | None) -> str:
    """'russia' -> 'Russia' (the name in data/parties.toml), '?' for an unknown side."""
    if not pid:
        return "?"
    known = lexicon.parties().parties.get(pid)
    if known is not None:
        return known.name
    return pid.replace("_", " ").title() if pid.islower() else pid


def arrow(t: Transfer) -> str:
    """'Russia → Ukraine', or 'Russia ↔ Ukraine' for a two-way total."""
    return f"{party(t.from_party)} {'↔' if t.between else '→'} {party(t.to_party)}"


def direction_label(key: str) -> str:
    """'russia>ukraine' -> 'Russia → Ukraine'; 'a+b' -> 'A ↔ B'."""
    if ">" in key:
        a, b = key.split(">", 1)
        return f"{party(a)} → {party(b)}"
    a, _, b = key.partition("+")
    return f"{party(a)} ↔ {party(b)}"


def number(count: int | None, qualifier: str = "exact") -> str:
    """1212, 'more_than' -> 'over 1,212'."""
    if count is None:
        return "?"
    return f"{QUALIFIER_WORDS.get(qualifier, '')}{count:,}"


def day(value: dt.date | None) -> str:
    """'11 Jun 2025' (empty for no day)."""
    return f"{value.day} {value:%b %Y}" if value is not None else ""


def span(lo: dt.date | None, hi: dt.date | None) -> str:
    """'11 Jun 2025', '6–12 Jun 2025', '30 May – 2 Jun 2025'."""
    if lo is None or hi is None:
        return day(lo or hi)
    if lo == hi:
        return day(lo)
    if (lo.year, lo.month) == (hi.year, hi.month):
        return f"{lo.day}–{hi.day} {hi:%b %Y}"
    if lo.year == hi.year:
        return f"{lo.day} {lo:%b} – {hi.day} {hi:%b %Y}"
    return f"{day(lo)} – {day(hi)}"


def when(view: EventView) -> str:
    """The event's day (reviewed, else the machine's), its range, or 'date unknown'."""
    if view.day is not None:
        return day(view.day)
    if view.date_range is not None:
        return span(*view.date_range)
    return "date unknown"


def machine_when(view: EventView) -> str:
    """What the machine said of the day."""
    m = view.machine
    if m is None:
        return "(split off by a review)"
    if m.date is not None:
        return day(m.date)
    if m.date_range is not None:
        return span(*m.date_range)
    return "date unknown"


def outlets(sources: Iterable[Source]) -> str:
    """'Eastern Wire, The Meridian Ledger' (each once, in order)."""
    return ", ".join(dict.fromkeys(s.publisher for s in sources))


def safe_url(url: str | None) -> str | None:
    """The URL when it is an http(s) URL with a host, else None (shown as text, never a link)."""
    if not url:
        return None
    url = url.strip()
    if any(c.isspace() or ord(c) < 32 for c in url):
        return None
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    if parts.scheme.lower() not in LINK_SCHEMES or not parts.netloc:
        return None
    return url


def language(code: str | None) -> str:
    """'ru' -> 'Russian (ru)'."""
    if not code:
        return "unknown"
    name = LANGUAGE_NAMES.get(code)
    return f"{name} ({code})" if name else code


def review_what(r: Review) -> str:
    """What one review did, in a few words."""
    if r.action == "correct_count":
        return f"{direction_label(r.direction or '')}: {number(r.count)}"
    if r.action == "correct_date":
        return day(r.date)
    if r.action == "merge":
        return f"merged {r.other_event} into {r.event_id}"
    if r.action in ("split", "reject_record"):
        word = "record" if len(r.records) == 1 else "records"
        return f"{word} {', '.join(str(x) for x in r.records)}"
    return ""


# -- quotes: a paragraph with its evidence and its number marked -----------------


@dataclass(frozen=True, slots=True)
class Piece:
    """A run of text and how to show it: '' plain, 'evidence', 'number'."""

    text: str
    style: str = ""


def _number_in(evidence: str, count: int, lang: str) -> tuple[int, int] | None:
    """Where the record's number sits in its evidence (the mention of that value, else the
    closest one), or None when the evidence holds no number at all."""
    try:
        found = find_numbers(evidence, lang)
    except Exception:  # noqa: BLE001 - a grammar the store knows and this build lacks
        found = []
    if not found:
        return None
    best = min(found, key=lambda m: (m.value != count, abs(m.value - count), m.start))
    return best.start, best.end


def quote(
    text: str, start: int, end: int, count: int, lang: str = "en", context: str = "paragraph"
) -> list[Piece]:
    """The paragraph of `text` around [start, end), cut into pieces: the evidence marked,
    the number inside it marked again. Offsets outside the text give just the evidence."""
    if not (0 <= start <= end <= len(text)):
        return []
    lo = text.rfind("\n", 0, start) + 1
    hi = text.find("\n", end)
    hi = len(text) if hi < 0 else hi
    if context != "paragraph":
        lo, hi = start, end
    evidence = text[start:end]
    pieces = [Piece(text[lo:start])]
    where = _number_in(evidence, count, lang if lang in ("en", "ru", "uk") else "en")
    if where is None:
        pieces.append(Piece(evidence, "number"))
    else:
        a, b = where
        pieces += [
            Piece(evidence[:a], "evidence"),
            Piece(evidence[a:b], "number"),
            Piece(evidence[b:], "evidence"),
        ]
    pieces.append(Piece(text[end:hi]))
    return [p for p in pieces if p.text]


def marked(text: str, spans: Sequence[tuple[int, int, str]]) -> list[tuple[str, str]]:
    """`text` cut at the (start, end, label) spans (overlaps dropped): (piece, label) with
    label '' for unmarked text. For an article's text with its records marked."""
    out: list[tuple[str, str]] = []
    at = 0
    for start, end, label in sorted(spans):
        if start < at or not (0 <= start < end <= len(text)):
            continue
        if start > at:
            out.append((text[at:start], ""))
        out.append((text[start:end], label))
        at = end
    if at < len(text):
        out.append((text[at:], ""))
    return out


def paragraphs(pieces: list[tuple[str, str]]) -> list[list[tuple[str, str]]]:
    """Marked pieces split into paragraphs at newlines (a mark never spans one in practice)."""
    paras: list[list[tuple[str, str]]] = [[]]
    for text, label in pieces:
        parts = text.split("\n")
        for i, part in enumerate(parts):
            if i:
                paras.append([])
            if part:
                paras[-1].append((part, label))
    return [p for p in paras if p]


def counts_line(view: EventView) -> str:
    """'Russia → Ukraine 1,212; Ukraine → Russia 27' with the reviewed counts."""
    return "; ".join(
        f"{arrow(t)} {number(view.count(t), view.qualifier(t))}" for t in view.event.transfers
    )


def reviewed_keys(view: EventView) -> set[str]:
    """Directions whose count an analyst corrected."""
    return {direction_key(t) for t in view.event.transfers if direction_key(t) in view.counts}


# -- the raw page: what the cleaner kept of it, and what it removed ---------------


def _norm(text: str) -> str:
    return " ".join(text.split()).casefold()


def raw_lines(
    lines: Iterable[str], article_text: str, others: Iterable[str] = ()
) -> list[tuple[str, str]]:
    """Each line the page shows, with 'kept' (in this article), 'other' (in another article
    of the page) or 'removed' (furniture the cleaner dropped). Blank lines are passed over."""
    mine = _norm(article_text)
    theirs = [_norm(t) for t in others]
    out = []
    for line in lines:
        n = _norm(line)
        if not n:
            continue
        if n in mine:
            out.append((line, "kept"))
        elif any(n in t for t in theirs):
            out.append((line, "other"))
        else:
            out.append((line, "removed"))
    return out
