"""`swapledger watch`: feeds polled politely from a local HTTP server, their new pages ingested.

The server runs on 127.0.0.1 in a thread; every test but the one about refusal
passes `allow_private`. Waits (rate limit, back-off) go through a recording
`sleep`, so the tests check them without spending them.
"""

from __future__ import annotations

import dataclasses
import threading
import time
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import httpx
import pytest
from typer.testing import CliRunner

from swapledger import service
from swapledger.cli.main import app
from swapledger.cli.watch import parse_duration
from swapledger.errors import ConfigError
from swapledger.ingest import feeds
from swapledger.ingest.feeds import Failed, Fetcher, Politeness, address_problem
from swapledger.model import Document, FeedState
from swapledger.store import Store
from swapledger.store.testing import BACKENDS, database_url

PAGE = """<!doctype html><html><head><title>{title}</title></head><body>
<nav><a href="/">Home</a></nav><article><h1>{title}</h1>
<p>Russia returned the bodies of {n} soldiers to Ukraine on Friday, the Coordination
Headquarters said.</p><p>The repatriation took place near the border.</p>
</article></body></html>"""

ETAG = '"v1"'


def rss(*items: tuple[str, str]) -> str:
    """An RSS 2.0 feed of (guid, path) items."""
    body = "".join(
        f"<item><title>Item {guid}</title><link>{{base}}{path}</link><guid>{guid}</guid>"
        "<pubDate>Fri, 13 Jun 2025 10:00:00 GMT</pubDate></item>"
        for guid, path in items
    )
    return (
        '<?xml version="1.0"?><rss version="2.0"><channel><title>Test news</title>'
        f"<link>{{base}}/</link>{body}</channel></rss>"
    )


ATOM = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Atom news</title><id>urn:atom</id>
<updated>2025-06-13T10:00:00Z</updated>
<entry><title>Atom entry</title><id>urn:atom:1</id><link href="{base}/atom-page.html"/>
<updated>2025-06-13T10:00:00Z</updated></entry></feed>"""


@dataclasses.dataclass
class Site:
    """What the local server serves, and what it was asked."""

    routes: dict[str, Callable[[BaseHTTPRequestHandler], None]] = dataclasses.field(
        default_factory=dict
    )
    requests: list[tuple[str, dict[str, str]]] = dataclasses.field(default_factory=list)
    base: str = ""

    def hits(self, path: str) -> int:
        return sum(1 for p, _ in self.requests if p == path)

    def text(
        self, path: str, body: str, ctype: str = "text/html; charset=utf-8", **kw: object
    ) -> None:
        """Serve `body` at `path` (with ETag handling when `etag` is given)."""
        status = int(kw.get("status", 200))  # type: ignore[call-overload]
        etag = kw.get("etag")

        def handle(h: BaseHTTPRequestHandler) -> None:
            if etag and h.headers.get("If-None-Match") == etag:
                h.send_response(304)
                h.end_headers()
                return
            data = body.replace("{base}", self.base).encode("utf-8")
            h.send_response(status)
            h.send_header("Content-Type", ctype)
            h.send_header("Content-Length", str(len(data)))
            if etag:
                h.send_header("ETag", str(etag))
            h.end_headers()
            h.wfile.write(data)

        self.routes[path] = handle

    def page(self, path: str, n: int) -> None:
        self.text(path, PAGE.format(title=f"Page {path}", n=n))


@pytest.fixture
def site() -> Iterator[Site]:
    """A threaded HTTP server on 127.0.0.1 serving a Site."""
    state = Site()

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802 - http.server's name
            state.requests.append((self.path, dict(self.headers.items())))
            route = state.routes.get(self.path)
            if route is None:
                self.send_error(404)
                return
            try:
                route(self)
            except (BrokenPipeError, ConnectionResetError):  # the client gave up (timeout)
                pass

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    state.base = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield state
    server.shutdown()
    server.server_close()


class Sleeps(list[float]):
    """A `sleep` that records instead of waiting."""

    def __call__(self, seconds: float) -> None:
        self.append(seconds)


def fetcher(**politeness: object) -> Fetcher:
    """A fetcher allowed onto 127.0.0.1, quick to give up, recording its waits."""
    values: dict[str, object] = dict(
        allow_private=True, timeout_s=2.0, retries=2, backoff_s=0.5, host_interval_s=0.0
    )
    values.update(politeness)
    return Fetcher(Politeness(**values), sleep=Sleeps())  # type: ignore[arg-type]


@pytest.fixture(params=BACKENDS)
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Store]:
    """An empty store on each backend."""
    with database_url(request.param, tmp_path) as url, Store(url) as found:
        yield found


def news_site(site: Site) -> str:
    """A feed of two exchange pages, with an ETag; returns the feed's URL."""
    site.text(
        "/feed.xml", rss(("a", "/a.html"), ("b", "/b.html")), "application/rss+xml", etag=ETAG
    )
    site.page("/a.html", 909)
    site.page("/b.html", 1212)
    return f"{site.base}/feed.xml"


