"""The review queue's forms: sign-in, CSRF and origin checks, every action, the audit rows."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient

from tests.web.conftest import ANALYST, TOKEN, csrf_of, sign_in


def _event(client: TestClient, needle: str) -> str:
    html = client.get("/ledger", params={"q": needle}).text
    found = re.search(r'href="/events/(ev-[0-9a-f]+)"', html)
    assert found, needle
    return found.group(1)


def _post(client: TestClient, event: str, **form: object) -> object:
    page = client.get(f"/events/{event}").text
    data = {"csrf": csrf_of(page), **form}
    return client.post(f"/events/{event}/review", data=data, follow_redirects=False)


def test_signing_in_sets_an_httponly_samesite_strict_cookie(client: TestClient):
    r = client.post("/login", data={"name": ANALYST, "token": TOKEN}, follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"] == "/review"
    cookie = r.headers["set-cookie"]
    assert "HttpOnly" in cookie and "SameSite=strict" in cookie.replace("Strict", "strict")
    assert TOKEN not in cookie  # the cookie is a signature, not the token
    assert f"Sign out {ANALYST}" in client.get("/review").text


def test_a_wrong_token_or_no_name_does_not_sign_in(client: TestClient):
    r = client.post("/login", data={"name": ANALYST, "token": "guess"}, follow_redirects=False)
    assert r.status_code == 403 and "not this server&#39;s token" in r.text
    assert "set-cookie" not in r.headers
    r = client.post("/login", data={"name": " ", "token": TOKEN}, follow_redirects=False)
    assert r.status_code == 403 and "Say who you are" in r.text


def test_a_forged_cookie_is_not_a_sign_in(client: TestClient):
    client.cookies.set("swapledger_analyst", "QWRtaW4.deadbeef")
    html = client.get("/review").text
    assert "Sign in</a> with the server" in html and "Sign out" not in html


def test_a_read_only_server_offers_no_sign_in_and_refuses_every_write(make_client):
    client = make_client(token=None)
    r = client.post("/login", data={"name": ANALYST, "token": "anything"})
    assert r.status_code == 403 and "read-only" in r.text
    event = _event(client, "Armenia")
    r = client.post(f"/events/{event}/review", data={"action": "accept", "csrf": "x"})
    assert r.status_code == 403 and "This server is read-only" in r.text
    assert client.get("/api/reviews").json()["total"] == 0


def test_accepting_from_the_queue_adds_an_audit_row_with_who_when_and_what(client: TestClient):
    sign_in(client)
    event = _event(client, "Armenia")
    queue = client.get("/review").text
    r = client.post(
        f"/events/{event}/review",
        data={"csrf": csrf_of(queue), "action": "accept", "back": "queue"},
        follow_redirects=False,
    )
    assert r.status_code == 303 and r.headers["location"].startswith("/review#done-")
    html = client.get(f"/events/{event}").text
    row = html.split('id="audit"', 1)[1]
    assert ANALYST in row and "accepted" in row and "UTC" in row
    assert '<span class="badge ok">accepted</span>' in html


def test_correcting_a_count_keeps_the_machine_figure_beside_it(client: TestClient):
    sign_in(client)
    event = _event(client, "Armenia")
    r = _post(
        client,
        event,
        action="correct_count",
        direction="armenia>azerbaijan",
        count="3",
        reason="the ministry's list names three",
    )
    assert r.status_code == 303 and "#review-" in r.headers["location"]
    html = client.get(f"/events/{event}").text
    reviewed = html.split('<tr class="reviewed">', 1)[1].split("</tr>", 1)[0]
    assert "<b>3</b>" in reviewed and ">2</td>" in reviewed  # reviewed 3, machine 2
    assert "the ministry&#39;s list names three" in html
    api = client.get(f"/api/events/{event}").json()
    assert [t["count"] for t in api["transfers"] if t["from"] == "armenia"] == [3]


def test_correcting_the_day_merging_splitting_and_rejecting(client: TestClient):
    sign_in(client)
    event = _event(client, "1,212")
    r = _post(client, event, action="correct_date", date="2025-06-12", reason="a day late")
    assert r.status_code == 303
    assert "12 Jun 2025 · bodies" in client.get(f"/events/{event}").text
    # split the Meridian Ledger's records off, then merge them back
    page = client.get(f"/events/{event}").text
    records = re.findall(r'name="records" value="(\d+)"', page)
    assert len(records) >= 3
    r = _post(client, event, action="split", records=records[:2], reason="two reports")
    assert r.status_code == 303, r.text
    split_id = f"{event}-s"
    ledger = client.get("/ledger").text
    new = re.search(rf'href="/events/({re.escape(split_id)}\d+)"', ledger)
    assert new, "the split-off event is listed"
    r = _post(client, event, action="merge", other_event=new.group(1), reason="one exchange")
    assert r.status_code == 303
    assert new.group(1) not in client.get("/ledger").text
    # reject one record: it leaves the counts and is shown struck out
    rid = records[-1]
    r = _post(client, event, action="reject_record", record=rid, reason="misread")
    assert r.status_code == 303
    html = client.get(f"/events/{event}").text
    assert f"record #{rid} · rejected by review" in html
    audit = html.split('id="audit"', 1)[1].split("</table>", 1)[0]
    assert audit.count('<tr id="review-') == 4  # date, split, merge, reject


def test_a_review_that_does_not_fit_is_a_message_on_the_page(client: TestClient):
    sign_in(client)
    event = _event(client, "Armenia")
    r = _post(client, event, action="correct_count", direction="armenia>azerbaijan", count="x")
    assert r.status_code == 422 and "count: a whole number" in r.text
    r = _post(client, event, action="correct_count", direction="mars>venus", count="3", reason="r")
    assert r.status_code == 422 and "direction:" in r.text
    r = _post(client, event, action="correct_date", date="2025-02-30", reason="r")
    assert r.status_code == 422 and "date:" in r.text
    r = _post(client, event, action="merge", other_event="ev-none", reason="r")
    assert r.status_code == 404 and "ev-none" in r.text
    r = _post(client, event, action="dance", reason="r")
    assert r.status_code == 422 and "unknown action" in r.text
    assert client.get("/api/reviews").json()["total"] == 0


def test_a_write_without_the_csrf_field_or_from_another_site_changes_nothing(client: TestClient):
    sign_in(client)
    event = _event(client, "Armenia")
    r = client.post(f"/events/{event}/review", data={"action": "accept"})
    assert r.status_code == 403 and "out of date" in r.text
    page = client.get(f"/events/{event}").text
    r = client.post(
        f"/events/{event}/review",
        data={"action": "accept", "csrf": csrf_of(page)},
        headers={"Origin": "https://evil.example"},
    )
    assert r.status_code == 403 and "another site" in r.text
    client.cookies.clear()
    r = client.post(f"/events/{event}/review", data={"action": "accept", "csrf": csrf_of(page)})
    assert r.status_code == 401 and "Sign in" in r.text
    assert client.get("/api/reviews").json()["total"] == 0
