"""The store: round trip, idempotence, versions, evidence spans, quarantine, faults."""

from __future__ import annotations

import dataclasses
import datetime as dt
import importlib.util
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from swapledger.errors import StoreError
from swapledger.model import (
    KINDS,
    QUALIFIERS,
    STATUSES,
    Article,
    Document,
    ExtractedDocument,
    Record,
    Skipped,
    Span,
)
from swapledger.store import Counts, Store
from swapledger.store import tables as t
from swapledger.store import testing as pg

from .conftest import PAGE, extracted


def test_a_stored_page_comes_back_with_its_articles_and_records(memory_store: Store) -> None:
    item = extracted()
    assert memory_store.add(item) is True
    rows = memory_store.records()
    assert [r.record for r in rows] == list(item.all_records())
    assert rows[0].article == item.articles[0]
    assert rows[0].document == item.document
    assert memory_store.documents() == [item.document]
    assert memory_store.articles("page") == list(item.articles)
    assert memory_store.counts() == Counts(documents=1, articles=1, records=2, skipped=0)


def test_adding_the_same_page_twice_adds_nothing_the_second_time(file_store: Store) -> None:
    assert file_store.add(extracted()) is True
    before = file_store.counts()
    assert file_store.add(extracted()) is False
    assert file_store.counts() == before


def test_the_same_content_under_another_id_is_the_same_page(memory_store: Store) -> None:
    memory_store.add(extracted("first"))
    assert memory_store.add(extracted("second")) is False
    assert [d.id for d in memory_store.documents()] == ["first"]


def test_an_id_taken_by_other_content_is_stored_as_a_new_version(memory_store: Store) -> None:
    memory_store.add(extracted("page"))
    assert memory_store.add(extracted("page", PAGE + " Updated.")) is True
    assert memory_store.add(extracted("page", PAGE + " Updated again.")) is True
    assert [d.id for d in memory_store.documents()] == ["page", "page~2", "page~3"]
    second = memory_store.records(document_id="page~2")
    assert {r.article.id for r in second} == {"page~2#0"}
    assert {r.record.article_id for r in second} == {"page~2#0"}
    assert {r.record.evidence.article_id for r in second} == {"page~2#0"}


def test_every_stored_record_points_at_its_evidence_in_its_article(memory_store: Store) -> None:
    memory_store.add(extracted())
    rows = memory_store.records()
    assert rows
    for row in rows:
        span = row.record.evidence
        assert row.article.text[span.start : span.end] == row.record.evidence_text
        assert row.evidence_holds()


def test_a_batch_is_written_in_one_go_and_reports_what_was_new(memory_store: Store) -> None:
    batch = [extracted("a"), extracted("b", PAGE + " B."), extracted("a")]
    assert memory_store.add_all(batch) == [True, True, False]
    assert memory_store.counts().documents == 2


def test_records_can_be_filtered_by_document_status_and_kind(memory_store: Store) -> None:
    memory_store.add(extracted())
    assert len(memory_store.records(document_id="page")) == 2
    assert memory_store.records(document_id="other") == []
    assert memory_store.records(status="planned") == []
    assert len(memory_store.records(kind="remains", status="completed")) == 2


def test_a_page_without_records_stores_its_articles(memory_store: Store) -> None:
    item = extracted("quiet", "Nothing was exchanged today.\n\nA quiet day.")
    assert item.all_records() == []
    memory_store.add(item)
    assert memory_store.counts() == Counts(documents=1, articles=1, records=0, skipped=0)
    assert memory_store.records() == []


def test_a_skipped_input_is_quarantined_once_with_its_latest_time(memory_store: Store) -> None:
    skip = Skipped("bad.bin", "ingest", "not text")
    memory_store.add_skipped(skip, at=dt.datetime(2025, 1, 1, tzinfo=dt.UTC))
    memory_store.add_skipped([skip], at=dt.datetime(2025, 1, 2, tzinfo=dt.UTC))
    memory_store.add_skipped(Skipped("bad.bin", "clean", "empty page"))
    rows = memory_store.skipped()
    assert [r.as_skipped() for r in rows] == [skip, Skipped("bad.bin", "clean", "empty page")]
    assert rows[0].at == dt.datetime(2025, 1, 2, tzinfo=dt.UTC)
    assert memory_store.counts().skipped == 2


