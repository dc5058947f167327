"""Data files -> validated, cached lexicons (parties; per-language word lists and grammar).

Everything a linguist or analyst edits lives in `swapledger/data/` as TOML.
This module is the only one that reads those files.
"""

from __future__ import annotations

import functools
import re
import tomllib
from dataclasses import dataclass
from importlib import resources
from typing import Any

from swapledger.errors import ConfigError
from swapledger.model import Party

DATA = resources.files("swapledger") / "data"


def _load(*parts: str) -> dict[str, Any]:
    node = DATA.joinpath(*parts)
    try:
        return tomllib.loads(node.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise ConfigError(f"data file missing: {'/'.join(parts)}") from exc
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"data file {'/'.join(parts)} does not parse: {exc}") from exc


@dataclass(frozen=True, slots=True)
class PartyBook:
    """All parties, and the lookups built from them."""

    parties: dict[str, Party]
    counterparts: dict[str, tuple[str, ...]]
    gives_to: dict[str, tuple[str, ...]]
    receives_from: dict[str, tuple[str, ...]]

    def alias_to_party(self) -> dict[str, str]:
        """Every alias and official -> party id (aliases are unique across parties)."""
        out: dict[str, str] = {}
        for p in self.parties.values():
            for name in (*p.aliases, *p.officials):
                out[name] = p.id
        return out

    def context_aliases(self) -> dict[str, tuple[str, ...]]:
        """Context alias -> the parties it may name (each only beside a counterpart)."""
        out: dict[str, tuple[str, ...]] = {}
        for p in self.parties.values():
            for name in p.context_aliases:
                out[name] = (*out.get(name, ()), p.id)
        return out

    def adjective_to_party(self) -> dict[str, str]:
        """Nationality word -> party id ("Ukrainian" -> ukraine)."""
        return {a: p.id for p in self.parties.values() for a in p.adjectives}

    def counterpart(
        self, party: str, present: dict[str, int] | None = None, role: str = "any"
    ) -> str | None:
        """The usual other side of `party`, preferring one named in the text.

        role "giver": `party` gives, so who receives from it; "receiver": who gives to it.
        """
        table = {"giver": self.gives_to, "receiver": self.receives_from}.get(
            role, self.counterparts
        )
        options = table.get(party, self.counterparts.get(party, ()))
        if present:
            named = [o for o in options if o in present]
            if named:
                # the side the text names most; the data file's order breaks ties
                return max(named, key=lambda o: (present[o], -options.index(o)))
        return options[0] if options else None


@functools.cache
def parties() -> PartyBook:
    """Load and validate data/parties.toml: ids unique, no alias shared by two parties."""
    raw = _load("parties.toml")
    book: dict[str, Party] = {}
    counterparts: dict[str, tuple[str, ...]] = {}
    gives_to: dict[str, tuple[str, ...]] = {}
    receives_from: dict[str, tuple[str, ...]] = {}
    owner: dict[str, str] = {}
    for pid, entry in raw.items():
        party = Party(
            id=pid,
            name=entry.get("name", pid),
            aliases=tuple(entry.get("aliases", ())),
            adjectives=tuple(entry.get("adjectives", ())),
            officials=tuple(entry.get("officials", ())),
            outlets=tuple(entry.get("outlets", ())),
            nationals=tuple(entry.get("nationals", ())),
            context_aliases=tuple(entry.get("context_aliases", ())),
        )
        for name in (*party.aliases, *party.officials, *party.adjectives):
            if name in owner and owner[name] != pid:
                raise ConfigError(f"alias {name!r} names both {owner[name]} and {pid}")
            owner[name] = pid
        book[pid] = party
        counterparts[pid] = tuple(entry.get("counterparts", ()))
        gives_to[pid] = tuple(entry.get("gives_to", counterparts[pid]))
        receives_from[pid] = tuple(entry.get("receives_from", counterparts[pid]))
    for table in (counterparts, gives_to, receives_from):
        for pid, cps in table.items():
            for c in cps:
                if c not in book:
                    raise ConfigError(f"party {pid}: unknown counterpart {c!r}")
    return PartyBook(book, counterparts, gives_to, receives_from)


@dataclass(frozen=True, slots=True)
class Language:
    """One language's word lists and grammar tables, as loaded from data/lang/<code>/."""

    code: str
    triggers: dict[str, Any]
    nouns: dict[str, Any]
    numbers: dict[str, Any]
    grammar: dict[str, Any]


@functools.cache
def language(code: str) -> Language:
    """Load data/lang/<code>/*.toml (cached per language)."""
    if not DATA.joinpath("lang", code).is_dir():
        raise ConfigError(f"no grammar for language {code}")
    return Language(
        code=code,
        triggers=_load("lang", code, "triggers.toml"),
        nouns=_load("lang", code, "nouns.toml"),
        numbers=_load("lang", code, "numbers.toml"),
        grammar=_load("lang", code, "grammar.toml"),
    )


def available_languages() -> list[str]:
    """Language codes that have a grammar folder."""
    return sorted(p.name for p in DATA.joinpath("lang").iterdir() if p.is_dir())


def phrase_pattern(phrases: list[str] | tuple[str, ...], flags: int = re.IGNORECASE) -> str:
    """A regex alternation of whole-word phrases, longest first (spaces match any whitespace)."""
    parts = sorted({p for p in phrases if p}, key=len, reverse=True)
    alts = [r"\s+".join(re.escape(w) for w in p.split()) for p in parts]
    return r"(?<![\w-])(?:" + "|".join(alts) + r")(?![\w-])"
