"""Per-site template memory: a line that recurs on many pages of one site is furniture.

The generic line classifier (lines.py) judges each line on its own, so a site's own
footer written as a sentence ("The Ledger is funded by its readers ...") reads as
prose. What gives it away is that it recurs: body paragraphs belong to one story,
template lines to every page. The store counts, per site, on how many pages each
line hash was seen (store/templates.py); the cleaner receives a read-only
`TemplateMemory` snapshot for the page's site and never imports the store.

Two guards keep stories in: a line must recur on `MIN_TEMPLATE_PAGES` pages *and*
on `MIN_TEMPLATE_SHARE` of the site's pages (a related-story teaser recurs on a few
pages of a day, a footer on all of them), and a prose line that reports a count
("handed over 1,212 bodies") is never template: losing a record costs more than
keeping a footer, in which the extractor finds nothing.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from swapledger.clean.meta import canonical_outlet, copyright_owner
from swapledger.model import Document

MIN_TEMPLATE_PAGES = 3
"""Two pages of a site can share a paragraph by chance (a repost, one related teaser);
three that share it without being copies of one story are the site speaking."""

MIN_TEMPLATE_SHARE = 0.5
"""A footer is on nearly every page of a site; a teaser in a related block is on a few
pages of one day. Half the site's pages separates them once a site has a history."""

OUTLET_SITE = "outlet:"
"""Prefix of the site key of a page with no URL that names its own outlet: pages of many
sites saved without their URLs must not pool their lines in one memory, where one site's
footer would become the template of every other site's pages."""

SITE_NAME_META = re.compile(
    r"<meta\s[^>]*?(?:property|name)\s*=\s*[\"']og:site_name[\"'][^>]*>", re.IGNORECASE
)
META_CONTENT = re.compile(r"\scontent\s*=\s*(?:\"(?P<dq>[^\"]*)\"|'(?P<sq>[^']*)')", re.IGNORECASE)

HASH_CHARS = 16
"""64 bits of sha256: no two lines of one site collide in practice, and rows stay small."""

MIN_LINE_CHARS = 3
"""Shorter lines ("|", "•") are separators: not worth a row."""

SPACE = re.compile(r"\s+")
COUNT = re.compile(r"(?<![\d.,])(?!(?:19|20)\d\d\b)\d{1,3}(?:[ ,.\u202f]\d{3})*(?![\d.,]?\d)")
"""A number that is not a year: "1,212", "32", "6 060"; "2025" is a date, not a count."""


def site_key(document: Document) -> str | None:
    """The site a page belongs to: its URL's host without 'www.'; with no URL, the outlet
    the page names as its own (`OUTLET_SITE` + name); else None: no template memory, the
    page neither learns into one nor is cleaned by one."""
    if document.url:
        try:
            host = urlsplit(document.url if "//" in document.url else f"//{document.url}").hostname
        except ValueError:  # "http://[bad": no host to read
            host = None
        if host:
            return host.removeprefix("www.")
    name = page_outlet(document)
    return f"{OUTLET_SITE}{name.casefold()}" if name else None


def page_outlet(document: Document) -> str | None:
    """The outlet a page names as its own before it is cleaned: an HTML page's
    og:site_name, a text page's dated copyright footer ("© 2024 The Courier.")."""
    if document.content_type == "html":
        tag = SITE_NAME_META.search(document.content)
        m = META_CONTENT.search(tag.group(0)) if tag else None
        return canonical_outlet(m["dq"] if m["dq"] is not None else m["sq"]) if m else None
    for line in reversed(document.content.split("\n")):
        head = line.lstrip()[:9].lower()  # a cheap test before the pattern
        if head.startswith(("©", "(c)", "copyright")) and (name := copyright_owner(line)):
            return name
    return None


def line_hash(text: str) -> str:
    """Hash of one line, blind to case and spacing (scrapers re-wrap and re-case)."""
    norm = SPACE.sub(" ", text).strip().casefold()
    return hashlib.sha256(norm.encode("utf-8", "surrogatepass")).hexdigest()[:HASH_CHARS]


def page_hashes(lines: Iterable[str]) -> set[str]:
    """The distinct line hashes of one page (a line repeated on a page counts once)."""
    return {line_hash(t) for t in lines if len(t.strip()) >= MIN_LINE_CHARS}


def reports_a_count(text: str) -> bool:
    """True for a line with a number that is not a year: it may carry a record."""
    return bool(COUNT.search(text))


@dataclass(frozen=True, slots=True)
class TemplateMemory:
    """What the store knows of one site: pages seen, and on how many each line was."""

    site: str | None = None
    pages: int = 0
    seen: dict[str, int] = field(default_factory=dict)  # line hash -> pages it is on

    def is_template(self, text: str) -> bool:
        """True for a line this site prints on many of its pages (see the module docstring)."""
        if self.pages < MIN_TEMPLATE_PAGES or len(text.strip()) < MIN_LINE_CHARS:
            return False
        n = self.seen.get(line_hash(text), 0)
        if n < MIN_TEMPLATE_PAGES or n < MIN_TEMPLATE_SHARE * self.pages:
            return False
        return not reports_a_count(text)


EMPTY = TemplateMemory()
"""The memory of a site never seen: nothing is template."""


@dataclass(frozen=True, slots=True)
class SitePage:
    """A page on its way to the cleaner with what the store knows of its site."""

    document: Document
    memory: TemplateMemory


def document_lines(document: Document) -> Iterator[str]:
    """The lines a page shows, for counting: text lines, or HTML block texts."""
    if document.content_type != "html":
        yield from document.content.split("\n")
        return
    from swapledger.clean.html import block_texts

    yield from block_texts(document.content)
