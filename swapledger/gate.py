"""Document -> Document | Skipped: a fast relevance gate in front of parsing and extraction.

A crawl is almost all unrelated news; cleaning and extraction cost ~1000x more
than a scan of the raw bytes. The gate asks, in multi-pattern scans of the page's
UTF-8 bytes (markup included), for what every record needs:

1. a transfer word (a verb form or transfer noun of data/lang/*/triggers.toml)
2. a person or body noun (data/lang/*/nouns.toml, plus each party's `nationals`)
   within `NEAR_CHARS` of a transfer word and in the same block: the extractor reads a
   record from one sentence that holds its trigger and its count's noun phrase, and a
   sentence never spans a block's end (`BLOCK_ENDS`: in HTML the end of a paragraph,
   heading, list item or title, which trafilatura puts on lines of their own; in plain
   text a blank line)
3. a party anywhere in the page (aliases, adjectives, officials of parties.toml):
   a record's direction always comes from a named side or nationality

It is generous by design: matching ignores case, words match as prefixes
("return" matches "returned", "returning"), only their start must be a word
boundary (a word of `EXACT_MAX_CHARS` or fewer must end at one too), and each
language's verbs and nouns come in every inflected form the extractor knows. A page
without all three is skipped with stage "filter" and reason `NO_VOCABULARY` (counted,
not listed: see service.ingest). Pages written as HTML numeric entities (`&#1090;`)
are not decoded first and would not match.

The scan runs on Hyperscan (SIMD, several hundred MB/s over this vocabulary), or on
pyahocorasick over the lowercased text where Hyperscan is not installed (it is built
for x86-64 only), ~10x slower, same answers. Hyperscan looks for 1 and 2 first and
for 3 only on a page that has them: party names (countries) are in most world news,
and answering each of their matches in Python cost as much as the scan itself. Ingest asks the gate about a WARC
page's raw bytes before anything decodes them (`prefilter`): most pages of a crawl
never become a str. Bytes that may not be UTF-8 (a legacy charset, a BOM, control
bytes) get no answer there and are decoded and gated as text, as before.
"""

from __future__ import annotations

import base64
import functools
import hashlib
import json
import logging
import os
import platform
import re
import sys
import tempfile
from bisect import bisect_right
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from swapledger import lexicon
from swapledger.errors import ConfigError
from swapledger.model import Document, Skipped
from swapledger.settings import DEFAULT, Settings

__all__ = [
    "FILTER_STAGE",
    "NO_VOCABULARY",
    "Gate",
    "check",
    "gate",
    "passes",
    "prefilter",
    "run",
]

log = logging.getLogger(__name__)

FILTER_STAGE = "filter"
"""Stage of routine drops (the gate, WARC records that are not pages): counted per reason."""

NO_VOCABULARY = "no exchange vocabulary"

NEAR_CHARS = 600
"""Most characters between a transfer word and a person/body noun. A sentence of the
corpora is under 400 characters of text; markup inside it (links, <b>) adds the rest."""

NEAR_LIMIT = NEAR_CHARS + 2
"""The byte scan places a short word's start within a character (a '_' boundary): it
allows that much more."""

MAX_UTF8_BYTES = 4
"""Bytes of the widest UTF-8 character: NEAR_CHARS characters span at most this many
times as many bytes."""

EXACT_MAX_CHARS = 3
"""Words this short ("us", "men", "pow") must end at a word boundary too, or "us"
would match "use" and "men" "menu". A stem cut short ("giv" of "give") never does:
it stands for its longer forms."""

MIN_STEM_CHARS = 3
"""English stems drop a final -e/-y ("releas", "carr") but keep at least this much."""

LIGHT_VERBS = frozenset({"be", "come"})
"""Heads of intransitive multi-word verbs, too common to stand for the phrase: "be home"
is no "is", "come back" no "came". (A transitive one keeps its head alone: its particle
may follow the object, "handed the bodies over".)"""

TRANSFER, NOUN, PARTY = 1, 2, 4

