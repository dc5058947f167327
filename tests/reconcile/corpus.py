"""A corpus folder into a store (as `swapledger evaluate` builds documents), then its ledger."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from swapledger import service
from swapledger.evaluate import read_corpus
from swapledger.model import Event, ExtractedDocument, Ledger
from swapledger.store import Store

DAY_SLACK = 1
"""records.md §Scoring: a gold event is found by an event of the same day ±1."""


def ingest_corpus(store: Store, corpus: Path) -> Ledger:
    """Store every document of the corpus (gold url/published only) and reconcile."""
    docs, _ = read_corpus(corpus)
    done = [service.process(g.document) for g in docs]
    store.add_all([d for d in done if isinstance(d, ExtractedDocument)])
    return service.reconcile(store)


def counts(e: Event) -> dict[tuple[str, str], int]:
    """Consensus count per direction (two-way totals left out)."""
    return {(t.from_party, t.to_party): t.count for t in e.transfers if not t.between}


@dataclass(frozen=True)
class Comparison:
    """Gold events against produced ones."""

    found: list[dict[str, Any]]
    missed: list[dict[str, Any]]
    extra: list[Event]  # produced events in the gold's scope that match no gold event
    in_scope: int


def compare(events: list[Event], gold_file: Path) -> Comparison:
    """Greedy one-to-one: same kind, counts per gold direction equal, day ±1 when gold has one.

    A gold count of 0 matches a direction the event lacks: an explicit zero is not a
    record (records.md), and the seed page behind the 1,200 event never states it.

    Scope of extras: the kinds and party pairs the gold file lists events for
    (events.json lists body exchanges; an exchange of another conflict is not an extra).
    """
    gold = json.loads(gold_file.read_text(encoding="utf-8"))
    scope = {
        (g["kind"], frozenset(p for t in g["transfers"] for p in (t["from"], t["to"])))
        for g in gold
        if g["kind"] == "remains"
    }
    used: set[str] = set()
    found, missed = [], []
    for g in sorted(gold, key=lambda g: g["date"] is None):  # dated gold first
        day = dt.date.fromisoformat(g["date"]) if g["date"] else None
        want = {(t["from"], t["to"]): t["count"] for t in g["transfers"]}
        hit = next(
            (
                e
                for e in events
                if e.id not in used
                and e.kind == g["kind"]
                and all(counts(e).get(k, 0) == v for k, v in want.items())
                and (day is None or (e.date is not None and abs((e.date - day).days) <= DAY_SLACK))
            ),
            None,
        )
        if hit is None:
            missed.append(g)
        else:
            used.add(hit.id)
            found.append(g)
    mine = [
        e
        for e in events
        if (e.kind, frozenset(p for t in e.transfers for p in (t.from_party, t.to_party))) in scope
    ]
    extra = [e for e in mine if e.id not in used]
    return Comparison(found, missed, extra, len(mine))
