"""Fixtures for the web pages: the demo store, a hostile store, in-process clients, live servers.

Browser tests drive Debian's Chromium (/usr/bin/chromium, installed by
scripts/services/chromium.sh) through Playwright's sync API against uvicorn on a
free localhost port; they skip in one line when the browser is missing.
Screenshots go to a temporary folder printed at the end of the run; with
SWAPLEDGER_DOCS_SCREENSHOTS=1 the README's two also go to docs/screenshots/.
"""

from __future__ import annotations

import os
import shutil
import socket
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from swapledger import service
from swapledger.api import create_app
from swapledger.model import Document
from swapledger.store import Store

REPO = Path(__file__).resolve().parents[2]
EXAMPLES = REPO / "examples" / "pages"
DOCS_SCREENSHOTS = REPO / "docs" / "screenshots"
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
TOKEN = "web-test-token"
ANALYST = "Ana Lyst"

HOSTILE_TEXT = """\
<script>window.__pwned = 1; alert("script")</script>
Border Courier <img src=x onerror="window.__pwned=2">

Russia returns 1,212 bodies <svg onload="window.__pwned=5">

Russia handed over 1,212 bodies of fallen soldiers <img src=x onerror="window.__pwned=2;alert(2)"> to Ukraine on Wednesday, officials said. <a href="javascript:window.__pwned=3">details</a>

Kyiv said the bodies would be identified. <iframe src="javascript:alert(4)"></iframe> javascript:alert(6)
"""
HOSTILE_HTML = """\
<html><head><title>&lt;script&gt;alert(7)&lt;/script&gt; Hostages freed</title>
<script>window.__pwned = 7</script></head>
<body><article><h1>Israel releases 90 prisoners &lt;img src=x onerror=alert(8)&gt;</h1>
<p>Israel released 90 Palestinian prisoners &lt;script&gt;window.__pwned=9&lt;/script&gt; from Ofer prison
on Monday, January 20, 2025, hours after Hamas freed three hostages in Gaza City.</p>
<p onclick="window.__pwned=10">Crowds gathered in Beitunia to greet the buses, the
Red Cross said. <a href="javascript:window.__pwned=11">Read more</a></p>
</article></body></html>
"""


def hostile_pages() -> list[Document]:
    """Pages carrying script, event-handler attributes and javascript: links (and URLs)."""
    return [
        Document(
            id="hostile-text",
            content=HOSTILE_TEXT,
            content_type="text",
            source="hostile-text",
            url="javascript:window.__pwned=4",
            title='<img src=x onerror="window.__pwned=12">',
        ),
        Document(
            id="hostile-html",
            content=HOSTILE_HTML,
            content_type="html",
            source="hostile-html",
            url="https://hostile.example/2025/01/20/prisoners?<script>",
        ),
    ]


@pytest.fixture(scope="session")
def demo_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The example pages ingested once into a SQLite file (tests work on copies)."""
    path = tmp_path_factory.mktemp("web-demo") / "demo.db"
    with Store(f"sqlite:///{path}") as store:
        report = service.ingest(store, [str(EXAMPLES)])
        assert report.records > 0
    return path


@pytest.fixture(scope="session")
def hostile_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A store of the hostile pages only."""
    path = tmp_path_factory.mktemp("web-hostile") / "hostile.db"
    with Store(f"sqlite:///{path}") as store:
        report = service.ingest(store, [], pages=hostile_pages(), gate=False)
        assert report.records > 0, report.summary()
    return path


def _copy(src: Path, folder: Path) -> str:
    path = folder / src.name
    shutil.copy(src, path)
    return f"sqlite:///{path}"


