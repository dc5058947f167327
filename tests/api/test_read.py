"""Reading the ledger and the store over HTTP: every list and item, paging, each filter."""

from __future__ import annotations

from urllib.parse import quote

from fastapi.testclient import TestClient

from tests.api.helpers import event_with, events, transfer


def test_events_carry_counts_sources_and_evidence(shared_client: TestClient) -> None:
    e = event_with(shared_client, "russia", "ukraine", 1212)
    assert e["kind"] == "remains" and e["date"] == "2025-06-11"
    t = transfer(e, "russia>ukraine")
    assert t["count"] == t["machine_count"] == 1212 and not t["reviewed"]
    assert transfer(e, "ukraine>russia")["count"] == 27
    assert e["machine"]["date"] == "2025-06-11"
    assert e["voices"] >= 2 and not e["reviewed"] and e["reviews"] == []
    for s in e["sources"]:
        # the evidence sits in its sentence, and both point into the article's text
        assert s["evidence"] in s["sentence"]
        article = shared_client.get(f"/api/articles/{quote(s['article'], safe='')}").json()
        assert article["text"][s["evidence_start"] : s["evidence_end"]] == s["evidence"]
        assert article["text"][s["sentence_start"] :].startswith(s["sentence"])
    assert any("1,212" in s["evidence"] for s in e["sources"])


def test_one_event_by_id_is_the_listed_one(shared_client: TestClient) -> None:
    listed = event_with(shared_client, "armenia", "azerbaijan", 2)
    r = shared_client.get(f"/api/events/{listed['id']}")
    assert r.status_code == 200
    assert r.json() == listed


def test_paging_walks_every_event_once_with_next_links(shared_client: TestClient) -> None:
    everything = [e["id"] for e in events(shared_client)]
    assert len(everything) >= 6
    seen: list[str] = []
    url: str | None = "/api/events?limit=4"
    while url:
        page = shared_client.get(url).json()
        assert page["total"] == len(everything) and page["limit"] == 4
        assert len(page["items"]) <= 4
        seen += [e["id"] for e in page["items"]]
        url = page["next"]
    assert seen == everything
    last = shared_client.get("/api/events", params={"limit": 4, "offset": len(everything)}).json()
    assert last["items"] == [] and last["next"] is None


def test_events_filter_by_party_kind_dates_outlet_and_text(shared_client: TestClient) -> None:
    everything = events(shared_client)
    armenia = events(shared_client, party="armenia")
    assert armenia and all(
        "armenia" in {p for t in e["transfers"] for p in (t["from"], t["to"])} for e in armenia
    )
    remains = events(shared_client, kind="remains")
    assert remains and {e["kind"] for e in remains} == {"remains"}
    assert len(remains) < len(everything)
    in_2025 = events(shared_client, **{"from": "2025-01-01", "to": "2025-12-31"})
    assert in_2025 and all((e["date"] or e["date_range"][0]) >= "2025-01-01" for e in in_2025)
    assert all(e["date"] or e["date_range"] for e in in_2025)  # undated ones left out
    one_day = events(shared_client, **{"from": "2025-06-11", "to": "2025-06-11"})
    assert [transfer(e, "russia>ukraine")["count"] for e in one_day] == [1212]
    meridian = events(shared_client, outlet="meridian")
    assert meridian and all(
        any("Meridian" in (s["outlet"] or "") for s in e["sources"]) for e in meridian
    )
    assert [e["id"] for e in events(shared_client, q="1,212")] == [
        event_with(shared_client, "russia", "ukraine", 1212)["id"]
    ]
    assert events(shared_client, q="no such words anywhere") == []


def test_events_filter_by_review_status_and_order(shared_client: TestClient) -> None:
    everything = events(shared_client)
    assert events(shared_client, status="reviewed") == []
    assert len(events(shared_client, status="unreviewed")) == len(everything)
    single = events(shared_client, status="single_source")
    assert single and all(e["voices"] <= 1 for e in single)
    latest = events(shared_client, order="-date")
    assert [e["id"] for e in latest] == [e["id"] for e in reversed(everything)]
    queue = events(shared_client, order="queue")
    assert sorted(e["id"] for e in queue) == sorted(e["id"] for e in everything)


def test_agreements_with_progress_and_filters(shared_client: TestClient) -> None:
    page = shared_client.get("/api/agreements").json()
    assert page["total"] == len(page["items"]) > 0
    a = next(a for a in page["items"] if a["announced"] == "2025-06-02")
    assert a["kind"] == "remains" and {"russia", "ukraine"} <= set(a["parties"])
    assert a["progress"] and all(p["gap"] == p["target"] - p["done"] for p in a["progress"])
    assert a["sources"] and all(s["status"] == "planned" for s in a["sources"])
    assert shared_client.get(f"/api/agreements/{a['id']}").json() == a
    hamas = shared_client.get("/api/agreements", params={"party": "hamas"}).json()["items"]
    assert hamas and all("hamas" in x["parties"] for x in hamas)
    dated = shared_client.get("/api/agreements", params={"from": "2025-06-01"}).json()["items"]
    assert [x["id"] for x in dated] == [a["id"]]
    assert shared_client.get("/api/agreements", params={"kind": "remains"}).json()["total"] >= 1


