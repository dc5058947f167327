"""Language tables -> compiled grammar: the patterns the record engine matches.

Nothing here knows a sentence from the corpus: every word comes from
`data/lang/<code>/*.toml` and `data/parties.toml`, and this module only turns
those lists into regular expressions (verb forms are inflected here).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from typing import Any

from swapledger import lexicon
from swapledger.errors import ConfigError

Role = str  # "give" | "receive" | "exchange" | "arrive" | "return" (give when a receiver is named)

# Languages whose words we inflect with pymorphy3 instead of English suffix rules.
MORPHOLOGY_LANGS = {"ru", "uk"}


@functools.cache
def morphology(lang: str) -> Any:
    """The pymorphy3 analyzer of `lang` (None for languages we inflect by rule)."""
    if lang not in MORPHOLOGY_LANGS:
        return None
    try:
        import pymorphy3
    except ImportError as exc:  # pragma: no cover - declared dependency
        raise ConfigError(
            f"the {lang} grammar needs pymorphy3: pip install pymorphy3 pymorphy3-dicts-{lang}"
        ) from exc
    return pymorphy3.MorphAnalyzer(lang=lang)


def _lexeme(word: str, lang: str) -> set[str]:
    """Every inflected form of `word` (its lexeme), keeping the word's own capitalisation."""
    morph = morphology(lang)
    if morph is None or not re.search(r"[а-яёіїєґ]", word, re.IGNORECASE) or " " in word:
        return {word}
    forms = {word}
    for parse in morph.parse(word.lower())[:2]:
        for f in parse.lexeme:
            forms.add(f.word)
    if word[:1].isupper():
        forms = {f[:1].upper() + f[1:] for f in forms}
    return forms


def expand(words: list[str], lang: str) -> list[str]:
    """Words and, for inflected languages, all their forms (multi-word: the first word inflects)."""
    out: set[str] = set()
    for w in words:
        head, _, rest = w.partition(" ")
        for form in _lexeme(head, lang):
            out.add(f"{form} {rest}" if rest else form)
    return sorted(out)


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


def verb_pattern(lemmas: list[str], irregular: dict[str, list[str]], lang: str = "en") -> str:
    """Regex alternation of every inflected form of (multi-word) verbs."""
    alts: list[str] = []
    for lemma in lemmas:
        head, *rest = lemma.split()
        tail = "".join(r"\s+" + re.escape(w) for w in rest)
        forms = _lexeme(head, lang) if lang in MORPHOLOGY_LANGS else _inflect(head, irregular)
        for form in forms:
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
    cumulative_clause: re.Pattern[str] | None
    completed_override: re.Pattern[str]
    negative_verbs: re.Pattern[str]
    negative_nouns: re.Pattern[str]
    hedges: re.Pattern[str] | None  # "whether": the clause's figures are alternatives
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
    count_after: re.Pattern[str]
    transfer_of: re.Pattern[str]
    fillers: frozenset[str]
    own: re.Pattern[str]
    national_tail: re.Pattern[str] | None
    generic_people: frozenset[str]
    composition: re.Pattern[str]
    both_sides: re.Pattern[str]
    clause_break: re.Pattern[str]
    role_to: re.Pattern[str]
    role_from: re.Pattern[str]
    role_by: re.Pattern[str] | None
    prepositions: re.Pattern[str]
    reporting: re.Pattern[str] | None
    n_for_n: re.Pattern[str]
    from_captivity: re.Pattern[str] | None
    case_roles: bool
    framing: re.Pattern[str] | None
    fulfilment: re.Pattern[str] | None  # "the above-mentioned ... was handed over": plan done
    additional_before: re.Pattern[str] | None  # "the remaining 10": the rest of a batch
    fronted: re.Pattern[str] | None  # "As part of the exchange, ...": a scene-setting adjunct
    tally_of_deal: re.Pattern[str] | None  # "already returned under the agreement": a total
    done_present: re.Pattern[str] | None  # a headline's "complete": a deal done
    other_events: re.Pattern[str] | None  # "a meeting on May 16": a day that is not the handover's
    pronouns: re.Pattern[str] | None  # "it has returned 20": the subject is the side named last


def _ci(phrases: list[str]) -> re.Pattern[str]:
    return re.compile(lexicon.phrase_pattern(phrases), re.IGNORECASE)


def _ending(phrases: list[str]) -> re.Pattern[str] | None:
    """Phrases that must end right where the searched text ends: "bodies of " before a count."""
    if not phrases:
        return None
    return re.compile(lexicon.phrase_pattern(phrases) + r"\s+$", re.IGNORECASE)


def _name_variants(names: Iterable[str]) -> set[str]:
    """The names as written, and capitalized where they start lower-case."""
    variants: set[str] = set()
    for n in names:
        variants.add(n)
        if n[:1].islower():
            variants.add(n[:1].upper() + n[1:])
    return variants


