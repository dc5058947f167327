"""Feed URLs -> FeedEntry, and an entry's link -> Document | Skipped: RSS and Atom, politely.

1. `Fetcher.get`: one HTTP GET the polite way. Only http(s); the host is resolved
   and every address it resolves to must be public (no private, loopback,
   link-local, multicast or reserved address) unless `allow_private`, for each
   redirect too; one request at a time per host, at least `host_interval_s`
   apart; a timeout on connecting and on every read, and a deadline for the
   whole response; retries of timeouts, connection failures, 429 and 5xx with
   exponential back-off (a server's Retry-After is honoured, capped); a size
   limit. A failure is a value (`Failed`, one line), never an exception.
2. `poll`: a feed fetched with the validators of last time (If-None-Match,
   If-Modified-Since): 304 means nothing new; else feedparser reads it, and the
   entries not `seen` before come out as `FeedEntry`s.
3. `fetch_page`: an entry's page -> Document (id and url: the link; source: the
   feed; published: the entry's date; title: the entry's) or Skipped.

Nothing here touches the store: service.watch keeps the feed state and the seen
entries, and ingests the documents through the normal pipeline.
"""

from __future__ import annotations

import calendar
import datetime as dt
import email.utils
import ipaddress
import socket
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any
from urllib.parse import urljoin, urlsplit

from swapledger import __version__
from swapledger.ingest.decode import check_text, looks_binary
from swapledger.ingest.warc import decode_html
from swapledger.model import Document, FeedEntry, FeedState, Skipped
from swapledger.settings import DEFAULT, Settings

if TYPE_CHECKING:  # httpx and feedparser load when a feed is polled, not with every command
    import httpx

__all__ = [
    "Failed",
    "Fetched",
    "Fetcher",
    "Politeness",
    "Poll",
    "address_problem",
    "fetch_page",
    "poll",
]

STAGE = "watch"
SCHEMES = frozenset({"http", "https"})
HTML_TYPES = frozenset({"text/html", "application/xhtml+xml"})
TEXT_TYPES = frozenset({"text/plain"})
RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})
FEED_ACCEPT = (
    "application/rss+xml, application/atom+xml, application/xml;q=0.9, text/xml;q=0.9, */*;q=0.5"
)
CHUNK_BYTES = 65536


@dataclass(frozen=True, slots=True)
class Politeness:
    """How `swapledger watch` treats the servers it polls (every field has a default)."""

    timeout_s: float = 10.0
    """Connecting and each read; a whole response gets `DEADLINE_FACTOR` times this."""
    host_interval_s: float = 1.0
    """At least this long between two requests to one host (a crawler's manners)."""
    retries: int = 3
    """Tries after the first for a timeout, a failed connection, 429 or 5xx."""
    backoff_s: float = 1.0
    """Wait before the first retry; doubled before each next one."""
    max_backoff_s: float = 60.0
    """Longest wait between tries, whatever a server's Retry-After asks."""
    max_redirects: int = 5
    max_feed_bytes: int = 10_000_000
    """A feed larger than this is refused (a page's limit is Settings.max_page_bytes)."""
    allow_private: bool = False
    """Fetch from private, loopback and link-local addresses too (tests, intranets)."""
    user_agent: str = f"swapledger/{__version__} (+https://github.com/swapledger)"


DEADLINE_FACTOR = 3
"""A server trickling a response one byte per `timeout_s` is cut off after this many
timeouts' worth of time."""


@dataclass(frozen=True, slots=True)
class Fetched:
    """A response that arrived: its final URL (after redirects), status, headers, body."""

    url: str
    status: int
    headers: httpx.Headers
    body: bytes


@dataclass(frozen=True, slots=True)
class Failed:
    """A request that gave nothing usable, and why (one line)."""

    url: str
    reason: str
    retry_later: bool = False
    """True for what may pass (timeouts, 5xx): the entry is tried again next poll."""


Resolver = Callable[[str, int], list[str]]


def resolve(host: str, port: int) -> list[str]:
    """Every address `host` resolves to."""
    infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    return sorted({str(info[4][0]) for info in infos})


def address_problem(
    url: str, allow_private: bool = False, resolver: Resolver = resolve
) -> str | None:
    """Why `url` must not be fetched (scheme, unresolvable host, an address that is not
    public), or None when it may be."""
    parts = urlsplit(url)
    if parts.scheme not in SCHEMES:
        return f"not an http(s) URL: {url}"
    host = parts.hostname
    if not host:
        return f"no host in {url}"
    if allow_private:
        return None
    try:
        port = parts.port or (443 if parts.scheme == "https" else 80)
        addresses = resolver(host, port)
    except (OSError, ValueError, UnicodeError) as exc:
        return f"cannot resolve host {host}: {exc}"
    if not addresses:
        return f"cannot resolve host {host}"
    for text in addresses:
        address = ipaddress.ip_address(text.split("%")[0])
        mapped = getattr(address, "ipv4_mapped", None)
        address = mapped or address
        if not address.is_global or address.is_multicast:
            return (
                f"refused: {host} resolves to {text}, a private, loopback or link-local "
                "address (--allow-private to fetch it)"
            )
    return None


