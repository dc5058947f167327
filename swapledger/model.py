"""The data model: every object one stage hands to the next.

Documents come in (ingest), articles come out of cleaning, records come out
of extraction. Every field is named and typed; provenance is a `Span` into an
article's text, and an article knows its offsets in the page it came from.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass, field
from typing import Any, Literal

Status = Literal["completed", "planned", "cumulative"]
Kind = Literal["remains", "prisoners"]
Qualifier = Literal["exact", "more_than", "at_least", "about", "up_to"]
ContentType = Literal["text", "html"]

STATUSES: tuple[Status, ...] = ("completed", "planned", "cumulative")
KINDS: tuple[Kind, ...] = ("remains", "prisoners")
QUALIFIERS: tuple[Qualifier, ...] = ("exact", "more_than", "at_least", "about", "up_to")


def content_hash(text: str) -> str:
    """Stable hash of a page's content: the identity used to ignore re-ingests."""
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


@dataclass(frozen=True, slots=True)
class Document:
    """One raw page as it came in, with where it came from and when."""

    id: str
    content: str
    content_type: ContentType
    source: str  # the path, "-" for stdin, or "FILE.jsonl:LINE"
    url: str | None = None
    published: dt.date | None = None  # given by the input (JSONL, crawler), not guessed
    fetched: dt.datetime | None = None
    title: str | None = None  # given by the input; the cleaner may find its own

    @property
    def sha256(self) -> str:
        """Hash of the content; two documents with the same hash are the same page."""
        return content_hash(self.content)


@dataclass(frozen=True, slots=True)
class Article:
    """One article found in a page: its clean text and where it sits in the page.

    `text` is what the extractor reads: the title (when known) on its first
    line, a blank line, then the body paragraphs separated by newlines.
    `page_start`/`page_end` are the offsets of the article's lines in the
    document's content (for HTML, in the text trafilatura extracted).
    """

    id: str  # "<document id>#<index>"
    document_id: str
    index: int
    text: str
    title: str | None = None
    outlet: str | None = None
    published: dt.date | None = None
    age: str | None = None  # relative age as printed on the page: "6 days ago"
    url: str | None = None
    language: str = "en"
    page_start: int = 0
    page_end: int = 0
    fetched: dt.datetime | None = None
    # how the cleaner found the outlet and the publication day ("dateline", "copyright
    # footer", ...), for `swapledger clean` to show; not stored, not compared
    outlet_from: str | None = field(default=None, compare=False)
    published_from: str | None = field(default=None, compare=False)

    @property
    def body(self) -> str:
        """The text without its title line."""
        if self.title and self.text.startswith(self.title):
            return self.text[len(self.title) :].lstrip("\n")
        return self.text


@dataclass(frozen=True, slots=True)
class Span:
    """Provenance: characters [start, end) of one article's text."""

    article_id: str
    start: int
    end: int

    def of(self, text: str) -> str:
        """The spanned characters of `text` (the article text this span points into)."""
        return text[self.start : self.end]


@dataclass(frozen=True, slots=True)
class Party:
    """A side in an exchange, with every way the texts name it."""

    id: str
    name: str
    aliases: tuple[str, ...] = ()
    adjectives: tuple[str, ...] = ()  # "Ukrainian", "Russian": nationality of people
    officials: tuple[str, ...] = ()  # people and bodies who speak for it
    outlets: tuple[str, ...] = ()  # outlets that count as the party's own voice
    nationals: tuple[str, ...] = ()  # nouns for its people where no nationality is given: "hostages"
    # names that mean this side only on a page that names one of its counterparts:
    # "the government" is Yemen's beside the Houthis, "the army" Sudan's beside the RSF
    context_aliases: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Record:
    """One claim that a number of people or bodies passed from one party to another."""

    article_id: str
    status: Status
    kind: Kind
    count: int
    qualifier: Qualifier
    evidence: Span
    evidence_text: str
    from_party: str | None = None
    to_party: str | None = None
    between: tuple[str, str] | None = None
    date: dt.date | None = None
    speaker: str | None = None

    def direction(self) -> tuple[str, ...]:
        """('from', 'to') or the sorted pair of a `between` record, for matching."""
        if self.between is not None:
            return ("between", *sorted(self.between))
        return (self.from_party or "?", self.to_party or "?")

    def to_dict(self) -> dict[str, Any]:
        """The record in the shape of the spec (records.md), plus its evidence offsets."""
        out: dict[str, Any] = {"status": self.status, "kind": self.kind}
        if self.between is not None:
            out["between"] = list(self.between)
        else:
            out["from"] = self.from_party
            out["to"] = self.to_party
        out.update(
            count=self.count,
            qualifier=self.qualifier,
            date=self.date.isoformat() if self.date else None,
            evidence=self.evidence_text,
            evidence_start=self.evidence.start,
            evidence_end=self.evidence.end,
        )
        return out