def _names(names: list[str]) -> re.Pattern[str]:
    """Case-sensitive names; a name starting lower-case may also start a sentence."""
    return re.compile(
        lexicon.phrase_pattern(sorted(_name_variants(names)), flags=0).replace(
            "(?<![\\w-])", r"(?<![\w])"
        )
    )


_NAME_SCANS: dict[re.Pattern[str], Any] = {}


def find_names(
    pattern: re.Pattern[str], names: Iterable[str], text: str
) -> Iterator[re.Match[str]]:
    """`pattern.finditer(text)` for the pattern `_names(names)` made (Grammar.parties with
    party_of, Grammar.adjectives with adjective_of), the same matches found faster on a
    long text. A match is a name, written as in the names (case and all), its words apart
    by whitespace. One Aho-Corasick pass for one word of each name (see `_name_scan`)
    tells every place a name may start: back from that word, over whitespace and the
    words before it. The pattern is tried there alone, from left to right, as finditer
    would."""
    automaton = _NAME_SCANS.get(pattern)
    if automaton is None:
        automaton = _NAME_SCANS[pattern] = _name_scan(names)
    if automaton is False:
        yield from pattern.finditer(text)
        return
    starts: set[int] = set()
    for end, (length, lead_ins) in automaton.iter(text):
        for lead_in in lead_ins:  # the lengths of the words before this one in a name
            start = end - length + 1
            for n in reversed(lead_in):
                gap = start
                while gap > 0 and text[gap - 1].isspace():
                    gap -= 1
                if gap == start:
                    break  # no whitespace before the word: not this name
                start = gap - n
            else:
                if start >= 0:
                    starts.add(start)
    pos = 0
    for start in sorted(starts):
        if start < pos:
            continue
        m = pattern.match(text, start)  # the lookbehind still sees text[start - 1]
        if m is not None:
            yield m
            pos = m.end()


def _name_scan(names: Iterable[str]) -> Any:
    """An automaton of one word of each name (its longest capitalized word after the first,
    else its longest: "Kremlin" of "The Kremlin", rarer than "The"); each word's value: its length
    and, for each name it stands in, the lengths of the words before it. False without
    pyahocorasick."""
    try:
        import ahocorasick
    except ImportError:  # pragma: no cover - declared dependency
        return False
    keys: dict[str, set[tuple[int, ...]]] = {}
    for name in _name_variants(names):
        words = name.split()
        if not words:
            continue
        i = max(
            range(len(words)),
            key=lambda k: (
                words[k][:1].isupper() and (k > 0 or len(words) == 1),
                len(words[k]),
                -k,
            ),
        )
        keys.setdefault(words[i], set()).add(tuple(len(w) for w in words[:i]))
    if not keys:
        return False
    automaton = ahocorasick.Automaton()
    for w, lead_ins in keys.items():
        automaton.add_word(w, (len(w), tuple(sorted(lead_ins))))
    automaton.make_automaton()
    return automaton


@functools.cache
def in_context(lang: str, present: frozenset[str]) -> Grammar:
    """The grammar of `lang` for a page that names the parties `present`: with the
    context aliases (parties.toml) of each side one of whose counterparts is named, so
    "the government side" is Yemen's government on a page about the Houthis. An alias two
    such sides share stays unread; a side's own alias always wins."""
    g = grammar(lang)
    book = lexicon.parties()
    extra: dict[str, str] = {}
    for alias, owners in book.context_aliases().items():
        fit = [p for p in owners if any(c in present for c in book.counterparts.get(p, ()))]
        if len(fit) == 1:
            extra.update({form: fit[0] for form in expand([alias], lang)})
    if not extra:
        return g
    party_of = {**extra, **g.party_of}
    return replace(g, parties=_names(list(party_of)), party_of=party_of)


