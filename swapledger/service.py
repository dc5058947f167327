"""The library behind the faces: each CLI command (and later the API) calls one function here.

1. `documents`: inputs -> Document | Skipped (ingest.read_inputs, guarded)
2. `extract`: documents -> ExtractedDocument | Skipped (pipeline.process)
3. `ingest`: extract, then store in batches, quarantining what was skipped
4. `clean`: documents -> the articles the cleaner kept
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field

from swapledger import clean as cleaner
from swapledger import ingest as reader
from swapledger import pipeline
from swapledger.errors import InputError
from swapledger.model import Article, Document, ExtractedDocument, Skipped
from swapledger.settings import DEFAULT, Settings
from swapledger.store import Store

log = logging.getLogger(__name__)

STORE_BATCH = 50
"""Documents per transaction: few enough to lose little on a fault, many enough that
SQLite's per-commit fsync does not dominate an ingest."""

Progress = Callable[[str], None]
"""Called once per input handled, with its id (the faces drive a progress bar from it)."""


def _nothing(_: str) -> None:
    return None


@dataclass(slots=True)
class IngestReport:
    """What one ingest did."""

    new: int = 0
    already_stored: int = 0
    articles: int = 0
    records: int = 0
    skipped: list[Skipped] = field(default_factory=list)

    def summary(self) -> str:
        """The one-line summary the CLI prints."""
        return (
            f"documents: {self.new} new, {self.already_stored} already stored, "
            f"{len(self.skipped)} skipped; articles: {self.articles}; records: {self.records}"
        )


def documents(
    paths: Sequence[str], jsonl: Sequence[str] = (), settings: Settings = DEFAULT
) -> Iterator[Document | Skipped]:
    """Every document of the inputs (ingest.read_inputs, which gives files that share a
    name distinct ids); should the reader fail outright, what it had not read yet
    becomes one Skipped instead of a traceback."""
    last = "(start)"
    try:
        for item in reader.read_inputs(paths, jsonl, settings):
            last = item.input_id if isinstance(item, Skipped) else item.id
            yield item
    except InputError as exc:
        yield Skipped(f"inputs after {last}", "ingest", exc.message)
    except (OSError, UnicodeError, ValueError) as exc:
        # The reader should have made this a Skipped itself; report it as one.
        log.debug("reader failed after %s", last, exc_info=True)
        yield Skipped(f"inputs after {last}", "ingest", f"cannot read: {type(exc).__name__}: {exc}")


def process(document: Document, settings: Settings = DEFAULT) -> ExtractedDocument | Skipped:
    """pipeline.process, with a crash on one page turned into that page's Skipped."""
    try:
        return pipeline.process(document, settings)
    except Exception as exc:  # a stage bug on one page must not lose the other pages
        log.warning("pipeline failed on %s", document.id, exc_info=True)
        return Skipped(document.id, "pipeline", f"internal error: {type(exc).__name__}: {exc}")


def extract(
    paths: Sequence[str],
    jsonl: Sequence[str] = (),
    settings: Settings = DEFAULT,
    progress: Progress = _nothing,
) -> Iterator[ExtractedDocument | Skipped]:
    """Documents of the inputs, cleaned and extracted (no database)."""
    for item in documents(paths, jsonl, settings):
        progress(item.input_id if isinstance(item, Skipped) else item.id)
        yield item if isinstance(item, Skipped) else process(item, settings)


def ingest(
    store: Store,
    paths: Sequence[str],
    jsonl: Sequence[str] = (),
    settings: Settings = DEFAULT,
    progress: Progress = _nothing,
) -> IngestReport:
    """Read, clean, extract and store the inputs; skipped inputs go to the quarantine table."""
    report = IngestReport()
    batch: list[ExtractedDocument] = []

    def flush() -> None:
        for item, new in zip(batch, store.add_all(batch), strict=True):
            if new:
                report.new += 1
                report.articles += len(item.articles)
                report.records += len(item.all_records())
            else:
                report.already_stored += 1
        batch.clear()

    for item in extract(paths, jsonl, settings, progress):
        if isinstance(item, Skipped):
            report.skipped.append(item)
            continue
        batch.append(item)
        if len(batch) >= STORE_BATCH:
            flush()
    flush()
    if report.skipped:
        store.add_skipped(report.skipped)
    return report


def clean(
    paths: Sequence[str],
    jsonl: Sequence[str] = (),
    settings: Settings = DEFAULT,
    progress: Progress = _nothing,
) -> Iterator[tuple[Document, list[Article]] | Skipped]:
    """What the cleaner keeps of each document, article by article."""
    for item in documents(paths, jsonl, settings):
        if isinstance(item, Skipped):
            progress(item.input_id)
            yield item
            continue
        progress(item.id)
        articles = cleaner.clean_document(item, settings)
        yield articles if isinstance(articles, Skipped) else (item, list(articles))