@dataclass(frozen=True, slots=True)
class Skipped:
    """An input a stage could not use, and why. Rejections are values, not exceptions."""

    input_id: str
    stage: str
    reason: str

    def line(self) -> str:
        """One-line message for the CLI."""
        return f"skipped {self.input_id}: {self.reason} ({self.stage})"


@dataclass(frozen=True, slots=True)
class ExtractedDocument:
    """A document with its articles and their records: what `swapledger extract` prints."""

    document: Document
    articles: tuple[Article, ...]
    records: tuple[tuple[Record, ...], ...] = field(default=())  # one tuple per article
    unread: tuple[Skipped, ...] = field(default=())  # articles the extractor did not read, why
    # the page's distinct line hashes for its site's template memory (clean/template.py),
    # hashed where the page was processed (an ingest worker), so that the one writer need
    # not parse the page again; None: not hashed (no site, or not on its way to a store)
    line_hashes: frozenset[str] | None = None

    def unread_counts(self) -> dict[str, int]:
        """Reason -> how many of the document's articles the extractor left unread."""
        counts: dict[str, int] = {}
        for skip in self.unread:
            counts[skip.reason] = counts.get(skip.reason, 0) + 1
        return counts

    def all_records(self) -> list[Record]:
        """Every record of every article, in page order."""
        return [r for recs in self.records for r in recs]


# -- the ledger: what reconciliation makes of the records ----------------------

DateRange = tuple[dt.date, dt.date]
"""[first day, last day], both included."""


@dataclass(frozen=True, slots=True)
class Source:
    """A record as evidence: the claim, and who published it, where and when."""

    key: str  # the record's stable identity (the store's record id)
    record: Record
    document_id: str
    outlet: str | None = None
    url: str | None = None
    published: dt.date | None = None
    age: str | None = None  # relative age printed on the page: "6 days ago"
    fetched: dt.datetime | None = None
    sentence: str = ""  # the sentence that holds the evidence (officials who said it)
    sentence_start: int = 0  # where that sentence starts in the article's text
    nearby: tuple[str, ...] = ()  # the sentence after it and the one before (a weekday nearby)
    earlier: tuple[str, ...] = ()  # up to two sentences before it, nearest first ("last month")
    copy_key: str = ""  # equal for copies of one article: they count once

    @property
    def voice(self) -> str:
        """Who is speaking, for counting distinct outlets: the outlet, else the url's site."""
        if self.outlet:
            return self.outlet.casefold()
        if self.url and "//" in self.url:
            return self.url.split("//", 1)[1].split("/", 1)[0].removeprefix("www.")
        return self.copy_key or self.document_id

    @property
    def publisher(self) -> str:
        """Who published it, for people: the outlet, else the url's site, else the page id."""
        if self.outlet:
            return self.outlet
        if self.url and "//" in self.url:
            return self.voice
        return self.document_id


@dataclass(frozen=True, slots=True)
class Figure:
    """One figure given for one direction, and the sources that give it."""

    count: int
    qualifier: Qualifier
    sources: tuple[Source, ...]


