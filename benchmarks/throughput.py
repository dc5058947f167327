"""Crawl throughput: how fast swapledger gets through a WARC, next to the tools it builds on.

Builds a synthetic gzipped WARC (default 20,000 HTML pages of 30-80 KB: 2-9 KB of
article text in navigation, scripts, style, JSON-LD, story cards and footers; 0.5% about
exchanges of prisoners or bodies, 10% world news that names the parties without any
exchange, the rest other news), then measures in one run:

  a. raw read and gunzip of the file
  b. iterating it with FastWARC (and warcio, when installed), reading every payload
  c. trafilatura.extract on every page (timed on a sample, extrapolated: said so)
  d. `swapledger ingest` with 1 worker and with all cores (subprocess, fresh SQLite)

and prints MB/s (of uncompressed WARC) and pages/s for each, and each run's peak memory.
Targets on a 2-core machine: (d, all workers) >= 10x (c), within 3x of (b), < 500 MB.

Where (d)'s time goes, in two more rows:

  e. reading and gating alone (what ingest does for a page the gate drops): the WARC
     through `service.documents` with the gate's byte prefilter, 1 and all readers
  f. cleaning and extraction of the pages that pass the gate, one process, as a
     worker does it (`parallel.process_one`: `pipeline.process`, then the page's
     template lines hashed for the writer; the first page's loading of models included)
  g. storing them and learning their site templates, as ingest's one writer does

    .venv/bin/python benchmarks/throughput.py              # 20,000 pages
    .venv/bin/python benchmarks/throughput.py --pages 2000 # a quick look
    .venv/bin/python benchmarks/throughput.py --keep /tmp/bench   # build once ...
    .venv/bin/python benchmarks/throughput.py --keep /tmp/bench --reuse  # ... time again
    .venv/bin/python benchmarks/throughput.py --profile text-heavy  # pages ~90% text

`--profile text-heavy` builds the pages this benchmark had before December 2026: the
same sizes, but filled with article paragraphs to the end (5,000-13,000 words an
article, 5-10x a news story), which made the cleaning and extraction of the pages that
pass the gate cost 5-10x what a crawl's pages cost.
"""

from __future__ import annotations

import argparse
import gzip
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from swapledger.ingest.warc import encode_record, http_response
from swapledger.parallel import default_workers

EXCHANGE_SHARE = 0.005  # the brief: 0.5% of a news crawl is about exchanges
WORLD_SHARE = 0.10  # world news naming Russia, Ukraine, Israel ... without an exchange
PAGE_BYTES = (30_000, 80_000)  # realistic news pages, markup included
TRAFILATURA_SAMPLE = 500  # pages timed for (c); the rest is extrapolated
MB = 1_000_000

PARTIES = [
    ("Russia", "Ukraine", "Ukrainian", "the Coordination Headquarters"),
    ("Ukraine", "Russia", "Russian", "the Russian Defence Ministry"),
    ("Israel", "Hamas", "Palestinian", "the Israeli Prison Service"),
    ("Azerbaijan", "Armenia", "Armenian", "the Armenian foreign ministry"),
]
EXCHANGE_LEADS = [
    "{a} returned the bodies of {n:,} fallen {adj} soldiers to {b} on {day}, {who} said.",
    "{a} and {b} exchanged {n} prisoners of war on {day} in a swap mediated by the United Arab Emirates.",
    "{a} handed over {n} {adj} detainees to {b} on {day}, according to {who}.",
    "{b} received the remains of {n:,} people from {a} on {day}, {who} said in a statement.",
]
WORLD_LEADS = [
    "{a} launched {n} drones at {b} overnight on {day}, officials said, and air defences shot down most of them.",
    "Talks between {a} and {b} ended on {day} without agreement, {who} said, after hours of discussion.",
    "The foreign minister of {a} met his counterpart from {b} on {day} to discuss energy and trade.",
    "{adj} officials said on {day} that {n} people had been evacuated from villages near the border.",
]
OTHER_LEADS = [
    "Shares in the carmaker rose {n} percent on {day} after it raised its full-year forecast.",
    "The home side won 3-1 on {day}, with the striker scoring twice in front of {n:,} fans.",
    "Forecasters expect up to {n} millimetres of rain this weekend across the northern hills.",
    "The city council approved a budget of {n} million on {day} for schools, roads and parks.",
    "The film festival opened on {day} with a premiere attended by {n} guests and critics.",
    "A new study of {n:,} adults links regular walking to better sleep, researchers said on {day}.",
]
FILLER = [
    "The announcement came after weeks of speculation in local media.",
    "Analysts said the figures were broadly in line with expectations.",
    "A spokesperson declined to comment further when contacted on Thursday.",
    "The decision is expected to be reviewed again at the end of the year.",
    "Residents said they had been waiting for an update for some time.",
    "Further details are expected to be published in the coming weeks.",
    "The organisation said it would continue to monitor the situation closely.",
    "Critics argued that the plan did not go far enough to address the problem.",
]
DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
NAV = "".join(
    f'<li class="nav__item"><a class="nav__link" href="/{s.lower()}">{s}</a></li>'
    for s in ["Home", "World", "Europe", "Business", "Markets", "Tech", "Science", "Sport",
              "Culture", "Travel", "Opinion", "Video", "Podcasts", "Newsletters"]
)
SCRIPT = (
    "<script>window.dataLayer=window.dataLayer||[];function gtag(){dataLayer.push(arguments)}"
    "gtag('js',new Date());gtag('config','G-XXXX');" + "var cfg={ads:true,slots:[1,2,3]};" * 40
    + "</script>"
)
FOOTER = (
    '<footer class="site-footer"><ul>'
    + "".join(f'<li><a href="/about/{i}">About us {i}</a></li>' for i in range(30))
    + "</ul><p>© 2025 Example Media Group. All rights reserved.</p></footer>"
)