BLOCK_ENDS = {
    "html": rb"</(?:p|h[1-6]|li|title)[ \t\r\n\f]*>",
    "text": rb"\n[ \t\r\f]*\n",
}
"""What ends a block, in HTML and in plain text. Not `</div>` nor `</td>`: trafilatura
runs a `<div>` nested in a sentence into it ('freed <div>12</div> soldiers') and puts a
table row's cells on one line."""
_BLOCK_RE = {kind: re.compile(pattern.decode()) for kind, pattern in BLOCK_ENDS.items()}
_BLOCK_BYTES = {kind: re.compile(pattern, re.IGNORECASE) for kind, pattern in BLOCK_ENDS.items()}
_HTML_ENDS = _BLOCK_BYTES["html"]

HIDDEN = rb"<(script|style)\b[^>]*>.*?</\1[ \t\r\n\f]*>"
"""What no reader of a page sees, in HTML: scripts (JSON-LD too: its headline is the
page's <title> again) and style sheets. A word there is code ("return", "document.body")
or metadata, and neither trafilatura nor the extractor reads it: it does not count. Nor
does a tag's name (`<body>`), though an attribute's value (`og:title`) does."""
_HIDDEN_RE = re.compile(HIDDEN, re.DOTALL | re.IGNORECASE)  # what _hidden finds (tests)

_LT, _SLASH = ord("<"), ord("/")
_ALNUM = bytes(1 if chr(b).isalnum() else 0 for b in range(128))
_BOMS = (b"\xff\xfe", b"\xfe\xff")  # UTF-16/32: not UTF-8, decoded first
# ids past the vocabulary: bytes that UTF-8 text cannot hold, and control bytes
_NOT_UTF8 = (rb"[\xc0-\xff][\x00-\x7f\xc0-\xff]", rb"[\x00-\x7f][\x80-\xbf]")
_CONTROL = rb"[\x00-\x08\x0b\x0e-\x1f\x7f]"
PASS, FAIL, UNSURE = 1, 0, -1

Key = tuple[int, int, bool, bool]
"""A pattern's (length in bytes, categories, check the start's boundary, check the end's)."""


class _Stop(Exception):
    """The scan has its answer."""


