"""Per-site template memory: a line the site prints on many of its pages is furniture.

The footer below reads as prose to the line classifier (a full sentence, no link or
call-to-action word), so a page cleaned on its own keeps it. Once the store has seen
a few pages of the site, the next page of that site is cleaned without it.
"""

from __future__ import annotations

from swapledger import clean, service
from swapledger.clean.template import EMPTY, TemplateMemory, line_hash, site_key
from swapledger.model import Document
from swapledger.store import Store, templates

FOOTER = (
    "The Borderland Courier is owned by its readers and answers to no government, "
    "party or company in the region it covers."
)
STORIES = [
    (
        "Kyiv brings home the remains of soldiers",
        "Ukraine received the remains of 909 soldiers on Thursday, the coordination "
        "headquarters said. Most of them fell in the Donetsk region.",
    ),
    (
        "Prisoners cross the border at dawn",
        "Russia and Ukraine each released 84 prisoners of war early on Friday morning, "
        "with the United Arab Emirates acting as mediator once again.",
    ),
    (
        "Families wait for news of the missing",
        "Relatives of missing servicemen gathered in Kyiv on Saturday to ask the "
        "government for faster identification of the repatriated bodies.",
    ),
    (
        "Another exchange follows weeks of talks",
        "A further 150 Ukrainian defenders came home on Sunday, the president wrote, "
        "after weeks of negotiations that had stalled twice since the spring.",
    ),
]


def _page(i: int, site: str = "borderland-courier.example") -> Document:
    title, body = STORIES[i % len(STORIES)]
    content = f"{title}\n\n{body}\n\n{body.split('.')[0]} (continued).\n\n{FOOTER}\n"
    return Document(
        id=f"page{i}",
        content=content,
        content_type="text",
        source=f"page{i}.txt",
        url=f"https://www.{site}/news/{i}",
    )


def _local(i: int, footer: str = FOOTER, copyright: str = "") -> Document:
    """A page saved without its URL (a local file): `copyright` is its last line."""
    page = _page(i)
    content = page.content + (f"{copyright}\n" if copyright else "")
    return Document(
        id=f"local{i}",
        content=content.replace(FOOTER, footer),
        content_type="text",
        source=f"local{i}.txt",
    )


def _text(document: Document, memory: TemplateMemory = EMPTY) -> str:
    articles = clean.clean_document(document, memory=memory)
    assert isinstance(articles, list), articles
    return articles[0].text


def test_a_site_footer_that_reads_as_prose_is_kept_on_a_page_cleaned_alone():
    assert FOOTER in _text(_page(0))


def test_after_a_few_pages_of_a_site_its_footer_is_template_and_the_stories_stay():
    with Store("sqlite://") as store:
        service.ingest(store, [], pages=[_page(i) for i in range(3)], gate=False)
        memory = templates.memory(store, "borderland-courier.example")
        assert memory.pages == 3
        text = _text(_page(3), memory)
        assert FOOTER not in text
        assert "150 Ukrainian defenders" in text


def test_ingest_cleans_the_next_page_of_a_site_with_what_it_learned(tmp_path):
    with Store(f"sqlite:///{tmp_path / 'db.sqlite'}") as store:
        service.ingest(store, [], pages=[_page(i) for i in range(3)], gate=False)
        service.ingest(store, [], pages=[_page(3)], gate=False)
        (last,) = store.articles("page3")
        assert FOOTER not in last.text and "150 Ukrainian defenders" in last.text
        (first,) = store.articles("page0")
        assert FOOTER in first.text  # the first pages were cleaned before anything was known


def test_template_memory_is_per_site():
    with Store("sqlite://") as store:
        service.ingest(store, [], pages=[_page(i) for i in range(3)], gate=False)
        other = _page(3, site="other-paper.example")
        memory = templates.memory(store, site_key(other))
        assert memory.pages == 0
        assert FOOTER in _text(other, memory)


def test_a_recurring_line_that_reports_a_count_is_never_template():
    line = "Ukraine received the remains of 909 soldiers on Thursday."
    memory = TemplateMemory("x", pages=10, seen={line_hash(line): 10, line_hash(FOOTER): 10})
    assert memory.is_template(FOOTER)
    assert not memory.is_template(line)


def test_a_line_on_a_few_pages_of_a_site_with_a_long_history_is_not_template():
    memory = TemplateMemory("x", pages=100, seen={line_hash(FOOTER): 5})
    assert not memory.is_template(FOOTER)
    assert not TemplateMemory("x", pages=2, seen={line_hash(FOOTER): 2}).is_template(FOOTER)


def test_line_hashes_ignore_case_and_spacing():
    assert line_hash("Read  more  here ") == line_hash("read more here")
    assert site_key(_page(0)) == "borderland-courier.example"


def test_pages_without_a_url_or_an_outlet_of_their_own_get_no_template_memory():
    with Store("sqlite://") as store:
        service.ingest(store, [], pages=[_local(i) for i in range(4)], gate=False)
        assert store.articles("local3")[0].text.count(FOOTER) == 1  # nothing learned
        with store._tx("read") as conn:
            assert conn.execute(templates.template_sites.select()).all() == []
    assert site_key(Document(id="a", content="x", content_type="text", source="a")) is None


def test_pages_without_a_url_share_a_memory_only_with_pages_naming_the_same_outlet():
    other_footer = "The Valley Herald has reported from the region for more than forty years."
    with Store("sqlite://") as store:
        # three pages of one outlet, and three of another saved without URLs either
        pages = [
            _local(i, copyright="© 2025 The Borderland Courier. All rights reserved.")
            for i in range(3)
        ]
        pages += [
            _local(10 + i, other_footer, copyright="© 2025 The Valley Herald.") for i in range(3)
        ]
        service.ingest(store, [], pages=pages, gate=False)
        more = [
            _local(3, copyright="© 2025 The Borderland Courier. All rights reserved."),
            _local(13, FOOTER, copyright="© 2025 Some Other Paper."),
        ]
        service.ingest(store, [], pages=more, gate=False)
        (same,) = store.articles("local3")
        assert FOOTER not in same.text and "150 Ukrainian defenders" in same.text
        (other,) = store.articles("local13")  # the Courier's footer is not its template
        assert FOOTER in other.text
        assert templates.memory(store, "outlet:the valley herald").pages == 3


def test_an_html_page_without_a_url_is_keyed_by_its_site_name():
    html = (
        '<html><head><meta content="The Borderland Courier" property="og:site_name"></head></html>'
    )
    doc = Document(id="h", content=html, content_type="html", source="h.html")
    assert site_key(doc) == "outlet:the borderland courier"
