"""Every page through the in-process client: status, what it shows, filters, CSV, headers."""

from __future__ import annotations

import csv
import io
import re

from fastapi.testclient import TestClient

from swapledger.web.routes import CSP


def _event_id(client: TestClient, needle: str) -> str:
    """The id of the first event of the ledger table whose row mentions `needle`."""
    html = client.get("/ledger", params={"q": needle}).text
    found = re.search(r'href="/events/(ev-[0-9a-f]+)"', html)
    assert found, f"no event mentions {needle!r}"
    return found.group(1)


def test_every_page_answers_html_with_a_strict_content_security_policy(reader: TestClient):
    event = _event_id(reader, "1,212")
    for path in ["/", "/ledger", "/review", "/login", f"/events/{event}"]:
        r = reader.get(path)
        assert r.status_code == 200, path
        assert r.headers["content-type"].startswith("text/html")
        assert r.headers["content-security-policy"] == CSP
        assert "script-src" not in CSP and "default-src 'none'" in CSP
        assert r.headers["x-content-type-options"] == "nosniff"
        assert "<script" not in r.text


def test_the_stylesheet_is_served_by_the_app_and_no_page_loads_anything_from_elsewhere(
    reader: TestClient,
):
    css = reader.get("/static/style.css")
    assert css.status_code == 200 and css.headers["content-type"].startswith("text/css")
    assert reader.get("/static/../routes.py").status_code == 404
    assert reader.get("/static/nothing.css").status_code == 404
    for path in ["/", "/ledger", "/review"]:
        html = reader.get(path).text
        for ref in re.findall(r'(?:src|href)="([^"]+)"', html):
            assert not ref.startswith("//") and "://" not in ref or ref.startswith("https://"), ref
        assert re.findall(r'<link[^>]+href="([^"]+)"', html) == ["/static/style.css"]


def test_dashboard_shows_timelines_agreement_bars_totals_and_latest_events(reader: TestClient):
    html = reader.get("/").text
    assert html.count('<svg class="chart"') == 2  # bodies and prisoners, never added up
    assert "Russia → Ukraine: <b>2,212</b>" in html  # the bodies legend's total
    # agreements: progress bars with done of target
    assert re.search(r'<progress max="33" value="20">', html)
    assert "<b>20</b> of 33 (61%)" in html
    # an offer of "about 3,000 more" on an undated page: none of the earlier handovers
    offer = html.split('id="agreements"', 1)[1].split("date unknown", 1)[1].split("</section>")[0]
    assert "<b>0</b> of 3,000 (0%)" in offer and "only the handovers reported with it" in offer
    # reported total 6,060 beside the ledger's sum of the handovers up to that day and the
    # gap (a page's "6,060 had already been returned" is that total, not a handover)
    cells = re.sub(r"<[^>]+>", "|", html.split('id="totals"', 1)[1].split("</table>", 1)[0])
    assert re.search(r"6,060\|+\s*\|+2,412\|+\s*\|+\+3,648", cells)
    latest = html.split('id="latest"', 1)[1]
    assert latest.index("13 Oct 2025") < latest.index("11 Jun 2025")  # latest first


def test_ledger_table_lists_every_event_and_filters_by_party_kind_dates_outlet_status_text(
    reader: TestClient,
):
    def rows(**params: str) -> int:
        html = reader.get("/ledger", params=params).text
        return html.count('<tr>\n  <td><a href="/events/')

    everything = rows()
    assert everything == reader.get("/api/events").json()["total"] > 10
    assert rows(party="armenia") == 1
    assert rows(kind="remains") + rows(kind="prisoners") == everything
    assert rows(**{"from": "2025-06-01", "to": "2025-06-30"}) == 1
    assert rows(outlet="Harbour Post") == 3
    assert rows(q="Ofer") == 1
    assert 0 < rows(status="needs_review") < everything
    assert rows(party="armenia", kind="remains") == 0


def test_ledger_filters_with_bad_values_say_so_and_are_ignored(reader: TestClient):
    r = reader.get("/ledger", params={"from": "2025-13-40", "kind": "cats", "offset": "-3"})
    assert r.status_code == 200
    assert "from: &#39;2025-13-40&#39; is not a day" in r.text
    assert "kind: &#39;cats&#39; is not one of remains, prisoners" in r.text
    r = reader.get("/ledger", params={"from": "2025-06-30", "to": "2025-06-01"})
    assert "is after to" in r.text


