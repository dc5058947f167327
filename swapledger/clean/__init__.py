"""Document -> [Article] | Skipped: furniture out, aggregator pages split into articles.

1. plain text: segment the page by line shapes (text.py) into a main article and
   the related stories listed after it
2. HTML: trafilatura extracts the main text and its metadata (html.py)
3. each segment becomes an Article: title line, blank line, body paragraphs; with
   outlet, printed age, publication date and offsets in the page
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

from swapledger import language
from swapledger.clean import meta
from swapledger.clean.lines import Kind, Line
from swapledger.clean.template import EMPTY, TemplateMemory
from swapledger.clean.text import LIST_HEADER, Segment, segment
from swapledger.clean.vocabulary import vocabulary
from swapledger.model import Article, Document, Skipped
from swapledger.settings import DEFAULT, Settings

__all__ = ["TemplateMemory", "clean_document", "run", "guess_language"]

NO_TEXT = "no article text found"
CYRILLIC = re.compile(r"[\u0400-\u04ff]")
UKRAINIAN_LETTERS = re.compile(r"[іїєґІЇЄҐ]")
MIN_SCRIPT_SHARE = 0.3  # a page a third Cyrillic is a Cyrillic page with some Latin names
MIN_STOP_SHARE = 0.05  # English prose is ~40% function words; under 5% means an unlisted language
UNDETERMINED = "und"  # ISO 639-2 code for "language not identified"
INPUT_DATE = "given by the input"
AGE_DATE = "relative age before the fetch time"


def run(documents: Iterable[Document], settings: Settings = DEFAULT) -> Iterator[Article | Skipped]:
    """Stage shape: documents in, articles (or one Skipped per unusable document) out."""
    for document in documents:
        result = clean_document(document, settings)
        if isinstance(result, Skipped):
            yield result
        else:
            yield from result


def clean_document(
    document: Document, settings: Settings = DEFAULT, memory: TemplateMemory = EMPTY
) -> list[Article] | Skipped:
    """The articles of one page, or a Skipped saying why it has none; `memory` is what
    the store knows of the page's site (lines it prints on many pages are furniture)."""
    if not document.content.strip():
        return Skipped(document.id, "clean", "empty page")
    if document.content_type == "html":
        from swapledger.clean.html import clean_html

        return clean_html(document, settings, memory)
    return clean_text(document, document.content, memory)


def clean_text(
    document: Document, content: str, memory: TemplateMemory = EMPTY
) -> list[Article] | Skipped:
    """The articles of a plain-text page (`content`: the document's text, or text from HTML)."""
    lines, segments = segment(content, document.title, memory)
    if not segments or not segments[0].body_lines:
        return Skipped(document.id, "clean", NO_TEXT)
    main = segments[0]
    if main.outlet is None:
        main.outlet, main.outlet_from = _outlet_from_cues(lines, main)
    articles = []
    for index, seg in enumerate(segments):
        if not seg.body_lines:
            continue
        articles.append(_article(document, lines, seg, len(articles), is_main=index == 0))
    return articles


def _outlet_from_cues(lines: list[Line], main: Segment) -> tuple[str | None, str | None]:
    """The page's outlet, and how it was found: as its appeals name it, as its body names
    its own reporting, or as the site names itself (a list of "More from X", a dated
    copyright footer)."""
    for line in lines:
        if line.kind is Kind.OPENER and (name := meta.outlet_cue(line.text)):
            return name, "appeal naming it ('A Message from X')"
    for i in main.body_lines:
        if name := meta.outlet_cue(lines[i].text):
            return name, "the text naming its own reporting ('X has learned')"
    after = main.body_lines[-1] + 1 if main.body_lines else 0
    for line in lines[after:]:
        if line.kind is Kind.SECTION and line.related and line.outlet:
            return line.outlet, LIST_HEADER
    for line in reversed(lines[after:]):
        if name := meta.copyright_owner(line.text):
            return name, "copyright footer"
    return None, None


def _article(
    document: Document, lines: list[Line], seg: Segment, index: int, is_main: bool
) -> Article:
    # a dek is a paragraph of its own: a standfirst with no full stop must not run into
    # the body's first sentence
    dek = "\n".join(lines[i].text for i in seg.dek_lines)
    body = "\n".join(lines[i].text for i in seg.body_lines)
    text = "\n\n".join(part for part in (seg.title, dek, body) if part)
    body = f"{dek}\n{body}" if dek else body
    kept = seg.kept()
    found = (
        [
            (document.published, INPUT_DATE),
            (seg.date, "dateline"),
            (meta.date_in_url(document.url), "date in the url"),
        ]
        if is_main
        else []
    )
    found.append((meta.published_from_age(seg.age, document.fetched), AGE_DATE))
    published, published_from = next(((d, how) for d, how in found if d), (None, None))
    return Article(
        id=f"{document.id}#{index}",
        document_id=document.id,
        index=index,
        text=text,
        title=seg.title,
        outlet=seg.outlet,
        published=published,
        age=seg.age,
        url=document.url,
        language=guess_language(body),
        page_start=lines[kept[0]].start,
        page_end=lines[kept[-1]].end,
        fetched=document.fetched,
        outlet_from=seg.outlet_from if seg.outlet else None,
        published_from=published_from,
    )


def guess_language(text: str) -> str:
    """A language code for `text`: py3langid over the configured candidates
    (swapledger/language.py); for a short text it is unsure of, the script and the
    function words decide; 'und' when neither can tell."""
    code = language.detect(text)
    if code != UNDETERMINED:
        return code
    letters = [c for c in text if c.isalpha()]
    if not letters:
        return UNDETERMINED
    if len(CYRILLIC.findall(text)) / len(letters) >= MIN_SCRIPT_SHARE:
        return "uk" if UKRAINIAN_LETTERS.search(text) else "ru"
    words = re.findall(r"[^\W\d_]+", text.lower())
    by_language = vocabulary().stop_words_by_language
    scores = {
        code: sum(1 for w in words if w in stops)
        for code, stops in by_language.items()
        if code not in ("ru", "uk")
    }
    best = max(sorted(scores), key=lambda code: scores[code]) if scores else UNDETERMINED
    return best if scores.get(best, 0) >= MIN_STOP_SHARE * len(words) else UNDETERMINED
