"""Bad requests get a 4xx with one JSON error line; nothing a client sends makes a 500."""

from __future__ import annotations

from collections.abc import Callable

import pytest
import sqlalchemy as sa
from fastapi.testclient import TestClient

from tests.api.conftest import AUTH
from tests.api.helpers import event_with


@pytest.mark.parametrize(
    ("url", "status", "words"),
    [
        ("/api/events?limit=100000", 422, "limit"),
        ("/api/events?limit=0", 422, "limit"),
        ("/api/events?offset=-1", 422, "offset"),
        ("/api/events?limit=ten", 422, "limit"),
        ("/api/events?from=2025-02-30", 422, "from"),
        ("/api/events?to=yesterday", 422, "to"),
        ("/api/events?from=2025-06-02&to=2025-06-01", 422, "after"),
        ("/api/agreements?from=2025-06-02&to=2025-06-01", 422, "after"),
        ("/api/totals?to=yesterday", 422, "to"),
        ("/api/records?party=" + "x" * 100, 422, "party"),
        ("/api/events?kind=cats", 422, "kind"),
        ("/api/events?status=lost", 422, "status"),
        ("/api/events?order=random", 422, "order"),
        ("/api/records?status=rumoured", 422, "status"),
        ("/api/records/abc", 422, "record_id"),
        ("/api/records/99999999", 404, "record 99999999"),
        ("/api/events/ev-0000000000", 404, "ev-0000000000"),
        ("/api/agreements/ag-nope", 404, "ag-nope"),
        ("/api/totals/tot-nope", 404, "tot-nope"),
        ("/api/articles/nope%230", 404, "nope#0"),
        ("/api/documents/nope", 404, "nope"),
        ("/api/no-such-endpoint", 404, "Not Found"),
        ("/api/events?q=" + "x" * 500, 422, "q"),
    ],
)
def test_bad_reads_get_a_json_error(
    shared_client: TestClient, url: str, status: int, words: str
) -> None:
    r = shared_client.get(url)
    assert r.status_code == status, r.text
    assert r.headers["content-type"] == "application/json"
    assert words in r.json()["error"]
    assert set(r.json()) == {"error"}


def test_bad_bodies_get_a_json_error(client: TestClient) -> None:
    event = event_with(client, "armenia", "azerbaijan", 2)["id"]
    review = f"/api/events/{event}/reviews"
    cases = [
        (review, b"{not json"),
        (review, b"[]"),
        (
            review,
            b'{"action": "correct_count", "reviewer": "a", "reason": "r", "direction": 5, "count": "many"}',
        ),
        (review, b'{"action": "split", "reviewer": "a", "reason": "r", "records": "1,2"}'),
        (review, b'{"action": "accept"}'),
        ("/api/pages", b"{not json"),
        ("/api/pages", b'{"pages": []}'),
        ("/api/pages", b'{"pages": "page"}'),
        ("/api/pages", b'{"pages": [{"text": 5}]}'),
        ("/api/pages", b'{"pages": [' + b",".join([b'{"text": "a"}'] * 501) + b"]}"),
        ("/api/pages", b"\xff\xfe"),
    ]
    for url, body in cases:
        r = client.post(url, content=body, headers={**AUTH, "content-type": "application/json"})
        assert r.status_code == 422, (url, body[:60], r.text)
        assert set(r.json()) == {"error"} and r.json()["error"]
    assert client.post("/api/events", headers=AUTH).status_code == 405
    assert client.get("/api/reviews").json()["total"] == 0


def test_a_bug_is_a_logged_json_500_without_details(
    make_client: Callable[..., TestClient],
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    client = make_client()
    bug_client = TestClient(client.app, raise_server_exceptions=False)

    def broken(*_: object, **__: object) -> None:
        raise RuntimeError("secret internals")

    monkeypatch.setattr("swapledger.api.convert.event", broken)
    r = bug_client.get("/api/events")
    assert r.status_code == 500
    assert r.json() == {"error": "internal error (logged on the server)"}
    assert "secret internals" in caplog.text


def test_an_unreadable_store_is_a_503(make_client: Callable[..., TestClient]) -> None:
    client = make_client()
    assert client.get("/api/events").status_code == 200
    with client.app.state.swapledger.store.engine.begin() as conn:
        conn.execute(sa.text("DROP TABLE reviews"))
    client.app.state.swapledger.invalidate()
    r = client.get("/api/events")
    assert r.status_code == 503 and "store" in r.json()["error"]
