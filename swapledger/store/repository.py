"""ExtractedDocument -> rows, and back: the one writer and reader of the database.

Identity rules:

- A page is known by the sha256 of its content. Adding a page whose hash is
  already stored adds nothing (`add` returns False), whatever its id.
- A page whose id is already taken by *different* content is stored as a new
  version, with the id suffixed `~2`, `~3`, ... (its articles become
  `NAME~2#0`, ...). Nothing stored is ever overwritten: two files named
  `page.txt` in two folders are two pages, and an edited page keeps its
  earlier version beside it.
- A skipped input is quarantined once per (input id, stage, reason); seeing it
  again only moves its `at` time.

Every write runs in one transaction; `add_all` writes a whole batch in one.
Every database fault leaves as `errors.StoreError`.

Backends: the SQL is SQLAlchemy Core and runs on SQLite and PostgreSQL alike
(tests run on both). Where a write may meet a concurrent writer (two ingests into
one PostgreSQL database), it uses the backend's `INSERT ... ON CONFLICT`: a page
stored by the other writer meanwhile is "already stored", an id it took meanwhile
gets the next version. Opening a store brings its schema to the newest migration
(store/migrations/). PostgreSQL cannot hold NUL characters in text: there they are
stored as U+FFFD (one character for one, so offsets hold).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any, cast

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine, make_url

from swapledger.errors import StoreError
from swapledger.model import Article, Document, ExtractedDocument, Record, Skipped, Span
from swapledger.settings import DEFAULT_DB_URL
from swapledger.store import migrations
from swapledger.store import tables as t

VERSION_SEP = "~"
"""Separates a document id from its version number: `page~2`."""

MAX_ID_CHARS = 480
"""Longest document id kept as given: documents.id holds 512 (PostgreSQL enforces it)
and a version suffix `~NNN` must still fit. A longer one keeps its first part and a
hash of the whole: `<first 463 chars>…<16 hex digits>`."""

ID_HASH_CHARS = 16

NUL, NUL_STAND_IN = "\x00", "\ufffd"


@dataclass(frozen=True, slots=True)
class StoredRecord:
    """One stored record with the article it was read in and the page that article is on."""

    id: int
    record: Record
    article: Article
    document: Document

    def evidence_holds(self) -> bool:
        """True when the evidence span points at the evidence text in the article."""
        return self.record.evidence.of(self.article.text) == self.record.evidence_text


@dataclass(frozen=True, slots=True)
class QuarantinedInput:
    """A skipped input as the quarantine table keeps it."""

    input_id: str
    stage: str
    reason: str
    at: dt.datetime

    def as_skipped(self) -> Skipped:
        """The model value it was stored from."""
        return Skipped(self.input_id, self.stage, self.reason)


@dataclass(frozen=True, slots=True)
class Counts:
    """Rows per table."""

    documents: int
    articles: int
    records: int
    skipped: int


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def _display_url(url: str) -> str:
    """The URL with any password masked, for messages."""
    try:
        return make_url(url).render_as_string(hide_password=True)
    except Exception:  # an unparsable URL has no password we can find; show it as given
        return url


class Store:
    """The ledger database at one SQLAlchemy URL (created on first use)."""

    def __init__(self, url: str = DEFAULT_DB_URL, *, echo: bool = False) -> None:
        self.url = url
        self.engine: Engine = self._open(url, echo)

    # -- opening ---------------------------------------------------------------

    @staticmethod
    def _open(url: str, echo: bool) -> Engine:
        shown = _display_url(url)
        engine: Engine | None = None
        try:
            engine = sa.create_engine(url, echo=echo)
            if engine.dialect.name == "sqlite":
                migrations.sqlite_transactions(engine)
            migrations.upgrade(engine)
        except ImportError as exc:  # the dialect's driver is missing
            raise StoreError(
                f"cannot open store '{shown}': database driver not installed ({exc}); "
                "pip install the driver for this URL (e.g. psycopg for PostgreSQL)"
            ) from exc
        # Alembic's CommandError (e.g. a revision this code does not know); the clause
        # imports Alembic only when an exception reaches it
        except migrations.command_error() as exc:
            if engine is not None:
                engine.dispose()
            raise StoreError(
                f"cannot open store '{shown}': its schema cannot be migrated ({exc}); "
                "was it made by a newer swapledger?"
            ) from exc
        except (sa.exc.SQLAlchemyError, ValueError) as exc:
            if engine is not None:
                engine.dispose()
            detail = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
            raise StoreError(f"cannot open store '{shown}': {detail}") from exc
        return engine

    def close(self) -> None:
        """Release the connections."""
        self.engine.dispose()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextlib.contextmanager
    def _tx(self, what: str, write: bool = False) -> Iterator[Connection]:
        """One transaction; database faults become StoreError. A `write` transaction on
        SQLite takes the write lock from the start (BEGIN IMMEDIATE), so that a second
        writer waits for the first instead of failing when both have read."""
        try:
            with self.engine.connect() as conn:
                if write:
                    conn = conn.execution_options(**{migrations.SQLITE_BEGIN: "BEGIN IMMEDIATE"})
                with conn.begin():
                    yield conn
        except sa.exc.SQLAlchemyError as exc:
            detail = str(exc).splitlines()[0]
            raise StoreError(
                f"cannot {what} in store '{_display_url(self.url)}': {detail}"
            ) from exc

    # -- writing ---------------------------------------------------------------

    def add(self, extracted: ExtractedDocument) -> bool:
        """Store one document with its articles and records; False if the page was already stored."""
        return self.add_all([extracted])[0]

    def add_all(
        self, batch: Iterable[ExtractedDocument], progress: Mapping[str, int] | None = None
    ) -> list[bool]:
        """Store a batch in one transaction; one bool per document (True = new).

        `progress` (source -> items done) is recorded in the same transaction, so a
        resumed ingest never passes over a document that was not stored.
        """
        with self._tx("add documents", write=True) as conn:
            added = [self._add(conn, item) for item in batch]
            for source, position in (progress or {}).items():
                self._advance(conn, source, position)
            return added

    def progress(self) -> dict[str, int]:
        """Source -> how many of its items earlier ingests stored (see tables.progress)."""
        with self._tx("read progress") as conn:
            rows = conn.execute(sa.select(t.progress.c.source, t.progress.c.position))
            return {r.source: int(r.position) for r in rows}

    @staticmethod
    def _advance(conn: Connection, source: str, position: int) -> None:
        """Move a source's marker forward (never back)."""
        upsert = _insert(conn, t.progress)
        if upsert is not None:
            stmt = upsert.values(source=source, position=position, updated_at=_now())
            conn.execute(
                stmt.on_conflict_do_update(
                    index_elements=[t.progress.c.source],
                    set_={
                        "position": stmt.excluded.position,
                        "updated_at": stmt.excluded.updated_at,
                    },
                    where=t.progress.c.position < stmt.excluded.position,
                )
            )
            return
        row = conn.execute(
            sa.select(t.progress.c.position).where(t.progress.c.source == source)
        ).first()
        if row is None:
            conn.execute(
                sa.insert(t.progress).values(source=source, position=position, updated_at=_now())
            )
        elif position > row.position:
            conn.execute(
                sa.update(t.progress)
                .where(t.progress.c.source == source)
                .values(position=position, updated_at=_now())
            )

    def add_skipped(
        self, skipped: Skipped | Iterable[Skipped], at: dt.datetime | None = None
    ) -> None:
        """Quarantine skipped inputs (once per input, stage and reason)."""
        items = [skipped] if isinstance(skipped, Skipped) else list(skipped)
        when = at or _now()
        with self._tx("quarantine inputs", write=True) as conn:
            for s in (_text_safe(conn, x) for x in items):
                same = sa.and_(
                    t.skipped.c.input_id == s.input_id,
                    t.skipped.c.stage == s.stage,
                    t.skipped.c.reason == s.reason,
                )
                done = conn.execute(sa.update(t.skipped).where(same).values(at=when))
                if done.rowcount == 0:
                    conn.execute(
                        sa.insert(t.skipped).values(
                            input_id=s.input_id, stage=s.stage, reason=s.reason, at=when
                        )
                    )

    def _add(self, conn: Connection, item: ExtractedDocument) -> bool:
        doc = item.document
        sha = doc.sha256  # of the content as given, NULs included

        def stored() -> bool:
            found = conn.execute(sa.select(t.documents.c.id).where(t.documents.c.sha256 == sha))
            return found.first() is not None

        if stored():
            return False
        row = _text_safe(
            conn,
            dict(
                source=doc.source,
                url=doc.url,
                content_type=doc.content_type,
                sha256=sha,
                content=doc.content,
                title=doc.title,
                published=doc.published,
                fetched=doc.fetched,
                ingested_at=_now(),
            ),
        )
        wanted = _fit_id(_text_safe(conn, doc.id))
        doc_id = self._free_id(conn, wanted)
        upsert = _insert(conn, t.documents)
        if upsert is None:  # a backend without ON CONFLICT: the look-ups above decide
            conn.execute(sa.insert(t.documents).values(id=doc_id, **row))
        else:
            # a concurrent writer may store the same page, or take the id, in between
            # (RETURNING says whether the row went in: psycopg reports no rowcount here)
            insert = upsert.on_conflict_do_nothing().returning(t.documents.c.id)
            while conn.execute(insert.values(id=doc_id, **row)).first() is None:
                if stored():
                    return False
                doc_id = self._free_id(conn, wanted)
        article_rows: list[dict[str, Any]] = []
        record_rows: list[dict[str, Any]] = []
        per_article = list(item.records) + [()] * (len(item.articles) - len(item.records))
        for article, recs in zip(item.articles, per_article, strict=True):
            article_id = f"{doc_id}#{article.index}"
            article_rows.append(
                dict(
                    id=article_id,
                    document_id=doc_id,
                    idx=article.index,
                    title=article.title,
                    outlet=article.outlet,
                    published=article.published,
                    age=article.age,
                    url=article.url,
                    language=article.language,
                    text=article.text,
                    page_start=article.page_start,
                    page_end=article.page_end,
                )
            )
            record_rows.extend(_record_row(r, article_id) for r in recs)
        if article_rows:
            conn.execute(sa.insert(t.articles), [_text_safe(conn, r) for r in article_rows])
        if record_rows:
            conn.execute(sa.insert(t.records), [_text_safe(conn, r) for r in record_rows])
        return True

    @staticmethod
    def _free_id(conn: Connection, wanted: str) -> str:
        """`wanted`, or `wanted~N` with the lowest N >= 2 that no stored document has."""
        taken = set(
            conn.execute(
                sa.select(t.documents.c.id).where(
                    sa.or_(
                        t.documents.c.id == wanted,
                        t.documents.c.id.startswith(wanted + VERSION_SEP, autoescape=True),
                    )
                )
            ).scalars()
        )
        if wanted not in taken:
            return wanted
        n = 2
        while f"{wanted}{VERSION_SEP}{n}" in taken:
            n += 1
        return f"{wanted}{VERSION_SEP}{n}"

    # -- reading ---------------------------------------------------------------

    def counts(self) -> Counts:
        """How many rows each table holds."""
        with self._tx("count rows") as conn:

            def n(table: sa.Table) -> int:
                return int(conn.execute(sa.select(sa.func.count()).select_from(table)).scalar_one())

            return Counts(n(t.documents), n(t.articles), n(t.records), n(t.skipped))

    def document(self, document_id: str) -> Document | None:
        """One stored document by its (stored) id."""
        with self._tx("read documents") as conn:
            row = conn.execute(
                sa.select(t.documents).where(t.documents.c.id == document_id)
            ).first()
        return None if row is None else _document(row)

    def documents(self) -> list[Document]:
        """Every stored document, by id."""
        with self._tx("read documents") as conn:
            rows = conn.execute(sa.select(t.documents).order_by(t.documents.c.id)).all()
        return [_document(r) for r in rows]

    def articles(self, document_id: str | None = None) -> list[Article]:
        """Stored articles, in page order; of one document if given."""
        query = sa.select(t.articles, t.documents.c.fetched).join(t.documents)
        if document_id is not None:
            query = query.where(t.articles.c.document_id == document_id)
        query = query.order_by(t.articles.c.document_id, t.articles.c.idx)
        with self._tx("read articles") as conn:
            return [_article(r) for r in conn.execute(query).all()]

    def records(
        self,
        *,
        document_id: str | None = None,
        status: str | None = None,
        kind: str | None = None,
    ) -> list[StoredRecord]:
        """Stored records with their article and document, in page and text order."""
        query = (
            sa.select(t.records, t.articles, t.documents)
            .join(t.articles, t.records.c.article_id == t.articles.c.id)
            .join(t.documents, t.articles.c.document_id == t.documents.c.id)
        )
        if document_id is not None:
            query = query.where(t.documents.c.id == document_id)
        if status is not None:
            query = query.where(t.records.c.status == status)
        if kind is not None:
            query = query.where(t.records.c.kind == kind)
        query = query.order_by(
            t.documents.c.id, t.articles.c.idx, t.records.c.evidence_start, t.records.c.id
        )
        out: list[StoredRecord] = []
        docs: dict[str, Document] = {}
        arts: dict[str, Article] = {}
        with self._tx("read records") as conn:
            for row in conn.execute(query).all():
                rec, art, doc = _split_joined(row)
                document = docs.get(doc["id"]) or docs.setdefault(doc["id"], _document(doc))
                article = arts.get(art["id"]) or arts.setdefault(
                    art["id"], _article({**art, "fetched": document.fetched})
                )
                out.append(StoredRecord(rec["id"], _record(rec), article, document))
        return out

    def skipped(self) -> list[QuarantinedInput]:
        """The quarantine: every skipped input, oldest first."""
        with self._tx("read quarantine") as conn:
            rows = conn.execute(sa.select(t.skipped).order_by(t.skipped.c.at, t.skipped.c.id))
            return [QuarantinedInput(r.input_id, r.stage, r.reason, r.at) for r in rows]


