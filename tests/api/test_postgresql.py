"""The API and web pages over a PostgreSQL store: the same answers as over SQLite."""

from __future__ import annotations

from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from swapledger import service
from swapledger.api import create_app
from swapledger.store import Store
from swapledger.store import testing as pg
from tests.api.conftest import AUTH, TOKEN

PAGES = Path(__file__).resolve().parents[2] / "examples" / "pages"


@pytest.mark.parametrize("backend", pg.BACKENDS)
def test_the_api_reads_reviews_and_writes_on_both_backends(backend: str, tmp_path: Path) -> None:
    with pg.database_url(backend, tmp_path) as url:
        with Store(url) as store:
            service.ingest(store, [str(PAGES)])
        with TestClient(create_app(url, token=TOKEN)) as client:
            events = client.get("/api/events", params={"limit": 500}).json()
            assert events["total"] >= 10
            one = next(e for e in events["items"] if len(e["sources"]) > 1)
            r = client.post(
                f"/api/events/{one['id']}/reviews",
                json={"reviewer": "ana", "action": "accept"},
                headers=AUTH,
            )
            assert r.status_code == 201, r.text
            assert client.get(f"/api/events/{one['id']}").json()["accepted"]
            assert client.get("/").status_code == 200
            assert client.get(f"/events/{one['id']}").status_code == 200
