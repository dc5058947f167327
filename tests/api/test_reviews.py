"""Reviews: each action is kept as an audit row, laid over the ledger; the machine's stays."""

from __future__ import annotations

from collections.abc import Callable

from fastapi.testclient import TestClient

from tests.api.conftest import AUTH
from tests.api.helpers import event_with, events, transfer


def _review(client: TestClient, event_id: str, **body: object) -> dict:
    r = client.post(
        f"/api/events/{event_id}/reviews", json={"reviewer": "ana", **body}, headers=AUTH
    )
    assert r.status_code == 201, r.text
    return r.json()


def test_a_count_correction_shows_beside_the_machines_and_survives_a_restart(
    client: TestClient, make_client: Callable[..., TestClient]
) -> None:
    e = event_with(client, "russia", "ukraine", 1212)
    row = _review(
        client,
        e["id"],
        action="correct_count",
        direction="russia>ukraine",
        count=1213,
        reason="ministry list has 1,213 names",
    )
    assert row["machine"].startswith("russia>ukraine 1212") and row["applied"]
    after = client.get(f"/api/events/{e['id']}").json()
    t = transfer(after, "russia>ukraine")
    assert (t["count"], t["machine_count"], t["reviewed"], t["review"]) == (
        1213,
        1212,
        True,
        row["id"],
    )
    assert t["qualifier"] == "exact"
    assert after["reviewed"] and after["machine"]["transfers"][0]["count"] == 1212
    assert [r["id"] for r in after["reviews"]] == [row["id"]]
    assert after["reviews"][0]["reason"] == "ministry list has 1,213 names"
    assert after["reviews"][0]["reviewer"] == "ana" and after["reviews"][0]["at"]
    # the audit trail is in the store: a new server shows it too
    again = make_client().get(f"/api/events/{e['id']}").json()
    assert transfer(again, "russia>ukraine")["count"] == 1213
    assert client.get(f"/api/events/{e['id']}/reviews").json() == after["reviews"]
    assert client.get("/api/reviews", params={"event": e["id"]}).json()["items"] == after["reviews"]
    # the store's record is untouched
    records = client.get("/api/records", params={"event": e["id"], "limit": 500}).json()["items"]
    assert 1212 in {r["count"] for r in records} and 1213 not in {r["count"] for r in records}
    assert [x["id"] for x in events(client, status="reviewed")] == [e["id"]]


def test_a_date_correction_and_an_accept(client: TestClient) -> None:
    e = next(x for x in events(client) if x["date"] is None)  # a day no report fixes
    _review(client, e["id"], action="correct_date", date="2024-12-30", reason="ICRC statement")
    _review(client, e["id"], action="accept")
    after = client.get(f"/api/events/{e['id']}").json()
    assert after["date"] == "2024-12-30" and after["date_reviewed"] and after["accepted"]
    assert after["machine"]["date"] is None
    assert [r["action"] for r in after["reviews"]] == ["correct_date", "accept"]
    assert [x["id"] for x in events(client, **{"from": "2024-12-30", "to": "2024-12-30"})] == [
        e["id"]
    ]


def test_a_merge_joins_the_sources_and_the_old_id_answers(client: TestClient) -> None:
    a = event_with(client, "russia", "ukraine", 390)
    b = event_with(client, "russia", "ukraine", 303)
    before = len(events(client))
    _review(client, a["id"], action="merge", other_event=b["id"], reason="same swap, two reports")
    merged = client.get(f"/api/events/{a['id']}").json()
    assert merged["merged"] == [b["id"]]
    assert {s["record"] for s in merged["sources"]} == {
        s["record"] for s in a["sources"] + b["sources"]
    }
    assert client.get(f"/api/events/{b['id']}").json()["id"] == a["id"]
    assert len(events(client)) == before - 1
    assert transfer(merged, "russia>ukraine")["machine_count"] in (390, 303)
    assert merged["conflicted"]


def test_a_split_moves_records_into_a_new_event(client: TestClient) -> None:
    e = event_with(client, "russia", "ukraine", 1212)
    moved = [int(s["record"]) for s in e["sources"] if s["outlet"] == "The Meridian Ledger"]
    assert moved and len(moved) < len(e["sources"])
    row = _review(client, e["id"], action="split", records=moved, reason="a later handover")
    after = client.get(f"/api/events/{e['id']}").json()
    assert not {int(s["record"]) for s in after["sources"]} & set(moved)
    part = client.get(f"/api/events/{e['id']}-s{row['id']}").json()
    assert {int(s["record"]) for s in part["sources"]} == set(moved)
    assert part["machine"] is None and part["reviewed"]
    records = client.get("/api/records", params={"event": part["id"]}).json()["items"]
    assert {r["id"] for r in records} == set(moved)


