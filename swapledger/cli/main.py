"""Typer app: each command parses its flags, calls one library function, formats the result.

Exit codes, for every command:

- 0: done, nothing skipped
- 1: done, but some input was skipped (one "skipped NAME: reason" line each, on stderr)
- 2: usage or configuration error, or the store cannot be opened or written;
  one line "swapledger: MESSAGE [CODE]" on stderr, never a traceback

`ErrorsToExit.invoke` is the one place where a `SwapledgerError` becomes that line.
"""

from __future__ import annotations

import json
from enum import StrEnum
from typing import Annotated

import typer
from typer.core import TyperGroup

from swapledger import __version__, service
from swapledger.cli import output
from swapledger.errors import ConfigError, SwapledgerError
from swapledger.gate import FILTER_STAGE
from swapledger.model import KINDS, STATUSES, Article, Document, ExtractedDocument, Skipped
from swapledger.parallel import default_workers
from swapledger.settings import DEFAULT, DEFAULT_DB_URL, Settings
from swapledger.store import Store

EXIT_OK = 0
EXIT_SKIPPED = 1  # the run finished but some input was skipped
EXIT_ERROR = 2  # usage, config or store error (click uses 2 for usage errors too)


class ErrorsToExit(TyperGroup):
    """The root group: turns every SwapledgerError into one line on stderr and exit code 2."""

    def invoke(self, ctx: typer.Context) -> object:
        """Run the command; translate our errors (the only place that does)."""
        try:
            return super().invoke(ctx)
        except SwapledgerError as exc:
            typer.echo(f"swapledger: {exc}", err=True)
            raise typer.Exit(EXIT_ERROR) from None


app = typer.Typer(
    cls=ErrorsToExit,
    name="swapledger",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_show_locals=False,
)


class ExtractFormat(StrEnum):
    """Output formats of `extract`."""

    jsonl = "jsonl"
    table = "table"


class RecordsFormat(StrEnum):
    """Output formats of `records`."""

    table = "table"
    csv = "csv"
    json = "json"


class CleanFormat(StrEnum):
    """Output formats of `clean`."""

    jsonl = "jsonl"
    text = "text"


Paths = Annotated[
    list[str] | None,
    typer.Argument(
        help="Files or folders of pages (.txt, .html); '-' reads one page from stdin.",
        metavar="PATH",
        show_default=False,
    ),
]
Inputs = Annotated[
    list[str] | None,
    typer.Option(
        "--input",
        "-i",
        help="A JSONL file of pages, one JSON object a line (repeatable).",
        metavar="FILE.jsonl",
        show_default=False,
    ),
]
Db = Annotated[
    str,
    typer.Option(
        "--db", envvar="SWAPLEDGER_DB", metavar="URL", help=Settings.help()["db_url"] + "."
    ),
]


def _version(value: bool) -> None:
    if value:
        typer.echo(f"swapledger {__version__}")
        raise typer.Exit(EXIT_OK)


@app.callback()
def root(
    version: Annotated[
        bool,
        typer.Option(
            "--version", callback=_version, is_eager=True, help="Print the version and exit."
        ),
    ] = False,
) -> None:
    """A sourced ledger of prisoner and body exchanges, extracted from news pages.

    Exit codes: 0 done; 1 done but some input was skipped; 2 usage, config or store error.
    """


def _inputs(paths: list[str] | None, inputs: list[str] | None) -> tuple[list[str], list[str]]:
    paths, inputs = list(paths or []), list(inputs or [])
    if not paths and not inputs:
        raise ConfigError("give at least one PATH or --input FILE.jsonl")
    return paths, inputs


def _report_skipped(skipped: list[Skipped]) -> int:
    """One line per skipped input; routine drops (stage "filter": WARC records that are
    not pages, pages without exchange vocabulary) one line per reason, not an error."""
    filtered: dict[str, int] = {}
    for s in skipped:
        if s.stage == FILTER_STAGE:
            filtered[s.reason] = filtered.get(s.reason, 0) + 1
        else:
            typer.echo(s.line(), err=True)
    for reason, n in sorted(filtered.items()):
        typer.echo(f"filtered {n} inputs: {reason}", err=True)
    return EXIT_SKIPPED if len(skipped) > sum(filtered.values()) else EXIT_OK