class Gate:
    """The vocabulary of every language with data files, compiled for one-pass scans."""

    __slots__ = ("_automaton", "_hs", "languages", "vocabulary")

    def __init__(
        self,
        vocabulary: dict[str, tuple[int, bool]],
        languages: tuple[str, ...],
        *,
        hyperscan: bool = True,
        compiled: _Hyperscan | None = None,
    ) -> None:
        self.vocabulary = vocabulary  # lowercase word -> (categories, exact)
        self.languages = languages
        if compiled is None and hyperscan:
            compiled = _Hyperscan.build(vocabulary)
        self._hs = compiled
        self._automaton: Any = _compile_aho(vocabulary) if self._hs is None else None

    @property
    def backend(self) -> str:
        """'hyperscan' or 'pyahocorasick'."""
        return "hyperscan" if self._hs is not None else "pyahocorasick"

    def passes(self, text: str, html: bool = False) -> bool:
        """True when `text` (HTML markup when `html`, else plain text) holds a transfer
        word near a person/body noun in one block, and a party."""
        if self._hs is None:
            return self._passes_aho(text, html)
        return self._scan(text.encode("utf-8", "surrogatepass"), html) == PASS

    def passes_bytes(self, data: bytes, html: bool = False) -> bool:
        """`passes` on UTF-8 bytes."""
        if self._hs is None:
            return self._passes_aho(data.decode("utf-8", "replace"), html)
        return self._scan(data, html) == PASS

    def verdict(self, body: bytes, html: bool = True) -> bool | None:
        """`passes` on a page's raw bytes in an unknown encoding: True (the words are
        there: read on), False (surely none: the bytes read as UTF-8 or ASCII, without
        control bytes), or None (none found, but the bytes may be a legacy charset, UTF-16
        or binary: decode them and ask `passes`)."""
        if body[:2] in _BOMS:
            return None
        if self._hs is None:
            try:
                text = body.decode("utf-8")
            except UnicodeDecodeError:
                return None
            return None if _has_control(body) else self._passes_aho(text, html)
        found = self._scan(body, html)
        return None if found == UNSURE else found == PASS

    def _scan(self, data: bytes, html: bool) -> int:
        """PASS (the words are there: read on, whatever the encoding), FAIL, or UNSURE
        (none found, but the bytes may not be UTF-8 text: decode them first).

        Two passes: the words near one another, blind to scripts (most pages of a crawl
        fail here), then, for the few that pass, the same with every block end and
        script found first. In HTML the first pass asks about block ends too, but only
        between a transfer word and a noun close enough to count (a search of the bytes
        between them): side-by-side story cards no longer send a page to the second."""
        found = self._scan_blocks(data, None, [] if html else None)
        if found != PASS:
            return found
        ends = [m.end() for m in _BLOCK_BYTES["html" if html else "text"].finditer(data)]
        hidden = _hidden(data) if html else []
        return self._scan_blocks(data, ends, hidden if html else None) if ends or hidden else PASS

    def _scan_blocks(
        self, data: bytes, ends: list[int] | None, hidden: list[int] | None = None
    ) -> int:
        """One pass; with `ends` (the offsets just past each block end, in order), the
        transfer word and the noun must be in one block. With `hidden` (HTML: the flat
        start, end offsets of what no reader sees, maybe none), words there and tag names
        do not count. A scan for a transfer word near a noun comes first, a scan for a
        party only after it found them: parties (countries) are in most world news, and
        a page of a crawl seldom gets that far."""
        scanner = self._hs
        assert scanner is not None
        near, unsure = self._near(scanner.near, data, ends, hidden)
        if near:
            party, unsure = self._party(scanner.party, data, hidden)
            if party:
                return PASS
        return UNSURE if unsure else FAIL

    @staticmethod
    def _near(
        scanner: _Database, data: bytes, ends: list[int] | None, hidden: list[int] | None
    ) -> tuple[bool, bool]:
        """(a transfer word near a noun in one block, bytes that may not be UTF-8 text
        seen): the scan stops at the first pair."""
        keys = scanner.keys
        words = len(keys)
        size = len(data)
        near = unsure = False
        transfer = noun = -1

        def same_block(earlier: int, later: int) -> bool:
            if ends is None:
                if hidden is None or later <= earlier + 1:
                    return True  # plain text: blind to blocks in the first pass
                # no block end ending in (earlier + 1, later]: a block end ("</p>") has one
                # '<', its first byte, so one ending past earlier + 1 starts at or after
                # the last '<' up to there
                lo = max(0, data.rfind(b"<", 0, earlier + 2))
                return all(m.end() <= earlier + 1 for m in _HTML_ENDS.finditer(data, lo, later))
            # a short word's start may be placed a byte early (its '_' boundary): on the
            # block end's last byte ('>' or a newline), which no word starts on
            i = bisect_right(ends, later)
            return i == 0 or ends[i - 1] <= earlier + 1

        def close(a: int, b: int) -> bool:
            # characters from a to b (byte offsets) at most NEAR_CHARS
            d = b - a
            if d <= NEAR_LIMIT:
                return True
            return (
                d <= NEAR_LIMIT * MAX_UTF8_BYTES
                and len(data[a:b].decode("utf-8", "ignore")) <= NEAR_LIMIT
            )

        def on_match(i: int, _from: int, end: int, _flags: int, _ctx: Any) -> None:
            nonlocal near, unsure, transfer, noun
            if i >= words:
                unsure = True
                return
            length, cats, check_start, check_end = keys[i]
            start = end - length
            if not _counts(data, size, hidden, start, end, check_start, check_end):
                return
            if cats & TRANSFER:
                near = noun >= 0 and close(noun, start) and same_block(noun, start)
                transfer = start
            if not near and cats & NOUN:
                near = transfer >= 0 and close(transfer, start) and same_block(transfer, start)
                noun = start
            if near:
                raise _Stop

        return scanner.scan(data, on_match), unsure

    @staticmethod
    def _party(scanner: _Database, data: bytes, hidden: list[int] | None) -> tuple[bool, bool]:
        """(a party named, bytes that may not be UTF-8 text seen): the scan stops at the
        first party."""
        keys = scanner.keys
        words = len(keys)
        size = len(data)
        unsure = False

        def on_match(i: int, _from: int, end: int, _flags: int, _ctx: Any) -> None:
            nonlocal unsure
            if i >= words:
                unsure = True
                return
            length, _cats, check_start, check_end = keys[i]
            if _counts(data, size, hidden, end - length, end, check_start, check_end):
                raise _Stop

        return scanner.scan(data, on_match), unsure

    def _passes_aho(self, text: str, html: bool = False) -> bool:
        lowered = text.lower()
        transfers: list[int] = []
        nouns: list[int] = []
        party = near = False
        size = len(lowered)
        ends = [m.end() for m in _BLOCK_RE["html" if html else "text"].finditer(lowered)]
        hidden = _hidden(lowered) if html else None

        def same_block(earlier: int, later: int) -> bool:
            i = bisect_right(ends, later)
            return i == 0 or ends[i - 1] <= earlier

        for end, (length, cats, exact) in self._automaton.iter(lowered):
            start = end - length + 1
            if start > 0 and lowered[start - 1].isalnum():
                continue
            if exact and end + 1 < size and lowered[end + 1].isalnum():
                continue
            if hidden is not None and _unseen(lowered, hidden, start, "<", "/"):
                continue
            if cats & PARTY:
                party = True
            if not near and cats & TRANSFER:
                near = (
                    bool(nouns) and start - nouns[-1] <= NEAR_CHARS and same_block(nouns[-1], start)
                )
                transfers.append(start)
            if not near and cats & NOUN:
                near = (
                    bool(transfers)
                    and start - transfers[-1] <= NEAR_CHARS
                    and same_block(transfers[-1], start)
                )
                nouns.append(start)
            if near and party:
                return True
        return False


