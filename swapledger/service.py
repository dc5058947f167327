"""The library behind the faces: each CLI command (and later the API) calls one function here.

1. `documents`: inputs -> Document | Skipped (ingest.read_inputs, guarded)
2. `extract`: documents -> ExtractedDocument | Skipped (pipeline.process)
3. `ingest`: read, gate, extract (here, in worker processes or on Dask), then store in
   batches from one writer, quarantining what was skipped; `resume` continues a run
4. `clean`: documents -> the articles the cleaner kept
5. `reconcile` / `ledger`: stored records -> events, agreements, totals (reconcile/)
6. `watch`: one round of polling RSS/Atom feeds, their new pages ingested as in 3
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field

from swapledger import clean as cleaner
from swapledger import gate as relevance
from swapledger import ingest as reader
from swapledger import parallel, pipeline
from swapledger import reconcile as reconciler
from swapledger.clean import copies
from swapledger.clean.template import (
    EMPTY,
    SitePage,
    TemplateMemory,
    site_key,
)
from swapledger.errors import InputError
from swapledger.ingest import feeds
from swapledger.model import (
    Article,
    Document,
    ExtractedDocument,
    FeedEntry,
    Ledger,
    Skipped,
    Source,
)
from swapledger.reconcile import source_from
from swapledger.settings import DEFAULT, Settings
from swapledger.store import Store
from swapledger.store import feeds as feed_store
from swapledger.store import ledger as ledger_rows
from swapledger.store import templates as template_store

log = logging.getLogger(__name__)

STORE_BATCH = 50
"""Documents per transaction: few enough to lose little on a fault, many enough that
SQLite's per-commit fsync does not dominate an ingest."""

PROGRESS_EVERY = 2000
"""Inputs between progress commits when few documents pass the gate: a resumed crawl
re-reads at most this many records."""

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
    filtered: dict[str, int] = field(default_factory=dict)  # reason -> routine drops
    unread: dict[str, int] = field(default_factory=dict)  # reason -> articles not extracted

    def summary(self) -> str:
        """The one-line summary the CLI prints."""
        line = (
            f"documents: {self.new} new, {self.already_stored} already stored, "
            f"{len(self.skipped)} skipped; articles: {self.articles}; records: {self.records}"
        )
        if self.filtered:
            most = sorted(self.filtered.items(), key=lambda kv: (-kv[1], kv[0]))
            counts = ", ".join(f"{n} {reason}" for reason, n in most)
            line += f"; filtered: {counts}"
        if self.unread:
            most = sorted(self.unread.items(), key=lambda kv: (-kv[1], kv[0]))
            counts = ", ".join(f"{n} {reason}" for reason, n in most)
            line += f"; articles not read: {counts}"
        return line


def documents(
    paths: Sequence[str],
    jsonl: Sequence[str] = (),
    settings: Settings = DEFAULT,
    done: Mapping[str, int] | None = None,
    prefilter: reader.Prefilter | None = None,
    warc_reader: reader.WarcReader | None = None,
) -> Iterator[Document | Skipped]:
    """Every document of the inputs (ingest.read_inputs, which gives files that share a
    name distinct ids); should the reader fail outright, what it had not read yet
    becomes one Skipped instead of a traceback."""
    last = "(start)"
    try:
        for item in reader.read_inputs(paths, jsonl, settings, done, prefilter, warc_reader):
            last = item.input_id if isinstance(item, Skipped) else item.id
            yield item
    except InputError as exc:
        yield Skipped(f"inputs after {last}", "ingest", exc.message)
    except (OSError, UnicodeError, ValueError) as exc:
        # The reader should have made this a Skipped itself; report it as one.
        log.debug("reader failed after %s", last, exc_info=True)
        yield Skipped(f"inputs after {last}", "ingest", f"cannot read: {type(exc).__name__}: {exc}")


