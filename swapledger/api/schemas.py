"""The API's request and response models (pydantic), so that /openapi.json is precise.

The JSON mirrors `swapledger ledger --format json` ("from"/"to", counts with their
qualifier, sources with verbatim evidence) and adds the review overlay: each count
and day says whether it is the analyst's (`reviewed`) and keeps the machine's.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Generic, Literal, TypeVar

from pydantic import BaseModel, ConfigDict, Field

from swapledger.model import Kind, Qualifier, ReviewAction, Status

T = TypeVar("T")

Day = dt.date


class Out(BaseModel):
    """Base of the response models: fields may be set by name, shown by alias."""

    model_config = ConfigDict(populate_by_name=True)


class ErrorOut(Out):
    """Every error: one line saying what is wrong."""

    error: str


class PageOf(Out, Generic[T]):
    """One page of a list: `items`, how many match in all, and the link to the next page."""

    total: int = Field(description="How many items match the filters, on all pages.")
    limit: int
    offset: int
    next: str | None = Field(description="The URL of the next page; null on the last.")
    items: list[T]


# -- the ledger ----------------------------------------------------------------


class SourceRef(Out):
    """A source in brief, under the figure it gives."""

    record: str = Field(description="The store record id ('12'; '12:0' for a zero read beside it).")
    outlet: str | None
    url: str | None
    evidence: str


class SourceOut(Out):
    """A supporting record: the claim, who published it, where, and its verbatim evidence."""

    record: str
    document: str
    article: str
    outlet: str | None
    url: str | None
    published: Day | None
    speaker: str | None
    status: Status
    from_party: str | None = Field(alias="from")
    to_party: str | None = Field(alias="to")
    between: list[str] | None
    count: int
    qualifier: Qualifier
    date: Day | None
    evidence: str = Field(description="Verbatim words of the article that carry the number.")
    evidence_start: int = Field(description="Offset of the evidence in the article's text.")
    evidence_end: int
    sentence: str = Field(description="The sentence that holds the evidence.")
    sentence_start: int = Field(description="Offset of that sentence in the article's text.")


class FigureOut(Out):
    """One figure given for a direction, and who gives it."""

    count: int
    qualifier: Qualifier
    sources: list[SourceRef]


class TransferOut(Out):
    """One direction (or a two-way total): the count shown, and the machine's beside it."""

    from_party: str = Field(alias="from")
    to_party: str = Field(alias="to")
    between: bool = Field(description="True for a two-way total the reports do not split.")
    count: int = Field(description="The analyst's corrected count if reviewed, else the consensus.")
    qualifier: Qualifier
    reviewed: bool = Field(description="True when `count` is an analyst's correction.")
    review: int | None = Field(description="The id of the correction's audit row.")
    machine_count: int = Field(description="The consensus reconciliation chose.")
    machine_qualifier: Qualifier
    rule: str = Field(description="How the consensus was chosen among the figures.")
    figures: list[FigureOut]


class ConflictOut(Out):
    """Reports of one direction that disagree, and the figure chosen."""

    from_party: str = Field(alias="from")
    to_party: str = Field(alias="to")
    chosen: int
    rule: str
    figures: list[FigureOut]


class ReviewOut(Out):
    """One audit row: who decided what, when and why, and what the machine had said."""

    id: int
    at: dt.datetime
    reviewer: str
    action: ReviewAction
    event_id: str
    reason: str
    direction: str | None
    count: int | None
    date: Day | None
    other_event: str | None
    records: list[int]
    machine: str | None = Field(description="What the machine said before this decision.")
    applied: bool = Field(description="False when the ledger changed so that it no longer fits.")
    not_applied: str | None = Field(description="Why it no longer applies.")


class MachineEventOut(Out):
    """What reconciliation alone said of an event (before any review)."""

    date: Day | None
    date_range: list[Day] | None
    transfers: list[TransferOut]


class RejectedOut(Out):
    """A record an analyst rejected from this event, and the review that did it."""

    source: SourceOut
    review: int


class EventOut(Out):
    """One exchange: its day, kind and counts (reviewed where an analyst changed them),
    the machine's version, conflicts, and every supporting record with evidence."""

    id: str
    kind: Kind
    date: Day | None = Field(description="The reviewed day if corrected, else the machine's.")
    date_range: list[Day] | None = Field(description="[first, last] when the day is not known.")
    date_reviewed: bool
    reviewed: bool = Field(description="True when an analyst accepted or changed it.")
    accepted: bool
    conflicted: bool
    voices: int = Field(description="Distinct outlets reporting it (copies count once).")
    transfers: list[TransferOut]
    confirmed_by: list[str]
    conflicts: list[ConflictOut]
    sources: list[SourceOut]
    also_published_by: list[list[SourceRef]] = Field(
        description="Sources grouped by article text: copies of one article on several pages."
    )
    merged: list[str] = Field(description="Ids of events an analyst merged into this one.")
    rejected: list[RejectedOut]
    reviews: list[ReviewOut]
    machine: MachineEventOut | None = Field(
        description="The machine's event; null for an event an analyst split off."
    )