# -- row <-> model -------------------------------------------------------------


def _insert(conn: Connection, table: sa.Table) -> Any:
    """This backend's INSERT with ON CONFLICT (SQLite, PostgreSQL), else None."""
    # imported here: the engine has loaded its own dialect already, and PostgreSQL's
    # costs a SQLite user ~50 ms at start-up
    if conn.dialect.name == "postgresql":
        from sqlalchemy.dialects import postgresql

        return postgresql.insert(table)
    if conn.dialect.name == "sqlite":
        from sqlalchemy.dialects import sqlite

        return sqlite.insert(table)
    return None


def _text_safe(conn: Connection, value: Any) -> Any:
    """Text the backend can hold: PostgreSQL's has no NUL (stored as U+FFFD instead)."""
    if conn.dialect.name != "postgresql":
        return value
    if isinstance(value, str):
        return value.replace(NUL, NUL_STAND_IN) if NUL in value else value
    if isinstance(value, dict):
        return {k: _text_safe(conn, v) for k, v in value.items()}
    if isinstance(value, Skipped):
        return Skipped(*(_text_safe(conn, v) for v in (value.input_id, value.stage, value.reason)))
    return value


def _fit_id(wanted: str) -> str:
    """A document id short enough for its column (see MAX_ID_CHARS)."""
    if len(wanted) <= MAX_ID_CHARS:
        return wanted
    digest = hashlib.sha256(wanted.encode("utf-8", "surrogatepass")).hexdigest()[:ID_HASH_CHARS]
    return f"{wanted[: MAX_ID_CHARS - ID_HASH_CHARS - 1]}…{digest}"