# -- polling and ingesting ----------------------------------------------------------


def test_the_new_entries_of_a_feed_are_fetched_and_ingested(site: Site, store: Store) -> None:
    feed = news_site(site)
    with fetcher() as f:
        report = service.watch(store, [feed], f)
    assert report.failures == []
    assert report.lines == [f"{feed}: 2 new entries, 0 seen before"]
    assert report.ingest.new == 2 and report.ingest.records >= 2
    docs = {d.id: d for d in store.documents()}
    assert set(docs) == {f"{site.base}/a.html", f"{site.base}/b.html"}
    a = docs[f"{site.base}/a.html"]
    assert (a.source, a.title, str(a.published)) == (feed, "Item a", "2025-06-13")
    assert {r.record.count for r in store.records()} >= {909, 1212}


def test_a_second_poll_sends_the_etag_gets_304_and_fetches_nothing(
    site: Site, store: Store
) -> None:
    feed = news_site(site)
    with fetcher() as f:
        service.watch(store, [feed], f)
        again = service.watch(store, [feed], f)
    assert again.lines == [f"{feed}: not modified"]
    assert again.ingest.new == 0 and again.failures == []
    feed_requests = [h for p, h in site.requests if p == "/feed.xml"]
    assert "If-None-Match" not in feed_requests[0]
    assert feed_requests[1]["If-None-Match"] == ETAG
    assert site.hits("/a.html") == site.hits("/b.html") == 1
    assert store.counts().documents == 2


def test_an_entry_seen_before_is_not_fetched_again_when_the_feed_changes(
    site: Site, store: Store
) -> None:
    feed = news_site(site)
    with fetcher() as f:
        service.watch(store, [feed], f)
        site.text(
            "/feed.xml",
            rss(("c", "/c.html"), ("a", "/a.html"), ("b", "/b.html")),
            "application/rss+xml",
            etag='"v2"',
        )
        site.page("/c.html", 27)
        report = service.watch(store, [feed], f)
    assert report.lines == [f"{feed}: 1 new entries, 2 seen before"]
    assert (site.hits("/a.html"), site.hits("/c.html")) == (1, 1)
    assert store.counts().documents == 3


def test_the_state_survives_in_the_store_between_runs(site: Site, store: Store) -> None:
    feed = news_site(site)
    with fetcher() as f:
        service.watch(store, [feed], f)
    with Store(store.url) as reopened, fetcher() as f:
        assert service.watch(reopened, [feed], f).lines == [f"{feed}: not modified"]


def test_atom_feeds_are_read_too(site: Site, store: Store) -> None:
    site.text("/atom.xml", ATOM, "application/atom+xml")
    site.page("/atom-page.html", 41)
    with fetcher() as f:
        report = service.watch(store, [f"{site.base}/atom.xml"], f)
    assert report.ingest.new == 1
    assert [d.title for d in store.documents()] == ["Atom entry"]


# -- failures: one line each, and the loop goes on -----------------------------------


def test_a_timeout_is_one_line_and_the_other_feeds_still_come_in(site: Site, store: Store) -> None:
    def slow(h: object) -> None:
        time.sleep(1.5)

    site.routes["/slow.xml"] = slow  # type: ignore[assignment]
    feed = news_site(site)
    with fetcher(timeout_s=0.3, retries=1) as f:
        report = service.watch(store, [f"{site.base}/slow.xml", feed], f)
    assert report.failures == [f"failed {site.base}/slow.xml: timed out after 0.3 s (2 tries)"]
    assert report.ingest.new == 2
    assert site.hits("/slow.xml") == 2


