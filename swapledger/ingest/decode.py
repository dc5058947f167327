"""Bytes -> text, or the reason they are not a text or HTML page."""

from __future__ import annotations

import codecs
import re

from charset_normalizer import from_bytes

from swapledger.settings import DEFAULT, Settings

SNIFF_BYTES = 8192  # a page's first 8 KiB tell binary from text and HTML from plain text
MAX_CONTROL_RATIO = 0.05  # real text has almost no control characters; 5% is binary
MAX_CHAOS = 0.2  # charset_normalizer mess ratio above which its guess is not trusted
BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF32_LE, "utf-32"),  # before UTF-16 LE: its BOM starts the same way
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
BINARY = "binary file, not a text or HTML page"
UNDECODABLE = "cannot decode: not UTF-8 and no reliable encoding found"
EMPTY = "empty page"

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")
_HTML_START = re.compile(
    r"^\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body)\b",
    re.IGNORECASE | re.DOTALL,
)
_HTML_TAG = re.compile(r"<(?:p|div|span|a|article|section|br|h[1-6]|meta|script)\b", re.I)
MIN_SNIFFED_TAGS = 5  # a text page may quote a tag or two; five in 8 KiB is markup


def decode(data: bytes) -> str | None:
    """The text of `data` (BOM, UTF-8, then a confident charset guess), or None."""
    for bom, encoding in BOMS:
        if data.startswith(bom):
            try:
                return data.decode(encoding)
            except UnicodeDecodeError:
                return None
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    guess = from_bytes(data[: SNIFF_BYTES * 8]).best()
    if guess is None or guess.chaos > MAX_CHAOS:
        return None
    try:
        return data.decode(guess.encoding)
    except (UnicodeDecodeError, LookupError):
        return None


def looks_binary(data: bytes) -> bool:
    """True for bytes that are no text in any encoding (NUL bytes, many control bytes)."""
    head = data[:SNIFF_BYTES]
    if any(head.startswith(bom) for bom, _ in BOMS):
        return False
    if b"\x00" in head:
        return True
    controls = len(re.findall(rb"[\x00-\x08\x0b\x0e-\x1f\x7f]", head))
    return bool(head) and controls / len(head) > MAX_CONTROL_RATIO


def looks_like_html(text: str) -> bool:
    """True when a page without a telling file name is HTML markup."""
    head = text[:SNIFF_BYTES]
    return bool(_HTML_START.match(head)) or len(_HTML_TAG.findall(head)) >= MIN_SNIFFED_TAGS


def page_text(data: bytes, settings: Settings = DEFAULT) -> tuple[str | None, str | None]:
    """(text, None) for a usable page, or (None, reason) saying why it is not one."""
    if len(data) > settings.max_page_bytes:
        return None, too_large(len(data), settings)
    if looks_binary(data):
        return None, BINARY
    text = decode(data)
    if text is None:
        return None, UNDECODABLE
    return check_text(text, settings)


def check_text(text: str, settings: Settings = DEFAULT) -> tuple[str | None, str | None]:
    """(text, None), or (None, reason) for a page that is empty or mostly control characters."""
    stripped = text.strip()
    if not stripped:
        return None, EMPTY
    if (
        len(_CONTROL.findall(stripped[:SNIFF_BYTES])) / len(stripped[:SNIFF_BYTES])
        > MAX_CONTROL_RATIO
    ):
        return None, BINARY
    if len(stripped) < settings.min_text_chars:
        return None, f"{EMPTY}: only {len(stripped)} characters of text"
    return text, None


def too_large(size: int, settings: Settings = DEFAULT) -> str:
    """The reason given for a page over the size limit."""
    return f"too large: {size} bytes > limit {settings.max_page_bytes}"
