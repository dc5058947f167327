"""For tests (ours, and of anything built on the store): the test PostgreSQL server,
where it is, and a fresh schema of it per test.

scripts/services/postgres.sh (run by `make test`) starts a throwaway server and writes
its URL to /tmp/swapledger-pg/url; $SWAPLEDGER_TEST_PG_URL names another one. Each
test gets a schema of its own (`search_path` set in the URL, so a store, Alembic and
the CLI's `--db` all see only that schema), dropped afterwards. Where no server is
there, the PostgreSQL variants skip with one line that says why.
"""

from __future__ import annotations

import contextlib
import functools
import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import sqlalchemy as sa

URL_ENV = "SWAPLEDGER_TEST_PG_URL"
URL_FILE = Path("/tmp/swapledger-pg/url")
SCHEMA_PREFIX = "t_"

BACKENDS = ("sqlite", "postgresql")
"""The `backend` parameter of the store and CLI fixtures."""


def server_url() -> str | None:
    """The test server's URL: $SWAPLEDGER_TEST_PG_URL, else the one postgres.sh wrote."""
    if os.environ.get(URL_ENV):
        return os.environ[URL_ENV]
    with contextlib.suppress(OSError):
        return URL_FILE.read_text(encoding="utf-8").strip() or None
    return None


@functools.cache
def _engine(url: str) -> sa.Engine:
    return sa.create_engine(url, isolation_level="AUTOCOMMIT", pool_pre_ping=True)


@functools.cache
def unavailable() -> str | None:
    """Why the PostgreSQL tests cannot run here, or None when they can."""
    url = server_url()
    if url is None:
        return (
            f"no PostgreSQL test server: ${URL_ENV} is unset and {URL_FILE} is missing "
            "(scripts/services/postgres.sh starts one)"
        )
    try:
        with _engine(url).connect() as conn:
            conn.execute(sa.text("select 1"))
    except ImportError as exc:
        return f"PostgreSQL driver missing ({exc})"
    except sa.exc.SQLAlchemyError as exc:
        return f"PostgreSQL test server {url} not reachable: {str(exc).splitlines()[0]}"
    return None


def require() -> str:
    """The server's URL, or skip the test with the reason there is none."""
    reason = unavailable()
    if reason:
        import pytest  # only tests call this

        pytest.skip(reason)
    url = server_url()
    assert url is not None
    return url


@contextlib.contextmanager
def fresh_schema() -> Iterator[str]:
    """A URL whose connections see only a new, empty schema; dropped on exit."""
    base = require()
    name = f"{SCHEMA_PREFIX}{uuid.uuid4().hex[:16]}"
    engine = _engine(base)
    with engine.connect() as conn:
        conn.execute(sa.text(f'create schema "{name}"'))
    url = sa.make_url(base).update_query_dict({"options": f"-csearch_path={name}"})
    try:
        yield url.render_as_string(hide_password=False)
    finally:
        with engine.connect() as conn:
            conn.execute(sa.text(f'drop schema if exists "{name}" cascade'))


@contextlib.contextmanager
def database_url(backend: str, folder: Path, name: str = "ledger.db") -> Iterator[str]:
    """A URL of an empty database on this backend: a SQLite file in `folder`, or a
    fresh PostgreSQL schema."""
    if backend == "sqlite":
        yield f"sqlite:///{folder / name}"
        return
    with fresh_schema() as url:
        yield url