def process(
    document: Document, settings: Settings = DEFAULT, memory: TemplateMemory = EMPTY
) -> ExtractedDocument | Skipped:
    """pipeline.process, with a crash on one page turned into that page's Skipped."""
    try:
        return pipeline.process(document, settings, memory)
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
    *,
    workers: int = 1,
    dask: str | None = None,
    resume: bool = False,
    gate: bool = True,
    pages: Iterable[Document | Skipped] | None = None,
) -> IngestReport:
    """Read, gate, clean, extract and store the inputs; skipped inputs go to the quarantine.

    1. read the inputs (with `resume`: less what the store's progress table says is done)
    2. gate: pages without exchange vocabulary stop here, counted (gate.py); it runs in
       this process, where the bytes are, so only pages that may matter travel on
    3. clean + extract: here (`workers` 1), in `workers` processes, or on Dask (`dask`:
       a scheduler address or "local"), results back in input order
    4. store in batches of `STORE_BATCH`, each with the progress of its inputs, in one
       transaction; routine drops (stage "filter") are counted in `report.filtered`

    `pages` (documents already read, e.g. submitted over HTTP) replaces step 1.
    """
    report = IngestReport()
    if workers > 1 and dask is None:
        # load what the stages load on their first page here, before the reader and
        # worker processes fork: they inherit it (loaded while the readers read, it held
        # the merge up, and the readers with it)
        pipeline.warm(settings)
    memories: dict[str, TemplateMemory] = {}  # site -> the store's template memory of it
    batch: list[ExtractedDocument] = []
    marks: dict[str, int] = {}
    since_flush = quarantined = 0

    def flush() -> None:
        nonlocal since_flush, quarantined
        # skips first: a progress mark must never pass an input that is nowhere in the store
        if len(report.skipped) > quarantined:
            store.add_skipped(report.skipped[quarantined:])
            quarantined = len(report.skipped)
        learned: list[tuple[str, frozenset[str]]] = []
        for item, new in zip(batch, store.add_all(batch, marks), strict=True):
            if new:
                if (site := site_key(item.document)) is not None:  # no site: no memory
                    if item.line_hashes is None:  # (a worker hashes them: process_one)
                        item = parallel.with_line_hashes(item)
                    learned.append((site, item.line_hashes))
                report.new += 1
                report.articles += len(item.articles)
                report.records += len(item.all_records())
                for reason, n in item.unread_counts().items():
                    report.unread[reason] = report.unread.get(reason, 0) + n
            else:
                report.already_stored += 1
        # the site template memory learns each new page's lines (a page once)
        if learned:
            template_store.learn(store, learned)
            for site, _ in learned:
                memories.pop(site, None)
        batch.clear()
        marks.clear()
        since_flush = 0

    def with_memory(document: Document) -> Document | SitePage:
        site = site_key(document)
        if site is None:  # no URL and no outlet of its own: no template memory
            return document
        if site not in memories:
            memories[site] = template_store.memory(store, site)
        memory = memories[site]
        return SitePage(document, memory) if memory.seen else document

    def tagged() -> Iterator[parallel.Item]:
        # 1. read
        done = store.progress() if resume else None
        # the gate's byte scan skips most pages of a WARC before they are decoded; a
        # large WARC is read by `workers` processes, each taking every n-th record
        prefilter = relevance.prefilter if gate else None
        warcs = parallel.warc_reader(workers, dask)
        read = pages if pages is not None else documents(paths, jsonl, settings, done, prefilter, warcs)
        for item in read:
            if isinstance(item, Skipped):
                progress(item.input_id)
                yield reader.position(item), item  # a page skipped unread has one
                continue
            progress(item.id)
            # 2. gate
            passed = relevance.check(item) if gate else item
            yield (
                reader.position(item),
                with_memory(passed) if isinstance(passed, Document) else passed,
            )

    # 3. clean + extract
    for where, item in parallel.ordered_map(tagged(), settings, workers=workers, dask=dask):
        if where is not None:
            source, number = where
            marks[source] = max(marks.get(source, 0), number)
        since_flush += 1
        if isinstance(item, Skipped):
            if item.stage == relevance.FILTER_STAGE:
                report.filtered[item.reason] = report.filtered.get(item.reason, 0) + 1
            else:
                report.skipped.append(item)
        else:
            batch.append(item)
        # 4. store
        if len(batch) >= STORE_BATCH or since_flush >= PROGRESS_EVERY:
            flush()
    flush()
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