@app.command()
def ingest(
    paths: Paths = None,
    inputs: Inputs = None,
    db: Db = DEFAULT_DB_URL,
    workers: Annotated[
        int | None,
        typer.Option(
            "--workers",
            "-w",
            min=1,
            metavar="N",
            help="Worker processes for cleaning and extraction [default: the machine's cores].",
            show_default=False,
        ),
    ] = None,
    dask: Annotated[
        str | None,
        typer.Option(
            "--dask",
            metavar="ADDRESS",
            help="Run cleaning and extraction on a Dask cluster (tcp://HOST:8786), or on a "
            "LocalCluster of --workers processes with 'local'. See docs/scale.md.",
        ),
    ] = None,
    resume: Annotated[
        bool,
        typer.Option(
            "--resume", help="Pass over the inputs an earlier, interrupted run already stored."
        ),
    ] = False,
    gate: Annotated[
        bool,
        typer.Option(
            "--gate/--no-gate",
            help="Skip pages without exchange vocabulary before parsing them (counted).",
        ),
    ] = True,
) -> None:
    """Read pages, extract their records and store them in the ledger database.

    Inputs: files and folders of .txt/.html pages, WARC archives (.warc, .warc.gz:
    every HTML response is a page), JSONL (.jsonl, .jsonl.gz, or --input).
    Prints one summary line (documents new / already stored / skipped, articles,
    records, and routine drops per reason: WARC records that are not pages, pages
    without exchange vocabulary) and one "skipped NAME: reason" line per unusable
    input on stderr. A page already stored (same content) is not stored again; a
    page whose id is taken by other content is stored beside it as ID~2, ID~3, ...
    Exit code 0 when nothing was skipped (routine drops do not count), 1 when some
    input was skipped, 2 on usage or store errors.
    """
    paths, inputs = _inputs(paths, inputs)
    settings = DEFAULT.replace(db_url=db)
    with Store(settings.db_url) as store, output.progress("ingest") as tick:
        report = service.ingest(
            store,
            paths,
            inputs,
            settings,
            tick,
            workers=workers or default_workers(),
            dask=dask,
            resume=resume,
            gate=gate,
        )
    code = _report_skipped(report.skipped)
    typer.echo(report.summary())
    raise typer.Exit(code)


@app.command()
def extract(
    paths: Paths = None,
    inputs: Inputs = None,
    format: Annotated[
        ExtractFormat,
        typer.Option(
            "--format", "-f", help="jsonl: one JSON object per document; table: records only."
        ),
    ] = ExtractFormat.jsonl,
) -> None:
    """Print the records found in pages, without a database.

    jsonl: one line per document {"id", "url", "published", "articles": [{"id",
    "title", "outlet", "published", "age", "text", "records"}], "records"}, the
    top-level records being all the document's records. Exit code 1 when some
    input was skipped.
    """
    paths, inputs = _inputs(paths, inputs)
    skipped: list[Skipped] = []
    done: list[ExtractedDocument] = []
    with output.progress("extract") as tick:
        for item in service.extract(paths, inputs, DEFAULT, tick):
            if isinstance(item, Skipped):
                skipped.append(item)
            elif format is ExtractFormat.jsonl:
                typer.echo(output.json_line(output.extracted_dict(item)))
            else:
                done.append(item)
    if format is ExtractFormat.table:
        rows = [(d.document.id, r) for d in done for r in d.all_records()]
        output.stdout().print(output.records_table(rows, title=f"{len(rows)} records"))
    raise typer.Exit(_report_skipped(skipped))


