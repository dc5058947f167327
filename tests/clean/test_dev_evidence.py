"""Cleaning the dev articles keeps every sentence that carries a gold record."""

from __future__ import annotations

import json
import re

import pytest

from swapledger import clean
from swapledger.ingest import read_inputs
from swapledger.model import Document


def _squash(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def test_every_dev_evidence_string_survives_cleaning(corpus_dir):
    folder = corpus_dir / "dev"
    if not (folder / "docs").is_dir():
        pytest.skip(f"dev corpus not found at {folder}")
    lost = []
    checked = 0
    for doc in read_inputs([str(folder / "docs")]):
        assert isinstance(doc, Document), doc
        gold = json.loads((folder / "gold" / f"{doc.id}.json").read_text("utf-8"))
        articles = clean.clean_document(doc)
        text = "" if not isinstance(articles, list) else _squash(" ".join(a.text for a in articles))
        for record in gold["records"]:
            checked += 1
            if _squash(record["evidence"]) not in text:
                lost.append(f"{doc.id}: {record['evidence'][:80]}")
    print(f"\n{checked - len(lost)}/{checked} evidence strings kept")
    assert not lost, "\n".join(lost)
