"""POST /api/pages: pages in the JSONL input's fields are ingested, reconciled and shown."""

from __future__ import annotations

from fastapi.testclient import TestClient

from tests.api.conftest import AUTH
from tests.api.helpers import event_with, events

BODY = (
    "Russia returned the bodies of 777 fallen soldiers to Ukraine on Friday, the Coordination "
    "Headquarters said.\n\nThe repatriation took place near the border with the help of the "
    "Red Cross.\n"
)


def _post(client: TestClient, *pages: dict) -> dict:
    r = client.post("/api/pages", json={"pages": list(pages)}, headers=AUTH)
    assert r.status_code == 200, r.text
    return r.json()


def test_submitted_pages_are_ingested_and_reconciled(client: TestClient) -> None:
    before = len(events(client))
    page = {
        "id": "wire-777",
        "url": "https://wire.example/777",
        "published": "2025-08-02",
        "text": "Bodies returned\n\n" + BODY,
    }
    out = _post(client, page)
    assert (out["new"], out["already_stored"], out["skipped"]) == (1, 0, [])
    assert out["records"] >= 1 and out["events"] == before + 1
    e = event_with(client, "russia", "ukraine", 777)
    assert e["date"] == "2025-08-01"  # "on Friday", before its publication day
    assert e["sources"][0]["url"] == "https://wire.example/777"
    assert client.get("/api/documents/wire-777").json()["url"] == "https://wire.example/777"
    again = _post(client, page)  # the same page again adds nothing
    assert (again["new"], again["already_stored"], again["events"]) == (0, 1, before + 1)


def test_bad_pages_are_skipped_with_their_reason_and_good_ones_kept(client: TestClient) -> None:
    out = _post(
        client,
        {
            "id": "ok",
            "html": f"<html><body><article><h1>Swap</h1><p>{BODY}</p></article></body></html>",
        },
        {"id": "empty", "text": "   "},
        {"id": "nothing"},
        {"id": "future", "text": BODY, "published": "2999-01-01"},
        {"id": "bad-date", "text": BODY, "published": "yesterday-ish"},
    )
    assert out["new"] == 1
    reasons = {s["input"]: s["reason"] for s in out["skipped"]}
    assert set(reasons) == {"empty", "nothing", "future", "bad-date"}
    assert "empty page" in reasons["empty"] and "'text' or 'html'" in reasons["nothing"]
    assert "future" in reasons["future"] and "published" in reasons["bad-date"]


def test_a_page_off_topic_is_counted_as_filtered(client: TestClient) -> None:
    out = _post(client, {"id": "weather", "text": "Sunny skies are expected across the region."})
    assert out["new"] == 0 and sum(out["filtered"].values()) == 1


def test_copies_of_one_article_show_as_also_published_by(client: TestClient) -> None:
    _post(
        client,
        {
            "id": "a",
            "url": "https://a.example/1",
            "text": "Bodies returned\n\n" + BODY,
            "published": "2025-08-02",
        },
        {
            "id": "b",
            "url": "https://b.example/1",
            "text": "Repost: bodies returned\n\n" + BODY,
            "published": "2025-08-02",
        },
    )
    e = event_with(client, "russia", "ukraine", 777)
    assert e["voices"] == 2
    groups = e["also_published_by"]
    assert len(groups) == 1
    assert {s["url"] for s in groups[0]} == {"https://a.example/1", "https://b.example/1"}
