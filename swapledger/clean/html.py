"""HTML Document -> [Article] | Skipped: trafilatura finds the main text, with guards.

1. parse the page; consent walls and cookie notices go (`CONSENT`): trafilatura
   returns a consent wall as the article when the real text is in scripts
2. teaser index pages: three or more sibling cards, each a linked headline and a
   summary, become one article each (title, summary, date, the card's own URL);
   trafilatura merges them into one text and loses every headline but the first
3. link-dense blocks go ("Read more" lists, related links): trafilatura keeps them
   after the article when they sit in the article's container
4. trafilatura extracts the main text and metadata from what is left; when the
   page's JSON-LD `articleBody` is much longer, that is the text (script-rendered
   pages); when neither has text, the page is cleaned as flat text (clean_text)
5. lines are classified as in text pages; furniture and the site's template go

Offsets of an article are in the text it was read from: trafilatura's text, the
JSON-LD body, or the card's text.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import re
from collections.abc import Iterator
from dataclasses import dataclass
from urllib.parse import urljoin

import trafilatura
from lxml import etree
from lxml import html as lxml_html
from lxml.etree import ParserError, XPath, _Element

from swapledger.clean import meta
from swapledger.clean.lines import Kind, Line, split_lines
from swapledger.clean.template import EMPTY, TemplateMemory
from swapledger.clean.text import mark_template
from swapledger.model import Article, Document, Skipped
from swapledger.settings import DEFAULT, Settings

NO_HTML_TEXT = "no article text found in HTML"
FURNITURE = frozenset({Kind.CTA, Kind.SECTION, Kind.OPENER, Kind.CREDIT, Kind.TEMPLATE})

CONSENT = re.compile(r"cookie|consent|gdpr|\bcmp\b|privacy[-_ ]?(?:banner|notice|wall)", re.I)
"""id, class or aria-label of a consent wall or cookie banner (OneTrust, Didomi, Quantcast
and home-made ones all carry one of these words)."""

BLOCKS = ("p", "li", "ul", "ol", "div", "section", "aside", "nav", "dl", "table")
"""Elements that can hold a list of links on their own."""

MIN_LINK_SHARE = 0.6
"""A block whose text is 60% link text is a list of links ("Related: A | B | C"); a paragraph
citing a source links a few words of a sentence (under a third)."""

MIN_TEASERS = 3
"""Two cards side by side can be an article's 'see also'; three or more siblings of one
shape are an index of stories."""

MAX_TEASER_WORDS = 120
"""A card's summary is a sentence or two; a longer block is an article, not a teaser."""

MIN_BODY_SHARE = 2.0
"""JSON-LD `articleBody` replaces trafilatura's text when at least twice as long: the
visible page then held a wall or a stub, not the article."""

HEADINGS = ("h1", "h2", "h3", "h4")
TEXT_BLOCKS = ("p", "li", "h1", "h2", "h3", "h4", "h5", "h6", "td", "dd", "blockquote", "pre")

CARDS = ("article", "div", "li")
"""Elements that can be the cards of a teaser index."""

CONSENT_WORDS = ("cookie", "consent", "gdpr", "cmp", "privacy")
"""A word every match of `CONSENT` contains (tests/clean/test_html.py checks it): a page
none of whose ids, classes and aria-labels holds one has no consent wall to look for."""
_CONSENT_WORD = re.compile("|".join(CONSENT_WORDS), re.I)