@dataclass(frozen=True, slots=True)
class Transfer:
    """One direction (or a two-way total) of an event, agreement or total, with its consensus."""

    from_party: str
    to_party: str
    count: int
    qualifier: Qualifier
    figures: tuple[Figure, ...]  # every figure given; one unless the reports disagree
    rule: str = "single figure"  # how `count` was chosen among the figures
    between: bool = False  # a two-way total of (from_party, to_party) together

    @property
    def sources(self) -> tuple[Source, ...]:
        """Every source of every figure."""
        return tuple(s for f in self.figures for s in f.sources)


@dataclass(frozen=True, slots=True)
class Conflict:
    """Reports of one direction that disagree beyond their qualifiers, and what was chosen."""

    from_party: str
    to_party: str
    figures: tuple[Figure, ...]
    chosen: int
    rule: str


@dataclass(frozen=True, slots=True)
class Event:
    """One exchange that took place: when, what, how many each way, and who says so."""

    id: str
    kind: Kind
    date: dt.date | None
    date_range: DateRange | None  # when the day is not known: the days it can be
    transfers: tuple[Transfer, ...]
    sources: tuple[Source, ...]
    confirmed_by: tuple[str, ...] = ()  # parties whose officials or outlets report it
    conflicts: tuple[Conflict, ...] = ()


@dataclass(frozen=True, slots=True)
class Tally:
    """A target (agreed or reported) against what the ledger's events add up to."""

    from_party: str
    to_party: str
    target: int
    done: int
    event_ids: tuple[str, ...]

    @property
    def gap(self) -> int:
        """target - done: still to come (agreements) or unaccounted for (totals)."""
        return self.target - self.done


@dataclass(frozen=True, slots=True)
class Agreement:
    """Transfers promised, agreed or offered, and the progress of the events that followed
    (where no source fixes the day it was announced: of the events reported with it)."""

    id: str
    kind: Kind
    parties: tuple[str, ...]
    transfers: tuple[Transfer, ...]
    announced: dt.date | None
    sources: tuple[Source, ...]
    progress: tuple[Tally, ...] = ()


@dataclass(frozen=True, slots=True)
class ReportedTotal:
    """A running total a report gives, beside the sum of the ledger's events."""

    id: str
    kind: Kind
    as_of: dt.date | None
    transfers: tuple[Transfer, ...]
    sources: tuple[Source, ...]
    ledger: tuple[Tally, ...] = ()


@dataclass(frozen=True, slots=True)
class Ledger:
    """Everything reconciliation makes of the records."""

    events: tuple[Event, ...] = ()
    agreements: tuple[Agreement, ...] = ()
    totals: tuple[ReportedTotal, ...] = ()


# -- reviews: an analyst's decisions, laid over the machine's ledger -----------

ReviewAction = Literal["accept", "correct_count", "correct_date", "merge", "split", "reject_record"]
REVIEW_ACTIONS: tuple[ReviewAction, ...] = (
    "accept",
    "correct_count",
    "correct_date",
    "merge",
    "split",
    "reject_record",
)


@dataclass(frozen=True, slots=True)
class Review:
    """One analyst decision on an event, kept as an audit row; the machine's version stays.

    Keyed on stable ids (the event id, store record ids), so it is laid again over
    every re-reconciliation. `direction` is "from>to" (or "a+b" for a two-way total)
    for `correct_count`; `other_event` is the event merged in; `records` are the
    records a `split` moves out or the one `reject_record` drops; `machine` is what
    the machine said before (for the audit trail).
    """

    id: int
    at: dt.datetime
    reviewer: str
    action: ReviewAction
    event_id: str
    reason: str
    direction: str | None = None
    count: int | None = None
    date: dt.date | None = None
    other_event: str | None = None
    records: tuple[int, ...] = ()
    machine: str | None = None


@dataclass(frozen=True, slots=True)
class FeedState:
    """A watched feed as its server last described it: the validators that make the
    next poll a conditional GET (ETag, Last-Modified), and when it was polled."""

    url: str
    etag: str | None = None
    last_modified: str | None = None
    checked: dt.datetime | None = None


@dataclass(frozen=True, slots=True)
class FeedEntry:
    """One entry of a feed: its stable key (the entry's id, else its link) and its page."""

    feed_url: str
    key: str
    url: str
    title: str | None = None
    published: dt.date | None = None