def _record_row(r: Record, article_id: str) -> dict[str, Any]:
    a, b = r.between if r.between is not None else (None, None)
    return dict(
        article_id=article_id,
        status=r.status,
        kind=r.kind,
        from_party=r.from_party,
        to_party=r.to_party,
        between_a=a,
        between_b=b,
        count=r.count,
        qualifier=r.qualifier,
        date=r.date,
        evidence_text=r.evidence_text,
        evidence_start=r.evidence.start,
        evidence_end=r.evidence.end,
        speaker=r.speaker,
    )


def _split_joined(row: sa.Row[Any]) -> tuple[dict[str, Any], dict[str, Any], dict[str, Any]]:
    """A records ⨝ articles ⨝ documents row -> one mapping per table (columns share names)."""
    values = list(row)
    widths = [len(t.records.c), len(t.articles.c), len(t.documents.c)]
    parts: list[dict[str, Any]] = []
    start = 0
    for table, width in zip((t.records, t.articles, t.documents), widths, strict=True):
        parts.append(dict(zip(table.c.keys(), values[start : start + width], strict=True)))
        start += width
    return parts[0], parts[1], parts[2]


def _get(row: Any, name: str) -> Any:
    return row[name] if isinstance(row, dict) else getattr(row, name)


def _document(row: Any) -> Document:
    return Document(
        id=_get(row, "id"),
        content=_get(row, "content"),
        content_type=cast(Any, _get(row, "content_type")),
        source=_get(row, "source"),
        url=_get(row, "url"),
        published=_get(row, "published"),
        fetched=_get(row, "fetched"),
        title=_get(row, "title"),
    )


def _article(row: Any) -> Article:
    return Article(
        id=_get(row, "id"),
        document_id=_get(row, "document_id"),
        index=_get(row, "idx"),
        text=_get(row, "text"),
        title=_get(row, "title"),
        outlet=_get(row, "outlet"),
        published=_get(row, "published"),
        age=_get(row, "age"),
        url=_get(row, "url"),
        language=_get(row, "language"),
        page_start=_get(row, "page_start"),
        page_end=_get(row, "page_end"),
        fetched=_get(row, "fetched"),
    )


def _record(row: dict[str, Any]) -> Record:
    between = None
    if row["between_a"] is not None or row["between_b"] is not None:
        between = (row["between_a"], row["between_b"])
    return Record(
        article_id=row["article_id"],
        status=row["status"],
        kind=row["kind"],
        count=row["count"],
        qualifier=row["qualifier"],
        evidence=Span(row["article_id"], row["evidence_start"], row["evidence_end"]),
        evidence_text=row["evidence_text"],
        from_party=row["from_party"],
        to_party=row["to_party"],
        between=between,
        date=row["date"],
        speaker=row["speaker"],
    )
