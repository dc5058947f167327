"""`swapledger serve`: localhost by default, a warning off it, the token from the environment."""

from __future__ import annotations

from typing import Any

import pytest
from typer.testing import CliRunner

from swapledger.cli.main import app
from swapledger.cli.serve import is_loopback


@pytest.mark.parametrize(
    ("host", "loopback"),
    [
        ("127.0.0.1", True),
        ("localhost", True),
        ("::1", True),
        ("0.0.0.0", False),
        ("192.168.1.4", False),
        ("example.org", False),
    ],
)
def test_loopback_hosts(host: str, loopback: bool) -> None:
    assert is_loopback(host) is loopback


@pytest.fixture
def ran(monkeypatch: pytest.MonkeyPatch) -> dict[str, Any]:
    seen: dict[str, Any] = {}

    def fake_run(app: Any, **kwargs: Any) -> None:
        seen.update(kwargs, app=app)

    monkeypatch.setattr("uvicorn.run", fake_run)
    return seen


def test_serve_defaults_to_localhost_read_only(
    ran: dict, db_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("SWAPLEDGER_TOKEN", raising=False)
    out = CliRunner().invoke(app, ["serve", "--db", db_url])
    assert out.exit_code == 0, out.output
    assert (ran["host"], ran["port"]) == ("127.0.0.1", 8000)
    assert ran["app"].state.swapledger.token is None
    assert "read-only" in out.stderr and "warning" not in out.stderr


def test_serve_warns_off_localhost_and_takes_the_token(
    ran: dict, db_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SWAPLEDGER_TOKEN", "tok")
    out = CliRunner().invoke(app, ["serve", "--db", db_url, "--host", "0.0.0.0", "--port", "9001"])
    assert out.exit_code == 0, out.output
    assert (ran["host"], ran["port"]) == ("0.0.0.0", 9001)
    assert ran["app"].state.swapledger.token == "tok"
    warning = [line for line in out.stderr.splitlines() if line.startswith("warning:")]
    assert len(warning) == 1 and "0.0.0.0" in warning[0]


def test_serve_with_a_bad_store_is_one_line(ran: dict, tmp_path) -> None:
    out = CliRunner().invoke(app, ["serve", "--db", f"sqlite:///{tmp_path}/no/such/dir/x.db"])
    assert out.exit_code == 2
    assert out.stderr.startswith("swapledger: cannot open store") and "Traceback" not in out.output
    assert ran == {}


def test_the_ledger_is_built_while_the_server_starts_not_on_the_first_request(
    tmp_path, demo_db
) -> None:
    import shutil
    import time

    from fastapi.testclient import TestClient

    from swapledger.api import create_app

    db = tmp_path / "warm.db"
    shutil.copy(demo_db, db)
    web_app = create_app(f"sqlite:///{db}", token=None)
    state = web_app.state.swapledger
    with TestClient(web_app) as client:
        deadline = time.monotonic() + 60
        while state.built == 0 and time.monotonic() < deadline:
            time.sleep(0.05)
        assert state.built == 1  # before any request
        assert client.get("/api/events", params={"limit": 1}).status_code == 200
        assert state.built == 1  # the request used it


def test_a_store_that_cannot_be_read_at_start_is_left_to_the_first_request(
    tmp_path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from fastapi.testclient import TestClient

    from swapledger.api import create_app
    from swapledger.api.state import AppState
    from swapledger.errors import StoreError

    def broken(self: AppState) -> None:
        raise StoreError("database is locked")

    monkeypatch.setattr(AppState, "_rebuild", broken)
    web_app = create_app(f"sqlite:///{tmp_path / 'new.db'}", token=None)
    with TestClient(web_app) as client:  # the server starts all the same
        r = client.get("/api/events")
        assert r.status_code == 503 and "database is locked" in r.json()["error"]
