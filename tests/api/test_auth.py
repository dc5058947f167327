"""Writes need the operator's bearer token; without one configured the server is read-only."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from fastapi.testclient import TestClient

from tests.api.conftest import AUTH, TOKEN
from tests.api.helpers import event_with

PAGE = {
    "pages": [{"id": "auth-1", "text": "Russia returned the bodies of 50 soldiers to Ukraine."}]
}


def _writes(client: TestClient) -> list[tuple[str, dict]]:
    event = event_with(client, "armenia", "azerbaijan", 2)["id"]
    accept = {"action": "accept", "reviewer": "ana"}
    return [(f"/api/events/{event}/reviews", accept), ("/api/pages", PAGE)]


@pytest.mark.parametrize(
    "headers",
    [{}, {"Authorization": "Basic abc"}, {"Authorization": "Bearer "}, {"Authorization": TOKEN}],
)
def test_a_write_without_a_bearer_token_is_401(client: TestClient, headers: dict) -> None:
    for url, body in _writes(client):
        r = client.post(url, json=body, headers=headers)
        assert r.status_code == 401, (url, r.text)
        assert "bearer token" in r.json()["error"]
        assert r.headers["www-authenticate"] == "Bearer"
    assert client.get("/api/reviews").json()["total"] == 0


@pytest.mark.parametrize("wrong", ["wrong", TOKEN + "x", TOKEN[:-1], TOKEN.upper()])
def test_a_write_with_a_wrong_token_is_403(client: TestClient, wrong: str) -> None:
    for url, body in _writes(client):
        r = client.post(url, json=body, headers={"Authorization": f"Bearer {wrong}"})
        assert r.status_code == 403, (url, r.text)
        assert r.json() == {"error": "wrong token"}
    assert client.get("/api/reviews").json()["total"] == 0
    assert client.get("/api/documents", params={"q": "auth-1"}).json()["total"] == 0


def test_without_a_configured_token_every_write_is_403(
    make_client: Callable[..., TestClient],
) -> None:
    client = make_client(token=None)
    for url, body in _writes(client):
        for headers in ({}, AUTH):
            r = client.post(url, json=body, headers=headers)
            assert r.status_code == 403
            assert "read-only server" in r.json()["error"]
    assert client.get("/api/events").status_code == 200  # reads stay open


def test_the_right_token_writes(client: TestClient) -> None:
    for url, body in _writes(client):
        assert client.post(url, json=body, headers=AUTH).status_code in (200, 201)
    assert client.get("/api/reviews").json()["total"] == 1


def test_five_wrong_tokens_lock_the_address_out_even_with_the_right_one(
    client: TestClient,
) -> None:
    url, body = _writes(client)[0]
    for _ in range(5):
        r = client.post(url, json=body, headers={"Authorization": "Bearer guess"})
        assert r.status_code == 403
    r = client.post(url, json=body, headers={"Authorization": f"Bearer {TOKEN}"})
    assert r.status_code == 429 and int(r.headers["retry-after"]) <= 60
    # the web sign-in shares the lock
    r = client.post("/login", data={"name": "ana", "token": TOKEN}, follow_redirects=False)
    assert r.status_code == 429 and "Too many wrong tokens" in r.text