@pytest.fixture
def make_client(demo_db: Path, tmp_path: Path) -> Iterator[Callable[..., TestClient]]:
    """make_client(token=TOKEN, db=demo_db) -> a TestClient on a fresh copy of the store."""
    opened: list[TestClient] = []

    def make(token: str | None = TOKEN, db: Path | None = None) -> TestClient:
        folder = tmp_path / f"c{len(opened)}"
        folder.mkdir()
        client = TestClient(create_app(_copy(db or demo_db, folder), token=token))
        client.__enter__()
        opened.append(client)
        return client

    yield make
    for client in opened:
        client.__exit__(None, None, None)


@pytest.fixture
def client(make_client: Callable[..., TestClient]) -> TestClient:
    """A client of the demo store on a server with a token (not signed in)."""
    return make_client()


@pytest.fixture(scope="module")
def reader(tmp_path_factory: pytest.TempPathFactory, demo_db: Path) -> Iterator[TestClient]:
    """One read-only client of the demo store, shared by a module's reading tests."""
    url = _copy(demo_db, tmp_path_factory.mktemp("web-reader"))
    with TestClient(create_app(url, token=None)) as c:
        yield c


def sign_in(client: TestClient, name: str = ANALYST, token: str = TOKEN) -> None:
    """Sign `client` in through the login form (the cookie is kept by the client)."""
    r = client.post("/login", data={"name": name, "token": token}, follow_redirects=False)
    assert r.status_code == 303, r.text


def csrf_of(html: str) -> str:
    """The CSRF field of the first form of a page."""
    marker = 'name="csrf" value="'
    at = html.index(marker) + len(marker)
    return html[at : html.index('"', at)]


# -- live servers and the browser ----------------------------------------------------


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class LiveServer:
    """uvicorn serving an app in a thread on a free localhost port."""

    def __init__(self, db_url: str, token: str | None) -> None:
        import uvicorn

        self.port = _free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        config = uvicorn.Config(
            create_app(db_url, token=token), host="127.0.0.1", port=self.port, log_level="warning"
        )
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(target=self.server.run, daemon=True)

    def __enter__(self) -> LiveServer:
        self.thread.start()
        deadline = time.monotonic() + 20
        while not self.server.started:
            if time.monotonic() > deadline or not self.thread.is_alive():
                raise RuntimeError("uvicorn did not start")
            time.sleep(0.05)
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=10)


@pytest.fixture(scope="session")
def live_demo(demo_db: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    """The demo store served on localhost, with a token."""
    with LiveServer(_copy(demo_db, tmp_path_factory.mktemp("live-demo")), TOKEN) as server:
        yield server


@pytest.fixture(scope="session")
def live_hostile(
    hostile_db: Path, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[LiveServer]:
    """The hostile store served on localhost."""
    with LiveServer(_copy(hostile_db, tmp_path_factory.mktemp("live-hostile")), None) as server:
        yield server


SHOTS: list[Path] = []


@pytest.fixture(scope="session")
def screenshots(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The folder the browser tests write their screenshots to (printed at the end)."""
    folder = tmp_path_factory.mktemp("screenshots")
    SHOTS.append(folder)
    return folder


@pytest.fixture(scope="session")
def docs_screenshots() -> Path | None:
    """docs/screenshots when SWAPLEDGER_DOCS_SCREENSHOTS=1 asks to refresh the README's, else None."""
    if os.environ.get("SWAPLEDGER_DOCS_SCREENSHOTS") != "1":
        return None
    DOCS_SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    return DOCS_SCREENSHOTS


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    """Debian's Chromium, headless, through Playwright (skips when it is not installed)."""
    if not CHROMIUM.exists():
        pytest.skip(f"{CHROMIUM} not installed (scripts/services/chromium.sh installs it)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        pytest.skip("playwright is not installed: pip install -e '.[dev]'")
    with sync_playwright() as pw:
        chromium = pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    """Say where the screenshots are."""
    for folder in SHOTS:
        files = sorted(p.name for p in folder.glob("*.png"))
        if files:
            terminalreporter.write_line(f"web screenshots ({len(files)}): {folder}")
