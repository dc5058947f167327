"""HTML Document -> [Article] | Skipped: trafilatura finds the main text and its metadata."""

from __future__ import annotations

import datetime as dt
import logging

import trafilatura

from swapledger.clean import meta
from swapledger.clean.lines import Kind, split_lines
from swapledger.model import Article, Document, Skipped
from swapledger.settings import DEFAULT, Settings

NO_HTML_TEXT = "no article text found in HTML"
FURNITURE = frozenset({Kind.CTA, Kind.SECTION, Kind.OPENER, Kind.CREDIT})

logging.getLogger("trafilatura").setLevel(logging.ERROR)  # it logs every empty page as a warning


def _extract(content: str, url: str | None) -> trafilatura.settings.Document | None:
    try:
        return trafilatura.bare_extraction(
            content, url=url, with_metadata=True, include_comments=False, favor_recall=True
        )
    except Exception:  # noqa: BLE001 -- lxml and trafilatura raise many types on broken markup
        return None


def _fallback_text(content: str) -> str:
    try:
        return trafilatura.html2txt(content) or ""
    except Exception:  # noqa: BLE001 -- same as above: broken markup is a value, not a crash
        return ""


def clean_html(document: Document, settings: Settings = DEFAULT) -> list[Article] | Skipped:
    """The main article of an HTML page (offsets are in the text trafilatura extracted)."""
    result = _extract(document.content, document.url)
    text = (result.text or "") if result is not None else ""
    if not text.strip():
        from swapledger.clean import clean_text  # the page as flat text, cleaned line by line

        flat = _fallback_text(document.content)
        if not flat.strip():
            return Skipped(document.id, "clean", NO_HTML_TEXT)
        articles = clean_text(document, flat)
        if isinstance(articles, Skipped):
            return Skipped(document.id, "clean", NO_HTML_TEXT)
        return articles
    title = (result.title or document.title or "").strip() or None if result else document.title
    lines = [
        line
        for line in split_lines(text)
        if line.kind is not Kind.BLANK and line.kind not in FURNITURE
    ]
    if lines and title and lines[0].text == title:
        lines = lines[1:]
    if sum(c.isalpha() for line in lines for c in line.text) < settings.min_text_chars:
        return Skipped(document.id, "clean", NO_HTML_TEXT)
    body = "\n".join(line.text for line in lines)
    published = document.published or _date(result.date if result else None)
    published = published or meta.date_in_url(document.url or (result.url if result else None))
    from swapledger.clean import guess_language

    return [
        Article(
            id=f"{document.id}#0",
            document_id=document.id,
            index=0,
            text=f"{title}\n\n{body}" if title else body,
            title=title,
            outlet=meta.canonical_outlet(result.sitename) if result and result.sitename else None,
            published=published,
            url=document.url or (result.url if result else None),
            language=guess_language(body),
            page_start=lines[0].start,
            page_end=lines[-1].end,
            fetched=document.fetched,
        )
    ]


def _date(value: str | None) -> dt.date | None:
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value[:10])
    except ValueError:
        return None