def _lead(rng: random.Random, kind: str) -> str:
    a, b, adj, who = rng.choice(PARTIES)
    table = {"exchange": EXCHANGE_LEADS, "world": WORLD_LEADS}.get(kind, OTHER_LEADS)
    return rng.choice(table).format(
        a=a, b=b, adj=adj, who=who, n=rng.randint(12, 1212), day=rng.choice(DAYS)
    )


ARTICLE_CHARS = (2_000, 9_000)
"""Characters of article text on a news page (350-1,500 words; the seed corpus's pages,
furniture included, are 9 KB at the median): the rest of its 30-80 KB is markup."""

PROFILES = ("news", "text-heavy")
"""news: pages as a crawl has them, 2-9 KB of article text in 30-80 KB of markup
(scripts, style, menus, story cards, footer). text-heavy: this benchmark's pages before
December 2026, all 30-80 KB filled with article paragraphs (~90% text, 5,000-13,000 words
an article): kept to compare figures with those taken on it."""

STYLE = "<style>" + ".card{display:flex;gap:8px;margin:0 0 12px}.card__title{font:600 16px/1.3 serif}" * 12 + "</style>"
JSON_LD = (
    '<script type="application/ld+json">{{"@context":"https://schema.org","@type":"NewsArticle",'
    '"headline":"{title}","datePublished":"2025-06-13T09:00:00Z","author":{{"@type":"Person",'
    '"name":"Staff Reporter"}},"publisher":{{"@type":"Organization","name":"Example News",'
    '"logo":{{"@type":"ImageObject","url":"https://news.example/logo.png"}}}}}}</script>'
)
ICONS = "<svg style=\"display:none\">" + "".join(
    f'<symbol id="i{n}" viewBox="0 0 24 24"><path d="M{n} 2l{n % 7} 4h-2v{n % 5}z"/></symbol>'
    for n in range(40)
) + "</svg>"


def _card(rng: random.Random) -> str:
    """A related-story card: a picture, a kicker and a headline."""
    story = rng.randint(1, 10**6)
    return (
        f'<div class="card"><a class="card__link" href="/story/{story}"><img class="card__img" '
        f'src="https://img.news.example/{story}/320x180.jpg" alt="" width="320" height="180" '
        f'loading="lazy"><span class="card__kicker">{rng.choice(["World", "Business", "Sport"])}'
        f'</span><h3 class="card__title">{_lead(rng, rng.choice(["world", "other"]))[:70]}</h3>'
        "</a></div>"
    )


