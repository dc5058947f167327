"""Articles and documents, a page at a time, straight from the store's tables (read only).

The ledger's lists are served from the cached ReviewedLedger; articles and pages
can be many and large, so these are paged and filtered in SQL and the page
content or article text is read only for the one asked for.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa

from swapledger.store import Store
from swapledger.store import tables as t


@dataclass(frozen=True, slots=True)
class Window:
    """Filters and the page of results wanted."""

    limit: int
    offset: int
    q: str | None = None
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    outlet: str | None = None
    language: str | None = None
    document: str | None = None


def _records_per_article() -> Any:
    return (
        sa.select(t.records.c.article_id, sa.func.count().label("n"))
        .group_by(t.records.c.article_id)
        .subquery()
    )


ARTICLE_COLUMNS = [c for c in t.articles.c if c.name != "text"]


def articles(store: Store, w: Window) -> tuple[int, list[dict[str, Any]]]:
    """(how many match, one page of articles without their text, each with its record count)."""
    n = _records_per_article()
    where: list[Any] = []
    if w.q:
        where.append(
            sa.or_(
                t.articles.c.title.icontains(w.q, autoescape=True),
                t.articles.c.text.icontains(w.q, autoescape=True),
            )
        )
    if w.outlet:
        where.append(t.articles.c.outlet.icontains(w.outlet, autoescape=True))
    if w.language:
        where.append(t.articles.c.language == w.language)
    if w.document:
        where.append(t.articles.c.document_id == w.document)
    if w.date_from:
        where.append(t.articles.c.published >= w.date_from)
    if w.date_to:
        where.append(t.articles.c.published <= w.date_to)
    query = (
        sa.select(*ARTICLE_COLUMNS, sa.func.coalesce(n.c.n, 0).label("records"))
        .outerjoin(n, n.c.article_id == t.articles.c.id)
        .where(*where)
        .order_by(t.articles.c.document_id, t.articles.c.idx)
        .limit(w.limit)
        .offset(w.offset)
    )
    count = sa.select(sa.func.count()).select_from(t.articles).where(*where)
    with store._tx("read articles") as conn:
        total = int(conn.execute(count).scalar_one())
        rows = [dict(r._mapping) for r in conn.execute(query)]
    return total, rows


def article(store: Store, article_id: str) -> dict[str, Any] | None:
    """One article with its text and record count."""
    n = _records_per_article()
    query = (
        sa.select(t.articles, sa.func.coalesce(n.c.n, 0).label("records"))
        .outerjoin(n, n.c.article_id == t.articles.c.id)
        .where(t.articles.c.id == article_id)
    )
    with store._tx("read an article") as conn:
        row = conn.execute(query).first()
    return None if row is None else dict(row._mapping)


DOCUMENT_COLUMNS = [c for c in t.documents.c if c.name not in ("content", "sha256")]


def _articles_per_document() -> Any:
    return (
        sa.select(t.articles.c.document_id, sa.func.count().label("n"))
        .group_by(t.articles.c.document_id)
        .subquery()
    )


def documents(store: Store, w: Window) -> tuple[int, list[dict[str, Any]]]:
    """(how many match, one page of stored pages without their content)."""
    n = _articles_per_document()
    where: list[Any] = []
    if w.q:
        where.append(
            sa.or_(
                t.documents.c.id.icontains(w.q, autoescape=True),
                t.documents.c.url.icontains(w.q, autoescape=True),
                t.documents.c.title.icontains(w.q, autoescape=True),
                t.documents.c.content.icontains(w.q, autoescape=True),
            )
        )
    if w.date_from:
        where.append(t.documents.c.published >= w.date_from)
    if w.date_to:
        where.append(t.documents.c.published <= w.date_to)
    query = (
        sa.select(*DOCUMENT_COLUMNS, sa.func.coalesce(n.c.n, 0).label("articles"))
        .outerjoin(n, n.c.document_id == t.documents.c.id)
        .where(*where)
        .order_by(t.documents.c.id)
        .limit(w.limit)
        .offset(w.offset)
    )
    count = sa.select(sa.func.count()).select_from(t.documents).where(*where)
    with store._tx("read documents") as conn:
        total = int(conn.execute(count).scalar_one())
        rows = [dict(r._mapping) for r in conn.execute(query)]
    return total, rows


def document(store: Store, document_id: str) -> dict[str, Any] | None:
    """One stored page with its content and the ids of its articles."""
    with store._tx("read a document") as conn:
        row = conn.execute(sa.select(t.documents).where(t.documents.c.id == document_id)).first()
        if row is None:
            return None
        ids = list(
            conn.execute(
                sa.select(t.articles.c.id)
                .where(t.articles.c.document_id == document_id)
                .order_by(t.articles.c.idx)
            ).scalars()
        )
    return {**dict(row._mapping), "articles": len(ids), "article_ids": ids}
