"""Cleaning pages modelled on real sites: furniture out, body in, metadata found."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from swapledger import clean
from swapledger.model import Document, Skipped

PAGES = Path(__file__).parent / "pages"


def _clean(name: str, **fields) -> list:
    content = (PAGES / name).read_text("utf-8")
    doc = Document(id=Path(name).stem, content=content, content_type="text", source=name, **fields)
    articles = clean.clean_document(doc)
    assert isinstance(articles, list), articles
    return articles


def test_cookie_notice_share_buttons_newsletter_and_comments_are_removed():
    (article,) = _clean("wire_story_with_widgets.txt")
    assert article.title == "Armenia and Azerbaijan swap prisoners at their border"
    for furniture in (
        "cookies",
        "Accept all",
        "Share on",
        "Read more",
        "newsletter",
        "Comments",
        "Subscribe",
        "Skip to",
        "All rights reserved",
        "By Jane Doe",
    ):
        assert furniture not in article.text, furniture
    assert article.body.split("\n") == [
        "Armenia and Azerbaijan exchanged prisoners of war on Wednesday in a step towards a peace treaty, both governments said.",
        "Azerbaijan released 32 Armenian servicemen, while Armenia handed over two Azerbaijani soldiers captured in April.",
        "The International Committee of the Red Cross said it had examined the health of the released men before the handover.",
    ]


def test_a_written_date_near_the_title_is_the_publication_date():
    (article,) = _clean("wire_story_with_widgets.txt")
    assert article.published == dt.date(2023, 12, 13)


def test_a_date_given_by_the_input_wins_over_one_in_the_page():
    (article,) = _clean("wire_story_with_widgets.txt", published=dt.date(2023, 12, 14))
    assert article.published == dt.date(2023, 12, 14)


def test_a_donation_appeal_and_a_foreign_comment_form_are_removed_and_name_the_outlet():
    (article,) = _clean("repost_with_foreign_comment_form.txt")
    assert article.outlet == "Example Times"
    assert article.title == "Ukraine and Russia trade 1,000 bodies of fallen soldiers"
    assert len(article.body.split("\n")) == 3
    for furniture in ("Dear readers", "support us", "Source link", "commentaire", "e-mail"):
        assert furniture not in article.text


def test_an_aggregator_page_is_split_into_its_main_and_related_stories():
    fetched = dt.datetime(2023, 4, 16, 12, 0, tzinfo=dt.UTC)
    articles = _clean("aggregator_with_related.txt", fetched=fetched)
    assert [(a.title, a.outlet, a.age) for a in articles] == [
        ("Yemen's warring parties free nearly 900 prisoners", "Example Wire", "3 days ago"),
        ("Sudan army hands over wounded fighters to the Red Cross", "Example Wire", "5 hours ago"),
        ("Gaza truce extended by two days", "Example Wire", "an hour ago"),
    ]
    assert [a.id for a in articles] == [f"aggregator_with_related#{i}" for i in range(3)]
    assert [a.published for a in articles] == [
        dt.date(2023, 4, 13),
        dt.date(2023, 4, 16),
        dt.date(2023, 4, 16),
    ]
    assert len(articles[0].body.split("\n")) == 2
    assert "DOWNLOAD" not in articles[-1].text and "app" not in articles[-1].body


def test_related_stories_get_no_date_when_the_fetch_time_is_unknown():
    articles = _clean("aggregator_with_related.txt", published=dt.date(2023, 4, 14))
    assert [a.published for a in articles] == [dt.date(2023, 4, 14), None, None]


def test_article_offsets_cover_its_kept_lines_in_the_page():
    content = (PAGES / "aggregator_with_related.txt").read_text("utf-8")
    for article in _clean("aggregator_with_related.txt"):
        span = content[article.page_start : article.page_end]
        assert span.startswith(article.title)
        assert span.endswith(article.body.split("\n")[-1])


def test_article_text_is_the_title_a_blank_line_then_the_body():
    (article,) = _clean("repost_with_foreign_comment_form.txt")
    title, blank, *body = article.text.split("\n")
    assert (title, blank) == (article.title, "") and all(body)


def test_a_page_of_furniture_only_is_skipped_as_having_no_article_text(make_document):
    doc = make_document("Home\nNews\nSubscribe to our newsletter\nComments\nShare\n")
    assert clean.clean_document(doc) == Skipped("page", "clean", "no article text found")


def test_a_page_that_is_one_paragraph_is_one_untitled_article(make_document):
    text = "Ukraine said on Friday it had received 757 bodies from Russia, officials said."
    (article,) = clean.clean_document(make_document(text))
    assert (article.title, article.text, article.page_start, article.page_end) == (
        None,
        text,
        0,
        len(text),
    )


def test_html_furniture_is_removed_and_metadata_read(make_document):
    html = """<html><head><title>Swap done</title>
    <meta property="og:site_name" content="Example News"><meta property="article:published_time" content="2025-06-05">
    </head><body><nav><a href="/">Home</a> | <a href="/w">World</a></nav>
    <div class="cookie-banner">We use cookies. Accept all</div>
    <article><h1>Swap done</h1>
    <p>Russia and Ukraine exchanged 84 prisoners of war on Thursday, officials on both sides said.</p>
    <p>The exchange was mediated by the United Arab Emirates, the foreign ministry said.</p>
    </article><footer>Copyright 2025 Example News. All rights reserved.</footer></body></html>"""
    (article,) = clean.clean_document(make_document(html, content_type="html"))
    assert article.title == "Swap done"
    assert article.outlet == "Example News"
    assert article.published == dt.date(2025, 6, 5)
    assert "84 prisoners of war" in article.body and "cookies" not in article.text
    assert "Home" not in article.text and "Copyright" not in article.text


def test_broken_html_with_no_text_is_skipped_not_raised(make_document):
    for html in ("<html><body><div><p>oops</div></b><<<", "<<<>>>", "<html></html>"):
        result = clean.clean_document(make_document(html, content_type="html"))
        assert result == Skipped("page", "clean", "no article text found in HTML"), html


def test_run_yields_articles_and_skips_in_document_order(make_document):
    docs = [
        make_document("Comments\n", id="a"),
        make_document(
            "Ukraine said on Friday it had received 757 bodies from Russia, officials said.", id="b"
        ),
    ]
    out = list(clean.run(docs))
    assert [type(o).__name__ for o in out] == ["Skipped", "Article"]


def test_the_language_is_guessed_from_script_and_function_words():
    assert (
        clean.guess_language("Russia and Ukraine exchanged 84 prisoners of war on Friday.") == "en"
    )
    assert clean.guess_language("Россия и Украина провели обмен пленными в пятницу.") == "ru"
    assert clean.guess_language("Україна та Росія провели обмін полоненими.") == "uk"
    assert clean.guess_language("12345 !!!") == "und"


def test_a_menu_flattened_into_one_line_is_not_taken_for_the_title(make_document):
    page = (
        "Black Sea Monitor\n"
        "Home   Ukraine   Russia   Black Sea   Energy   About us\n"
        "Russia fires record 728 drones at Ukraine in overnight attack\n"
        "July 9, 2025, 11:05\n"
        "Russia launched 728 drones and 13 missiles at Ukraine overnight, the president said.\n"
        "The north-western city of Lutsk was the main target of the attack, officials said.\n"
    )
    (article,) = clean.clean_document(make_document(page))
    assert article.title == "Russia fires record 728 drones at Ukraine in overnight attack"
    assert "About us" not in article.text


def test_a_standfirst_is_kept_as_its_own_paragraph_so_it_never_runs_into_the_body(make_document):
    page = (
        "Menu\n"
        "Russia and Ukraine complete 1,000-for-1,000 prisoner swap\n"
        "Buses carrying the last group of freed soldiers crossed from Belarus on the final day\n"
        "By Marta Kowalczyk\n"
        "Russia and Ukraine on Sunday completed the biggest prisoner exchange of the war.\n"
        "The exchange began on Friday, when 390 prisoners were released by each side.\n"
    )
    (article,) = clean.clean_document(make_document(page))
    assert article.title == "Russia and Ukraine complete 1,000-for-1,000 prisoner swap"
    assert article.text.split("\n\n")[1] == (
        "Buses carrying the last group of freed soldiers crossed from Belarus on the final day"
    )
    assert "Kowalczyk" not in article.text and "Menu" not in article.text


def test_a_share_label_between_the_dateline_and_the_body_keeps_the_title_and_standfirst(
    make_document,
):
    page = (
        "Skip to content\n"
        "Menu\n"
        "Ukraine and Russia swap 84 prisoners each\n"
        "Soldiers held since the first months of the war were among those freed in the latest exchange\n"
        "By Jan Novak\n"
        "Published 5 June 2025, 10:12\n"
        "Share\n"
        "Russia and Ukraine exchanged 84 prisoners of war on Thursday, officials on both sides said.\n"
        "The exchange was mediated by the United Arab Emirates, the foreign ministry said.\n"
    )
    (article,) = clean.clean_document(make_document(page))
    assert article.title == "Ukraine and Russia swap 84 prisoners each"
    assert article.text.split("\n\n")[1].startswith("Soldiers held since the first months")
    assert article.published == dt.date(2025, 6, 5)
    assert "Share" not in article.text and "Novak" not in article.text


def test_a_more_from_list_is_split_into_the_sites_own_stories_each_with_its_age(make_document):
    page = (
        "Prisoners freed in overnight exchange\n"
        "Russia and Ukraine exchanged 84 prisoners of war on Thursday, officials on both sides said.\n"
        "The exchange was mediated by the United Arab Emirates, the foreign ministry said.\n"
        "More from The Harbour Post\n"
        "Talks on a further exchange to resume next week\n"
        "3 hours ago\n"
        "Negotiators said they expected to meet again in Istanbul after the holiday weekend.\n"
    )
    fetched = dt.datetime(2025, 6, 5, 12, 0, tzinfo=dt.UTC)
    main, related = clean.clean_document(make_document(page, fetched=fetched))
    assert main.outlet == "The Harbour Post"  # the site names itself
    assert (related.title, related.outlet, related.age, related.published) == (
        "Talks on a further exchange to resume next week",
        "The Harbour Post",
        "3 hours ago",
        dt.date(2025, 6, 5),
    )
    assert "More from" not in main.text + related.text


def test_a_dated_copyright_footer_names_the_outlet_when_nothing_else_does(make_document):
    page = (
        "Prisoners freed in overnight exchange\n"
        "Russia and Ukraine exchanged 84 prisoners of war on Thursday, officials on both sides said.\n"
        "The exchange was mediated by the United Arab Emirates, the foreign ministry said.\n"
        "Photo: © Reuters\n"
        "© 2019-2025 Example Gazette. All rights reserved.\n"
    )
    (article,) = clean.clean_document(make_document(page))
    assert article.outlet == "Example Gazette"


def test_a_newsletter_box_opened_by_sign_up_to_is_furniture(make_document):
    page = (
        "Prisoners freed in overnight exchange\n"
        "Russia and Ukraine exchanged 84 prisoners of war on Thursday, officials on both sides said.\n"
        "The exchange was mediated by the United Arab Emirates, the foreign ministry said.\n"
        "Sign up to our morning briefing\n"
        "The day's top stories from the region, delivered to you before breakfast every day.\n"
        "Enter your email\n"
    )
    (article,) = clean.clean_document(make_document(page))
    assert "briefing" not in article.text and "breakfast" not in article.text