@pytest.mark.parametrize(
    ("url", "says"),
    [
        ("foo://", "cannot open store 'foo://'"),
        ("not a url", "cannot open store 'not a url'"),
        ("sqlite:////no/such/folder/ledger.db", "unable to open database file"),
    ],
)
def test_a_store_that_cannot_be_opened_raises_store_error(url: str, says: str) -> None:
    with pytest.raises(StoreError, match="cannot open store") as caught:
        Store(url)
    assert says in caught.value.message


def test_a_missing_driver_names_itself_and_hides_the_password() -> None:
    if importlib.util.find_spec("psycopg") is not None:
        pytest.skip("psycopg is installed: no missing driver to report")
    with pytest.raises(StoreError) as caught:
        Store("postgresql+psycopg://user:secret@localhost/ledger")
    assert "secret" not in caught.value.message
    assert "driver not installed" in caught.value.message


def test_a_fault_while_writing_raises_store_error(memory_store: Store) -> None:
    with memory_store.engine.begin() as conn:
        cascade = " CASCADE" if conn.dialect.name == "postgresql" else ""
        conn.execute(sa.text(f"DROP TABLE records{cascade}"))
    with pytest.raises(StoreError, match="cannot add documents"):
        memory_store.add(extracted())


# -- Hypothesis: arbitrary records round-trip -------------------------------------

party = st.text(alphabet="abcdefghijklmnopqrstuvwxyz_", min_size=1, max_size=20)
small_text = st.text(max_size=40)


@st.composite
def extracted_documents(draw: st.DrawFn, nul: bool = True) -> ExtractedDocument:
    """A page of one or more articles, each with records whose spans lie inside its text
    (`nul=False`: no NUL characters, which PostgreSQL's text cannot hold)."""
    if nul:
        small_text, any_text = globals()["small_text"], st.text
    else:
        no_nul = st.characters(exclude_categories=("Cs",), exclude_characters="\x00")
        small_text = st.text(no_nul, max_size=40)

        def any_text(*, min_size: int, max_size: int) -> st.SearchStrategy[str]:
            return st.text(no_nul, min_size=min_size, max_size=max_size)

    doc_id = draw(st.text(alphabet="abcdefghij0123456789-_", min_size=1, max_size=12))
    n_articles = draw(st.integers(1, 3))
    articles: list[Article] = []
    records: list[tuple[Record, ...]] = []
    for index in range(n_articles):
        text = draw(any_text(min_size=1, max_size=200))
        article = Article(
            id=f"{doc_id}#{index}",
            document_id=doc_id,
            index=index,
            text=text,
            title=draw(st.none() | small_text),
            outlet=draw(st.none() | small_text),
            published=draw(st.none() | st.dates()),
            age=draw(st.none() | small_text),
            url=draw(st.none() | small_text),
            language=draw(st.sampled_from(["en", "ru", "uk"])),
            page_start=draw(st.integers(0, 10_000)),
            page_end=draw(st.integers(0, 10_000)),
        )
        recs = []
        for _ in range(draw(st.integers(0, 4))):
            start = draw(st.integers(0, len(text)))
            end = draw(st.integers(start, len(text)))
            directed = draw(st.booleans())
            recs.append(
                Record(
                    article_id=article.id,
                    status=draw(st.sampled_from(STATUSES)),
                    kind=draw(st.sampled_from(KINDS)),
                    count=draw(st.integers(0, 2**62)),
                    qualifier=draw(st.sampled_from(QUALIFIERS)),
                    evidence=Span(article.id, start, end),
                    evidence_text=text[start:end],
                    from_party=draw(party) if directed else None,
                    to_party=draw(party) if directed else None,
                    between=None if directed else (draw(party), draw(party)),
                    date=draw(st.none() | st.dates()),
                    speaker=draw(st.none() | small_text),
                )
            )
        articles.append(article)
        records.append(tuple(recs))
    fetched = draw(
        st.none()
        | st.datetimes(
            timezones=st.sampled_from([dt.UTC, dt.timezone(dt.timedelta(hours=5, minutes=30))])
        )
    )
    content = "\n".join(a.text for a in articles) + draw(small_text)
    document = Document(
        id=doc_id,
        content=content,
        content_type=draw(st.sampled_from(["text", "html"])),
        source=draw(any_text(min_size=1, max_size=30)),
        url=draw(st.none() | small_text),
        published=draw(st.none() | st.dates()),
        fetched=fetched,
        title=draw(st.none() | small_text),
    )
    articles = [dataclasses.replace(a, fetched=fetched) for a in articles]
    return ExtractedDocument(document, tuple(articles), tuple(records))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(extracted_documents())
