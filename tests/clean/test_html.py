"""HTML pages where trafilatura alone goes wrong, and what the cleaner makes of them.

Each page is checked twice: trafilatura's own output shows the failure (so the test
notices if a new trafilatura fixes it), and ours shows the right articles.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import trafilatura

from swapledger import clean
from swapledger.model import Article, Document

PAGES = Path(__file__).parent / "pages"


def _html(name: str) -> str:
    return (PAGES / name).read_text("utf-8")


def _trafilatura(name: str) -> str:
    return trafilatura.extract(_html(name), favor_recall=True) or ""


def _clean(name: str, url: str | None = None) -> list[Article]:
    doc = Document(
        id=Path(name).stem, content=_html(name), content_type="html", source=name, url=url
    )
    articles = clean.clean_document(doc)
    assert isinstance(articles, list), articles
    return articles


def test_a_related_links_block_after_the_article_is_dropped():
    name = "related_links_kept_after_article.html"
    assert "Families of the missing wait for DNA results" in _trafilatura(name)
    (article,) = _clean(name)
    assert article.title == "Ukraine brings home 909 bodies of fallen soldiers"
    assert article.outlet == "Harbour Post"
    assert article.published == dt.date(2025, 10, 23)
    assert len(article.body.split("\n")) == 3
    for link in (
        "Read more",
        "Kyiv and Moscow trade",
        "Families of the missing",
        "Related coverage",
    ):
        assert link not in article.text, link


def test_a_consent_wall_is_not_taken_for_the_article_whose_body_is_in_json_ld():
    name = "cookie_notice_instead_of_article.html"
    assert "cookies" in _trafilatura(name) and "32 Armenian" not in _trafilatura(name)
    (article,) = _clean(name)
    assert article.title == "Armenia and Azerbaijan exchange prisoners on their border"
    assert "cookies" not in article.text and "partners" not in article.text
    assert article.body.split("\n")[1].startswith("Azerbaijan released 32 Armenian servicemen")
    assert len(article.body.split("\n")) == 3
    assert article.published == dt.date(2023, 12, 13)


def test_a_teaser_index_page_becomes_one_article_per_story_with_its_own_url_and_date():
    name = "teaser_index_page.html"
    merged = _trafilatura(name)
    assert (
        "1,212 soldiers" in merged and "303 more prisoners" in merged
    )  # one text for three stories
    articles = _clean(name, url="https://frontline-digest.example/tags/exchanges")
    assert [(a.title, a.published) for a in articles] == [
        ("Ukraine receives 1,212 bodies in latest repatriation", dt.date(2025, 6, 11)),
        ("Third day of the 1,000-for-1,000 swap completes the exchange", dt.date(2025, 5, 25)),
        ("Armenia and Azerbaijan swap prisoners ahead of peace talks", dt.date(2023, 12, 13)),
    ]
    assert articles[1].url == "https://frontline-digest.example/2025/05/25/third-day-of-swap"
    assert [a.id for a in articles] == [f"teaser_index_page#{i}" for i in range(3)]
    assert all(a.outlet == "Frontline Digest" for a in articles)
    assert "303 more prisoners" in articles[1].body and "1,212" not in articles[1].body


def _page(head: str, footer: str) -> Document:
    html = (
        f"<html><head><title>Exchange on the border</title>{head}</head><body><article>"
        "<h1>Exchange on the border</h1>"
        "<p>Armenia and Azerbaijan exchanged 32 and 2 servicemen on Wednesday, officials said.</p>"
        "<p>The handover took place at the border crossing after weeks of talks between them.</p>"
        f"</article><footer>{footer}</footer></body></html>"
    )
    return Document(id="page", content=html, content_type="html", source="page.html")


def test_a_copyright_year_is_no_publication_day():
    # "on Wednesday" must not resolve against 1 January of the copyright year
    (article,) = clean.clean_document(
        _page("", "<p>© 2023 Example Media. All rights reserved.</p>")
    )
    assert article.published is None
    declared = '<meta property="article:published_time" content="2023-12-13T09:00:00Z">'
    (article,) = clean.clean_document(_page(declared, "<p>© 2023 Example Media.</p>"))
    assert article.published == dt.date(2023, 12, 13)
    assert article.published_from == "page metadata"


def test_every_consent_pattern_holds_a_word_the_page_prefilter_looks_for():
    # drop_consent skips pages none of whose ids, classes and aria-labels holds one of
    # CONSENT_WORDS: a pattern added to CONSENT without its word would never fire
    import re

    from swapledger.clean.html import CONSENT, CONSENT_WORDS

    alternatives = re.sub(r"\(\?:[^)]*\)", "", CONSENT.pattern).split("|")
    for alternative in alternatives:
        assert any(word in alternative for word in CONSENT_WORDS), alternative


def test_consent_walls_are_found_whatever_the_case_of_their_names():
    from swapledger.clean.html import drop_consent, parse

    page = (
        "<html><body><div class='Site-COOKIE-Bar'><p>We use cookies</p></div>"
        "<div id='x' aria-label='Privacy Banner'><p>Accept</p></div>"
        "<div class='cmpbox'><p>kept: cmp is a word of its own</p></div>"
        "<article><p>Russia and Ukraine exchanged 150 prisoners.</p></article></body></html>"
    )
    tree = parse(page)
    assert drop_consent(tree) == 2
    text = tree.text_content()
    assert "cookies" not in text and "Accept" not in text
    assert "cmp is a word" in text and "150 prisoners" in text


def test_a_list_of_links_inside_another_goes_with_it_and_the_article_stays():
    from swapledger.clean.html import drop_link_lists, parse

    page = (
        "<html><body><article><p>Russia returned 909 bodies, <a href='/s'>officials</a> said "
        "on Friday.</p></article><div class='related'><ul><li><a href='/1'>Swap one</a></li>"
        "<li><a href='/2'>Swap two</a></li></ul><p><a href='/3'>More stories</a></p></div>"
        "</body></html>"
    )
    tree = parse(page)
    assert drop_link_lists(tree) == 1  # the outer block; its lists went with it
    text = " ".join(tree.text_content().split())
    assert text == "Russia returned 909 bodies, officials said on Friday."


def test_trafilatura_reads_our_tree_as_it_reads_lxml_html_s_own():
    # parse() makes every element an HtmlElement in C (no <form>/<input> classes):
    # trafilatura must extract from it exactly what it extracts from lxml.html's tree
    from lxml import html as lxml_html

    from swapledger.clean.html import _extract, parse

    for name in sorted(p.name for p in PAGES.glob("*.html")):
        page = _html(name)
        ours, theirs = parse(page), lxml_html.document_fromstring(page)
        assert lxml_html.tostring(ours) == lxml_html.tostring(theirs)
        a, b = _extract(ours, "https://example.org/a"), _extract(theirs, "https://example.org/a")
        assert (a.text, a.title, a.date, a.sitename) == (b.text, b.title, b.date, b.sitename)
    form = "<html><body><form><label>Name</label><input value='x'><p>Text</p></form></body></html>"
    assert all(isinstance(e, lxml_html.HtmlElement) for e in parse(form).iter())