def page(i: int, kind: str, profile: str = "news") -> bytes:
    """One synthetic news page of 30-80 KB (see `PROFILES`)."""
    rng = random.Random(i)
    target = rng.randint(*PAGE_BYTES)
    title = _lead(rng, kind).split(",")[0][:90]
    head = [
        f"<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>{title}</title>",
        '<link rel="stylesheet" href="/static/site.css">', SCRIPT,
    ]
    if profile == "news":
        head += [STYLE, JSON_LD.format(title=title)]
    head += ["</head><body>", ICONS if profile == "news" else "",
             f'<header><nav class="nav"><ul>{NAV}</ul></nav></header>']
    parts = [
        f'<main><article><h1>{title}</h1><p class="byline">By Staff Reporter</p>',
        f"<p>{_lead(rng, kind)}</p>",
    ]
    text = rng.randint(*ARTICLE_CHARS) if profile == "news" else target
    size = sum(map(len, head + parts)) + len(FOOTER) + 200
    written = 0
    related = '<aside class="related"><h2>More stories</h2><ul>'
    while (written < text if profile == "news" else size < target):
        para = " ".join(rng.choice(FILLER) for _ in range(rng.randint(3, 7)))
        if rng.random() < 0.15:
            para = f"{_lead(rng, 'other')} {para}"
        parts.append(f"<p>{para}</p>")
        size += len(para) + 7
        written += len(para)
        if rng.random() < 0.1:
            related += f'<li><a href="/story/{rng.randint(1, 10**6)}">{_lead(rng, "other")[:70]}</a></li>'
            size += 100
    parts += ["</article>", related, "</ul></aside>"]
    while size < target:  # the rest of a news page: story cards and their scripts
        block = _card(rng) if rng.random() < 0.6 else SCRIPT
        parts.append(block)
        size += len(block)
    parts += ["</main>", FOOTER, "</body></html>"]
    return "".join(head + parts).encode("utf-8")


def build_warc(path: Path, pages: int, profile: str = "news") -> tuple[int, int]:
    """Write the WARC (a request and a response per page); (uncompressed bytes, exchange pages)."""
    rng = random.Random(2025)
    raw = exchange = 0
    with path.open("wb") as out:
        out.write(encode_record("warcinfo", "", b"software: swapledger benchmark\r\n"))
        for i in range(pages):
            r = rng.random()
            kind = "exchange" if r < EXCHANGE_SHARE else "world" if r < EXCHANGE_SHARE + WORLD_SHARE else "other"
            exchange += kind == "exchange"
            url = f"https://news.example/{kind}/{i}"
            request = encode_record("request", url, f"GET /{i} HTTP/1.1\r\nHost: news.example\r\n\r\n".encode(), compress=False)
            response = encode_record("response", url, http_response(page(i, kind, profile)), compress=False)
            raw += len(request) + len(response)
            out.write(gzip.compress(request, compresslevel=1))
            out.write(gzip.compress(response, compresslevel=1))
    return raw, exchange


CPU: dict[str, float] = {}  # row name -> CPU seconds, all its processes


def cpu_now() -> float:
    """CPU seconds of this process and of its children that have ended."""
    me = resource.getrusage(resource.RUSAGE_SELF)
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    return me.ru_utime + me.ru_stime + kids.ru_utime + kids.ru_stime


def timed(fn: Callable[[], int]) -> tuple[float, int, float]:
    """(seconds, pages, peak MB of this process so far) of one run of `fn`; its CPU
    seconds in `CPU["last"]`."""
    start, cpu = time.perf_counter(), cpu_now()
    n = fn()
    seconds = time.perf_counter() - start
    CPU["last"] = cpu_now() - cpu
    return seconds, n, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1000


def raw_read(path: Path) -> int:
    with path.open("rb") as f:
        while f.read(1 << 20):
            pass
    return 0


def gunzip(path: Path) -> int:
    with gzip.open(path, "rb") as f:
        while f.read(1 << 20):
            pass
    return 0


def fastwarc_iter(path: Path) -> int:
    from fastwarc.warc import ArchiveIterator, WarcRecordType

    n = 0
    for record in ArchiveIterator(path.open("rb"), record_types=WarcRecordType.response):
        record.reader.read()
        n += 1
    return n


def warcio_iter(path: Path) -> int:
    from warcio.archiveiterator import ArchiveIterator

    n = 0
    with path.open("rb") as f:
        for record in ArchiveIterator(f):
            if record.rec_type == "response":
                record.content_stream().read()
                n += 1
    return n


def trafilatura_sample(path: Path, sample: int) -> tuple[float, int]:
    """Seconds to extract `sample` pages (read beforehand, not timed)."""
    import trafilatura
    from fastwarc.warc import ArchiveIterator, WarcRecordType

    bodies = []
    for record in ArchiveIterator(path.open("rb"), record_types=WarcRecordType.response):
        bodies.append(record.reader.read().decode("utf-8"))
        if len(bodies) >= sample:
            break
    start = time.perf_counter()
    for html in bodies:
        trafilatura.extract(html)
    return time.perf_counter() - start, len(bodies)


