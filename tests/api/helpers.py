"""Small look-ups the API tests share: find an event by what it says, not by its id."""

from __future__ import annotations

from typing import Any

from fastapi.testclient import TestClient


def events(client: TestClient, **params: Any) -> list[dict[str, Any]]:
    """Every event matching the filters (one page of 500)."""
    r = client.get("/api/events", params={"limit": 500, **params})
    assert r.status_code == 200, r.text
    return r.json()["items"]


def event_with(client: TestClient, from_party: str, to_party: str, count: int) -> dict[str, Any]:
    """The event with a direction `from_party` -> `to_party` of `count`."""
    for e in events(client):
        if any(
            (t["from"], t["to"], t["count"]) == (from_party, to_party, count)
            for t in e["transfers"]
        ):
            return e
    raise AssertionError(f"no event {from_party}>{to_party} {count}")


def transfer(event: dict[str, Any], direction: str) -> dict[str, Any]:
    """One direction of an event by 'from>to'."""
    for t in event["transfers"]:
        if f"{t['from']}>{t['to']}" == direction:
            return t
    raise AssertionError(f"{event['id']} has no {direction}")