_OPEN = re.compile(rb"<(script|style)\b", re.IGNORECASE)
_CLOSE = {
    tag: re.compile(rb"</" + tag + rb"[ \t\r\n\f]*>", re.IGNORECASE)
    for tag in (b"script", b"style")
}
_OPEN_STR = re.compile(_OPEN.pattern.decode(), re.IGNORECASE | re.ASCII)
_CLOSE_STR = {
    tag.decode(): re.compile(p.pattern.decode(), re.IGNORECASE | re.ASCII)
    for tag, p in _CLOSE.items()
}


def _hidden(data: Any) -> list[int]:
    """The (start, end) offsets of every match of `HIDDEN` in `data` (bytes or str),
    flat and in order: what that regex finds, one script or style sheet at a time (the
    regex itself, lazy across a page's scripts, cost ~0.5 ms a page)."""
    opener, closers, gt = (
        (_OPEN, _CLOSE, b">") if isinstance(data, bytes) else (_OPEN_STR, _CLOSE_STR, ">")
    )
    out: list[int] = []
    at = 0
    while m := opener.search(data, at):
        body = data.find(gt, m.end())
        close = closers[m.group(1).lower()].search(data, body + 1) if body >= 0 else None
        if close is None:
            at = m.start() + 1  # never closed: nothing hidden from here (as the regex)
            continue
        out += (m.start(), close.end())
        at = close.end()
    return out


def _unseen(data: Any, hidden: list[int], start: int, lt: Any, slash: Any) -> bool:
    """True for a word starting at `start` inside a hidden span, or a tag's name (`<body`,
    `</body`; a short word's start may be placed a character early: its boundary)."""
    if bisect_right(hidden, start) % 2:
        return True
    for at in (start, start + 1):
        before = data[max(0, at - 2) : at]
        if before[-1:] == lt or before == lt + slash:
            return True
    return False


def _alnum(ch: str) -> bool:
    return ch.isalnum()


def _has_control(body: bytes) -> bool:
    return len(
        body.translate(None, bytes(range(9)) + b"\x0b" + bytes(range(14, 32)) + b"\x7f")
    ) < len(body)


def _escape(data: bytes) -> bytes:
    return b"".join(b"\\x%02x" % b for b in data)


