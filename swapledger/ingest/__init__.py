"""Paths, JSONL files and stdin -> Document | Skipped (minimal version; being expanded)."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from pathlib import Path

from swapledger.model import Document, Skipped
from swapledger.settings import DEFAULT, Settings


def read_inputs(
    paths: Sequence[str], jsonl: Sequence[str] = (), settings: Settings = DEFAULT
) -> Iterator[Document | Skipped]:
    """Every document under the given paths (files, folders, '-') and JSONL files."""
    for raw in paths:
        path = Path(raw)
        files = sorted(p for p in path.rglob("*") if p.is_file()) if path.is_dir() else [path]
        for f in files:
            if not f.exists():
                yield Skipped(str(f), "ingest", "no such file or folder")
                continue
            text = f.read_text(encoding="utf-8")
            kind = "html" if f.suffix.lower() in {".html", ".htm"} else "text"
            yield Document(id=f.stem, content=text, content_type=kind, source=str(f))
