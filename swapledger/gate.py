"""Document -> Document | Skipped: a fast relevance gate in front of parsing and extraction.

A crawl is almost all unrelated news; cleaning and extraction cost ~100x more
than a scan of the raw text. The gate asks, with one Aho-Corasick pass over the
lowercased page (markup included), for what every record needs:

1. a transfer word (a verb form or transfer noun of data/lang/*/triggers.toml)
2. a person or body noun (data/lang/*/nouns.toml, plus each party's `nationals`)
   within `NEAR_CHARS` of a transfer word: the extractor reads a record from one
   sentence that holds its trigger and its count's noun phrase
3. a party anywhere in the page (aliases, adjectives, officials of parties.toml):
   a record's direction always comes from a named side or nationality

It is generous by design: words match as prefixes ("return" matches "returned",
"returning"), only their start must be a word boundary, and each language's
verbs and nouns come in every inflected form the extractor knows. A page without
all three is skipped with stage "filter" and reason `NO_VOCABULARY` (counted,
not listed: see service.ingest). Pages written as HTML numeric entities
(`&#1090;`) are not decoded first and would not match.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from swapledger import lexicon
from swapledger.errors import ConfigError
from swapledger.model import Document, Skipped
from swapledger.settings import DEFAULT, Settings

__all__ = ["NO_VOCABULARY", "FILTER_STAGE", "Gate", "gate", "passes", "run"]

FILTER_STAGE = "filter"
"""Stage of routine drops (the gate, WARC records that are not pages): counted per reason."""

NO_VOCABULARY = "no exchange vocabulary"

NEAR_CHARS = 600
"""Most characters between a transfer word and a person/body noun. A sentence of the
corpora is under 400 characters of text; markup inside it (links, <b>) adds the rest."""

EXACT_MAX_CHARS = 3
"""Words this short ("us", "men", "pow") must end at a word boundary too, or "us"
would match "use" and "men" "menu"."""

MIN_STEM_CHARS = 3
"""English stems drop a final -e/-y ("releas", "carr") but keep at least this much."""

LIGHT_VERBS = frozenset({"be", "come"})
"""Heads of intransitive multi-word verbs, too common to stand for the phrase: "be home"
is no "is", "come back" no "came". (A transitive one keeps its head alone: its particle
may follow the object, "handed the bodies over".)"""

TRANSFER, NOUN, PARTY = 1, 2, 4


@dataclass(frozen=True, slots=True)
class Gate:
    """A compiled automaton over the vocabulary of every language with data files."""

    automaton: Any  # ahocorasick.Automaton: (end index) -> (length, categories, exact)
    languages: tuple[str, ...]

    def passes(self, text: str) -> bool:
        """True when `text` holds a transfer word near a person/body noun, and a party."""
        lowered = text.lower()
        transfers: list[int] = []
        nouns: list[int] = []
        party = near = False
        size = len(lowered)
        for end, (length, cats, exact) in self.automaton.iter(lowered):
            start = end - length + 1
            if start > 0 and lowered[start - 1].isalnum():
                continue
            if exact and end + 1 < size and lowered[end + 1].isalnum():
                continue
            if cats & PARTY:
                party = True
            if not near and cats & TRANSFER:
                near = bool(nouns) and start - nouns[-1] <= NEAR_CHARS
                transfers.append(start)
            if not near and cats & NOUN:
                near = bool(transfers) and start - transfers[-1] <= NEAR_CHARS
                nouns.append(start)
            if near and party:
                return True
        return False


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


def _forms(words: Iterable[str], lang: str, verbs: bool = False) -> set[str]:
    """Every form of `words` the extractor may match, as lowercase prefixes.

    A multi-word verb matches by its head alone ("handed the bodies over" splits "hand
    over"), unless the head is a `LIGHT_VERBS` one; a multi-word noun matches whole.
    """
    words = [w.strip().lower() for w in words if w.strip()]
    if lang == "en":
        irregular = lexicon.language("en").grammar.get("irregular", {})
        out: set[str] = set()
        for w in words:
            head, _, rest = w.partition(" ")
            if not rest or (verbs and head not in LIGHT_VERBS):
                out.add(_stem_en(head) if verbs else head)
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
    return {f.split()[0].lower() for f in forms} | {w.split()[0].lower() for w in words}


@functools.cache
def gate(languages: tuple[str, ...] | None = None) -> Gate:
    """The gate for `languages` (default: every language under data/lang/), built once."""
    try:
        import ahocorasick
    except ImportError as exc:  # pragma: no cover - declared dependency
        raise ConfigError("the relevance gate needs pyahocorasick: pip install pyahocorasick") from exc
    langs = tuple(languages or lexicon.available_languages())
    cats: dict[str, int] = {}

    def add(words: Iterable[str], cat: int) -> None:
        for w in words:
            if w:
                cats[w] = cats.get(w, 0) | cat

    for code in langs:
        lang = lexicon.language(code)
        add(_forms(_strings(lang.triggers.get("verbs", {})), code, verbs=True), TRANSFER)
        add(_forms(_strings(lang.triggers.get("nouns", {})), code), TRANSFER)
        add(_forms(_strings(lang.nouns), code), NOUN)
    book = lexicon.parties()
    for party in book.parties.values():
        add((n.lower() for n in party.nationals), NOUN)
        add((n.lower() for n in (*party.aliases, *party.adjectives, *party.officials)), PARTY)
    automaton = ahocorasick.Automaton()
    for word, cat in cats.items():
        automaton.add_word(word, (len(word), cat, len(word) <= EXACT_MAX_CHARS))
    automaton.make_automaton()
    return Gate(automaton, langs)


def passes(document: Document) -> bool:
    """True when the document may hold a record (see the module docstring)."""
    return gate().passes(document.content)


def check(document: Document) -> Document | Skipped:
    """The document, or a Skipped saying it has no exchange vocabulary."""
    if passes(document):
        return document
    return Skipped(document.id, FILTER_STAGE, NO_VOCABULARY)


def run(
    documents: Iterable[Document | Skipped], settings: Settings = DEFAULT
) -> Iterator[Document | Skipped]:
    """Stage shape: documents in, the ones that may hold a record (or skips) out."""
    for item in documents:
        yield item if isinstance(item, Skipped) else check(item)