# the guards below select with XPath, in C, only the elements a rule can apply to: walking
# every element in Python makes an object for each (the three scans made ~1,300 a page)
_NAMES = XPath(
    " | ".join(f"descendant-or-self::*/@{a}" for a in ("id", "class", "aria-label")),
    smart_strings=False,
)
"""Every id, class and aria-label of a page (as strings: no element objects made)."""
_LINKED_BLOCKS = XPath(" | ".join(f"descendant-or-self::{b}[descendant::a]" for b in BLOCKS))
"""Blocks with a link inside, in document order (a union of one path a tag: libxml2 reads
a name test several times faster than `*[self::p or ...]`)."""
_LINKED_HEADING = " or ".join(f"descendant::{h}[descendant::a]" for h in HEADINGS)
_CARD = f"descendant::p and ({_LINKED_HEADING})"
_CARD_PARENTS = XPath(
    "("
    + " | ".join(f"descendant::{tag}[{_CARD}]" for tag in CARDS)
    + ")/parent::*["
    + " or ".join(f"count({tag}[{_CARD}]) >= {MIN_TEASERS}" for tag in CARDS)
    + "]"
)
"""Elements with `MIN_TEASERS` children of one card tag, each with a paragraph and a
linked heading (what `_teaser` needs at the least), in document order."""

logging.getLogger("trafilatura").setLevel(logging.ERROR)  # it logs every empty page as a warning


SITE_NAME = "site name in the page's metadata"


@dataclass(frozen=True, slots=True)
class Teaser:
    """One card of an index page: its headline, summary, date and link."""

    title: str
    summary: str
    published: dt.date | None
    url: str | None


def _parser() -> etree.HTMLParser:
    """lxml.html's parser, less its element class lookup: that one is Python code called
    for every element Python touches (~1 µs each, ~400 a page in trafilatura alone), to
    give <form>, <input>, <select>, <textarea> and <label> classes with form-filling
    helpers that neither we nor trafilatura use; this one makes every element an
    HtmlElement in C. The tree is the same."""
    parser = etree.HTMLParser()
    parser.set_element_class_lookup(
        etree.ElementDefaultClassLookup(
            element=lxml_html.HtmlElement,
            comment=lxml_html.HtmlComment,
            pi=lxml_html.HtmlProcessingInstruction,
            entity=lxml_html.HtmlEntity,
        )
    )
    return parser


_PARSER = _parser()


def parse(content: str) -> _Element | None:
    """The page's element tree, or None for markup lxml cannot read."""
    try:
        return lxml_html.document_fromstring(content, parser=_PARSER)
    except (ParserError, ValueError):
        return None


def block_texts(content: str) -> Iterator[str]:
    """The text of every text block of a page (what the template memory counts)."""
    tree = parse(content)
    if tree is None:
        return
    for element in tree.iter(*TEXT_BLOCKS):
        text = " ".join(element.text_content().split())
        if text:
            yield text


def _text(element: _Element) -> str:
    return " ".join(element.text_content().split())


def _drop(element: _Element) -> None:
    parent = element.getparent()
    if parent is not None:
        parent.remove(element)


def drop_consent(tree: _Element) -> int:
    """Remove consent walls and cookie banners; how many were removed."""
    if not any(map(_CONSENT_WORD.search, _NAMES(tree))):
        return 0  # (most pages: the scan below costs ~1.5 ms a page)
    found = [
        e
        for e in tree.iter()
        if isinstance(e.tag, str)
        and e.tag not in ("html", "body", "head", "script", "style", "meta", "link")
        and CONSENT.search(" ".join(e.get(a, "") for a in ("id", "class", "aria-label")))
    ]
    marked = set(found)
    outermost = [e for e in found if not any(a in marked for a in e.iterancestors())]
    for element in outermost:
        _drop(element)
    return len(outermost)


def drop_link_lists(tree: _Element) -> int:
    """Remove blocks that are mostly link text (related links, 'read more' lists); how
    many were removed (a block inside a removed one goes with it, uncounted)."""
    removed = 0
    gone: set[_Element] = set()  # blocks inside a removed block: no longer in the page
    link_chars: dict[_Element, int] = {}  # a link's text length (links in several blocks)
    # in document order a block comes before the blocks inside it, and nothing inside a
    # block is removed before it is read: its text is the text it had in the page
    for element in _LINKED_BLOCKS(tree):
        if element in gone or element.getparent() is None:
            continue
        text = _text(element)
        if not text:
            continue
        linked = 0
        for a in element.iter("a"):
            chars = link_chars.get(a)
            if chars is None:
                chars = link_chars[a] = len(_text(a))
            linked += chars
        if linked >= MIN_LINK_SHARE * len(text):
            _drop(element)
            gone.update(_LINKED_BLOCKS(element))
            removed += 1
    return removed