def ingest(path: Path, workers: int, folder: Path) -> tuple[float, float, str]:
    """(seconds, peak MB of the largest process, summary line) of `swapledger ingest`."""
    db = folder / f"ledger-{workers}.db"
    db.unlink(missing_ok=True)
    code = (
        "import resource, subprocess, sys, time\n"
        "t = time.perf_counter()\n"
        "p = subprocess.run(sys.argv[1:], capture_output=True, text=True)\n"
        "t = time.perf_counter() - t\n"
        "r = resource.getrusage(resource.RUSAGE_CHILDREN)\n"
        "peak = max(r.ru_maxrss, 0) / 1000\n"
        "print(t, peak, r.ru_utime + r.ru_stime, p.stdout.strip().replace('\\n', ' '), sep='\\t')\n"
        "sys.exit(p.returncode)\n"
    )
    cmd = [sys.executable, "-c", code, sys.executable, "-m", "swapledger", "ingest", str(path),
           "--db", f"sqlite:///{db}", "--workers", str(workers)]
    out = subprocess.run(cmd, capture_output=True, text=True, check=False)
    if out.returncode not in (0, 1):
        raise SystemExit(f"ingest failed: {out.stderr[-2000:]}")
    seconds, peak, cpu, summary = out.stdout.strip().split("\t", 3)
    CPU["last"] = float(cpu)
    return float(seconds), float(peak), summary


def read_and_gate(path: Path, readers: int) -> tuple[int, list[object]]:
    """(records, the documents that pass) of ingest's reading and gating of `path`."""
    from swapledger import gate, parallel, service
    from swapledger.model import Document

    n = 0
    passed = []
    check = gate.gate()
    reader = parallel.warc_reader(readers)
    for item in service.documents([str(path)], prefilter=gate.prefilter, warc_reader=reader):
        n += 1
        if isinstance(item, Document) and check.passes(item.content, html=item.content_type == "html"):
            passed.append(item)
    return n, passed


def clean_and_extract(documents: list[object], out: list[object]) -> int:
    from swapledger import parallel
    from swapledger.settings import DEFAULT

    for document in documents:
        out.append(parallel.process_one(document, DEFAULT))  # type: ignore[arg-type]
    return len(documents)


def store_and_learn(results: list[object], folder: Path) -> int:
    """What ingest's one writer does with the passing pages: store them in batches of
    `service.STORE_BATCH` and learn each new page's lines (hashed by the worker: see
    `clean_and_extract`) into its site's template."""
    from swapledger import service
    from swapledger.clean.template import site_key
    from swapledger.model import ExtractedDocument
    from swapledger.store import Store, templates

    db = folder / "writer.db"
    db.unlink(missing_ok=True)
    done = [r for r in results if isinstance(r, ExtractedDocument)]
    with Store(f"sqlite:///{db}") as store:
        for i in range(0, len(done), service.STORE_BATCH):
            batch = done[i : i + service.STORE_BATCH]
            store.add_all(batch)
            learned = [
                (site, r.line_hashes)
                for r in batch
                if (site := site_key(r.document)) is not None and r.line_hashes is not None
            ]
            templates.learn(store, learned)
    return len(done)