def test_a_404_feed_and_a_malformed_feed_are_one_line_each(site: Site, store: Store) -> None:
    site.text("/broken.xml", "<html><body>this is <b>not a feed", "text/html")
    feed = news_site(site)
    with fetcher() as f:
        report = service.watch(
            store, [f"{site.base}/missing.xml", f"{site.base}/broken.xml", feed], f
        )
    assert report.failures[0] == f"failed {site.base}/missing.xml: HTTP 404"
    assert report.failures[1].startswith(f"failed {site.base}/broken.xml: not an RSS or Atom feed")
    assert len(report.failures) == 2 and all("\n" not in x for x in report.failures)
    assert report.ingest.new == 2


def test_a_missing_page_is_skipped_once_and_not_fetched_again(site: Site, store: Store) -> None:
    site.text("/feed.xml", rss(("gone", "/gone.html")), "application/rss+xml")
    with fetcher() as f:
        first = service.watch(store, [f"{site.base}/feed.xml"], f)
        second = service.watch(store, [f"{site.base}/feed.xml"], f)
    assert [s.line() for s in first.ingest.skipped] == [
        f"skipped {site.base}/gone.html: HTTP 404 (watch)"
    ]
    assert second.ingest.skipped == [] and site.hits("/gone.html") == 1
    assert store.counts().skipped == 1


def test_a_page_that_timed_out_is_tried_again_at_the_next_poll(site: Site, store: Store) -> None:
    calls = []

    def flaky(h: object) -> None:
        calls.append(1)
        if len(calls) == 1:
            time.sleep(1.0)
        site.page("/late.html", 55)
        site.routes["/late.html"](h)  # type: ignore[arg-type]

    site.text("/feed.xml", rss(("late", "/late.html")), "application/rss+xml")
    site.routes["/late.html"] = flaky  # type: ignore[assignment]
    with fetcher(timeout_s=0.3, retries=0) as f:
        first = service.watch(store, [f"{site.base}/feed.xml"], f)
        second = service.watch(store, [f"{site.base}/feed.xml"], f)
    assert first.failures == [f"failed {site.base}/late.html: timed out after 0.3 s"]
    assert second.ingest.new == 1 and second.failures == []


# -- politeness ----------------------------------------------------------------------


def test_503_is_retried_with_exponential_back_off(site: Site) -> None:
    answers = [503, 503, 200]

    def busy(h: BaseHTTPRequestHandler) -> None:
        status = answers.pop(0)
        h.send_response(status)
        h.send_header("Content-Length", "2")
        h.end_headers()
        h.wfile.write(b"ok")

    site.routes["/busy.xml"] = busy
    f = fetcher(retries=3, backoff_s=0.5)
    result = f.get(f"{site.base}/busy.xml")
    assert not isinstance(result, Failed) and result.status == 200
    assert f.sleep == [0.5, 1.0]  # type: ignore[comparison-overlap]


def test_retries_stop_and_say_how_many_tries(site: Site) -> None:
    site.text("/down.xml", "down", status=503)
    f = fetcher(retries=2, backoff_s=0.25)
    result = f.get(f"{site.base}/down.xml")
    assert isinstance(result, Failed) and result.reason == "HTTP 503 (3 tries)"
    assert f.sleep == [0.25, 0.5]  # type: ignore[comparison-overlap]


def test_requests_to_one_host_are_spaced_by_the_rate_limit(site: Site) -> None:
    site.page("/a.html", 1)
    f = fetcher(host_interval_s=5.0)
    f.get(f"{site.base}/a.html")
    f.get(f"{site.base}/a.html")
    (waited,) = f.sleep  # type: ignore[misc]
    assert 4.0 < waited <= 5.0


def test_a_redirect_is_followed_and_checked(site: Site) -> None:
    def moved(h: BaseHTTPRequestHandler) -> None:
        h.send_response(301)
        h.send_header("Location", "/feed.xml")
        h.end_headers()

    site.routes["/old.xml"] = moved
    news_site(site)
    result = fetcher().get(f"{site.base}/old.xml")
    assert not isinstance(result, Failed) and result.url == f"{site.base}/feed.xml"


# -- private addresses ---------------------------------------------------------------


def test_a_loopback_feed_is_refused_without_the_flag_and_never_requested(
    site: Site, store: Store
) -> None:
    feed = news_site(site)
    with fetcher(allow_private=False) as f:
        report = service.watch(store, [feed], f)
    assert len(report.failures) == 1
    assert "127.0.0.1" in report.failures[0] and "--allow-private" in report.failures[0]
    assert site.requests == [] and store.counts().documents == 0