def test_a_rejected_record_leaves_the_ledger_but_not_the_store(client: TestClient) -> None:
    e = event_with(client, "armenia", "azerbaijan", 2)
    rid = next(int(s["record"]) for s in e["sources"] if s["from"] == "armenia")
    row = _review(client, e["id"], action="reject_record", record=rid, reason="misread")
    assert row["records"] == [rid]
    after = client.get(f"/api/events/{e['id']}").json()
    assert rid not in {int(s["record"]) for s in after["sources"]}
    assert [x["source"]["record"] for x in after["rejected"]] == [str(rid)]
    assert ("armenia", "azerbaijan") not in {(t["from"], t["to"]) for t in after["transfers"]}
    record = client.get(f"/api/records/{rid}").json()
    assert record["rejected_by"] == row["id"] and record["count"] == 2


def test_reviews_that_do_not_fit_the_event_are_refused(client: TestClient) -> None:
    e = event_with(client, "armenia", "azerbaijan", 2)
    other = event_with(client, "russia", "ukraine", 1212)  # remains, not prisoners
    url = f"/api/events/{e['id']}/reviews"
    bad = [
        ({"action": "correct_count", "direction": "x>y", "count": 3, "reason": "r"}, "direction"),
        (
            {
                "action": "correct_count",
                "direction": "armenia>azerbaijan",
                "count": -1,
                "reason": "r",
            },
            "count",
        ),
        (
            {
                "action": "correct_count",
                "direction": "armenia>azerbaijan",
                "count": 3,
                "reason": " ",
            },
            "reason",
        ),
        ({"action": "merge", "other_event": other["id"], "reason": "r"}, "remains"),
        ({"action": "merge", "other_event": e["id"], "reason": "r"}, "itself"),
        (
            {"action": "split", "records": [int(s["record"]) for s in e["sources"]], "reason": "r"},
            "both sides",
        ),
        ({"action": "split", "records": [999999], "reason": "r"}, "999999"),
        ({"action": "reject_record", "record": 999999, "reason": "r"}, "999999"),
        ({"action": "correct_date", "date": "2024-02-30", "reason": "r"}, "date"),
        ({"action": "bless", "reason": "r"}, "action"),
        ({"action": "accept", "reviewer": ""}, "reviewer"),
    ]
    for body, word in bad:
        r = client.post(url, json={"reviewer": "ana", **body}, headers=AUTH)
        assert r.status_code == 422, (body, r.text)
        assert word in r.json()["error"], (body, r.json())
    r = client.post(
        f"/api/events/{e['id']}/reviews",
        json={"action": "merge", "other_event": "ev-nope", "reason": "r", "reviewer": "a"},
        headers=AUTH,
    )
    assert r.status_code == 404
    r = client.post(
        "/api/events/ev-nope/reviews", json={"action": "accept", "reviewer": "a"}, headers=AUTH
    )
    assert r.status_code == 404 and "ev-nope" in r.json()["error"]
    assert client.get("/api/reviews").json()["total"] == 0


def test_rejecting_the_record_a_split_moved_out_keeps_both_reviews_meaningful(
    client: TestClient,
) -> None:
    e = event_with(client, "russia", "ukraine", 1212)
    moved = [int(s["record"]) for s in e["sources"] if s["outlet"] == "The Meridian Ledger"]
    split = _review(client, e["id"], action="split", records=moved, reason="a later handover")
    part = f"{e['id']}-s{split['id']}"
    for rid in moved:
        _review(client, part, action="reject_record", record=rid, reason="misread")
    after = client.get(f"/api/events/{e['id']}").json()
    # the rejected records are shown where they were, not lost; the split says why it is moot
    assert {int(x["source"]["record"]) for x in after["rejected"]} == set(moved)
    reviews = {
        r["id"]: r for r in client.get("/api/reviews", params={"limit": 100}).json()["items"]
    }
    assert "rejected" in (reviews[split["id"]]["not_applied"] or "")
    assert all(r["not_applied"] is None for r in reviews.values() if r["action"] == "reject_record")
