"""In Chromium: open the dashboard, follow an event, see its highlighted quote, review it with
the token and see the audit row; hostile pages run nothing and link nowhere.

Playwright's sync API drives Debian's Chromium against uvicorn on localhost (see
conftest). Screenshots go to the folder printed at the end of the run.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.web.conftest import ANALYST, TOKEN, LiveServer

DESKTOP = {"width": 1100, "height": 900}
PHONE = {"width": 390, "height": 844}
DOCS_DASHBOARD = 1180
"""The README's dashboard is cut below the timelines and the first agreements."""
WATCH = """(() => {
    window.__dialogs = [];
    for (const name of ["alert", "confirm", "prompt"]) {
        window[name] = (m) => { window.__dialogs.push(String(m)); };
    }
})();"""


def _page(browser, **kwargs):
    context = browser.new_context(**kwargs)
    context.set_default_timeout(15_000)
    return context, context.new_page()


def _shoot(page, folder: Path, name: str, docs: Path | None = None, height: int = 0) -> None:
    """A full-page screenshot into `folder`; into `docs` too (cut at `height` px if given)."""
    page.screenshot(path=str(folder / name), full_page=True)
    if docs is not None:
        clip = {"x": 0, "y": 0, "width": DESKTOP["width"], "height": height} if height else None
        page.screenshot(path=str(docs / name), full_page=True, clip=clip)


def test_dashboard_leads_to_an_event_with_its_number_highlighted_in_the_quote(
    browser, live_demo: LiveServer, screenshots: Path, docs_screenshots: Path | None
):
    context, page = _page(browser, viewport=DESKTOP)
    try:
        page.goto(live_demo.url + "/")
        assert page.locator("h1").inner_text() == "Dashboard"
        assert page.locator("svg.chart").count() >= 1
        assert page.locator("progress").count() >= 1
        _shoot(page, screenshots, "dashboard.png", docs_screenshots, height=DOCS_DASHBOARD)
        page.set_viewport_size(PHONE)
        _shoot(page, screenshots, "dashboard-phone.png")
        assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
        page.set_viewport_size(DESKTOP)
        # follow the Russia -> Ukraine 1,212 bodies exchange from the latest events
        row = page.locator("table.events tr", has_text="1,212").first
        row.locator("a").first.click()
        page.wait_for_url(re.compile(r"/events/ev-"))
        marks = page.locator("section.sources blockquote.quote mark")
        assert marks.count() >= 1
        assert "1,212" in marks.all_inner_texts()
        # the mark sits inside its paragraph: the quote holds more than the evidence
        quote = page.locator("section.sources blockquote.quote", has=page.locator("mark")).first
        assert len(quote.inner_text()) > len(quote.locator("mark").first.inner_text()) + 20
        links = page.locator("section.sources a.outlet")
        assert all(
            h.startswith(("http://", "https://"))
            for h in links.evaluate_all("els => els.map(e => e.getAttribute('href'))")
        )
        _shoot(page, screenshots, "event.png", docs_screenshots)
        page.set_viewport_size(PHONE)
        _shoot(page, screenshots, "event-phone.png")
        # the article page shows the language and the raw page on request
        page.locator("section.sources a", has_text="the article").first.click()
        assert "language" in page.locator("p.meta").inner_text()
        page.locator("p.toggle a").click()
        assert page.locator(".raw p.removed, .raw p.kept").count() >= 1
        _shoot(page, screenshots, "article-raw-phone.png")
    finally:
        context.close()


