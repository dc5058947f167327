"""The ledger rows: which records support which item, so that ids survive a rerun."""

from __future__ import annotations

import sqlalchemy as sa

from swapledger import service
from swapledger.store import Store
from swapledger.store import ledger as rows

from .conftest import PAGE, extracted


def _count(store: Store, table: sa.Table) -> int:
    with store.engine.connect() as conn:
        return conn.execute(sa.select(sa.func.count()).select_from(table)).scalar_one()


def test_reconciling_twice_changes_nothing(memory_store: Store) -> None:
    memory_store.add(extracted())
    first = service.reconcile(memory_store)
    second = service.reconcile(memory_store)
    assert first == second
    assert _count(memory_store, rows.events) == 1
    assert _count(memory_store, rows.event_records) == 2


def test_every_record_of_an_event_points_at_its_id(memory_store: Store) -> None:
    memory_store.add(extracted())
    (event,) = service.reconcile(memory_store).events
    assert rows.previous_ids(memory_store) == {s.key: event.id for s in event.sources}


def test_a_new_page_that_supports_an_event_keeps_its_id(memory_store: Store) -> None:
    memory_store.add(extracted("first", PAGE))
    (before,) = service.reconcile(memory_store).events
    memory_store.add(extracted("second", PAGE.replace("Bodies returned", "Remains handed over")))
    (after,) = service.reconcile(memory_store).events
    assert after.id == before.id
    assert {s.document_id for s in after.sources} == {"first", "second"}


def test_re_ingesting_a_page_leaves_the_ledger_as_it_was(memory_store: Store) -> None:
    memory_store.add(extracted())
    first = service.reconcile(memory_store)
    assert memory_store.add(extracted()) is False
    assert service.reconcile(memory_store) == first
