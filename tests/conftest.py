"""Shared fixtures: where the shared corpora live, and small page builders."""

from __future__ import annotations

from pathlib import Path

import pytest

from swapledger.model import Document

REPO = Path(__file__).resolve().parents[1]
CORPUS = (REPO / ".." / "shared" / "corpus").resolve()


@pytest.fixture(scope="session")
def corpus_dir() -> Path:
    """The shared corpus folder beside the repository (skips the test when it is absent)."""
    if not CORPUS.is_dir():
        pytest.skip(f"shared corpus not found at {CORPUS}")
    return CORPUS


@pytest.fixture
def make_document():
    """Build a Document from text in one call: make_document(text, id=..., content_type=...)."""

    def make(text: str, id: str = "page", content_type: str = "text", **fields) -> Document:
        return Document(id=id, content=text, content_type=content_type, source=id, **fields)

    return make
