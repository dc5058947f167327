"""Document -> ExtractedDocument: the per-document stages in order.

1. clean: furniture out, aggregator pages split into articles (clean.py)
2. extract: records from each article (extract/)

Storing and reconciling happen after, in one writer (store/).
"""

from __future__ import annotations

from swapledger import clean, extract
from swapledger.clean.template import EMPTY, TemplateMemory
from swapledger.model import Document, ExtractedDocument, Skipped
from swapledger.settings import DEFAULT, Settings


def process(
    document: Document, settings: Settings = DEFAULT, memory: TemplateMemory = EMPTY
) -> ExtractedDocument | Skipped:
    """Run every per-document stage on one document (`memory`: its site's template)."""
    # 1. clean
    articles = clean.clean_document(document, settings, memory)
    if isinstance(articles, Skipped):
        return articles
    # 2. extract, in the article's own language; one we have no grammar for is left
    #    unread with a counted reason, never read as English
    records: list[tuple] = []
    unread: list[Skipped] = []
    for article in articles:
        reason = extract.unreadable(article, settings)
        if reason:
            unread.append(Skipped(article.id, "extract", reason))
            records.append(())
        else:
            records.append(tuple(extract.extract_article(article, settings)))
    return ExtractedDocument(
        document=document, articles=tuple(articles), records=tuple(records), unread=tuple(unread)
    )


_WARM_PAGE = (
    "<html><head><title>Exchange of prisoners</title></head><body><article>"
    "<h1>Exchange of prisoners</h1><p>Russia returned the bodies of 909 soldiers to "
    "Ukraine on Friday, officials said.</p>"
    "<p>The exchange took place on the border after weeks of talks mediated by the "
    "United Arab Emirates, the coordination headquarters said in a statement.</p>"
    "<p>In return, Ukraine handed over the bodies of 43 Russian soldiers.</p>"
    "</article></body></html>"
)
"""A page like most: long enough that trafilatura keeps its own extraction. A page too
short for it falls back on justext, whose stop words of every language (~0.15 s) most
pages never need: a worker that meets one loads them then."""


def warm(settings: Settings = DEFAULT) -> None:
    """Load what the stages load on their first page (trafilatura, the language model,
    grammars, word lists, compiled patterns): in a parent process before it forks its
    workers, so that they inherit it instead of each loading it again (~1.3 s apiece)."""
    page = Document(id="warm-up", content=_WARM_PAGE, content_type="html", source="warm-up")
    process(page, settings)