def _teaser(card: _Element, base: str | None) -> Teaser | None:
    """A card as a teaser: a linked heading and a short summary, or None."""
    heading = next(iter(card.iter(*HEADINGS)), None)
    if heading is None:
        return None
    link = next(iter(heading.iter("a")), None)
    title = _text(heading)
    summary = " ".join(_text(p) for p in card.iter("p") if _text(p))
    if link is None or not title or not summary or len(summary.split()) > MAX_TEASER_WORDS:
        return None
    time = next(iter(card.iter("time")), None)
    published = None
    if time is not None:
        published = _date(time.get("datetime")) or meta.date_in_text(_text(time))
    href = link.get("href")
    url = urljoin(base or "", href) if href else None
    return Teaser(title, summary, published or meta.date_in_url(url), url)


def split_teasers(tree: _Element, base: str | None) -> list[Teaser]:
    """Cut the cards of a teaser index out of the page and return them (none if no index)."""
    for parent in _CARD_PARENTS(tree):  # only these can hold three cards of one tag
        cards = [c for c in parent if isinstance(c.tag, str) and c.tag in CARDS]
        teasers = [(c, t) for c in cards if (t := _teaser(c, base)) is not None]
        if len(teasers) >= MIN_TEASERS and len({c.tag for c, _ in teasers}) == 1:
            for card, _ in teasers:
                _drop(card)
            return [t for _, t in teasers]
    return []


def json_ld_body(tree: _Element) -> str:
    """The longest `articleBody` in the page's JSON-LD ('' if none)."""
    bodies: list[str] = []

    def walk(value: object) -> None:
        if isinstance(value, dict):
            body = value.get("articleBody")
            if isinstance(body, str):
                bodies.append(body)
            for v in value.values():
                walk(v)
        elif isinstance(value, list):
            for v in value:
                walk(v)

    for script in tree.iter("script"):
        if (script.get("type") or "").lower() != "application/ld+json" or not script.text:
            continue
        try:
            walk(json.loads(script.text))
        except ValueError:
            continue
    return max(bodies, key=len, default="").strip()


def _extract(content: str | _Element, url: str | None) -> trafilatura.settings.Document | None:
    # a date only from where the page states one (meta tags, JSON-LD, <time>, the url):
    # htmldate's extensive search guesses from free text, where it takes a copyright
    # footer's "© 2025" for a publication on 1 January 2025 (and costs ~30 ms a page);
    # datelines and bylines in the text are the cleaner's to read (meta.py)
    dates = trafilatura.settings.set_date_params(extensive=False)
    try:
        return trafilatura.bare_extraction(
            content,
            url=url,
            with_metadata=True,
            include_comments=False,
            favor_recall=True,
            date_extraction_params=dates,
        )
    except Exception:  # noqa: BLE001 -- lxml and trafilatura raise many types on broken markup
        return None


def _fallback_text(content: str) -> str:
    try:
        return trafilatura.html2txt(content) or ""
    except Exception:  # noqa: BLE001 -- same as above: broken markup is a value, not a crash
        return ""


def clean_html(
    document: Document, settings: Settings = DEFAULT, memory: TemplateMemory = EMPTY
) -> list[Article] | Skipped:
    """The articles of an HTML page: its main article, or the stories of a teaser index."""
    tree = parse(document.content)
    if tree is None:
        return _as_flat_text(document, memory)
    body = json_ld_body(tree)
    # 1. consent walls; 2. teaser cards; 3. link lists
    drop_consent(tree)
    teasers = split_teasers(tree, document.url)
    drop_link_lists(tree)
    # 4. main text and metadata (trafilatura reads the head, which the guards leave alone)
    result = _extract(tree, document.url)
    text = (result.text or "") if result is not None else ""
    flat = " ".join(text.split())
    if len(body) >= MIN_BODY_SHARE * len(flat) or (body and " ".join(body.split()) == flat):
        text = body  # (trafilatura's own fallback reads it too, but joins its paragraphs)
    title = ((result.title if result else None) or document.title or "").strip() or None
    articles: list[Article] = []
    if text.strip() and not (teasers and _is_index_title(text, title)):
        main_article = _main_article(document, settings, memory, result, text, title)
        if main_article is not None:
            articles.append(main_article)
    elif not teasers:
        return _as_flat_text(document, memory)
    outlet = _outlet(result)
    for teaser in teasers:
        articles.append(_teaser_article(document, teaser, len(articles), outlet))
    return articles or Skipped(document.id, "clean", NO_HTML_TEXT)