@pytest.mark.parametrize(
    "address",
    [
        "10.1.2.3",
        "192.168.0.10",
        "172.16.5.4",
        "169.254.169.254",
        "::1",
        "fe80::1",
        "fd00::2",
        "::ffff:127.0.0.1",
        "0.0.0.0",
        "100.64.0.1",
    ],
)
def test_every_kind_of_non_public_address_is_refused(address: str) -> None:
    problem = address_problem("http://feeds.example/rss", resolver=lambda h, p: [address])
    assert problem is not None and address in problem


def test_a_host_is_refused_when_any_of_its_addresses_is_private() -> None:
    two = ["93.184.216.34", "10.0.0.5"]
    assert address_problem("https://feeds.example/rss", resolver=lambda h, p: two)
    assert address_problem("https://feeds.example/rss", resolver=lambda h, p: two[:1]) is None


def test_a_redirect_to_a_private_address_is_refused_before_it_is_requested() -> None:
    asked: list[str] = []

    def server(request: httpx.Request) -> httpx.Response:
        asked.append(str(request.url))
        return httpx.Response(302, headers={"Location": "http://intranet.example/secret"})

    addresses = {"feeds.example": ["93.184.216.34"], "intranet.example": ["10.0.0.1"]}
    f = fetcher(allow_private=False)
    f.resolver = lambda host, port: addresses[host]
    f.transport = httpx.MockTransport(server)
    result = f.get("https://feeds.example/rss")
    assert isinstance(result, Failed) and "10.0.0.1" in result.reason
    assert asked == ["https://feeds.example/rss"]


@pytest.mark.parametrize("url", ["ftp://feeds.example/rss", "file:///etc/passwd", "http:///x"])
def test_only_http_urls_with_a_host_are_fetched(url: str) -> None:
    result = fetcher().get(url)
    assert isinstance(result, Failed) and url in result.reason


# -- the command ---------------------------------------------------------------------


def test_watch_once_ingests_and_prints_one_line_per_feed(site: Site, tmp_path: Path) -> None:
    feed = news_site(site)
    db = f"sqlite:///{tmp_path / 'ledger.db'}"
    args = ["watch", feed, "--once", "--allow-private", "--db", db]
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 0, result.output
    assert f"{feed}: 2 new entries, 0 seen before" in result.stdout
    assert "documents: 2 new" in result.stdout
    again = CliRunner().invoke(app, args)
    assert again.exit_code == 0 and f"{feed}: not modified" in again.stdout


def test_watch_without_the_flag_refuses_loopback_in_one_line_and_exits_1(
    site: Site, tmp_path: Path
) -> None:
    feed = news_site(site)
    result = CliRunner().invoke(
        app, ["watch", feed, "--once", "--db", f"sqlite:///{tmp_path / 'x.db'}"]
    )
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    (line,) = [x for x in result.stderr.splitlines() if x.startswith("failed")]
    assert "--allow-private" in line


@pytest.mark.parametrize(
    ("text", "seconds"), [("15m", 900), ("90s", 90), ("1h30m", 5400), ("2d", 172800)]
)
def test_durations_read_like_people_write_them(text: str, seconds: float) -> None:
    assert parse_duration(text) == seconds


@pytest.mark.parametrize("text", ["", "15", "fifteen minutes", "1x", "m15"])
def test_a_bad_duration_is_a_config_error(text: str) -> None:
    with pytest.raises(ConfigError, match="--every"):
        parse_duration(text)


def test_a_bad_every_is_one_line_and_exit_2(tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["watch", "http://x.example/f", "--every", "soon"])
    assert result.exit_code == 2 and "--every" in result.stderr and "Traceback" not in result.output


def test_fetch_page_keeps_text_pages_as_text(site: Site) -> None:
    site.text("/plain.txt", "Russia returned the bodies of 909 soldiers to Ukraine.", "text/plain")
    entry = feeds.FeedEntry(f"{site.base}/f.xml", "k", f"{site.base}/plain.txt")
    page = feeds.fetch_page(entry, fetcher())
    assert isinstance(page, Document) and page.content_type == "text"
    assert FeedState("u") == FeedState("u", None, None, None)