@dataclass
class Fetcher:
    """One HTTP client for a whole watch: politeness kept per host across feeds and pages."""

    politeness: Politeness = field(default_factory=Politeness)
    resolver: Resolver = resolve
    clock: Callable[[], float] = time.monotonic
    sleep: Callable[[float], None] = time.sleep
    transport: httpx.BaseTransport | None = None
    _last: dict[str, float] = field(default_factory=dict, init=False)
    _lock: threading.Lock = field(default_factory=threading.Lock, init=False)
    _client: httpx.Client | None = field(default=None, init=False)

    def client(self) -> httpx.Client:
        """The httpx client (made on first use; redirects are followed here, checked)."""
        import httpx

        if self._client is None:
            p = self.politeness
            self._client = httpx.Client(
                timeout=httpx.Timeout(p.timeout_s),
                follow_redirects=False,
                headers={"User-Agent": p.user_agent},
                transport=self.transport,
            )
        return self._client

    def close(self) -> None:
        """Close the connections."""
        if self._client is not None:
            self._client.close()
            self._client = None

    def __enter__(self) -> Fetcher:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def get(
        self, url: str, headers: dict[str, str] | None = None, limit: int = 0
    ) -> Fetched | Failed:
        """GET `url` politely (see the module docstring); `limit`: largest body in bytes."""
        p = self.politeness
        hops = 0
        while True:
            problem = address_problem(url, p.allow_private, self.resolver)
            if problem:
                return Failed(url, problem)
            result = self._with_retries(url, headers or {}, limit)
            if isinstance(result, Failed) or result.status not in (301, 302, 303, 307, 308):
                return result
            location = result.headers.get("location")
            hops += 1
            if not location or hops > p.max_redirects:
                return Failed(url, f"HTTP {result.status}: too many or broken redirects")
            url = urljoin(url, location)

    def _with_retries(self, url: str, headers: dict[str, str], limit: int) -> Fetched | Failed:
        p = self.politeness
        wait = p.backoff_s
        for attempt in range(p.retries + 1):
            result = self._once(url, headers, limit)
            last_try = attempt == p.retries
            if isinstance(result, Failed):
                if not result.retry_later or last_try:
                    return _tries(result, attempt)
                self.sleep(min(wait, p.max_backoff_s))
            elif result.status in RETRY_STATUSES:
                if last_try:
                    return _tries(Failed(url, f"HTTP {result.status}", retry_later=True), attempt)
                asked = _retry_after(result.headers.get("retry-after"))
                self.sleep(min(max(wait, asked or 0.0), p.max_backoff_s))
            else:
                return result
            wait *= 2
        raise AssertionError("unreachable")  # pragma: no cover

    def _once(self, url: str, headers: dict[str, str], limit: int) -> Fetched | Failed:
        import httpx

        p = self.politeness
        self._wait_turn(urlsplit(url).hostname or "")
        deadline = self.clock() + p.timeout_s * DEADLINE_FACTOR
        try:
            with self.client().stream("GET", url, headers=headers) as response:
                body = bytearray()
                for chunk in response.iter_bytes(CHUNK_BYTES):  # decoded: a gzip bomb stops too
                    body += chunk
                    if limit and len(body) > limit:
                        return Failed(url, f"too large: more than {limit} bytes")
                    if self.clock() > deadline:
                        return Failed(
                            url,
                            f"timed out: no whole response in {p.timeout_s * DEADLINE_FACTOR:g} s",
                            retry_later=True,
                        )
                return Fetched(
                    str(response.url), response.status_code, response.headers, bytes(body)
                )
        except httpx.TimeoutException:
            return Failed(url, f"timed out after {p.timeout_s:g} s", retry_later=True)
        except httpx.TransportError as exc:
            return Failed(url, f"connection failed: {_first_line(exc)}", retry_later=True)
        except (httpx.HTTPError, httpx.InvalidURL, ValueError) as exc:
            return Failed(url, f"bad request: {_first_line(exc)}")
        finally:
            with self._lock:
                self._last[urlsplit(url).hostname or ""] = self.clock()

    def _wait_turn(self, host: str) -> None:
        """Sleep until `host_interval_s` has passed since the last request to `host`."""
        with self._lock:
            last = self._last.get(host)
        if last is not None:
            left = last + self.politeness.host_interval_s - self.clock()
            if left > 0:
                self.sleep(left)


def _tries(failed: Failed, attempt: int) -> Failed:
    if attempt == 0:
        return failed
    return replace(failed, reason=f"{failed.reason} ({attempt + 1} tries)")