def _as_flat_text(document: Document, memory: TemplateMemory) -> list[Article] | Skipped:
    """The page as flat text, cleaned line by line (when extraction finds nothing)."""
    from swapledger.clean import clean_text

    flat = _fallback_text(document.content)
    cleaned = clean_text(document, flat, memory) if flat.strip() else None
    return cleaned if isinstance(cleaned, list) else Skipped(document.id, "clean", NO_HTML_TEXT)


def _is_index_title(text: str, title: str | None) -> bool:
    """True when what is left of an index page after its cards is only its heading."""
    left = [line for line in text.split("\n") if line.strip() and line.strip() != title]
    return sum(len(line.split()) for line in left) < MAX_TEASER_WORDS // 4


def _outlet(result: trafilatura.settings.Document | None) -> str | None:
    return meta.canonical_outlet(result.sitename) if result and result.sitename else None


def _main_article(
    document: Document,
    settings: Settings,
    memory: TemplateMemory,
    result: trafilatura.settings.Document | None,
    text: str,
    title: str | None,
) -> Article | None:
    """The page's main article from its extracted text, furniture and template out."""
    lines = [
        line
        for line in mark_template(split_lines(text), memory)
        if line.kind is not Kind.BLANK and line.kind not in FURNITURE
    ]
    if lines and title and lines[0].text == title:
        lines = lines[1:]
    if not _has_letters(lines, settings.min_text_chars):
        return None
    body = "\n".join(line.text for line in lines)
    found = (
        (document.published, "given by the input"),
        (_date(result.date if result else None), "page metadata"),
        (meta.date_in_url(document.url or (result.url if result else None)), "date in the url"),
    )
    published, published_from = next(((d, how) for d, how in found if d), (None, None))
    from swapledger.clean import guess_language

    return Article(
        id=f"{document.id}#0",
        document_id=document.id,
        index=0,
        text=f"{title}\n\n{body}" if title else body,
        title=title,
        outlet=_outlet(result),
        published=published,
        url=document.url or (result.url if result else None),
        language=guess_language(body),
        page_start=lines[0].start,
        page_end=lines[-1].end,
        fetched=document.fetched,
        outlet_from=SITE_NAME if _outlet(result) else None,
        published_from=published_from,
    )


def _has_letters(lines: list[Line], least: int) -> bool:
    """True when `lines` hold at least `least` letters (counted only that far)."""
    count = 0
    for line in lines:
        count += sum(map(str.isalpha, line.text))
        if count >= least:
            return True
    return count >= least


def _teaser_article(document: Document, teaser: Teaser, index: int, outlet: str | None) -> Article:
    from swapledger.clean import guess_language

    return Article(
        id=f"{document.id}#{index}",
        document_id=document.id,
        index=index,
        text=f"{teaser.title}\n\n{teaser.summary}",
        title=teaser.title,
        outlet=outlet,
        published=teaser.published,
        url=teaser.url or document.url,
        language=guess_language(teaser.summary),
        page_start=0,
        page_end=len(teaser.summary),
        fetched=document.fetched,
        outlet_from=SITE_NAME if outlet else None,
        published_from="teaser card" if teaser.published else None,
    )


def _date(value: str | None) -> dt.date | None:
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value[:10])
    except ValueError:
        return None
