"""Builders for reconciliation tests: a Source from a few words."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from swapledger.model import Record, Source, Span


def source(
    key: str,
    count: int,
    frm: str | None = "russia",
    to: str | None = "ukraine",
    *,
    qualifier: str = "exact",
    status: str = "completed",
    kind: str = "remains",
    date: str | None = None,
    published: str | None = None,
    article: str | None = None,
    start: int = 0,
    outlet: str | None = None,
    url: str | None = None,
    between: tuple[str, str] | None = None,
    sentence: str = "",
    sentence_start: int = 0,
    nearby: tuple[str, ...] = (),
    earlier: tuple[str, ...] = (),
    age: str | None = None,
    fetched: dt.datetime | None = None,
    speaker: str | None = None,
    copy_key: str | None = None,
) -> Source:
    """A source; its article is `a<key>` unless given (sources of one article share it)."""
    article_id = article or f"a{key}#0"
    evidence = f"{count:,} bodies"
    record = Record(
        article_id=article_id,
        status=status,  # type: ignore[arg-type]
        kind=kind,  # type: ignore[arg-type]
        count=count,
        qualifier=qualifier,  # type: ignore[arg-type]
        evidence=Span(article_id, start, start + len(evidence)),
        evidence_text=evidence,
        from_party=None if between else frm,
        to_party=None if between else to,
        between=between,
        date=dt.date.fromisoformat(date) if date else None,
        speaker=speaker,
    )
    return Source(
        key=key,
        record=record,
        document_id=article_id.split("#")[0],
        outlet=outlet,
        url=url,
        published=dt.date.fromisoformat(published) if published else None,
        age=age,
        fetched=fetched,
        sentence=sentence or evidence,
        sentence_start=sentence_start,
        nearby=nearby,
        earlier=earlier,
        copy_key=copy_key or article_id,
    )


@pytest.fixture
def src() -> Any:
    """The `source` builder, as a fixture."""
    return source