def test_totals_beside_the_ledger(shared_client: TestClient) -> None:
    page = shared_client.get("/api/totals").json()
    x = page["items"][0]
    assert x["as_of"] == "2025-06-16" and x["kind"] == "remains"
    assert transfer(x, "russia>ukraine")["count"] == 6060
    assert x["ledger"] and all(t["gap"] == t["target"] - t["done"] for t in x["ledger"])
    assert shared_client.get(f"/api/totals/{x['id']}").json() == x
    assert shared_client.get("/api/totals", params={"kind": "prisoners"}).json()["items"] == []
    assert shared_client.get("/api/totals", params={"q": "dnipro"}).json()["total"] == 1


def test_records_with_event_and_filters(shared_client: TestClient) -> None:
    page = shared_client.get("/api/records", params={"limit": 500}).json()
    assert page["total"] == len(page["items"]) >= 30
    r = next(r for r in page["items"] if r["count"] == 1212 and r["outlet"] == "Eastern Wire")
    assert r["status"] == "completed" and r["from"] == "russia" and r["to"] == "ukraine"
    assert r["event"] == event_with(shared_client, "russia", "ukraine", 1212)["id"]
    assert r["rejected_by"] is None
    assert shared_client.get(f"/api/records/{r['id']}").json() == r
    planned = shared_client.get("/api/records", params={"status": "planned", "limit": 500}).json()
    assert planned["items"] and {x["status"] for x in planned["items"]} == {"planned"}
    by_event = shared_client.get("/api/records", params={"event": r["event"]}).json()["items"]
    assert r["id"] in [x["id"] for x in by_event]
    assert all(x["event"] == r["event"] for x in by_event)
    of_page = shared_client.get("/api/records", params={"document": r["document"]}).json()
    assert of_page["items"] and {x["document"] for x in of_page["items"]} == {r["document"]}
    found = shared_client.get("/api/records", params={"q": "handed over 1,212"}).json()["items"]
    assert r["id"] in [x["id"] for x in found]
    dated = shared_client.get("/api/records", params={"from": "2025-06-11", "to": "2025-06-11"})
    assert dated.json()["items"] and all(x["date"] == "2025-06-11" for x in dated.json()["items"])
    ukraine = shared_client.get("/api/records", params={"party": "azerbaijan"}).json()["items"]
    assert ukraine and all("azerbaijan" in (x["from"], x["to"]) for x in ukraine)


def test_articles_and_documents(shared_client: TestClient) -> None:
    docs = shared_client.get("/api/documents", params={"limit": 3}).json()
    assert docs["total"] == 11 and len(docs["items"]) == 3 and docs["next"]
    assert "content" not in docs["items"][0]
    aggregator = shared_client.get("/api/documents/daily-brief-aggregator-1200-bodies").json()
    assert aggregator["articles"] == len(aggregator["article_ids"]) > 1
    assert "1,212" in aggregator["content"]
    arts = shared_client.get(
        "/api/articles", params={"document": "daily-brief-aggregator-1200-bodies"}
    ).json()
    assert [a["id"] for a in arts["items"]] == aggregator["article_ids"]
    article = shared_client.get(
        f"/api/articles/{quote(aggregator['article_ids'][0], safe='')}"
    ).json()
    assert article["records"] == len(article["record_list"]) > 0
    assert all(
        article["text"][r["evidence_start"] : r["evidence_end"]] == r["evidence"]
        for r in article["record_list"]
    )
    russian = shared_client.get("/api/articles", params={"language": "ru"}).json()["items"]
    assert russian and all(a["language"] == "ru" for a in russian)
    assert shared_client.get("/api/articles", params={"q": "1,212"}).json()["total"] >= 2
    assert (
        shared_client.get("/api/articles", params={"outlet": "eastern wire"}).json()["total"] >= 1
    )
    dated = shared_client.get("/api/documents", params={"from": "2025-06-01", "to": "2025-06-30"})
    assert 0 < dated.json()["total"] < 11
    assert shared_client.get("/api/documents", params={"q": "meridian"}).json()["total"] >= 1


def test_the_schema_lists_every_endpoint(shared_client: TestClient) -> None:
    paths = shared_client.get("/openapi.json").json()["paths"]
    for path in [
        "/api/events",
        "/api/events/{event_id}",
        "/api/events/{event_id}/reviews",
        "/api/reviews",
        "/api/agreements",
        "/api/agreements/{agreement_id}",
        "/api/totals",
        "/api/totals/{total_id}",
        "/api/records",
        "/api/records/{record_id}",
        "/api/articles",
        "/api/articles/{article_id}",
        "/api/documents",
        "/api/documents/{document_id}",
        "/api/pages",
    ]:
        assert path in paths, path
    # the ledger's lists take the same filters, each described
    for path in ("/api/events", "/api/agreements", "/api/totals", "/api/records"):
        params = {p["name"]: p for p in paths[path]["get"]["parameters"]}
        assert {"party", "kind", "from", "to", "outlet", "q", "limit", "offset"} <= set(params)
        assert all(params[n].get("description") for n in ("party", "from", "q")), path


def test_no_page_loads_anything_from_a_cdn(shared_client: TestClient) -> None:
    for path in ("/docs", "/redoc"):
        assert shared_client.get(path).status_code == 404