def main() -> None:
    """Build the WARC, run every measurement, print the table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=20_000, help="HTML pages in the WARC")
    parser.add_argument("--workers", type=int, default=default_workers(), help="all workers")
    parser.add_argument("--sample", type=int, default=TRAFILATURA_SAMPLE, help="pages for (c)")
    parser.add_argument("--keep", type=Path, help="build in this folder and keep the files")
    parser.add_argument(
        "--reuse", action="store_true", help="with --keep: time the WARC built there before"
    )
    parser.add_argument(
        "--profile", choices=PROFILES, default="news", help="what the pages hold (see PROFILES)"
    )
    args = parser.parse_args()

    folder = args.keep or Path(tempfile.mkdtemp(prefix="swapledger-bench-"))
    folder.mkdir(parents=True, exist_ok=True)
    warc = folder / "crawl.warc.gz"
    size = folder / "crawl.size"
    t = time.perf_counter()
    built = size.read_text().split() if args.reuse and warc.is_file() and size.is_file() else []
    if built and built[3:] in ([args.profile], [] if args.profile == "text-heavy" else None):
        raw, exchange, args.pages = map(int, built[:3])
        what = "reused"
    else:
        raw, exchange = build_warc(warc, args.pages, args.profile)
        size.write_text(f"{raw} {exchange} {args.pages} {args.profile}")
        what = "built"
    print(
        f"{what} {warc}: {args.pages:,} {args.profile} pages ({exchange} about exchanges), "
        f"{raw / MB:,.0f} MB uncompressed, {warc.stat().st_size / MB:,.0f} MB gzipped, "
        f"in {time.perf_counter() - t:.0f} s; {os.cpu_count()} cores, "
        f"load average {os.getloadavg()[0]:.1f} before timing\n"
    )
    rows: list[tuple[str, float, int, float, str]] = []

    def row(name: str, seconds: float, pages: int, peak: float, note: str = "") -> None:
        rows.append((name, seconds, pages, peak, note))
        CPU[name] = CPU.pop("last", float("nan"))

    s, _, m = timed(lambda: raw_read(warc))
    row("a. raw read (gzipped file)", s, args.pages, m, "MB/s of uncompressed size")
    s, _, m = timed(lambda: gunzip(warc))
    row("a. gunzip (zcat)", s, args.pages, m)
    s, n, m = timed(lambda: fastwarc_iter(warc))
    row("b. FastWARC, every payload read", s, n, m)
    fastwarc_s = s
    try:
        s, n, m = timed(lambda: warcio_iter(warc))
        row("b. warcio, every payload read", s, n, m)
    except ImportError:
        row("b. warcio", float("nan"), 0, 0, "not installed: pip install warcio")
    s, n = trafilatura_sample(warc, args.sample)
    traf_s = s / n * args.pages
    peak = timed(lambda: 0)[2]
    CPU["last"] = traf_s  # one process, busy throughout
    row("c. trafilatura.extract", traf_s, args.pages, peak, f"timed on {n} pages, extrapolated")
    results = {}
    for w in sorted({1, args.workers}):
        s, peak, summary = ingest(warc, w, folder)
        results[w] = s
        row(f"d. swapledger ingest --workers {w}", s, args.pages, peak, summary)
    passing: list[object] = []
    scan = {}
    from swapledger import gate, pipeline, service  # noqa: F401  (imported before timing)
    from swapledger.store import templates  # noqa: F401

    gate.gate()
    for w in sorted({1, args.workers}):
        s, (_, passing), m = timed(lambda w=w: read_and_gate(warc, w))  # type: ignore[misc]
        scan[w] = s
        row(f"e. read + gate, {w} reader{'s' if w > 1 else ''}", s, args.pages, m,
            f"{len(passing)} pages pass the gate")
    extracted: list[object] = []
    s, n, m = timed(lambda: clean_and_extract(passing, extracted))
    row("f. clean + extract the passing pages", s, args.pages, m,
        f"{n} pages, {s / max(n, 1) * 1000:.0f} ms a page, one process")
    s, n, m = timed(lambda: store_and_learn(extracted, folder))
    row("g. store them + learn site templates", s, args.pages, m,
        f"{n} pages, {s / max(n, 1) * 1000:.0f} ms a page: ingest's one writer")

    print(f"{'run':38} {'seconds':>9} {'CPU s':>7} {'MB/s':>8} {'pages/s':>9} {'peak MB':>8}  note")
    for name, seconds, pages, peak, note in rows:
        print(f"{name:38} {seconds:9.1f} {CPU[name]:7.1f} {raw / MB / seconds:8.1f} "
              f"{pages / seconds:9.0f} {peak:8.0f}  {note}")
    best = results[args.workers]
    print(
        f"\nswapledger (all {args.workers} workers) vs trafilatura: {traf_s / best:.1f}x faster "
        f"(target >= 10x); vs FastWARC alone: {best / fastwarc_s:.1f}x slower (target <= 3x)"
        f"\nreading + gating alone (all {args.workers} readers) vs FastWARC alone: "
        f"{scan[args.workers] / fastwarc_s:.1f}x slower; load average now "
        f"{os.getloadavg()[0]:.1f}"
    )
    if not args.keep:
        for f in folder.iterdir():
            f.unlink()
        folder.rmdir()


if __name__ == "__main__":
    main()