def test_an_analyst_signs_in_corrects_a_count_and_sees_the_audit_row(
    browser, live_demo: LiveServer, screenshots: Path
):
    context, page = _page(browser, viewport=DESKTOP)
    try:
        page.goto(live_demo.url + "/review")
        assert "Sign in" in page.locator("main").inner_text()
        page.goto(live_demo.url + "/login")
        page.fill("input[name=name]", ANALYST)
        page.fill("input[name=token]", TOKEN)
        page.click("form.login button")
        page.wait_for_url(re.compile(r"/review$"))
        assert ANALYST in page.locator("main").inner_text()
        cookies = {c["name"]: c for c in context.cookies()}
        cookie = cookies["swapledger_analyst"]
        assert cookie["httpOnly"] and cookie["sameSite"] == "Strict"
        assert page.evaluate("document.cookie") == ""  # scripts cannot read it
        # the Armenia/Azerbaijan exchange: correct Armenia -> Azerbaijan's count
        page.locator("ol.queue li", has_text="Armenia").locator("h2 a").click()
        page.wait_for_url(re.compile(r"/events/ev-"))
        page.locator("summary", has_text="Correct a count").click()
        form = page.locator("details[open] form")
        form.locator("select[name=direction]").select_option(label="Armenia → Azerbaijan")
        form.locator("input[name=count]").fill("3")
        form.locator("input[name=reason]").fill("the ministry's list names three soldiers")
        form.locator("button").click()
        page.wait_for_url(re.compile(r"#review-\d+$"))
        audit = page.locator("section.audit table tbody tr").last
        assert ANALYST in audit.inner_text()
        assert "the ministry's list names three soldiers" in audit.inner_text()
        counts = page.locator("table.counts tr.reviewed")
        assert "3" in counts.inner_text() and "2" in counts.locator("td").nth(2).inner_text()
        _shoot(page, screenshots, "event-reviewed.png")
    finally:
        context.close()


@pytest.mark.parametrize("path", ["/", "/ledger", "/review", "/ledger?q=script"])
def test_hostile_pages_run_nothing_in_the_browser_on_list_pages(
    browser, live_hostile: LiveServer, path: str
):
    _hostile_check(browser, live_hostile.url + path)


def test_hostile_pages_run_nothing_on_their_event_and_article_pages(
    browser, live_hostile: LiveServer, screenshots: Path
):
    context, page = _page(browser, viewport=DESKTOP)
    try:
        page.goto(live_hostile.url + "/ledger")
        hrefs = page.locator("table.events a").evaluate_all(
            "els => els.map(e => e.getAttribute('href'))"
        )
    finally:
        context.close()
    assert len(hrefs) >= 2
    for href in hrefs:
        page_html = _hostile_check(browser, live_hostile.url + href, screenshots)
        assert re.search(r"<(script|svg|img)\b", page_html)  # the markup is shown, as text
    for article in ("hostile-text%230", "hostile-html%230"):
        _hostile_check(browser, f"{live_hostile.url}/articles/{article}")
        _hostile_check(browser, f"{live_hostile.url}/articles/{article}?raw=1", screenshots)


def _hostile_check(browser, url: str, screenshots: Path | None = None) -> str:
    """Open `url` and check that no script ran and no link leads anywhere but http(s) or this
    site; returns the page's visible text. The page's CSP is bypassed here, so that what
    is shown to hold is the escaping alone (the CSP is a second wall, checked to be sent)."""
    context, page = _page(browser, viewport=DESKTOP, bypass_csp=True)
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.add_init_script(WATCH)
    try:
        response = page.goto(url)
        assert response is not None and response.status == 200, url
        assert "script-src" not in (csp := response.headers["content-security-policy"])
        assert "default-src 'none'" in csp
        page.wait_for_timeout(150)  # let an onerror of a broken image fire, were there one
        assert page.evaluate("window.__pwned") is None, url
        assert page.evaluate("window.__dialogs") == [] and dialogs == [], url
        assert page.locator("script, iframe, img, [onerror], [onload], [onclick]").count() == 0
        hrefs = page.locator("a[href]").evaluate_all("els => els.map(e => e.getAttribute('href'))")
        for href in hrefs:
            assert href.startswith(("/", "#", "http://", "https://")), (url, href)
            assert "javascript:" not in href.lower()
        if screenshots is not None:
            name = re.sub(r"[^a-z0-9]+", "-", url.split("//", 1)[1].split("/", 1)[1].lower())
            page.screenshot(
                path=str(screenshots / f"hostile-{name.strip('-')}.png"), full_page=True
            )
        return page.locator("body").inner_text()
    finally:
        context.close()
