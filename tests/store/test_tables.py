"""The tables keep every field of the model: a new model field must get a column (or a reason)."""

from __future__ import annotations

import dataclasses

import pytest

from swapledger.model import Article, Document, Record
from swapledger.store import tables as t

# model field -> the columns that keep it (where the names differ)
RENAMED = {
    (Record, "evidence"): {"evidence_start", "evidence_end"},
    (Record, "between"): {"between_a", "between_b"},
    (Article, "index"): {"idx"},
}
# model fields deliberately not stored in that table, and why
NOT_STORED = {
    (Article, "fetched"): "read back from its document",
    (Article, "outlet_from"): "how the cleaner found it: shown by `swapledger clean`, not kept",
    (Article, "published_from"): "how the cleaner found it: shown by `swapledger clean`, not kept",
}


@pytest.mark.parametrize(
    ("model", "table"), [(Document, t.documents), (Article, t.articles), (Record, t.records)]
)
def test_every_model_field_has_a_column(model: type, table: object) -> None:
    columns = set(table.c.keys())  # type: ignore[attr-defined]
    for f in dataclasses.fields(model):
        if (model, f.name) in NOT_STORED:
            continue
        wanted = RENAMED.get((model, f.name), {f.name})
        assert wanted <= columns, f"{model.__name__}.{f.name} has no column in {table}"