@functools.cache
def grammar(lang: str = "en") -> Grammar:
    """The compiled grammar of `lang` (cached)."""
    lx = lexicon.language(lang)
    book = lexicon.parties()
    gr = lx.grammar
    irregular: dict[str, list[str]] = gr.get("irregular", {})
    verbs = {
        role: re.compile(verb_pattern(lemmas, irregular, lang), re.IGNORECASE)
        for role, lemmas in lx.triggers["verbs"].items()
    }
    nouns = {role: _ci(words) for role, words in lx.triggers["nouns"].items()}
    # names in every case ("России", "Киеву") for inflected languages
    alias_of = {f: p for a, p in book.alias_to_party().items() for f in expand([a], lang)}
    adjective_of = {f: p for a, p in book.adjective_to_party().items() for f in expand([a], lang)}
    neg_verbs = re.compile(
        verb_pattern(lx.triggers["negative"]["verbs"], irregular, lang), re.IGNORECASE
    )
    np_, roles = gr["np"], gr["roles"]
    breaks = "|".join(re.escape(w) for w in gr["clauses"]["after_comma"])
    framing = lx.triggers["status"].get("framing", [])
    return Grammar(
        lang=lang,
        verbs=verbs,
        trigger_nouns=nouns,
        planned=_ci(lx.triggers["status"]["planned"]),
        cumulative=_ci(lx.triggers["status"]["cumulative"]),
        cumulative_clause=(
            _ci(lx.triggers["status"]["cumulative_clause"])
            if lx.triggers["status"].get("cumulative_clause")
            else None
        ),
        completed_override=_ci(lx.triggers["status"]["completed_override"]),
        negative_verbs=neg_verbs,
        negative_nouns=_ci(lx.triggers["negative"]["nouns"]),
        hedges=(
            _ci(lx.triggers["negative"]["hedges"])
            if lx.triggers["negative"].get("hedges")
            else None
        ),
        remains_nouns=_ci(expand(lx.nouns["remains"], lang)),
        remains_modifiers=_ci(expand(lx.nouns["remains_modifiers"], lang)),
        people_nouns=_ci(expand(lx.nouns["people"], lang)),
        parties=_names(list(alias_of)),
        party_of=alias_of,
        adjectives=_names(list(adjective_of)),
        adjective_of=adjective_of,
        each=_ci(lx.grammar["each"]["markers"]),
        reverse=_ci(lx.grammar["reverse"]["markers"]),
        passive_aux=_ci(lx.grammar["passive"]["aux"]),
        nationals={n.lower(): p.id for p in book.parties.values() for n in p.nationals},
        count_after=_ending(np_["count_after"]) or re.compile(r"(?!)"),
        transfer_of=_ending(np_["transfer_of"]) or re.compile(r"(?!)"),
        fillers=frozenset(w.lower() for w in np_["fillers"]),
        own=_ci(np_["own"]),
        national_tail=(
            re.compile(
                r"\s+" + lexicon.phrase_pattern(np_["national_tail"]) + r"\s+", re.IGNORECASE
            )
            if np_["national_tail"]
            else None
        ),
        generic_people=frozenset(w.lower() for w in np_["generic_people"]),
        composition=_ending(np_["composition"]) or re.compile(r"(?!)"),
        both_sides=_ci(np_["both_sides"]),
        clause_break=re.compile(
            r";|:\s|\s[—–]\s|\.\s" + (rf"|,\s+(?:{breaks})\s" if breaks else ""), re.IGNORECASE
        ),
        role_to=_ending(roles["to"]) or re.compile(r"(?!)"),
        role_from=_ending(roles["from"]) or re.compile(r"(?!)"),
        role_by=_ending(roles["by"]),
        prepositions=_ending(roles["prepositions"]) or re.compile(r"(?!)"),
        reporting=_ci(roles["reporting"]) if roles.get("reporting") else None,
        # "146 for 146", "84 на 84": the words between two equal counts of a swap
        n_for_n=re.compile(
            r"^\s*(?:-|–)?\s*(?:"
            + "|".join(re.escape(w) for w in np_["n_for_n"])
            + r")\s*(?:-|–)?\s*$",
            re.IGNORECASE,
        ),
        from_captivity=(
            re.compile(r"\s*" + lexicon.phrase_pattern(roles["from_captivity"]), re.IGNORECASE)
            if roles.get("from_captivity")
            else None
        ),
        case_roles=bool(roles.get("case_roles", False)),
        framing=_ci(framing) if framing else None,
        additional_before=_ending(np_.get("additional_before", [])),
        fronted=(
            re.compile(
                r"(?:^|[,;:]\s*)"
                + lexicon.phrase_pattern(gr["clauses"]["fronted"])
                + r"\s+(?:\S+\s+){0,3}$",
                re.IGNORECASE,
            )
            if gr["clauses"].get("fronted")
            else None
        ),
        pronouns=(
            re.compile(
                lexicon.phrase_pattern(roles["pronouns"])
                + r"\s+(?:(?:has|have|had|also|so|far|now|since|then|already)\s+){0,4}$",
                re.IGNORECASE,
            )
            if roles.get("pronouns")
            else None
        ),
        other_events=(
            _ci(gr["dates"]["other_events"]) if gr["dates"].get("other_events") else None
        ),
        done_present=(
            re.compile(
                r"(?<!\bto )" + lexicon.phrase_pattern(lx.triggers["status"]["done_present"]),
                re.IGNORECASE,
            )
            if lx.triggers["status"].get("done_present")
            else None
        ),
        tally_of_deal=(
            _ci(lx.triggers["status"]["tally_of_deal"])
            if lx.triggers["status"].get("tally_of_deal")
            else None
        ),
        fulfilment=(
            _ci(lx.triggers["status"]["fulfilment"])
            if lx.triggers["status"].get("fulfilment")
            else None
        ),
    )