def _counts(
    data: bytes,
    size: int,
    hidden: list[int] | None,
    start: int,
    end: int,
    check_start: bool,
    check_end: bool,
) -> bool:
    """False when the word found at data[start:end] does not count: inside a word (its
    boundaries, where the pattern does not check them itself), or, in HTML (`hidden`
    not None, see `_scan_blocks`), where no reader sees it or a tag's name."""
    if hidden is not None:  # inline `_unseen`: this runs for every word found
        if hidden and bisect_right(hidden, start) % 2:
            return False
        p = data[start - 1] if start else 0
        q = data[start]
        if p == _LT or p == _SLASH and start > 1 and data[start - 2] == _LT:
            return False
        if q == _LT or q == _SLASH and p == _LT:
            return False
    if check_start and start > 0:
        b = data[start - 1]
        if (
            _ALNUM[b]
            if b < 128
            else _alnum(data[max(0, start - 4) : start].decode("utf-8", "ignore")[-1:])
        ):
            return False
    if check_end and end < size:
        b = data[end]
        if _ALNUM[b] if b < 128 else _alnum(data[end : end + 4].decode("utf-8", "ignore")[:1]):
            return False
    return True


class _Database:
    """Words compiled into one Hyperscan database; `keys[id]` tells each word pattern's
    match. Ids past them are the patterns of bytes that UTF-8 text cannot hold."""

    __slots__ = ("database", "keys")

    def __init__(self, database: Any, keys: list[Key]):
        self.database = database
        self.keys = keys

    @classmethod
    def build(cls, vocabulary: dict[str, tuple[int, bool]]) -> _Database:
        """ASCII words match without case; a word in another script matches as written
        lowercase, capitalized or in capitals (Hyperscan's caseless mode is ASCII only).
        Short ASCII words carry their own boundaries (`\\b`, or `_`, which `isalnum` does
        not count); the others' boundaries are checked on each match."""
        import hyperscan

        caseless, once = hyperscan.HS_FLAG_CASELESS, hyperscan.HS_FLAG_SINGLEMATCH
        exprs: list[bytes] = []
        flags: list[int] = []
        keys: list[Key] = []
        for word, (cats, exact) in vocabulary.items():
            encoded = word.encode("utf-8")
            if word.isascii():
                if exact and word[0].isalnum() and word[-1].isalnum():
                    exprs.append(rb"(?:\b|_)" + _escape(encoded) + rb"(?:\b|_)")
                    keys.append((len(encoded) + 1, cats, False, False))  # may end past a '_'
                else:
                    # a stem's start boundary in the automaton too: no callback for it
                    # inside a word ("turn" in "return", "cross" in "across"); a letter of
                    # another script before it is still for `_counts` to see
                    start = rb"(?:\b|_)" if word[0].isalnum() else b""
                    exprs.append(start + _escape(encoded))
                    keys.append((len(encoded), cats, True, exact))
                flags.append(caseless)
                continue
            for variant in sorted({word, word[:1].upper() + word[1:], word.upper()}):
                form = variant.encode("utf-8")
                if len(form) == len(encoded):  # a capital of another width: lowercase does
                    exprs.append(_escape(form))
                    flags.append(caseless)
                    keys.append((len(form), cats, True, exact))
        exprs += [*_NOT_UTF8, _CONTROL]
        flags += [once] * 3
        database = hyperscan.Database(mode=hyperscan.HS_MODE_BLOCK)
        database.compile(
            expressions=exprs, ids=list(range(len(exprs))), elements=len(exprs), flags=flags
        )
        return cls(database, keys)

    def dump(self) -> dict[str, Any]:
        """The database as JSON-ready data (for the cache, see `gate`)."""
        import hyperscan

        blob = base64.b64encode(hyperscan.dumpb(self.database)).decode("ascii")
        return {"keys": self.keys, "database": blob}

    @classmethod
    def load(cls, data: dict[str, Any]) -> _Database:
        """A database `dump` gave (errors if it is not one)."""
        import hyperscan

        database = hyperscan.loadb(base64.b64decode(data["database"]), hyperscan.HS_MODE_BLOCK)
        database.scratch = hyperscan.Scratch(database)  # compile makes one, loadb does not
        return cls(database, [(int(n), int(c), bool(s), bool(e)) for n, c, s, e in data["keys"]])

    def scan(self, data: bytes, on_match: Any) -> bool:
        """True when `on_match` stopped the scan (raised `_Stop`)."""
        import hyperscan

        try:
            self.database.scan(data, match_event_handler=on_match)
        except _Stop:
            return True
        except hyperscan.ScanTerminated as exc:  # pragma: no cover - depends on the binding
            if isinstance(exc.__context__, _Stop):
                return True
            raise
        return False


