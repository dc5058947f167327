"""Model objects (EventView, Agreement, Source, Review, ...) -> the API's response models."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping

from swapledger.api import schemas as s
from swapledger.api.ledger import EventView, ReviewedLedger, copies, direction_key, record_id
from swapledger.model import (
    Agreement,
    Conflict,
    Figure,
    ReportedTotal,
    Review,
    Source,
    Tally,
    Transfer,
)


def _range(r: tuple[dt.date, dt.date] | None) -> list[dt.date] | None:
    return [r[0], r[1]] if r is not None else None


def source_ref(src: Source) -> s.SourceRef:
    """A source in brief."""
    return s.SourceRef(
        record=src.key, outlet=src.outlet, url=src.url, evidence=src.record.evidence_text
    )


def source(src: Source) -> s.SourceOut:
    """A supporting record with its evidence."""
    r = src.record
    return s.SourceOut(
        record=src.key,
        document=src.document_id,
        article=r.article_id,
        outlet=src.outlet,
        url=src.url,
        published=src.published,
        speaker=r.speaker,
        status=r.status,
        from_party=r.from_party,
        to_party=r.to_party,
        between=list(r.between) if r.between is not None else None,
        count=r.count,
        qualifier=r.qualifier,
        date=r.date,
        evidence=r.evidence_text,
        evidence_start=r.evidence.start,
        evidence_end=r.evidence.end,
        sentence=src.sentence,
        sentence_start=src.sentence_start,
    )


def figure(f: Figure) -> s.FigureOut:
    """One figure and its sources."""
    return s.FigureOut(
        count=f.count, qualifier=f.qualifier, sources=[source_ref(x) for x in f.sources]
    )


def transfer(t: Transfer, view: EventView | None = None) -> s.TransferOut:
    """A direction, with the analyst's correction when the event has one."""
    fix = view.counts.get(direction_key(t)) if view is not None else None
    return s.TransferOut(
        from_party=t.from_party,
        to_party=t.to_party,
        between=t.between,
        count=view.count(t) if view is not None else t.count,
        qualifier=view.qualifier(t) if view is not None else t.qualifier,
        reviewed=fix is not None,
        review=fix.id if fix is not None else None,
        machine_count=t.count,
        machine_qualifier=t.qualifier,
        rule=t.rule,
        figures=[figure(f) for f in t.figures],
    )


def conflict(c: Conflict) -> s.ConflictOut:
    """Disagreeing figures of one direction."""
    return s.ConflictOut(
        from_party=c.from_party,
        to_party=c.to_party,
        chosen=c.chosen,
        rule=c.rule,
        figures=[figure(f) for f in c.figures],
    )


def review(r: Review, not_applied: Mapping[int, str]) -> s.ReviewOut:
    """One audit row."""
    why = not_applied.get(r.id)
    return s.ReviewOut(
        id=r.id,
        at=r.at,
        reviewer=r.reviewer,
        action=r.action,
        event_id=r.event_id,
        reason=r.reason,
        direction=r.direction,
        count=r.count,
        date=r.date,
        other_event=r.other_event,
        records=list(r.records),
        machine=r.machine,
        applied=why is None,
        not_applied=why,
    )


def event(view: EventView, ledger: ReviewedLedger) -> s.EventOut:
    """One event with its overlay, its machine version and every source."""
    e, m = view.event, view.machine
    machine = None
    if m is not None:
        machine = s.MachineEventOut(
            date=m.date,
            date_range=_range(m.date_range),
            transfers=[transfer(t) for t in m.transfers],
        )
    return s.EventOut(
        id=view.id,
        kind=e.kind,
        date=view.day,
        date_range=_range(view.date_range),
        date_reviewed=view.date is not None,
        reviewed=view.reviewed,
        accepted=view.accepted is not None,
        conflicted=view.conflicted,
        voices=view.voices,
        transfers=[transfer(t, view) for t in e.transfers],
        confirmed_by=list(e.confirmed_by),
        conflicts=[conflict(c) for c in e.conflicts],
        sources=[source(x) for x in e.sources],
        also_published_by=also_published_by(e.sources),
        merged=list(view.merged),
        rejected=[s.RejectedOut(source=source(x), review=r.id) for x, r in view.rejected],
        reviews=[review(r, ledger.not_applied) for r in view.reviews],
        machine=machine,
    )


def also_published_by(sources: Iterable[Source]) -> list[list[s.SourceRef]]:
    """Copies of one article published on several pages: one source per page, per article."""
    out = []
    for group in copies(sources):
        pages: dict[str, Source] = {}
        for x in group:
            pages.setdefault(x.document_id, x)
        if len(pages) > 1:
            out.append([source_ref(x) for x in pages.values()])
    return out


def tally(t: Tally) -> s.TallyOut:
    """A target against the ledger's sum."""
    return s.TallyOut(
        from_party=t.from_party,
        to_party=t.to_party,
        target=t.target,
        done=t.done,
        gap=t.gap,
        events=list(t.event_ids),
    )


def agreement(a: Agreement) -> s.AgreementOut:
    """An agreement and its progress."""
    return s.AgreementOut(
        id=a.id,
        kind=a.kind,
        parties=list(a.parties),
        announced=a.announced,
        transfers=[transfer(t) for t in a.transfers],
        progress=[tally(t) for t in a.progress],
        sources=[source(x) for x in a.sources],
    )


def total(x: ReportedTotal) -> s.TotalOut:
    """A reported total beside the ledger's sum."""
    return s.TotalOut(
        id=x.id,
        kind=x.kind,
        as_of=x.as_of,
        transfers=[transfer(t) for t in x.transfers],
        ledger=[tally(t) for t in x.ledger],
        sources=[source(y) for y in x.sources],
    )


def record(
    src: Source, ledger: ReviewedLedger, rejected: Mapping[int, int], language: str | None = None
) -> s.RecordOut:
    """A stored record, with its event and whether it was rejected."""
    rid = record_id(src)
    base = source(src).model_dump()
    return s.RecordOut(
        **base,
        id=rid if rid is not None else 0,
        kind=src.record.kind,
        language=language,
        event=ledger.event_of_record.get(rid) if rid is not None else None,
        rejected_by=rejected.get(rid) if rid is not None else None,
    )


def rejected_records(reviews: Iterable[Review], not_applied: Mapping[int, str]) -> dict[int, int]:
    """Record id -> the applied review that rejected it."""
    return {
        r.records[0]: r.id
        for r in reviews
        if r.action == "reject_record" and r.records and r.id not in not_applied
    }