@app.command()
def records(
    db: Db = DEFAULT_DB_URL,
    format: Annotated[
        RecordsFormat,
        typer.Option("--format", "-f", help="table for people, csv or json for tools."),
    ] = RecordsFormat.table,
    document: Annotated[
        str | None, typer.Option("--document", metavar="ID", help="Only this document's records.")
    ] = None,
    status: Annotated[
        str | None,
        typer.Option("--status", metavar="STATUS", help="Only completed, planned or cumulative."),
    ] = None,
    kind: Annotated[
        str | None, typer.Option("--kind", metavar="KIND", help="Only remains or prisoners.")
    ] = None,
) -> None:
    """List the stored records with their article, outlet, url and evidence."""
    if status is not None and status not in STATUSES:
        raise ConfigError(f"--status must be one of {', '.join(STATUSES)}, not {status!r}")
    if kind is not None and kind not in KINDS:
        raise ConfigError(f"--kind must be one of {', '.join(KINDS)}, not {kind!r}")
    with Store(db) as store:
        rows = store.records(document_id=document, status=status, kind=kind)
    if format is RecordsFormat.json:
        typer.echo(json.dumps([output.stored_dict(r) for r in rows], ensure_ascii=False, indent=2))
    elif format is RecordsFormat.csv:
        typer.echo(output.stored_csv(rows), nl=False)
    else:
        output.stdout().print(output.stored_table(rows))
        typer.echo(f"{len(rows)} records", err=True)


@app.command()
def clean(
    paths: Paths = None,
    inputs: Inputs = None,
    format: Annotated[
        CleanFormat,
        typer.Option(
            "--format", "-f", help="jsonl: one JSON object per article; text: for reading."
        ),
    ] = CleanFormat.text,
) -> None:
    """Show what the cleaner keeps of each page, article by article.

    Each article: title; outlet and how it was found (metadata, an outlet line,
    a copyright footer...); a relative age with the days it means against the
    page's fetch time; the publication day and where it came from; the other
    articles of the inputs it is a copy of (exact or near-duplicate text, as
    "copy of" and "also published by"); then its text. Exit code 1 when some
    input was skipped.
    """
    paths, inputs = _inputs(paths, inputs)
    skipped: list[Skipped] = []
    pages: list[tuple[Document, list[Article]]] = []
    for item in service.clean(paths, inputs, DEFAULT):
        if isinstance(item, Skipped):
            skipped.append(item)
        else:
            pages.append(item)
    # copies are known once every page is read
    found = output.clean_copies([a for _, articles in pages for a in articles])
    for document, articles in pages:
        for article in articles:
            copies = found.get(article.id, output.NO_COPIES)
            if format is CleanFormat.jsonl:
                typer.echo(output.json_line(output.cleaned_dict(document, article, copies)))
            else:
                typer.echo(output.cleaned_text(article, copies))
    raise typer.Exit(_report_skipped(skipped))


@app.command()
def evaluate(
    corpus_dir: Annotated[
        str,
        typer.Argument(
            help="A folder with docs/NAME.txt and gold/NAME.json.", metavar="CORPUS_DIR"
        ),
    ],
    verbose: Annotated[
        bool, typer.Option("--verbose", "-v", help="List every missed and spurious record.")
    ] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print the scores as JSON.")] = False,
    lang: Annotated[
        str | None,
        typer.Option(
            "--lang",
            metavar="LANGS",
            help="Only documents whose gold language is in this list: ru,uk.",
        ),
    ] = None,
) -> None:
    """Score the extractor against a gold corpus (records.md §Scoring).

    Each document is built from docs/NAME.txt with only the gold file's url and
    published date; every article's records are pooled per document and matched
    one-to-one to the gold records on status, kind, direction and count.
    Prints precision, recall and F1 (micro-averaged), then qualifier and date
    accuracy over the matched pairs.
    """
    from swapledger.evaluate import evaluate_corpus  # only this command needs it

    languages = [x.strip() for x in lang.split(",") if x.strip()] if lang else None
    with output.progress("evaluate") as tick:
        scores = evaluate_corpus(corpus_dir, DEFAULT, languages, tick, tick.total)
    err = output.stderr()
    for name in scores.unpaired:
        err.print(f"warning: unpaired {name}", markup=False)
    for d in scores.documents:
        if d.skipped is not None:
            err.print(d.skipped.line(), markup=False)
    if as_json:
        typer.echo(json.dumps(scores.to_dict(verbose), ensure_ascii=False, indent=2))
        return
    if verbose:
        for d in scores.documents:
            for c in d.missed:
                typer.echo(f"missed   {d.document_id}: {c.line()}  «{c.evidence}»")
            for c in d.spurious:
                typer.echo(f"spurious {d.document_id}: {c.line()}  «{c.evidence}»")
        typer.echo("")
    for line in scores.summary_lines():
        typer.echo(line)


def main() -> None:
    """Entry point of the `swapledger` console script."""
    app(prog_name="swapledger")