def test_arbitrary_records_round_trip_through_the_store(item: ExtractedDocument) -> None:
    with Store("sqlite://") as store:
        assert store.add(item) is True
        assert store.documents() == [item.document]
        assert store.articles() == list(item.articles)
        got = store.records()
        assert sorted(map(repr, (r.record for r in got))) == sorted(map(repr, item.all_records()))
        assert all(r.evidence_holds() for r in got)
        assert store.add(item) is False


@pytest.fixture(scope="module")
def pg_url() -> Iterator[str]:
    """One PostgreSQL schema for the examples of a Hypothesis test (emptied between them)."""
    with pg.fresh_schema() as url:
        yield url


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(extracted_documents(nul=False))
def test_arbitrary_records_round_trip_through_postgresql(
    pg_url: str, item: ExtractedDocument
) -> None:
    with Store(pg_url) as store:
        with store.engine.begin() as conn:
            conn.execute(sa.delete(t.documents))  # articles and records go with them
        assert store.add(item) is True
        assert store.documents() == [item.document]
        assert store.articles() == list(item.articles)
        got = store.records()
        assert sorted(map(repr, (r.record for r in got))) == sorted(map(repr, item.all_records()))
        assert all(r.evidence_holds() for r in got)
        assert store.add(item) is False


# -- what one backend cannot hold -------------------------------------------------


def test_nul_characters_are_kept_where_the_backend_allows_and_offsets_hold(
    memory_store: Store,
) -> None:
    content = PAGE.replace("Bodies returned", "Bodies\x00returned")
    memory_store.add(extracted("nul", content))
    (row,) = memory_store.records()[:1]
    postgresql = memory_store.engine.dialect.name == "postgresql"
    stored = memory_store.documents()[0].content
    assert stored == (content.replace("\x00", "\ufffd") if postgresql else content)
    assert len(stored) == len(content)
    assert all(r.evidence_holds() for r in memory_store.records())
    assert row.record.count == 1212


def test_a_very_long_id_is_shortened_and_stays_unique(memory_store: Store) -> None:
    long_id = "https://example.org/" + "a" * 1000
    assert memory_store.add(extracted(long_id)) is True
    assert memory_store.add(extracted(long_id, PAGE + " Updated.")) is True
    first, second = (d.id for d in memory_store.documents())
    assert len(first) <= 480 and first.startswith("https://example.org/aaa")
    assert second == f"{first}~2"
    other = "https://example.org/" + "a" * 999 + "b"
    assert memory_store.add(extracted(other, PAGE + " Another.")) is True
    assert len({d.id for d in memory_store.documents()}) == 3


# -- two writers at once ------------------------------------------------------------


def test_two_writers_at_once_store_each_page_once_and_version_a_taken_id(
    backend: str, tmp_path: Path
) -> None:
    """Two ingests into one database at the same moment: neither fails, nothing doubles."""
    with pg.database_url(backend, tmp_path) as url:
        with Store(url):
            pass  # migrated before the race: the race is about the writes
        same = [extracted(f"p{i}", f"{PAGE} Page {i}.") for i in range(40)]
        start = threading.Barrier(2)
        errors: list[BaseException] = []
        results: list[list[bool]] = []

        def writer(own: str) -> None:
            try:
                with Store(url) as store:
                    start.wait()
                    results.append(store.add_all([*same, extracted("taken", PAGE + own)]))
            except BaseException as exc:  # noqa: BLE001 - reported below
                errors.append(exc)

        threads = [threading.Thread(target=writer, args=(own,)) for own in (" A.", " B.")]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        assert errors == []
        with Store(url) as store:
            ids = sorted(d.id for d in store.documents())
            assert store.counts().records == 2 * 42
        assert ids == sorted([*(f"p{i}" for i in range(40)), "taken", "taken~2"])
        assert sum(sum(r) for r in results) == 42
