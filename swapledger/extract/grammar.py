"""Language tables -> compiled grammar: the patterns the record engine matches.

Nothing here knows a sentence from the corpus: every word comes from
`data/lang/<code>/*.toml` and `data/parties.toml`, and this module only turns
those lists into regular expressions (verb forms are inflected here).
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from swapledger import lexicon

Role = str  # "give" | "receive" | "exchange" | "arrive"


def _inflect(word: str, irregular: dict[str, list[str]]) -> set[str]:
    """English forms of a verb: hand -> hands, handed, handing (plus irregular forms)."""
    forms = {word}
    forms.update(irregular.get(word, []))
    if word.endswith("e"):
        forms |= {word + "s", word + "d", word[:-1] + "ing"}
    elif word.endswith("y") and len(word) > 2 and word[-2] not in "aeiou":
        forms |= {word[:-1] + "ies", word[:-1] + "ied", word + "ing"}
    else:
        suffix_s = "es" if word.endswith(("s", "sh", "ch", "x")) else "s"
        forms |= {word + suffix_s, word + "ed", word + "ing"}
        if re.search(
            r"[^aeiou][aeiou][bdgklmnprt]$", word
        ):  # swap -> swapped, transfer -> transferred
            forms |= {word + word[-1] + "ed", word + word[-1] + "ing"}
    return forms


def verb_pattern(lemmas: list[str], irregular: dict[str, list[str]]) -> str:
    """Regex alternation of every inflected form of (multi-word) verbs."""
    alts: list[str] = []
    for lemma in lemmas:
        head, *rest = lemma.split()
        tail = "".join(r"\s+" + re.escape(w) for w in rest)
        for form in _inflect(head, irregular):
            alts.append(re.escape(form) + tail)
    alts.sort(key=len, reverse=True)
    return r"(?<![\w-])(?:" + "|".join(alts) + r")(?![\w-])"


@dataclass(frozen=True, slots=True)
class Grammar:
    """Compiled patterns for one language."""

    lang: str
    verbs: dict[Role, re.Pattern[str]]
    trigger_nouns: dict[Role, re.Pattern[str]]
    planned: re.Pattern[str]
    cumulative: re.Pattern[str]
    completed_override: re.Pattern[str]
    negative_verbs: re.Pattern[str]
    negative_nouns: re.Pattern[str]
    remains_nouns: re.Pattern[str]
    remains_modifiers: re.Pattern[str]
    people_nouns: re.Pattern[str]
    parties: re.Pattern[str]
    party_of: dict[str, str]
    adjectives: re.Pattern[str]
    adjective_of: dict[str, str]
    each: re.Pattern[str]
    reverse: re.Pattern[str]
    passive_aux: re.Pattern[str]
    nationals: dict[str, str]


def _ci(phrases: list[str]) -> re.Pattern[str]:
    return re.compile(lexicon.phrase_pattern(phrases), re.IGNORECASE)


def _names(names: list[str]) -> re.Pattern[str]:
    """Case-sensitive names; a name starting lower-case may also start a sentence."""
    variants: set[str] = set()
    for n in names:
        variants.add(n)
        if n[:1].islower():
            variants.add(n[:1].upper() + n[1:])
    return re.compile(
        lexicon.phrase_pattern(sorted(variants), flags=0).replace("(?<![\\w-])", r"(?<![\w])")
    )


@functools.cache
def grammar(lang: str = "en") -> Grammar:
    """The compiled grammar of `lang` (cached)."""
    lx = lexicon.language(lang)
    book = lexicon.parties()
    irregular: dict[str, list[str]] = lx.grammar.get("irregular", {})
    verbs = {
        role: re.compile(verb_pattern(lemmas, irregular), re.IGNORECASE)
        for role, lemmas in lx.triggers["verbs"].items()
    }
    nouns = {role: _ci(words) for role, words in lx.triggers["nouns"].items()}
    alias_of = book.alias_to_party()
    adjective_of = book.adjective_to_party()
    neg_verbs = re.compile(verb_pattern(lx.triggers["negative"]["verbs"], irregular), re.IGNORECASE)
    return Grammar(
        lang=lang,
        verbs=verbs,
        trigger_nouns=nouns,
        planned=_ci(lx.triggers["status"]["planned"]),
        cumulative=_ci(lx.triggers["status"]["cumulative"]),
        completed_override=_ci(lx.triggers["status"]["completed_override"]),
        negative_verbs=neg_verbs,
        negative_nouns=_ci(lx.triggers["negative"]["nouns"]),
        remains_nouns=_ci(lx.nouns["remains"]),
        remains_modifiers=_ci(lx.nouns["remains_modifiers"]),
        people_nouns=_ci(lx.nouns["people"]),
        parties=_names(list(alias_of)),
        party_of=alias_of,
        adjectives=_names(list(adjective_of)),
        adjective_of=adjective_of,
        each=_ci(lx.grammar["each"]["markers"]),
        reverse=_ci(lx.grammar["reverse"]["markers"]),
        passive_aux=_ci(lx.grammar["passive"]["aux"]),
        nationals={n.lower(): p.id for p in book.parties.values() for n in p.nationals},
    )