# -- the ledger ----------------------------------------------------------------


def sources(store: Store) -> list[Source]:
    """Every stored record as a reconciliation `Source`; its key is the record's id.
    Copies of one article (reposts, edited wire copies) share a copy key (clean/copies.py)."""
    rows = store.records()
    found = [source_from(str(r.id), r.record, r.article, r.document) for r in rows]
    return copies.link_sources(found, {r.article.id: r.article for r in rows})


def reconcile(store: Store) -> Ledger:
    """Reconcile every stored record into events, agreements and totals, and save the ledger.

    Ids are kept from the last run: an event that gains a source keeps its id.
    Rerunning on an unchanged store changes nothing.
    """
    ledger = reconciler.reconcile(sources(store), ledger_rows.previous_ids(store))
    ledger_rows.save(store, ledger)
    return ledger


def ledger(store: Store) -> Ledger:
    """The ledger of the store as it is now (reconciled afresh, so new pages count)."""
    return reconcile(store)


# -- feeds ---------------------------------------------------------------------


@dataclass(slots=True)
class WatchReport:
    """What one round of `watch` did: a line per feed, failures, and what was ingested."""

    lines: list[str] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)  # one line each; tried again next round
    ingest: IngestReport = field(default_factory=IngestReport)


def watch(
    store: Store,
    feed_urls: Sequence[str],
    fetcher: feeds.Fetcher,
    settings: Settings = DEFAULT,
) -> WatchReport:
    """Poll each feed once and ingest the pages of its new entries; nothing raises for
    one feed or page (store errors aside).

    Per feed: 1. poll it with last time's validators (304: nothing new); 2. fetch each
    new entry's page; 3. ingest the pages through the normal pipeline; 4. remember
    the entries dealt with (a page that failed for now is not: it is tried again)
    and the feed's validators, after its pages are stored.
    """
    report = WatchReport()
    for state in feed_store.states(store, list(dict.fromkeys(feed_urls))).values():
        # 1. poll
        polled = feeds.poll(state, fetcher, lambda e: bool(feed_store.seen_keys(store, [e])))
        if polled.failure is not None:
            report.failures.append(polled.line())
            continue
        # 2. fetch
        pages: list[Document | Skipped] = []
        done: list[tuple[FeedEntry, str]] = []
        for entry in polled.entries:
            page = feeds.fetch_page(entry, fetcher, settings)
            if isinstance(page, feeds.Failed):
                report.failures.append(f"failed {entry.url}: {page.reason}")
                if not page.retry_later:
                    done.append((entry, page.reason))
                continue
            pages.append(page)
            done.append((entry, page.reason if isinstance(page, Skipped) else "fetched"))
        # 3. ingest
        if pages:
            _add_report(report.ingest, ingest(store, [], settings=settings, pages=pages))
        # 4. remember
        feed_store.mark_seen(store, done)
        feed_store.save_state(store, polled.feed)
        report.lines.append(polled.line())
    return report


def _add_report(total: IngestReport, part: IngestReport) -> None:
    total.new += part.new
    total.already_stored += part.already_stored
    total.articles += part.articles
    total.records += part.records
    total.skipped.extend(part.skipped)
    for into, counts in ((total.filtered, part.filtered), (total.unread, part.unread)):
        for reason, n in counts.items():
            into[reason] = into.get(reason, 0) + n
