"""Fixtures for the API tests: a store of the example pages, copied per test, and clients."""

from __future__ import annotations

import shutil
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from swapledger import service
from swapledger.api import create_app
from swapledger.store import Store

REPO = Path(__file__).resolve().parents[2]
EXAMPLES = REPO / "examples" / "pages"
TOKEN = "s3cret-token"
AUTH = {"Authorization": f"Bearer {TOKEN}"}


@pytest.fixture(scope="session")
def demo_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The example pages ingested once into a SQLite file (tests work on copies)."""
    path = tmp_path_factory.mktemp("demo") / "demo.db"
    with Store(f"sqlite:///{path}") as store:
        report = service.ingest(store, [str(EXAMPLES)])
        assert report.records > 0
    return path


@pytest.fixture
def db_url(demo_db: Path, tmp_path: Path) -> str:
    """A fresh copy of the example store, for one test to change."""
    path = tmp_path / "api.db"
    shutil.copy(demo_db, path)
    return f"sqlite:///{path}"


@pytest.fixture
def make_client(db_url: str) -> Iterator[Callable[..., TestClient]]:
    """make_client(token=TOKEN) -> a TestClient on the copied store (closed after the test)."""
    opened: list[TestClient] = []

    def make(token: str | None = TOKEN, url: str | None = None) -> TestClient:
        client = TestClient(create_app(url or db_url, token=token))
        client.__enter__()
        opened.append(client)
        return client

    yield make
    for client in opened:
        client.__exit__(None, None, None)


@pytest.fixture
def client(make_client: Callable[..., TestClient]) -> TestClient:
    """A client of an app with a token set (writes need AUTH)."""
    return make_client()


@pytest.fixture(scope="module")
def shared_client(tmp_path_factory: pytest.TempPathFactory, demo_db: Path) -> Iterator[TestClient]:
    """One read-only client for a module's tests that only read."""
    path = tmp_path_factory.mktemp("shared") / "api.db"
    shutil.copy(demo_db, path)
    with TestClient(create_app(f"sqlite:///{path}", token=None)) as c:
        yield c
