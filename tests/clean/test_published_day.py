"""The day an article was published, as the cleaner reads it off the page."""

from __future__ import annotations

import datetime as dt

from swapledger.clean import clean_document
from swapledger.model import Article, Document

BODY = (
    "В Україну повернули 1000 тіл загиблих українських військових\n\n"
    "Сьогодні відбулися репатріаційні заходи, в рамках яких в Україну повернуто 1000 тіл "
    "загиблих, повідомляє Координаційний штаб.\n"
)


def _main(content: str) -> Article:
    articles = clean_document(Document("p", content, "text", "p.txt"))
    assert isinstance(articles, list)
    return articles[0]


def test_a_scraper_date_prefix_dates_the_article() -> None:
    assert _main(" date 2026-02-26 " + BODY).published == dt.date(2026, 2, 26)


def test_a_first_of_january_scraper_date_is_a_padded_year_not_a_day() -> None:
    # a CMS that knows only the year writes 1 January: "Сьогодні" must not become New Year
    article = _main(" date 2026-01-01 " + BODY)
    assert article.published is None
    assert article.title.startswith("В Україну повернули")