def test_ledger_csv_downloads_the_filtered_events_with_reviewed_columns(reader: TestClient):
    r = reader.get("/ledger.csv", params={"party": "armenia"})
    assert r.status_code == 200
    assert r.headers["content-type"].startswith("text/csv")
    assert "attachment" in r.headers["content-disposition"]
    rows = list(csv.DictReader(io.StringIO(r.text)))
    assert {(x["from"], x["to"], x["count"]) for x in rows} == {
        ("armenia", "azerbaijan", "2"),
        ("azerbaijan", "armenia", "32"),
    }
    assert {"count_reviewed", "machine_count"} <= set(rows[0])


def test_event_page_shows_counts_quotes_in_their_paragraph_with_the_number_marked(
    reader: TestClient,
):
    event = _event_id(reader, "1,212")
    html = reader.get(f"/events/{event}").text
    assert "Russia → Ukraine" in html and "<b>1,212</b>" in html
    # the Meridian Ledger's sentence, with its number marked and the rest of the paragraph
    assert (
        '<span class="ev">Russia on Wednesday handed Ukraine the bodies of </span><mark>1,212</mark>'
        in html
    )
    assert "the first delivery under the" in html
    assert html.count('<article class="source"') == 6
    assert "No analyst has reviewed this event." in html


def test_event_page_links_only_http_urls_and_an_unknown_event_is_a_404_page(reader: TestClient):
    event = _event_id(reader, "Armenia")
    html = reader.get(f"/events/{event}").text
    assert '<a class="outlet" href="https://caucasus-dispatch.example/' in html
    r = reader.get("/events/ev-nothing")
    assert r.status_code == 404 and "There is no event" in r.text
    assert r.headers["content-type"].startswith("text/html")


def test_event_page_lays_conflicting_reports_side_by_side(make_client):
    from swapledger import service

    client = make_client(token=None)
    said = "Russia handed over 1,000 bodies to Ukraine on September 18, 2025, and received {}."
    pages = [
        ("wire-a", "Wire A", said.format("the bodies of 24 of its soldiers")),
        ("wire-b", "Wire B", said.format("the bodies of 26 of its soldiers")),
    ]
    from swapledger.model import Document

    docs = [
        Document(
            id=i,
            content=f"{outlet}\n\nBodies returned\n\n{text} Kyiv confirmed the handover.",
            content_type="text",
            source=i,
            url=f"https://{i}.example/news",
        )
        for i, outlet, text in pages
    ]
    service.ingest(client.app.state.swapledger.store, [], pages=docs, gate=False)
    client.app.state.swapledger.invalidate()
    html = client.get("/ledger", params={"q": "wire-b", "status": "conflicted"}).text
    found = re.search(r'href="/events/(ev-[0-9a-f]+)"', html)
    assert found, "the two reports should make one conflicted event"
    page = client.get(f"/events/{found.group(1)}").text
    side = page.split('class="side-by-side"', 1)[1].split("</section>", 1)[0]
    assert side.count('<div class="figure') == 2
    assert "<mark>24</mark>" in side and "<mark>26</mark>" in side
    assert "wire-a.example" in side and "wire-b.example" in side


def test_article_page_marks_its_records_and_shows_its_language(reader: TestClient):
    html = reader.get("/articles/tvrus-2025-09-18-1000-tel%230").text
    assert 'language: <b class="lang">Russian (ru)</b>' in html
    assert html.count('<mark class="record"') == 3
    assert 'lang="ru"' in html
    html = reader.get("/articles/caucasus-dispatch-2023-12-13-armenia-azerbaijan%230").text
    assert "English (en)" in html and "Not read" not in html