class _Hyperscan:
    """The vocabulary as two Hyperscan databases: transfer words and nouns (`near`), and
    parties (`party`); a word of both kinds is in both."""

    __slots__ = ("near", "party")

    def __init__(self, near: _Database, party: _Database):
        self.near = near
        self.party = party

    @classmethod
    def build(cls, vocabulary: dict[str, tuple[int, bool]]) -> _Hyperscan | None:
        """None without Hyperscan."""
        try:
            import hyperscan  # noqa: F401
        except ImportError:
            return None
        near = {w: v for w, v in vocabulary.items() if v[0] & (TRANSFER | NOUN)}
        party = {w: v for w, v in vocabulary.items() if v[0] & PARTY}
        return cls(_Database.build(near), _Database.build(party))


def _compile_aho(vocabulary: dict[str, tuple[int, bool]]) -> Any:
    try:
        import ahocorasick
    except ImportError as exc:  # pragma: no cover - declared dependency
        raise ConfigError(
            "the relevance gate needs pyahocorasick: pip install pyahocorasick"
        ) from exc
    automaton = ahocorasick.Automaton()
    for word, (cats, exact) in vocabulary.items():
        automaton.add_word(word, (len(word), cats, exact))
    automaton.make_automaton()
    return automaton


def _stem_en(word: str) -> str:
    """'release' -> 'releas', 'carry' -> 'carr': prefixes of every regular form."""
    if len(word) > MIN_STEM_CHARS and word[-1] in "ey":
        return word[:-1]
    return word


