"""Fixtures for the store tests: an in-memory store and hand-made extracted pages."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest

from swapledger.model import Article, Document, ExtractedDocument, Record, Span
from swapledger.store import Store
from swapledger.store.testing import BACKENDS, database_url, fresh_schema

PAGE = (
    "Bodies returned\n\n"
    "The Russian side returned the remains of 1,212 Ukrainian servicemen on Wednesday. "
    "Kyiv handed over 27 bodies in return."
)


def record(article_id: str, text: str, evidence: str, **fields: object) -> Record:
    """A record whose evidence span points at the first occurrence of `evidence` in `text`."""
    start = text.index(evidence)
    values: dict[str, object] = dict(
        status="completed",
        kind="remains",
        count=1,
        qualifier="exact",
        from_party="russia",
        to_party="ukraine",
    )
    values.update(fields)
    return Record(
        article_id=article_id,
        evidence=Span(article_id, start, start + len(evidence)),
        evidence_text=evidence,
        **values,  # type: ignore[arg-type]
    )


def extracted(doc_id: str = "page", content: str = PAGE) -> ExtractedDocument:
    """One page, one article (the whole page), two records with real evidence spans."""
    document = Document(
        id=doc_id,
        content=content,
        content_type="text",
        source=f"{doc_id}.txt",
        url=f"https://example.org/{doc_id}",
        published=dt.date(2025, 6, 11),
        fetched=dt.datetime(2025, 6, 11, 10, 0, tzinfo=dt.UTC),
    )
    article = Article(
        id=f"{doc_id}#0",
        document_id=doc_id,
        index=0,
        text=content,
        title=content.splitlines()[0],
        outlet="Example News",
        published=dt.date(2025, 6, 11),
        age="2 days ago",
        url=document.url,
        page_start=0,
        page_end=len(content),
        fetched=document.fetched,
    )
    records: tuple[Record, ...] = ()
    if "1,212" in content:
        records = (
            record(
                article.id,
                content,
                "The Russian side returned the remains of 1,212 Ukrainian servicemen",
                count=1212,
                date=dt.date(2025, 6, 11),
            ),
            record(
                article.id,
                content,
                "Kyiv handed over 27 bodies",
                count=27,
                from_party="ukraine",
                to_party="russia",
                speaker="Coordination Headquarters",
            ),
        )
    return ExtractedDocument(document, (article,), (records,))


@pytest.fixture(params=BACKENDS)
def backend(request: pytest.FixtureRequest) -> str:
    """Each store test runs on SQLite and on the test PostgreSQL server (tests/store/pg.py)."""
    return str(request.param)


@pytest.fixture
def memory_store(backend: str) -> Iterator[Store]:
    """An empty store: SQLite in memory, or a fresh PostgreSQL schema."""
    if backend == "sqlite":
        with Store("sqlite://") as store:
            yield store
        return
    with fresh_schema() as url, Store(url) as store:
        yield store


@pytest.fixture
def file_store(backend: str, tmp_path: Path) -> Iterator[Store]:
    """An empty store on disk: a SQLite file, or a fresh PostgreSQL schema."""
    with database_url(backend, tmp_path) as url, Store(url) as store:
        yield store