class TallyOut(Out):
    """A target against what the ledger's events add up to."""

    from_party: str = Field(alias="from")
    to_party: str = Field(alias="to")
    target: int
    done: int
    gap: int
    events: list[str]


class AgreementOut(Out):
    """Transfers agreed, promised or offered, and the progress of the events after them."""

    id: str
    kind: Kind
    parties: list[str]
    announced: Day | None
    transfers: list[TransferOut]
    progress: list[TallyOut] = Field(
        description="Per direction, the events after the announcement against the target "
        "(where no source fixes the day it was announced: the events reported in an "
        "article that states it)."
    )
    sources: list[SourceOut]


class TotalOut(Out):
    """A running total a report gives, beside the sum of the ledger's (reviewed) events."""

    id: str
    kind: Kind
    as_of: Day | None
    transfers: list[TransferOut]
    ledger: list[TallyOut]
    sources: list[SourceOut]


# -- the store -----------------------------------------------------------------


class RecordOut(SourceOut):
    """One stored record, with the event it supports (and whether an analyst rejected it)."""

    id: int
    kind: Kind
    language: str | None
    event: str | None = Field(description="The event it supports in the reviewed ledger.")
    rejected_by: int | None = Field(description="The review that rejected it, if one did.")


class ArticleOut(Out):
    """One article found in a page."""

    id: str
    document: str
    index: int
    title: str | None
    outlet: str | None
    published: Day | None
    age: str | None
    url: str | None
    language: str
    page_start: int
    page_end: int
    records: int = Field(description="How many records were read in it.")


class ArticleText(ArticleOut):
    """An article with its clean text and records (evidence offsets point into `text`)."""

    text: str
    record_list: list[RecordOut]


class DocumentOut(Out):
    """One stored page, as it came in."""

    id: str
    source: str
    url: str | None
    content_type: Literal["text", "html"]
    title: str | None
    published: Day | None
    fetched: dt.datetime | None
    ingested_at: dt.datetime
    articles: int


class DocumentContent(DocumentOut):
    """A page with its raw content and the ids of its articles."""

    content: str
    article_ids: list[str]


# -- requests ------------------------------------------------------------------


class PageIn(BaseModel):
    """One page to ingest: the fields of a JSONL input line."""

    model_config = ConfigDict(extra="ignore")

    id: str | None = Field(None, max_length=480, description="Defaults to 'api:N'.")
    url: str | None = None
    published: str | None = Field(None, description="YYYY-MM-DD or an ISO datetime.")
    fetched: str | None = Field(None, description="ISO datetime of the crawl.")
    title: str | None = None
    text: str | None = Field(None, description="The page as plain text (or give html).")
    html: str | None = Field(None, description="The page as HTML.")


MAX_PAGES = 500
"""Pages per POST /api/pages."""


class PagesIn(BaseModel):
    """Pages to ingest, in the JSONL input's fields."""

    pages: list[PageIn] = Field(min_length=1, max_length=MAX_PAGES)


class SkippedOut(Out):
    """A page that was not stored, and why."""

    input: str
    stage: str
    reason: str


class IngestOut(Out):
    """What POST /api/pages did."""

    new: int
    already_stored: int
    articles: int
    records: int
    skipped: list[SkippedOut]
    filtered: dict[str, int] = Field(description="Reason -> pages dropped by the relevance gate.")
    unread: dict[str, int] = Field(description="Reason -> articles the extractor did not read.")
    events: int = Field(description="Events in the ledger after reconciling.")
    summary: str


Reviewer = Annotated[str, Field(min_length=1, max_length=120, description="Who decides.")]
Reason = Annotated[str, Field(max_length=2000, description="Why (needed except to accept).")]


class AcceptIn(BaseModel):
    """The analyst agrees with the machine's event."""

    action: Literal["accept"]
    reviewer: Reviewer
    reason: Reason = ""


class CorrectCountIn(BaseModel):
    """Set one direction's count (the machine's stays beside it)."""

    action: Literal["correct_count"]
    reviewer: Reviewer
    reason: Reason
    direction: str = Field(
        max_length=140,
        description="'from>to' (e.g. 'russia>ukraine'), or 'a+b' for a two-way total.",
    )
    count: int = Field(ge=0, le=10**9)


class CorrectDateIn(BaseModel):
    """Set the event's day."""

    action: Literal["correct_date"]
    reviewer: Reviewer
    reason: Reason
    date: Day


class MergeIn(BaseModel):
    """Merge another event (same kind) into this one: its sources join, consensus recomputed."""

    action: Literal["merge"]
    reviewer: Reviewer
    reason: Reason
    other_event: str = Field(max_length=64)


class SplitIn(BaseModel):
    """Move some of this event's records into a new event."""

    action: Literal["split"]
    reviewer: Reviewer
    reason: Reason
    records: list[int] = Field(min_length=1, max_length=1000)


class RejectIn(BaseModel):
    """Drop one record from the ledger (it stays in the store)."""

    action: Literal["reject_record"]
    reviewer: Reviewer
    reason: Reason
    record: int


ReviewIn = Annotated[
    AcceptIn | CorrectCountIn | CorrectDateIn | MergeIn | SplitIn | RejectIn,
    Field(discriminator="action"),
]