def _strings(value: Any) -> Iterator[str]:
    """Every string in a TOML value (lists, nested tables)."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, list):
        for v in value:
            yield from _strings(v)
    elif isinstance(value, dict):
        for v in value.values():
            yield from _strings(v)


def _forms(
    words: Iterable[str], lang: str, verbs: bool = False, stems: set[str] | None = None
) -> set[str]:
    """Every form of `words` the extractor may match, as lowercase prefixes; the ones cut
    short of a word ("giv" of "give") are added to `stems`.

    A multi-word verb matches by its head alone ("handed the bodies over" splits "hand
    over"), unless the head is a `LIGHT_VERBS` one; a multi-word noun matches whole.
    """
    stems = set() if stems is None else stems
    words = [w.strip().lower() for w in words if w.strip()]
    if lang == "en":
        irregular = lexicon.language("en").grammar.get("irregular", {})
        out: set[str] = set()
        for w in words:
            head, _, rest = w.partition(" ")
            if not rest or (verbs and head not in LIGHT_VERBS):
                stem = _stem_en(head) if verbs else head
                if stem != head:
                    stems.add(stem)
                out.add(stem)
                out.update(f.lower() for f in irregular.get(head, ()))
            else:
                forms = {head, *(f.lower() for f in irregular.get(head, ()))} if verbs else {head}
                out.update(f"{f} {rest}" for f in forms)
        return out
    from swapledger.extract import grammar

    try:
        forms = grammar.expand(words, lang)
    except ConfigError:  # no morphology installed: fall back to short stems
        forms = [w[: max(MIN_STEM_CHARS, len(w) - 2)] for w in words]
        stems.update(forms)
    return {f.split()[0].lower() for f in forms} | {w.split()[0].lower() for w in words}


def vocabulary(languages: tuple[str, ...]) -> dict[str, tuple[int, bool]]:
    """Lowercase word -> (categories, exact: it must end at a word boundary)."""
    cats: dict[str, int] = {}
    stems: set[str] = set()

    def add(words: Iterable[str], cat: int) -> None:
        for w in words:
            if w:
                cats[w] = cats.get(w, 0) | cat

    for code in languages:
        lang = lexicon.language(code)
        add(_forms(_strings(lang.triggers.get("verbs", {})), code, True, stems), TRANSFER)
        add(_forms(_strings(lang.triggers.get("nouns", {})), code, False, stems), TRANSFER)
        add(_forms(_strings(lang.nouns), code, False, stems), NOUN)
    book = lexicon.parties()
    for party in book.parties.values():
        add((n.lower() for n in party.nationals), NOUN)
        add((n.lower() for n in (*party.aliases, *party.adjectives, *party.officials)), PARTY)
    words = {w: (cat, len(w) <= EXACT_MAX_CHARS and w not in stems) for w, cat in cats.items()}
    return _without_covered(words)


def _without_covered(words: dict[str, tuple[int, bool]]) -> dict[str, tuple[int, bool]]:
    """`words` less those another word already covers: a prefix that may end anywhere
    (not exact) with every category of the longer word matches wherever the longer one
    does, at the same start, and tells the scan nothing less. Russian and Ukrainian
    forms share their stems, so this drops about two words in three, and the scan runs
    faster the fewer patterns it has."""
    out: dict[str, tuple[int, bool]] = {}
    for word, (cats, exact) in words.items():
        for i in range(1, len(word)):
            shorter = words.get(word[:i])
            if shorter is not None and not shorter[1] and shorter[0] | cats == shorter[0]:
                break
        else:
            out[word] = (cats, exact)
    return out


@functools.cache
def gate(languages: tuple[str, ...] | None = None, backend: str = "hyperscan") -> Gate:
    """The gate for `languages` (default: every language under data/lang/), built once per
    process; `backend` "pyahocorasick" forces the fallback (tests).

    Building it (every inflected form of every word, two Hyperscan databases) takes
    ~0.45 s, before a crawl's readers may start: the Hyperscan gate is kept in
    `language.cache_folder()` under a name made of everything it is built from (see
    `cache_key`) and read back from there in a few milliseconds. A cached gate that
    does not load, or does not answer a few pages of its own words as the gate that
    was cached did (`_probes`), is built again."""
    langs = tuple(languages or lexicon.available_languages())
    if backend != "hyperscan":
        return Gate(vocabulary(langs), langs, hyperscan=False)
    path = _cache_path(langs)
    cached = _read_cache(path, langs) if path is not None else None
    if cached is not None:
        return cached
    built = Gate(vocabulary(langs), langs)
    if path is not None and built._hs is not None:
        _write_cache(path, built)
    return built


CACHE_FORMAT = 2
"""Changes when the cached gate's layout does (part of its name)."""

_CODE = ("gate.py", "lexicon.py", "extract/grammar.py")
"""Our modules that make the vocabulary (their bytes are part of the cache's name)."""

_BUILT_WITH = ("hyperscan", "pymorphy3", "pymorphy3_dicts_ru", "pymorphy3_dicts_uk")
"""Installed packages the gate is built with (their files' sizes and times are part of
the cache's name: an upgrade rewrites them)."""


def cache_key(languages: tuple[str, ...], data: Path | None = None) -> str:
    """A digest of everything the gate of `languages` is built from: the data files (all
    of `data`, default the package's), our modules that read them, the installed
    Hyperscan and morphology packages, the machine and Python. A stale cached gate
    would skip pages silently, so nothing it depends on is left out."""
    package = Path(__file__).parent
    folder = data if data is not None else package / "data"
    digest = hashlib.sha256(
        repr((CACHE_FORMAT, languages, platform.machine(), sys.version_info[:2])).encode()
    )
    for path in sorted(folder.rglob("*")):
        if path.is_file() and "__pycache__" not in path.parts:
            digest.update(path.relative_to(folder).as_posix().encode() + b"\0")
            digest.update(path.read_bytes() + b"\0")
    for name in _CODE:
        digest.update(package.joinpath(name).read_bytes() + b"\0")
    import importlib.util

    for name in _BUILT_WITH:
        spec = importlib.util.find_spec(name)
        digest.update(name.encode() + b"\0")
        if spec is None or spec.origin is None:
            continue
        root = Path(spec.origin).parent
        for path in sorted(root.rglob("*")):
            # compiled bytecode is derived, and Python writes it through temporary files
            # that come and go while another process imports the package: left out
            relative = path.relative_to(root)
            if "__pycache__" in relative.parts or path.suffix == ".pyc":
                continue
            if path.is_file():
                stat = path.stat()
                digest.update(f"{relative}:{stat.st_size}:{stat.st_mtime_ns}\0".encode())
    return digest.hexdigest()[:32]


def _cache_path(languages: tuple[str, ...]) -> Path | None:
    from swapledger.language import cache_folder

    folder = cache_folder()
    if folder is None:
        return None
    try:
        return folder / f"gate-{cache_key(languages)}.json"
    except OSError:  # a file it is made from went missing: build the gate as ever
        return None


def _read_cache(path: Path, languages: tuple[str, ...]) -> Gate | None:
    try:
        data = json.loads(path.read_bytes())
        words = {w: (int(c), bool(e)) for w, c, e in data["vocabulary"]}
        compiled = _Hyperscan(_Database.load(data["near"]), _Database.load(data["party"]))
        loaded = Gate(words, languages, compiled=compiled)
        probes = data["probes"]
        if not probes or any(loaded.passes(text) != bool(answer) for text, answer in probes):
            raise ValueError("the cached gate does not answer as the gate that was cached")
        return loaded
    except FileNotFoundError:
        return None
    except Exception:  # noqa: BLE001 -- a cache is an optimisation: any failure builds anew
        log.debug("cached gate %s not read", path, exc_info=True)
        return None


PROBES = 3
"""Words of each kind a cached gate is tried on when read back (see `_probes`)."""


def _probes(built: Gate) -> list[list[Any]]:
    """[text, answer] of a few pages made of the gate's own words: the first `PROBES`
    transfer words, nouns and parties in sorted order (not the vocabulary's, which
    follows string hashing and so changes from process to process), each page with and
    without its party, and the gate's answer to it. A gate read back from the cache
    must give the answers the gate that was written gave. (An answer is not assumed:
    "россиян", a noun, holds the party word "росси", so its page passes without one.)"""
    kinds: dict[int, list[str]] = {TRANSFER: [], NOUN: [], PARTY: []}
    for word, (cats, _) in sorted(built.vocabulary.items()):
        if cats in kinds and len(kinds[cats]) < PROBES:
            kinds[cats].append(word)
    out: list[list[Any]] = []
    for transfer, noun, party in zip(kinds[TRANSFER], kinds[NOUN], kinds[PARTY], strict=False):
        for text in (f"{transfer} {noun} {party}", f"{transfer} {noun}"):
            out.append([text, built.passes(text)])
    return out


def _write_cache(path: Path, built: Gate) -> None:
    assert built._hs is not None
    part: Path | None = None
    try:
        data = {
            "vocabulary": [[w, c, e] for w, (c, e) in built.vocabulary.items()],
            "near": built._hs.near.dump(),
            "party": built._hs.party.dump(),
            "probes": _probes(built),
        }
        with tempfile.NamedTemporaryFile(dir=path.parent, suffix=".part", delete=False) as out:
            part = Path(out.name)
            out.write(json.dumps(data).encode("utf-8"))
        os.replace(part, path)  # whole or not at all: another process may read it
        part = None
        for old in path.parent.glob("gate-*.json"):
            if old != path:
                old.unlink(missing_ok=True)
    except Exception:  # noqa: BLE001 -- a cache is an optimisation
        log.debug("gate not cached", exc_info=True)
        if part is not None:
            part.unlink(missing_ok=True)


def passes(document: Document) -> bool:
    """True when the document may hold a record (see the module docstring)."""
    return gate().passes(document.content, html=document.content_type == "html")


def check(document: Document) -> Document | Skipped:
    """The document, or a Skipped saying it has no exchange vocabulary."""
    if passes(document):
        return document
    return Skipped(document.id, FILTER_STAGE, NO_VOCABULARY)


def prefilter(body: bytes) -> str | None:
    """`NO_VOCABULARY` when a page's raw bytes surely hold no exchange vocabulary, else
    None (the page is read on and gated as text). For readers: ingest.read_warc."""
    return NO_VOCABULARY if gate().verdict(body) is False else None


def run(
    documents: Iterable[Document | Skipped], settings: Settings = DEFAULT
) -> Iterator[Document | Skipped]:
    """Stage shape: documents in, the ones that may hold a record (or skips) out."""
    for item in documents:
        yield item if isinstance(item, Skipped) else check(item)