def _retry_after(value: str | None) -> float | None:
    """Seconds a Retry-After header asks for (a number or an HTTP date)."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=dt.UTC)
    return max(0.0, (when - dt.datetime.now(dt.UTC)).total_seconds())


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__


# -- 2. a feed -----------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Poll:
    """One poll of one feed: the state to keep, the new entries, or why it failed."""

    feed: FeedState
    entries: tuple[FeedEntry, ...] = ()
    not_modified: bool = False
    failure: str | None = None
    retry_later: bool = False
    seen: int = 0
    """Entries the feed lists that were seen before (not fetched again)."""

    def line(self) -> str:
        """What happened, in one line."""
        if self.failure is not None:
            return f"failed {self.feed.url}: {self.failure}"
        if self.not_modified:
            return f"{self.feed.url}: not modified"
        return f"{self.feed.url}: {len(self.entries)} new entries, {self.seen} seen before"


def poll(
    feed: FeedState,
    fetcher: Fetcher,
    seen: Callable[[FeedEntry], bool],
    now: Callable[[], dt.datetime] = lambda: dt.datetime.now(dt.UTC),
) -> Poll:
    """Fetch a feed conditionally and list its entries not `seen` before."""
    headers = {"Accept": FEED_ACCEPT}
    if feed.etag:
        headers["If-None-Match"] = feed.etag
    if feed.last_modified:
        headers["If-Modified-Since"] = feed.last_modified
    result = fetcher.get(feed.url, headers, fetcher.politeness.max_feed_bytes)
    checked = replace(feed, checked=now())
    if isinstance(result, Failed):
        return Poll(checked, failure=result.reason, retry_later=result.retry_later)
    if result.status == 304:
        return Poll(checked, not_modified=True)
    if result.status != 200:
        return Poll(checked, failure=f"HTTP {result.status}")
    import feedparser

    parsed = feedparser.parse(
        result.body, response_headers={k.lower(): v for k, v in result.headers.items()}
    )
    version = parsed.get("version") or ""
    if not version and not parsed.entries:
        why = parsed.get("bozo_exception")
        detail = f" ({_first_line(why)})" if why else ""
        return Poll(checked, failure=f"not an RSS or Atom feed{detail}")
    entries = list(_entries(feed.url, result.url, parsed.entries))
    new = tuple(e for e in entries if not seen(e))
    state = replace(
        checked,
        etag=result.headers.get("etag"),
        last_modified=result.headers.get("last-modified"),
    )
    return Poll(state, entries=new, seen=len(entries) - len(new))


def _entries(feed_url: str, base: str, raw: list[Any]) -> Iterator[FeedEntry]:
    """The entries that link to a page, each once."""
    keys: set[str] = set()
    for entry in raw:
        link = entry.get("link")
        if not link:
            continue
        url = urljoin(base, str(link).strip())
        key = str(entry.get("id") or url).strip()
        if key in keys:
            continue
        keys.add(key)
        yield FeedEntry(
            feed_url=feed_url,
            key=key,
            url=url,
            title=(entry.get("title") or None),
            published=_day(entry.get("published_parsed") or entry.get("updated_parsed")),
        )


def _day(parsed: Any) -> dt.date | None:
    """feedparser's UTC time tuple -> its day; a date in the future is no date."""
    if not parsed:
        return None
    try:
        day = dt.datetime.fromtimestamp(calendar.timegm(parsed), dt.UTC).date()
    except (OverflowError, ValueError, TypeError):
        return None
    return day if day <= dt.datetime.now(dt.UTC).date() + dt.timedelta(days=1) else None


# -- 3. an entry's page ----------------------------------------------------------------


def fetch_page(
    entry: FeedEntry,
    fetcher: Fetcher,
    settings: Settings = DEFAULT,
    now: Callable[[], dt.datetime] = lambda: dt.datetime.now(dt.UTC),
) -> Document | Skipped | Failed:
    """The entry's page as a Document, Skipped when it is no usable page, Failed when
    it could not be fetched (tried again next poll when `retry_later`)."""
    result = fetcher.get(
        entry.url, {"Accept": "text/html, text/plain;q=0.8"}, settings.max_page_bytes
    )
    if isinstance(result, Failed):
        return result
    if result.status != 200:
        return Skipped(entry.url, STAGE, f"HTTP {result.status}")
    media = result.headers.get("content-type", "").split(";")[0].strip().lower()
    if media and media not in HTML_TYPES | TEXT_TYPES:
        return Skipped(entry.url, STAGE, f"not a page: {media}")
    if looks_binary(result.body):
        return Skipped(entry.url, STAGE, "binary file, not a text or HTML page")
    charset = result.headers.get("content-type", "").partition("charset=")[2].strip("\"' ")
    text, reason = check_text(decode_html(result.body, charset or None), settings)
    if text is None:
        return Skipped(entry.url, STAGE, reason or "empty page")
    return Document(
        id=entry.url,
        content=text,
        content_type="text" if media in TEXT_TYPES else "html",
        source=entry.feed_url,
        url=result.url,
        published=entry.published,
        fetched=now(),
        title=entry.title,
    )