def test_article_in_a_language_without_grammar_says_why_it_was_not_read(make_client):
    from swapledger import service
    from swapledger.model import Document

    client = make_client(token=None)
    spanish = (
        "Rusia entregó hoy a Ucrania los cuerpos de mil doscientos soldados caídos en combate, "
        "según informaron las autoridades de Kiev. El intercambio se realizó en la frontera "
        "con Bielorrusia bajo la supervisión de la Cruz Roja, y las familias esperan ahora "
        "la identificación de los restos en los laboratorios forenses del país."
    )
    doc = Document(id="es-page", content=spanish, content_type="text", source="es-page")
    service.ingest(client.app.state.swapledger.store, [], pages=[doc], gate=False)
    html = client.get("/articles/es-page%230").text
    assert "Spanish (es)" in html
    assert "Not read: no grammar for language es" in html


def test_article_raw_view_greys_out_what_the_cleaner_removed(reader: TestClient):
    html = reader.get("/articles/daily-brief-aggregator-1200-bodies%230", params={"raw": "1"}).text
    assert '<p class="kept">' in html
    assert '<p class="removed">' in html  # page furniture
    assert '<p class="other">' in html  # the aggregator's other articles
    assert "the cleaned text" in html
    plain = reader.get("/articles/daily-brief-aggregator-1200-bodies%230").text
    assert '<p class="removed">' not in plain and "?raw=1" in plain
    assert reader.get("/articles/nothing%230").status_code == 404


def test_review_queue_puts_conflicts_and_single_sources_first_and_read_only_says_so(
    reader: TestClient,
):
    html = reader.get("/review").text
    assert "This server is read-only" in html
    assert "<form" not in html.split("<main>", 1)[1]
    queue = html.split('<ol class="queue">', 1)[1].split("</ol>", 1)[0]
    items = queue.split("<li")[1:]
    # the 1,212 exchange has three outlets: it comes after every single-source event
    at = next(i for i, item in enumerate(items) if "1,212" in item)
    assert "one source" in items[0] and not any("one source" in item for item in items[at:])


def test_ledger_order_and_counts_match_the_api(reader: TestClient):
    api = reader.get("/api/events", params={"limit": 500}).json()["items"]
    html = reader.get("/ledger").text
    ids = re.findall(r'href="/events/(ev-[0-9a-f-]+)"', html)
    assert ids == [e["id"] for e in api]


def test_event_page_says_which_pages_also_published_one_article(make_client):
    from swapledger import service
    from swapledger.model import Document

    client = make_client(token=None)
    story = (
        "Prisoners exchanged\n\nRussia and Ukraine exchanged 84 prisoners each on "
        "Thursday, August 14, 2025, the defence ministry said. The released soldiers were "
        "taken to Belarus for medical care before travelling home, officials added."
    )
    docs = [
        Document(
            id=f"copy-{n}",
            content=f"{site}\n\n{story}",  # one article, two pages (not byte-identical)
            content_type="text",
            source=f"copy-{n}",
            url=f"https://{site}/news/84",
        )
        for n, site in enumerate(["first-wire.example", "second-site.example"])
    ]
    service.ingest(client.app.state.swapledger.store, [], pages=docs, gate=False)
    client.app.state.swapledger.invalidate()
    html = client.get("/ledger", params={"q": "first-wire"}).text
    event = re.search(r'href="/events/(ev-[0-9a-f]+)"', html)
    assert event, "the copied story makes an event"
    page = client.get(f"/events/{event.group(1)}").text
    also = page.split('id="also"', 1)[1].split("</section>", 1)[0]
    assert "One article, on 2 pages" in also
    assert 'href="https://first-wire.example/news/84"' in also
    assert 'href="https://second-site.example/news/84"' in also


def test_a_browser_gets_pages_for_errors_the_api_answers_as_json(make_client, monkeypatch):
    from swapledger.api.state import AppState
    from swapledger.errors import StoreError

    client = make_client(token=None)
    r = client.get("/no/such/page")
    assert r.status_code == 404 and r.headers["content-type"].startswith("text/html")
    assert "No page at /no/such/page" in r.text
    assert client.get("/api/no/such").json() == {"error": "Not Found"}

    def broken(self: AppState) -> None:
        raise StoreError("database is locked <b>")

    monkeypatch.setattr(AppState, "snapshot", broken)
    r = client.get("/ledger")
    assert r.status_code == 503 and r.headers["content-type"].startswith("text/html")
    assert "database is locked &lt;b&gt;" in r.text  # escaped like any text
    assert client.get("/api/events").status_code == 503
    assert "database is locked" in client.get("/api/events").json()["error"]
