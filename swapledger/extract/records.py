"""Article -> [Record]: the record engine.

For every sentence:

1. find the numbers, the party names, the transfer verbs and nouns;
2. keep a number only when it counts people or bodies (its noun phrase) and
   a transfer verb or noun governs it, with no nearer predicate of death,
   loss or holding;
3. read the frame: who gave (subject of "return", object of "from"), who
   received (subject of "receive", object of "to", nationality of the
   people), both ways ("each", "N for N"), or a two-way total ("exchanged");
4. read the status (planned / cumulative markers in the clause), the
   qualifier (from numbers.py) and the day (dates.py, or the day of the
   exchange this record answers);

then merge restatements of one claim inside the article (headline
"over 1,200" and body "1,212" are one record).
"""

from __future__ import annotations

import datetime as dt
import itertools
import os
import re
import sys
from bisect import bisect_right
from dataclasses import dataclass, replace

from swapledger import lexicon
from swapledger.extract.dates import DateMention, find_dates, listed_occasions, tells_concurrent
from swapledger.extract.grammar import Grammar, find_names, grammar, in_context, morphology
from swapledger.extract.numbers import NumberMention, find_numbers, number_hints
from swapledger.extract.text import Sentence, split_sentences
from swapledger.model import Article, Kind, Record, Span, Status
from swapledger.settings import Settings

# How many words after a number may stand before its head noun ("1,200 fallen Ukrainian troops").
MAX_NP_WORDS = 5
# How far (characters) a transfer verb may stand from the number it governs.
MAX_TRIGGER_DISTANCE = 160
# How far after the noun phrase a passive verb may stand ("1,212 bodies ... were transferred").
MAX_TRAILING_TRIGGER = 110
# Rounded restatements: "over 1,200" restates 1,212 when within this fraction.
RESTATEMENT_TOLERANCE = 0.12
# A record without a day takes the day of a dated record this many sentences before it.
DATE_INHERIT_SENTENCES = 2

# A time phrase this close to a sentence's start sets the whole sentence in another time
# ("Тогда Россия вернула 43 тела", "Last month, Russia returned ..."): its figures are another
# exchange's, even when they repeat today's.
EARLIER_OPENING = 3

# SWAPLEDGER_DEBUG=1 prints why each number was or was not read as a record.
DEBUG = bool(os.environ.get("SWAPLEDGER_DEBUG"))

# Agreements that frame a done transfer ("as part of agreements reached in Istanbul, Ukraine
# received ...") do not make it planned.
FRAMING_AGREEMENT = re.compile(
    r"\b(?:part\s+of|under|in\s+line\s+with|following|within|in\s+accordance\s+with|pursuant\s+to|as\s+per|per)\s+"
    r"(?:the\s+|a\s+|an\s+)?(?:[\w-]+\s+){0,4}?(?:agreements?|deals?|accords?|arrangements?|terms)\b"
    r"(?:\s+of\s+(?:the\s+|a\s+|an\s+)?(?:[\w-]+\s+){0,3}(?:agreements?|deals?|accords?|truce|ceasefire)\b)?"
    r"(?:\s+(?:reached|agreed|struck|signed))?"
    r"|\b(?:deal|agreement)\s+(?:that|which)\s+saw\b",
    re.IGNORECASE,
)
# Between two counts of one sentence: the other way round ("..., while Russia received 27"),
# or the same way ("13 Israelis, along with three Thais").
OPPOSED = re.compile(
    r"\b(?:while|whereas|in return|in exchange|receiv\w*|got back|getting back)\b", re.IGNORECASE
)
ALONGSIDE = re.compile(r"\b(?:along with|together with|as well as|plus)\b", re.IGNORECASE)
PROGRESSIVE = re.compile(r"\b(?:is|are|am)\s+(?:\w+ly\s+|now\s+|currently\s+)?$", re.IGNORECASE)
BETWEEN_PAIR = re.compile(r"\bbetween\s+", re.IGNORECASE)
WORD = re.compile(r"[\w'’.-]+|[^\w\s]")


@dataclass(frozen=True, slots=True)
class Mention:
    """A party named in a sentence (by name, alias, official, or nationality word)."""

    start: int
    end: int
    party: str
    adjective: bool


@dataclass(frozen=True, slots=True)
class Trigger:
    """A transfer verb or noun and the role its subject plays."""

    start: int
    end: int
    role: str  # give | receive | exchange | arrive
    noun: bool
    passive: bool


@dataclass(slots=True)
class NounPhrase:
    """What a number counts: its kind, the people's party, where the phrase ends."""

    kind: Kind | None
    end: int
    nationality: str | None = None
    own: bool = False
    elliptic: bool = False
    running_total: bool = False  # "..., bringing the total to 90": the previous count's tally


@dataclass(slots=True)
class Draft:
    """A record before merging: the engine's working state for one claim."""

    status: Status
    kind: Kind
    count: int
    qualifier: str
    start: int
    end: int
    sentence: int
    from_party: str | None = None
    to_party: str | None = None
    between: tuple[str, str] | None = None
    date: dt.date | None = None
    vague_time: bool = False
    told_as_earlier: bool = False  # the sentence opens on a time of its own: "Then", "Last month"
    concurrent: bool = False  # told as part of the handover before it: "Concurrently, ..."
    rounded: bool = False
    in_title: bool = False
    pending: bool = False  # no side named yet (see _settle_pending)
    occasion: int = 0  # which of several handovers one count stands for (1, 2, ...); 0: one
    additional: bool = False  # "the remaining 10": the rest of a batch, not a restatement
    definite: bool = False  # "The 75 Russian soldiers released ...": people told of before


def _mentions(g: Grammar, text: str) -> list[Mention]:
    out: list[Mention] = []
    taken: list[tuple[int, int]] = []
    for m in find_names(g.parties, g.party_of, text):
        out.append(
            Mention(
                m.start(),
                m.end(),
                g.party_of[m.group(0)]
                if m.group(0) in g.party_of
                else _lookup(g.party_of, m.group(0)),
                False,
            )
        )
        taken.append((m.start(), m.end()))
    for m in find_names(g.adjectives, g.adjective_of, text):
        if any(a <= m.start() < b for a, b in taken):
            continue
        out.append(Mention(m.start(), m.end(), _lookup(g.adjective_of, m.group(0)), True))
    out.sort(key=lambda x: x.start)
    return out


def _lookup(table: dict[str, str], name: str) -> str:
    if name in table:
        return table[name]
    low = name[:1].lower() + name[1:]
    return table.get(low, next(v for k, v in table.items() if k.lower() == name.lower()))


def _triggers(g: Grammar, text: str) -> list[Trigger]:
    out: list[Trigger] = []
    for role, pat in g.verbs.items():
        for m in pat.finditer(text):
            before = text[max(0, m.start() - 30) : m.start()]
            if re.search(r"\b(?:the|a|an|its|their|his|her|this|that)\s+$", before, re.IGNORECASE):
                continue  # "the return of": a noun, matched below
            if re.match(r"\s+of\b", text[m.end() :]) and not m.group(0).lower().endswith("ed"):
                continue  # "large-scale returns of remains": a noun too
            passive = bool(
                re.search(
                    r"\b(?:was|were|been|being|be|is|are|get|got)\s+(?:\w+ly\s+|also\s+|now\s+|then\s+)?$",
                    before,
                    re.IGNORECASE,
                )
            ) and m.group(0).lower().endswith(("ed", "en", "nt", "ght", "own", "eed"))
            if g.case_roles:  # "были возвращены", "передано": a passive participle
                passive = _passive_participle(g, m.group(0))
            out.append(Trigger(m.start(), m.end(), role, False, passive))
    for role, pat in g.trigger_nouns.items():
        for m in pat.finditer(text):
            if any(t.start <= m.start() < t.end for t in out):
                continue
            out.append(Trigger(m.start(), m.end(), role, True, False))
    out.sort(key=lambda t: (t.start, -(t.end - t.start)))
    kept: list[Trigger] = []
    for t in out:
        if kept and t.start < kept[-1].end:
            continue  # "return home" (arrive) over "return" (give)
        kept.append(t)
    return kept


def _passive_participle(g: Grammar, word: str) -> bool:
    """Whether an inflected-language verb form is a passive participle (переданы, повернуто)."""
    morph = morphology(g.lang)
    if morph is None:
        return False
    tags = [
        set(str(p.tag).replace(" ", ",").split(","))
        for p in morph.parse(word.split()[0].lower())[:2]
    ]
    return any({"PRTS", "pssv"} <= t or "Impe" in t for t in tags)


def _noun_phrase(
    g: Grammar, text: str, num: NumberMention, others: list[NumberMention]
) -> NounPhrase | None:
    """What the number counts, or None when it counts something else (or nothing)."""
    after = text[num.end :]
    before = text[: num.qualifier_start]
    remains_before = bool(g.count_after.search(before))
    people_before = bool(g.transfer_of.search(before))
    kind: Kind | None = "remains" if remains_before else None
    nationality: str | None = None
    own = False
    words = 0
    if not remains_before and (
        g.negative_nouns.match(after.lstrip())
        or re.match(
            r"\s*(?!(?:that|this|the|each|a|an|per|every|last|next)\b)[\w-]+\s+(?:"
            + g.negative_nouns.pattern
            + ")",
            after,
            re.IGNORECASE,
        )
    ):
        return None  # "three prisoner exchanges", "six years", "42 drones"
    if re.match(r"\s*(?:[\w-]+\s+){0,3}for\s+(?:every|each)\b", after, re.IGNORECASE):
        return None  # a ratio: "15 bodies for every hostage"
    if g.composition.search(before):
        return None  # composition of a larger count: "including 44 wounded"
    if re.match(
        r"\s*(?:-|–)\s*(?:year|day|month|week|hour|strong|member|seat|point|bed)",
        after,
        re.IGNORECASE,
    ):
        return None
    if re.match(r"\s*(?:%|percent|per cent|a\.m|p\.m|am\b|pm\b|o'clock)", after, re.IGNORECASE):
        return None
    for m in WORD.finditer(after):
        if words >= MAX_NP_WORDS:
            break
        w = m.group(0)
        low = w.lower().strip(".")
        rest = after[m.start() :]
        nm = g.remains_nouns.match(rest)
        if (
            nm
            and g.remains_modifiers.fullmatch(nm.group(0))
            and g.people_nouns.search(after[m.end() : m.end() + 40])
        ):
            kind = "remains"  # "1,200 fallen Ukrainian troops": read on to the head noun
            words += 1
            continue
        if nm:
            end = num.end + m.start() + nm.end()
            if nationality is None:
                nationality = _people_after(g, text, end)  # "bodies of Ukrainian soldiers"
            return NounPhrase("remains", end, nationality, own)
        pm = g.people_nouns.match(rest)
        if pm:
            end = num.end + m.start() + pm.end()
            if kind is None and g.remains_modifiers.search(after[: m.start()]):
                kind = "remains"
            if nationality is None and (adj := g.adjectives.fullmatch(pm.group(0))):
                nationality = _lookup(g.adjective_of, adj.group(0))  # "45 Palestinians"
            if nationality is None:
                nationality = g.nationals.get(pm.group(0).lower())  # "hostages" go to israel
            tail = text[end : end + 60]
            if g.case_roles and nationality is None:
                # "84 военнопленных ВСУ": a side in the genitive right after the noun
                after_noun = [m for m in _mentions(g, tail) if m.start <= 1 and not m.adjective]
                if after_noun and _can_be(g, after_noun[0], tail, "gent"):
                    nationality = after_noun[0].party
            of_party = g.national_tail.match(tail) if g.national_tail else None
            if of_party and (nationality is None or nationality in g.nationals.values()):
                rest_tail = tail[of_party.end() : of_party.end() + 40]
                for mm in _mentions(g, rest_tail):
                    # "soldiers from Russia" is where they come from, not whose they are;
                    # "personnel from Armenia's armed forces" is whose
                    whence = of_party.group(0).strip().lower().startswith("from")
                    if mm.start == 0 and not (
                        whence
                        and not re.match(
                            r"['’]s\b|\s+(?:group|forces|armed forces|army|ranks|militia|movement)\b",
                            rest_tail[mm.end :],
                        )
                    ):
                        nationality = mm.party
                        break
            if (
                kind is None
                and pm.group(0).lower() in g.generic_people
                and g.remains_nouns.search(text[: num.start])
            ):
                kind = "remains"  # "receiving a total of 27 Russian servicemen" after "the bodies of 5,000"
            return NounPhrase(kind or "prisoners", end, nationality, own)
        adj = g.adjectives.match(rest)
        if adj:
            nationality = _lookup(g.adjective_of, adj.group(0))
            words += 1
            continue
        party = g.parties.match(rest)
        prev_word = after[: m.start()].split()[-1:] or [""]
        if (
            party and words > 0 and prev_word[0].lower() in {"of", "the"}
        ):  # "members of the rebel militia"
            nationality = _lookup(g.party_of, party.group(0))
            words += 1
            continue
        if g.own.match(rest):
            own = True
            words += 1
            continue
        if low == "of" and not re.match(
            r"of\s+(?:the|its|their|our|his|her|them|those|these|whom|which|what)\b",
            rest,
            re.IGNORECASE,
        ):
            break
        if low in g.fillers or w in {"-", "–", ","} and words == 0:
            if low in {"fallen", "slain", "dead", "deceased", "killed"}:
                kind = "remains"
            words += 1
            continue
        if w[:1].isupper() and words < 2 and w.isalpha():
            words += 1
            continue
        break
    # Elliptic counts: "receiving 27 in return", "with Ukraine retrieving 212 and Russia 45",
    # "146 for 146".
    if remains_before:
        return NounPhrase("remains", num.end, nationality, own)
    head_before = text[max(0, num.qualifier_start - 25) : num.qualifier_start]
    gapped = re.search(r"(?:,|;)\s*(\w[\w'’-]*(?:\s+\w[\w'’-]*)?)\s+[—–]\s+$", head_before)
    elliptic = (
        re.search(r"\b(?:and|while|with)\s+[A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]+)?\s+$", head_before)
        or (gapped and gapped.group(1)[:1].isupper())  # "Украине передали 6 060 тел, России — 78"
        or g.reverse.match(after.lstrip())
        or any(
            g.n_for_n.match(
                text[min(o.end, num.start) : max(o.start, num.end)]
                .replace(num.text, "")
                .replace(o.text, "")
            )
            and (
                o.end <= num.start
                and g.n_for_n.match(text[o.end : num.qualifier_start])
                or num.end <= o.start
                and g.n_for_n.match(text[num.end : o.qualifier_start])
            )
            for o in others
            if o is not num
        )
        or people_before
    )
    if elliptic:
        return NounPhrase(None, num.end, nationality, own, elliptic=True)
    if re.search(
        r"(?:receiving|received|returning|retrieving|reclaiming|getting)\s+$",
        head_before,
        re.IGNORECASE,
    ) or (
        re.match(r"\s*(?:[.;]|--|[—–]|,\s+(?:including|among them)\b|$)", after)
        and any(
            p.search(head_before) and p.search(head_before).end() == len(head_before.rstrip())
            for p in g.verbs.values()
        )  # type: ignore[union-attr]
    ):
        return NounPhrase(None, num.end, nationality, own, elliptic=True)
    if re.search(r"\btotal(?:\s+number)?\b[^.;]{0,90}\bto\s+$", before, re.IGNORECASE):
        # "bringing the total ... to 90"
        return NounPhrase(None, num.end, nationality, own, elliptic=True, running_total=True)
    if re.match(
        r"\s+(?:were|was|have\s+been|had\s+been)\s+(?:\w+ly\s+)?\w+(?:ed|en|eed|nt)\b", after
    ):
        return NounPhrase(
            None, num.end, nationality, own, elliptic=True
        )  # "three were handed over"
    return None


def _people_after(g: Grammar, text: str, pos: int) -> str | None:
    """Whose people follow a head noun: "bodies of Ukrainian soldiers", "тел российских бойцов",
    "тел погибших военных ВСУ" (a party name in the genitive)."""
    for n, m in enumerate(WORD.finditer(text, pos)):
        if n >= MAX_NP_WORDS:
            break
        rest = text[m.start() :]
        if adj := g.adjectives.match(rest):
            return _lookup(g.adjective_of, adj.group(0))
        if (party := g.parties.match(rest)) and n > 0:
            if g.case_roles and _can_be_word(g, party.group(0), "gent"):
                return _lookup(g.party_of, party.group(0))
        low = m.group(0).lower().rstrip(".")  # a word ends where its sentence does
        if low in g.nationals:
            return g.nationals[low]  # "24 bodies of dead occupants"
        if (
            low in g.fillers
            or low in {"of", "the"}
            or g.remains_nouns.match(rest)
            or g.people_nouns.match(rest)
        ):
            continue
        break
    return None


def _is_date_number(num: NumberMention, dates: list[DateMention]) -> bool:
    return any(d.start <= num.start and num.end <= d.end for d in dates)


def _clause_bounds(g: Grammar, text: str, pos: int) -> tuple[int, int]:
    start, end = 0, len(text)
    for m in g.clause_break.finditer(text):
        if m.end() <= pos:
            start = m.end()
        elif m.start() >= pos:
            end = m.start()
            break
    return start, end


def _pick_trigger(
    g: Grammar, text: str, num: NumberMention, np: NounPhrase, triggers: list[Trigger]
) -> Trigger | None:
    best: tuple[int, Trigger] | None = None
    cstart, cend = _clause_bounds(g, text, num.start)
    for t in triggers:
        if t.end <= num.qualifier_start:
            dist = num.qualifier_start - t.end
            if dist > MAX_TRIGGER_DISTANCE:
                continue
            if t.start < cstart:
                dist += 80  # across a clause break: weaker
            if t.noun and _fronted_adjunct(g, text, t):
                dist += 60  # "As part of the exchange, 10 foreigners ... have been freed"
        elif t.start >= np.end:
            dist = t.start - np.end
            if dist > MAX_TRAILING_TRIGGER:
                continue
            between = text[np.end : t.start]
            if (
                re.search(r"\d", re.sub(r"\b(?:19|20)\d\d\b", "", between))
                and not re.match(r"\s*(?:,|and|for)\s", between)
                and not g.n_for_n.match(re.split(r"\d", between, maxsplit=1)[0])
            ):
                continue  # another count stands between; not the other half of "1,000-for-1,000"
            # "16 Saudis and three Sudanese were scheduled to be moved": skip the conjoined count
            between = re.sub(
                r"^\s*(?:,|and)\s+(?:\S+\s+){1,3}?(?=(?:were|was|are|is|have|had|will)\b)",
                "",
                between,
            )
            if re.fullmatch(
                r"[\s,]*(?:(?:who|which|that|have|has|had|were|was|are|is|been|being|will|would|be|also|then|now|reportedly|later|all|already|successfully|finally|scheduled|expected|due|set|slated|going|about|to|ready|yet|not)\s+)*",
                between,
                re.IGNORECASE,
            ):
                dist = 0  # "27 dead servicemen were returned": the number is the verb's subject
            else:
                dist += 20  # a verb after the number is the weaker reading
            if t.start > cend:
                dist += 80
        else:
            continue  # inside the number phrase
        if best is None or dist < best[0]:
            best = (dist, t)
    if best is None:
        return None
    chosen = best[1]
    if chosen.start >= np.end and re.fullmatch(r"\s+to\s+be\s+", text[np.end : chosen.start]):
        # "the first 90 prisoners to be released by Israel ... were freed": the infinitive
        # only names them; the clause's own verb tells what happened
        for t in triggers:
            if chosen.end < t.start <= cend and re.search(
                r"\b(?:were|was|have been|has been|had been)\s+$",
                text[max(0, t.start - 16) : t.start],
            ):
                return t
    return chosen


def _fronted_adjunct(g: Grammar, text: str, t: Trigger) -> bool:
    """Whether a transfer noun only sets the scene: "As part of the exchange, ...", "During
    the swap, ..."; the clause after the comma has its own verb (grammar.toml fronted)."""
    return (
        g.fronted is not None
        and bool(re.match(r"\s*,", text[t.end :]))
        and bool(g.fronted.search(text[: t.start]))
    )


def _hedged(g: Grammar, text: str, num: NumberMention) -> bool:
    """A hedge ("whether") earlier in the number's clause: its figures are alternatives."""
    if g.hedges is None:
        return False
    start, _ = _clause_bounds(g, text, num.qualifier_start)
    return g.hedges.search(text, start, num.qualifier_start) is not None


def _negated(
    g: Grammar, text: str, num: NumberMention, np: NounPhrase, trig: Trigger | None
) -> bool:
    """A nearer predicate of death, loss or holding governs the number."""
    # "N soldiers had been killed", "N prisoners are still held", "N ... remain in captivity"
    tail = text[np.end : np.end + 60]
    m = re.match(
        r"(?:\s+(?:from|in|of|at|on)\s+(?:the\s+)?[\w-]+){0,2}\s*(?:,\s*)?(?:who\s+|that\s+)?(?:(?:have|has|had|are|were|was|is|remain|remained|still|been|being|reportedly)\s+)+",
        tail,
        re.IGNORECASE,
    )
    if m and m.end() > 0 and g.negative_verbs.match(tail[m.end() :]):
        direct = trig is not None and trig.start >= np.end and trig.start - np.end <= m.end()
        relative = (
            re.match(r"\s*,?\s*(?:who|that|which)\b", tail)
            and trig is not None
            and trig.start >= np.end
        )
        if (
            not direct and not relative
        ):  # "citizens who were detained ... were returned home" is a transfer
            return True
    if trig is None:
        return True
    if trig.end <= num.start:
        gap = text[trig.end : num.qualifier_start]
        neg = list(g.negative_verbs.finditer(gap))
        if neg and not re.search(r"\b(?:and|who|which|that)\b", gap[neg[-1].end() :]):
            # "returned ... who were held": ok; "held 8,000": the negative verb is the nearer predicate
            if not re.search(r"(?:bodies|remains)\s+of", gap[neg[-1].end() :], re.IGNORECASE):
                return True
    return False


def _status(g: Grammar, text: str, num: NumberMention, np: NounPhrase, trig: Trigger) -> Status:
    lo = min(trig.start, num.qualifier_start)
    hi = max(trig.end, np.end)
    cstart, cend = _clause_bounds(g, text, lo)
    if trig.start >= np.end:
        pair = re.match(r"[\d,. ]*?(\s*-?\s*\w+\s*-?\s*)\d", text[num.end : trig.start])
        if pair and g.n_for_n.match(pair.group(1)):
            # "the 1000-for-1000 exchange" names the deal: done only where the sentence
            # says so ("had been carried out in full", a headline's "complete"), else
            # the deal is what it tells
            done = g.completed_override.search(text) or (
                g.done_present and g.done_present.search(text)
            )
            return "completed" if done else "planned"
    # a nominal transfer ("the return of 6,000 fallen soldiers") is read with its whole clause
    window_start = cstart if trig.noun else max(cstart, lo - 60)
    if trig.noun or trig.start >= np.end:  # "a 1000 for 1000 exchange deal"
        nxt = re.match(r"\s*\w+", text[trig.end :])
        if nxt:
            hi = max(hi, trig.end + nxt.end())
    window = text[window_start:hi]
    for fm in FRAMING_AGREEMENT.finditer(text, window_start, hi):
        if not (fm.start() <= num.start < fm.end()):
            a, b = fm.start() - window_start, fm.end() - window_start
            window = window[:a] + " " * (b - a) + window[b:]
    if trig.start >= np.end and (
        named := re.match(r"\s+to\s+be\s+\w+", text[np.end : trig.start])
    ):  # "90 prisoners to be released by Israel ... were freed": the verb tells, not the name
        a, b = np.end - window_start, np.end + named.end() - window_start
        window = window[:a] + " " * (b - a) + window[b:]
    tail = text[np.end : min(cend, np.end + 70)]
    near = g.cumulative.search(text[max(cstart, lo - 45) : hi]) or g.cumulative.search(tail)
    clause = text[cstart:cend]
    deal_tally = g.tally_of_deal and g.tally_of_deal.search(clause)
    if not near and deal_tally and FRAMING_AGREEMENT.search(clause):
        # "6,060 bodies had already been returned under the Istanbul arrangements", "the
        # completion of the repatriation under the Istanbul agreements and the return of
        # more than 6,000": what a deal has delivered so far, not one handover
        return "cumulative"
    if not near and g.cumulative_clause and g.cumulative_clause.search(text[cstart:cend]):
        if not trig.noun and re.search(
            r"\b(?:begun|began|started|starts|begins)\s+$",
            text[max(0, trig.start - 12) : trig.start],
        ):
            return "planned"  # "since the start of the truce, ... begun handing over the remains
            # of 28": the whole that is under way, not a running total
        return "cumulative"
    if near:
        return "cumulative"
    if trig.start >= np.end and re.search(
        r"\band\s+(?:is|are|will|would)\b[^.;]{0,30}?\b(?:ready|to be|expected|scheduled|due)\b",
        text[trig.end : cend],
    ):
        return "planned"  # "1,212 bodies ... has been delivered ... and is ready to be handed over"
    infinitive = not trig.noun and re.search(r"\bto\s+$", text[max(0, trig.start - 4) : trig.start])
    if infinitive and not re.search(
        r"\b(?:managed|able|succeeded|helped|allowed|used)\s+to\s+$",
        text[max(0, trig.start - 20) : trig.start],
    ):
        return "planned"  # "contacted the ICRC to hand over about 30": a purpose, not yet done
    under_way = trig.noun and re.search(
        r"\b(?:began|begun|started|starts|begins|got under way|is under way|continues|continued)\b",
        text[np.end : cend],
    )
    if (
        under_way
        or g.planned.search(window)
        or (
            not trig.noun
            and trig.end > trig.start
            and text[trig.start : trig.end].lower().split()[0].endswith("ing")
            and PROGRESSIVE.search(text[max(0, trig.start - 25) : trig.start])
        )
    ):
        if g.completed_override.search(text[cstart:cend]):
            return "completed"
        return "planned"
    return "completed"


def _subject(
    g: Grammar, text: str, trig: Trigger, mentions: list[Mention], num: NumberMention
) -> list[str]:
    """Parties acting as the subject of the trigger: nearest before it, not behind a preposition."""
    cands = [m for m in mentions if m.end <= trig.start and not m.adjective]
    found: list[str] = []
    for m in reversed(cands):
        pre = text[max(0, m.start - 20) : m.start]
        acting = re.fullmatch(
            r"\s*(?:also\s+|then\s+|had\s+|has\s+|have\s+)?", text[m.end : trig.start]
        )
        if g.case_roles and not _can_be(g, m, text, "nomn"):
            continue  # "России передали": not a nominative, so not the subject
        if g.prepositions.search(pre) and not acting:
            continue  # "to Kyiv", "from Russia" are not subjects; "with Ukraine retrieving" is
        # "Ukraine's Coordination Headquarters", "Russia and Ukraine", "Ukraine, Russia swap"
        found.append(m.party)
        joined = text[max(0, m.start - 8) : m.start]
        prev = [c for c in cands if c.end <= m.start and c.party != m.party]
        if (
            prev
            and re.search(r"(?:\band|,)\s*(?:the\s+)?$", joined, re.IGNORECASE)
            and m.start - prev[-1].end < 10
        ):
            found.append(prev[-1].party)
        break
    if not found:
        # subject-less clause: the adjective-named side ("the Ukrainian side") or none
        for m in reversed(cands):
            if text[m.end : m.end + 6].startswith(" side"):
                found.append(m.party)
                break
    return found


def _oblique(
    g: Grammar, text: str, lo: int, hi: int, mentions: list[Mention], anchor: int
) -> tuple[str | None, str | None, str | None]:
    """(receiver, giver, by-agent) read from "to X", "from X", "by X" between lo and hi.

    Of several, the one nearest after `anchor` (the verb) wins, then the nearest before it.
    """
    found: dict[str, list[tuple[int, str]]] = {"to": [], "from": [], "by": []}
    for m in mentions:
        if m.adjective or not (lo <= m.start <= hi):
            continue
        pre = text[max(0, m.start - 20) : m.start]
        rank = m.start - anchor if m.start >= anchor else 1000 + anchor - m.start
        if g.role_to.search(pre) and (not g.case_roles or _can_be(g, m, text, "accs")):
            found["to"].append((rank, m.party))  # "to Kyiv"; "в Україну" (into, accusative)
        elif g.role_from.search(pre):
            found["from"].append((rank, m.party))
        elif g.role_by and g.role_by.search(pre):
            found["by"].append((rank, m.party))
        elif (
            g.case_roles
            and not g.prepositions.search(pre)
            and _can_be(g, m, text, "ablt")
            and not _can_be(g, m, text, "nomn")
        ):
            found["by"].append((rank, m.party))  # "возвращены Россией": the instrumental gives
        elif (
            g.case_roles
            and not g.prepositions.search(pre)
            and _can_be(g, m, text, "datv")
            and not _can_be(g, m, text, "nomn")
        ):
            found["to"].append((rank, m.party))  # "передала Украине": the dative receives
    to, frm, by = (min(found[k])[1] if found[k] else None for k in ("to", "from", "by"))
    return to, frm, by


def _can_be(g: Grammar, m: Mention, text: str, case: str) -> bool:
    """Whether the mention's word can stand in grammatical `case` (inflected languages)."""
    return _can_be_word(g, text[m.start : m.end], case)


def _can_be_word(g: Grammar, phrase: str, case: str) -> bool:
    morph = morphology(g.lang)
    if morph is None:
        return case == "nomn"
    last = phrase.split()[-1]
    if last.isupper() or not last.isalpha():
        return True  # abbreviations (ВСУ, РФ) do not inflect
    word = last.lower()
    return any(p.tag.case == case for p in morph.parse(word))


def _article_pair(g: Grammar, mentions_all: list[Mention]) -> tuple[str, str] | None:
    book = lexicon.parties()
    counts: dict[str, float] = {}
    for m in mentions_all:
        # "Saudi nationals" says whose people, "Saudi Arabia" names a side: half weight
        counts[m.party] = counts.get(m.party, 0) + (0.5 if m.adjective else 1)
    ranked = sorted(counts, key=lambda p: -counts[p])
    for p in ranked:
        for q in ranked:
            if q != p and q in book.counterparts.get(p, ()):
                return (p, q)
    if ranked:
        c = book.counterpart(ranked[0])
        if c:
            return (ranked[0], c)
    return None


def _other(
    party: str | None, pair: tuple[str, str] | None, present: dict[str, int], role: str = "any"
) -> str | None:
    """The other side of an exchange `party` takes part in (as giver or receiver)."""
    if party is None:
        return None
    if pair and party in pair:
        return pair[1] if pair[0] == party else pair[0]
    return lexicon.parties().counterpart(party, present, role)


def extract_records(article: Article, settings: Settings) -> list[Record]:
    """Every transfer claim of one article, restatements merged."""
    g = grammar("en" if article.language not in settings.languages else article.language)
    text = article.text
    sentences = split_sentences(text)
    all_mentions = _mentions(g, text)
    if (local := in_context(g.lang, frozenset(m.party for m in all_mentions))) is not g:
        g, all_mentions = local, _mentions(local, text)  # "the government side" beside Houthis
    pair = _article_pair(g, all_mentions)
    present: dict[str, int] = {}
    for m in all_mentions:
        present[m.party] = present.get(m.party, 0) + 1
    drafts: list[Draft] = []
    speaker: str | None = None
    title_end = len(article.title) if article.title and text.startswith(article.title) else 0
    first = text.split("\n", 1)[0]
    if not title_end and len(first) < 200 and not first.rstrip().endswith((".", "!", "?")):
        title_end = len(first)  # an unmarked first line that is no sentence is a headline
    # a sentence with no number yields no draft: only those that may hold one are read
    hints = number_hints(text, g.lang)
    sent_starts = [sent.start for sent in sentences]
    read = range(len(sentences)) if hints is None else _sentences_at(sentences, sent_starts, hints)
    # the speaker of a sentence: the side named last in the sentences before it
    said = _sides_named(sentences, sent_starts, all_mentions)
    told = 0
    for si in read:
        while told < len(said) and said[told][0] < si:
            speaker = said[told][1]
            told += 1
        last_kind = drafts[-1].kind if drafts else None
        drafts.extend(
            _sentence_drafts(
                g, article, sentences[si], si, pair, present, title_end, speaker, last_kind
            )
        )
    _tally_counterparts(drafts)
    _fulfilled_plans(g, drafts, sentences, article.published)
    _inherit_dates(drafts, sentences)
    merged = _merge(drafts)
    out: list[Record] = []
    for d in merged:
        ev = text[d.start : d.end]
        out.append(
            Record(
                article_id=article.id,
                status=d.status,
                kind=d.kind,
                count=d.count,
                qualifier=d.qualifier,  # type: ignore[arg-type]
                evidence=Span(article.id, d.start, d.end),
                evidence_text=ev,
                from_party=d.from_party,
                to_party=d.to_party,
                between=d.between,
                date=d.date,
            )
        )
    return out


def _sentences_at(sentences: list[Sentence], starts: list[int], offsets: list[int]) -> list[int]:
    """The indices, in order, of the sentences holding one of `offsets`."""
    out: set[int] = set()
    for pos in offsets:
        i = bisect_right(starts, pos) - 1
        if i >= 0 and pos < sentences[i].end:
            out.add(i)
    return sorted(out)


def _sides_named(
    sentences: list[Sentence], starts: list[int], mentions: list[Mention]
) -> list[tuple[int, str]]:
    """(sentence index, party) of each side named by name in a sentence, in text order."""
    out: list[tuple[int, str]] = []
    for m in mentions:
        i = bisect_right(starts, m.start) - 1
        if not m.adjective and i >= 0 and m.start < sentences[i].end:
            out.append((i, m.party))
    return out


def _sentence_drafts(
    g: Grammar,
    article: Article,
    sent: Sentence,
    si: int,
    pair: tuple[str, str] | None,
    present: dict[str, int],
    title_end: int,
    speaker: str | None = None,
    last_kind: Kind | None = None,
) -> list[Draft]:
    s = sent.text
    nums = find_numbers(s, g.lang)
    if not nums:
        return []
    triggers = _triggers(g, s)
    if not triggers:
        return []
    past_dates = find_dates(s, article.published, g.lang)
    mentions = _mentions(g, s)
    concurrent = tells_concurrent(s, g.lang)
    out: list[Draft] = []
    prev: Draft | None = None
    prev_np: NounPhrase | None = None
    for num in nums:
        if _is_date_number(num, past_dates) or num.value <= 0 or num.value > 200_000:
            continue
        if re.match(r"(?:19|20)\d\d$", num.text) and not re.match(
            r"\s+(?:bodies|prisoners|people)", s[num.end :]
        ):
            continue
        np = _noun_phrase(g, s, num, nums)
        if np is None:
            _debug("no noun phrase", num, s)
            continue
        trig = _pick_trigger(g, s, num, np, triggers)
        if _hedged(g, s, num):
            _debug("hedged: the clause offers it as one alternative", num, s)
            continue
        if _negated(g, s, num, np, trig) or trig is None:
            _debug(f"negated or no trigger ({trig})", num, s)
            continue
        kind = np.kind
        if prev is not None and prev_np is not None and kind != "remains" and not np.elliptic:
            if re.fullmatch(
                r"\s*(?:,|and|as well as|plus|,\s*and)\s*", s[prev_np.end : num.qualifier_start]
            ):
                kind = prev.kind  # "three Israeli bodies and one Nepalese"
        if kind == "prisoners" and trig.start < num.start:
            # "the remains handed over by Hamas the day before belonged to three hostages":
            # what was handed over were remains, whoever the count names
            lead = s[max(0, trig.start - 40) : trig.start]
            dead = list(g.remains_nouns.finditer(lead))
            if (
                dead
                and re.fullmatch(r"\s*(?:\w+\s+){0,1}", lead[dead[-1].end() :])
                and re.search(r"\b(?:the|their|its)\s+$", lead[: dead[-1].start()], re.IGNORECASE)
            ):
                kind = "remains"
        if kind is None:
            if prev is not None and prev_np is not None:
                kind = prev.kind
            elif g.remains_nouns.search(s):
                kind = "remains"
            elif (
                np.elliptic
                and last_kind is not None
                and trig.end <= num.qualifier_start
                and not s[trig.end : num.qualifier_start].strip()
            ):
                kind = last_kind  # "... the remains of 28. Of the latter, it has returned 20"
            else:
                kind = "prisoners"
        status = _status(g, s, num, np, trig)
        if status == "completed" and prev is not None and prev.status == "cumulative":
            if re.search(r",\s+(?:while|whereas)\s", s[prev.end - sent.start : num.start]):
                status = (
                    "cumulative"  # "a total of 6,060 ..., while Kiev returned 79": the same tally
                )
        directions = _directions(
            g, s, num, np, trig, mentions, pair, present, nums, prev, prev_np, speaker
        )
        pending = not directions
        if pending:
            # decided after the sentence: the other side of the one direction it names, if any
            directions = [(None, None, None)]
        ev_start, ev_end = _evidence(s, num, np, trig, mentions)
        planned = status == "planned"
        dates = find_dates(s, article.published, g.lang, planned=planned) if planned else past_dates
        if status == "completed":
            # "... on the last day of the swap agreed at talks in Istanbul on May 16": that
            # day is the agreement's, not the handover's
            dates = [dm for dm in dates if not _other_event_day(g, s, dm)]
        day, vague = _day(dates, trig, status, num.start)
        occasions = (
            listed_occasions(s, g.lang, num.qualifier_start, np.end) if status == "completed" else 1
        )
        for (frm, to, between), occasion in itertools.product(
            directions, range(1, occasions + 1) if occasions > 1 else (0,)
        ):
            d = Draft(
                status=status,
                kind=kind,
                count=num.value,
                qualifier=num.qualifier,
                start=sent.start + ev_start,
                end=sent.start + ev_end,
                sentence=si,
                from_party=frm,
                to_party=to,
                between=between,
                date=day,
                vague_time=vague,
                told_as_earlier=any(dm.vague and dm.start <= EARLIER_OPENING for dm in past_dates),
                concurrent=concurrent,
                rounded=num.rounded or (num.qualifier != "exact"),
                in_title=sent.start < title_end,
                pending=pending,
                occasion=occasion,
                additional=_additional(g, s, num),
                definite=bool(re.search(r"\bthe\s+$", s[: num.qualifier_start][-5:], re.I)),
            )
            out.append(d)
        if not pending:
            prev, prev_np = out[-1], np
    _exchange_for(s, out, sent.start)
    return _settle_pending(out, s, sent.start)


def _settle_pending(drafts: list[Draft], s: str, base: int) -> list[Draft]:
    """A count whose sentence names no side takes the reverse of the one direction the
    sentence does name: "The handovers began with 1,212 bodies, while Russia received 27"."""
    named = [d for d in drafts if not d.pending and d.from_party]
    out: list[Draft] = []
    for d in drafts:
        if d.pending:
            if len({(n.from_party, n.to_party) for n in named}) != 1:
                continue
            other = named[0]
            lo, hi = sorted((d.start - base, other.start - base))
            between = s[lo:hi]
            if OPPOSED.search(between):
                d.from_party, d.to_party = other.to_party, other.from_party
            elif ALONGSIDE.search(between):
                d.from_party, d.to_party = other.from_party, other.to_party
            else:
                continue
            d.pending = False
        out.append(d)
    return out


def _exchange_for(s: str, drafts: list[Draft], base: int) -> None:
    """'exchange 33 hostages for 1,904 Palestinian prisoners': the first goes the other way."""
    for a, b in zip(drafts, drafts[1:], strict=False):
        if a.between is None or b.between is not None or not b.from_party:
            continue
        if re.search(r"\bfor\b", s[a.end - base : b.start - base + 40]) and a.count != b.count:
            a.between, a.from_party, a.to_party = None, b.to_party, b.from_party


def _debug(why: str, num: NumberMention, s: str) -> None:
    if DEBUG:
        print(f"[extract] {num.text!r}: {why} | {s[:120]}", file=sys.stderr)


def _directions(
    g: Grammar,
    s: str,
    num: NumberMention,
    np: NounPhrase,
    trig: Trigger,
    mentions: list[Mention],
    pair: tuple[str, str] | None,
    present: dict[str, int],
    nums: list[NumberMention],
    prev: Draft | None,
    prev_np: NounPhrase | None,
    speaker: str | None = None,
) -> list[tuple[str | None, str | None, tuple[str, str] | None]]:
    """(from, to, between) for each record the number gives (two with 'each')."""
    subj = _subject(g, s, trig, mentions, num)
    if trig.noun and subj and g.reporting:
        said = [m for m in mentions if not m.adjective and m.end <= trig.start]
        if said and g.reporting.search(s[said[-1].end : trig.start]) and trig.role != "receive":
            # "Kyiv says 1,200 more bodies expected after the handover": Kyiv only speaks;
            # but "Ukraine reported returns of remains": who speaks of a return gets its own back
            subj = []
    if not subj and speaker and g.pronouns and trig.start <= num.qualifier_start:
        # "Of the latter, it has so far returned 20": "it" is the side named last before
        if g.pronouns.search(s[max(0, trig.start - 30) : trig.start]):
            subj = [speaker]
    # elliptic "... and Russia 45": the party right before the number is the subject
    m_before = [
        m for m in mentions if m.end <= num.qualifier_start and num.qualifier_start - m.end <= 3
    ]
    if np.elliptic and m_before and not m_before[-1].adjective:
        if not g.case_roles or _can_be(g, m_before[-1], s, "nomn"):
            subj = [m_before[-1].party]  # ("России — 78" is a dative: read as an oblique)
    hi = max(trig.end, np.end) + 40
    if g.case_roles and "," in s[np.end : hi]:
        hi = np.end + s[np.end : hi].index(
            ","
        )  # "Россия вернула 43 тела, Украине передали ...": not its receiver
    to_obl, from_obl, by = _oblique(
        g,
        s,
        max(0, min(trig.start, num.qualifier_start) - 60),
        hi,
        mentions,
        trig.end if trig.end <= num.start else trig.start,
    )
    # "120 Houthi rebels held prisoner in Saudi Arabia": the holder gives
    held = re.match(
        r"[^.;]{0,25}?\b(?:held|detained|imprisoned|jailed|kept)\s+(?:prisoner\s+|captive\s+|hostage\s+)?(?:in|by)\s+(?:the\s+)?",
        s[np.end :],
        re.IGNORECASE,
    )
    if held and not from_obl:
        holder = [m for m in mentions if m.start == np.end + held.end() and not m.adjective]
        if holder:
            from_obl = holder[0].party
    nationality = np.nationality
    if np.own and subj:
        nationality = subj[0]
    elif np.own and speaker:
        nationality = speaker  # "We have exchanged 200 of our heroes" after "Yermak:"
    local_pair: tuple[str, str] | None = None
    if len(subj) >= 2:
        local_pair = (subj[1], subj[0])
    elif subj and (c := _other(subj[0], pair, present)):
        local_pair = (subj[0], c)
    elif nationality and (c := _other(nationality, pair, present)):
        local_pair = (nationality, c)
    else:
        local_pair = pair
    for_pair = any(
        o is not num
        and o.value == num.value
        and g.n_for_n.match(s[min(o.end, num.end) : max(o.qualifier_start, num.qualifier_start)])
        for o in nums
    )
    if for_pair and any(o.value == num.value and o.start < num.start for o in nums if o is not num):
        return []  # the second number of "146 for 146": the first one made both records
    each_after = re.match(
        r"\s*(?:\w+\s+){0,3}?(?:" + g.each.pattern + r")(?!\s+(?:\w+ing|\w+ed|time|occasion)\b)",
        s[np.end : np.end + 40],
        re.IGNORECASE,
    )
    each_before = re.search(
        r"\b(?:each|both)\s+(?:side|sides|nation|country|party|parties)\b",
        s[max(0, trig.start - 45) : num.start],
        re.IGNORECASE,
    )
    each = bool(each_after) or bool(each_before) or for_pair
    each = each or bool(
        re.search(r"\beach\s+(?:\w+\s+)?$", s[max(0, trig.start - 14) : trig.start], re.IGNORECASE)
    )
    each = each or bool(
        re.search(r"\beach\s+\w+ing\b", s[max(0, trig.start - 20) : trig.end], re.IGNORECASE)
    )
    if prev is not None and prev_np is not None and not nationality:
        gap = s[prev_np.end : num.qualifier_start]
        if re.fullmatch(r"\s*(?:,|and|as well as|plus|,\s*and)\s*", gap):
            if prev.between is None:
                return [(prev.from_party, prev.to_party, None)]
    pair_m = re.search(r"\bbetween\s+(?:the\s+)?", s)
    if pair_m:
        between_parties = [
            m.party for m in mentions if pair_m.end() <= m.start <= pair_m.end() + 70
        ]
        if (
            len(set(between_parties)) >= 2
            and trig.role in ("exchange", "give", "arrive")
            and not nationality
            and not each
        ):
            a, b = sorted(set(between_parties[:2]))
            if len({a, b}) == 2 and (trig.role == "exchange" or trig.passive):
                return [(None, None, (a, b))]
    if each and not nationality:
        if local_pair is None:
            return []
        a, b = local_pair
        return [(a, b, None), (b, a, None)]
    if trig.role == "exchange" and not nationality and not np.elliptic:
        if len(subj) >= 2:
            return [(None, None, tuple(sorted(subj[:2])))]  # type: ignore[list-item]
        if g.both_sides.search(s) or (subj and by) or not subj:
            if local_pair:
                return [(None, None, tuple(sorted(local_pair)))]  # type: ignore[list-item]
            return []
    if (
        trig.passive
        and not nationality
        and local_pair
        and re.match(r"\s+by\s+" + g.both_sides.pattern, s[trig.end :], re.IGNORECASE)
    ):  # "more than 1,000 prisoners were freed by the two sides": a two-way total
        return [(None, None, tuple(sorted(local_pair)))]  # type: ignore[list-item]
    giver: str | None = None
    receiver: str | None = None
    reversed_ = bool(g.reverse.match(s[np.end :].lstrip())) or bool(
        re.search(
            r"\b(?:in exchange for|in return for|for)\s+(?:\w+\s+){0,2}$",
            s[max(0, num.qualifier_start - 30) : num.qualifier_start],
            re.IGNORECASE,
        )
    )
    role = trig.role
    if g.from_captivity and g.from_captivity.match(s[trig.end :]):
        role = "receive"  # "звільнила з полону 84 захисників": freed one's own from captivity
    if role == "return":  # "вернула Украине" gives; "Россия вернула 43 тела" gets its own back
        role = "give" if to_obl or nationality else "receive"
    if trig.passive:
        receiver = to_obl
        giver = by or from_obl
    elif role == "give" or role == "exchange":
        giver = subj[0] if subj else None
        receiver = to_obl
        if from_obl and not giver:
            giver = from_obl
    elif role == "receive":
        receiver = subj[0] if subj else None
        giver = from_obl
    elif role == "arrive":
        receiver = to_obl
        giver = from_obl
    if nationality:
        if giver == nationality and receiver is None:
            giver = None  # "Ukraine freed 215 Ukrainian defenders": Ukraine is the receiver
        receiver = nationality
        if giver == receiver:
            giver = None
    if reversed_ and prev is not None and nationality is None and prev.from_party and prev.to_party:
        giver, receiver = prev.to_party, prev.from_party
    elif (
        reversed_
        and nationality
        and re.search(
            r"\bin\s+(?:exchange|return)\s+for\s+(?:\w+\s+){0,2}$",
            s[max(0, num.qualifier_start - 40) : num.qualifier_start],
            re.IGNORECASE,
        )
    ):
        giver = None  # "Hamas freed 20 hostages in exchange for 2,000 Palestinian prisoners"
    if np.running_total and prev is not None and prev.from_party:
        return [(prev.from_party, prev.to_party, None)]
    if np.elliptic and prev is not None and prev_np is not None and not subj and not nationality:
        if giver is None and receiver is None:
            giver, receiver = prev.from_party, prev.to_party
        elif giver is None and receiver != prev.from_party:
            giver = prev.from_party  # "13 went to Germany, and three were handed over to the U.S"
    explicit_pair = local_pair if len(subj) >= 2 else None
    if prev is not None and prev.from_party and prev.to_party and prev.between is None:
        # "The government side freed 706 Houthi detainees, while the Houthis released 181":
        # the sentence's other side of the exchange is the one it named just before
        book = lexicon.parties()
        if giver and not receiver and prev.to_party == giver:
            if prev.from_party in book.gives_to.get(giver, ()):
                receiver = prev.from_party
        elif receiver and not giver and prev.from_party == receiver:
            if prev.to_party in book.receives_from.get(receiver, ()):
                giver = prev.to_party
    if receiver and not giver:
        giver = _other(receiver, explicit_pair, present, "receiver")
    elif giver and not receiver:
        receiver = _other(giver, explicit_pair, present, "giver")
    if not giver or not receiver or giver == receiver:
        if trig.role == "exchange" and local_pair:
            return [(None, None, tuple(sorted(local_pair)))]  # type: ignore[list-item]
        return []
    return [(giver, receiver, None)]


def _evidence(
    s: str, num: NumberMention, np: NounPhrase, trig: Trigger, mentions: list[Mention]
) -> tuple[int, int]:
    start = min(trig.start, num.qualifier_start)
    end = max(np.end, trig.end)
    subj = [m for m in mentions if m.end <= start and start - m.end < 40 and not m.adjective]
    if subj:
        start = subj[-1].start
        # take "The Russian side" / "Russia's Coordination Headquarters" whole
        det = re.search(r"\b(?:The|the)\s+$", s[max(0, start - 4) : start])
        if det:
            start -= len(det.group(0))
    if end - start > 260:
        start = max(0, num.qualifier_start - 100)
    return start, end


def _day(
    dates: list[DateMention], trig: Trigger, status: Status, anchor: int
) -> tuple[dt.date | None, bool]:
    """The day a record speaks of: the day-naming time expression nearest its number."""
    days = [d for d in dates if not d.vague]
    vague = any(d.vague for d in dates)
    if status == "cumulative":
        for d in days:
            return d.day, vague
        return None, vague
    if status == "planned":
        days = [d for d in days if d.start >= trig.start]
    if not days:
        return None, vague
    best = min(days, key=lambda d: abs(d.start - anchor))
    return best.day, vague


def _tally_counterparts(drafts: list[Draft]) -> None:
    """The other side of a running total, told alone in the next sentence with no time of
    its own, is part of that tally: "a total of 6,060 bodies have been delivered to the
    Ukrainian side." / "Russia has received 78 bodies from the Ukrainian side." """
    for i, d in enumerate(drafts):
        if d.status != "completed" or d.date is not None or d.vague_time or d.from_party is None:
            continue
        if sum(1 for x in drafts if x.sentence == d.sentence) != 1:
            continue
        prev = [x for x in drafts[:i] if x.sentence == d.sentence - 1]
        if (
            len(prev) == 1
            and prev[0].status == "cumulative"
            and prev[0].date is None
            and prev[0].kind == d.kind
            and (prev[0].from_party, prev[0].to_party) == (d.to_party, d.from_party)
        ):
            d.status = "cumulative"


FULFILMENT_REACH = 3
"""How many sentences back a count-less "the above-mentioned ... were handed over" reaches."""


def _fulfilled_plans(
    g: Grammar, drafts: list[Draft], sentences: list[Sentence], published: dt.date | None
) -> None:
    """Plans that a later count-less sentence tells done become completed handovers on its
    day: "an agreement was reached on the release of 32 Armenian servicemen by Azerbaijan"
    then "in accordance with the agreement, on December 13, the above-mentioned military
    personnel was handed over" (the fulfilment phrases of triggers.toml)."""
    if g.fulfilment is None or not any(d.status == "planned" for d in drafts):
        return
    told = {d.sentence for d in drafts}
    for si, sent in enumerate(sentences):
        s = sent.text
        if si in told or not g.fulfilment.search(s):
            continue
        rest = g.fulfilment.sub(" ", s)
        if g.planned.search(rest) or g.cumulative.search(rest):
            continue
        done = [
            t
            for t in _triggers(g, rest)
            if not t.noun
            and (t.passive or rest[t.start : t.end].split()[0].lower().endswith(("ed", "en")))
        ]
        if not done:
            continue
        days = [d.day for d in find_dates(s, published, g.lang) if d.day and not d.vague]
        for d in drafts:
            if d.status == "planned" and si - FULFILMENT_REACH <= d.sentence < si:
                d.status = "completed"
                d.date = days[0] if len(set(days)) == 1 else d.date


def _inherit_dates(drafts: list[Draft], sentences: list[Sentence]) -> None:
    """A completed record with no day takes the day of the exchange it belongs to.

    That is the nearest dated completed record of the same kind at most
    DATE_INHERIT_SENTENCES before it in the same paragraph, unless the
    sentence names a time of its own ("earlier in the week", "in February").
    A sentence told as concurrent with the handover before it ("Concurrently, the
    bodies ... were exchanged", "Earlier that day, ...") takes that one's day whatever
    its kind or paragraph, up to twice as far back.
    An article's one undated handover the other way round from its one dated handover
    of that kind ("On January 29, Russia returned 1,000 bodies ... In return, 38 bodies
    were handed over to Russia") is that exchange's other side: it takes its day, as the
    ledger pairs them (reconcile/events.py, lone directions).
    """
    for i, d in enumerate(drafts):
        if d.date is not None or d.status != "completed" or d.vague_time or d.in_title:
            continue
        if not d.additional and any(
            k.date is not None and k.sentence != d.sentence and _restated_by(k, d)
            for k in drafts[:i]
        ):
            continue  # '"303 Ukrainian defenders are home," Zelensky wrote': the 303 told before
        for prev in reversed(drafts[:i]):
            if prev.status != "completed" or (prev.kind != d.kind and not d.concurrent):
                continue
            if not _parties(prev) & _parties(d):
                continue  # a round-up's next item: another war's handover, not this one's
            reach = DATE_INHERIT_SENTENCES * (2 if d.concurrent else 1)
            if d.sentence - prev.sentence > reach:
                break
            if (
                sentences[prev.sentence].paragraph != sentences[d.sentence].paragraph
                and d.sentence - prev.sentence > 1
                and not d.concurrent
            ):
                break
            if prev.date is not None:
                d.date = prev.date
            break
    _date_lone_counterparts(drafts)


def _date_lone_counterparts(drafts: list[Draft]) -> None:
    done = [d for d in drafts if d.status == "completed" and d.between is None and d.from_party]
    for kind in {d.kind for d in done}:
        mine = [d for d in done if d.kind == kind]
        directions = {(d.from_party, d.to_party) for d in mine}
        if len(directions) != 2:
            continue
        dated = [d for d in mine if d.date is not None]
        undated = [d for d in mine if d.date is None and not d.vague_time and not d.in_title]
        if (
            len({(d.from_party, d.to_party, d.date) for d in dated}) == 1
            and undated
            and len({(d.from_party, d.to_party, d.count) for d in undated}) == 1
            and (undated[0].from_party, undated[0].to_party)
            == (dated[0].to_party, dated[0].from_party)
        ):
            for d in undated:
                d.date = dated[0].date


def _other_event_day(g: Grammar, s: str, dm: DateMention) -> bool:
    """Whether a day in a handover's sentence is another event's: the agreement's ("the
    swap agreed at talks in Istanbul on May 16") or a meeting's ("after a first meeting on
    May 16 whose only result was the exchange carried out in late May")."""
    lead = s[max(0, dm.start - 40) : dm.start]
    return bool(
        g.planned.search(lead)
        or (
            g.other_events
            and re.search(g.other_events.pattern + r"[^,;]{0,12}$", lead, re.IGNORECASE)
        )
    )


def _additional(g: Grammar, s: str, num: NumberMention) -> bool:
    """Whether the count is told as the rest of a batch: "the remaining 10" (grammar.toml
    [np] additional_before)."""
    return bool(g.additional_before and g.additional_before.search(s[: num.qualifier_start][-30:]))


def _parties(d: Draft) -> set[str]:
    """The sides a draft names."""
    return {p for p in (d.from_party, d.to_party, *(d.between or ())) if p}


def _restated_by(k: Draft, d: Draft) -> bool:
    """Whether `d` tells again the claim `k` made: same status, kind, count and direction."""
    return (k.status, k.kind, k.count) == (d.status, d.kind, d.count) and _same_direction(k, d)


def _same_direction(a: Draft, b: Draft) -> bool:
    return (a.from_party, a.to_party, a.between) == (b.from_party, b.to_party, b.between)


def _restates(rounded: Draft, precise: Draft) -> bool:
    """'over 1,200' / '1.2K' restate 1,212; 'about 1,000' restates 1,003."""
    a, b = rounded.count, precise.count
    if a == b:
        return True
    tol = RESTATEMENT_TOLERANCE * b
    q = rounded.qualifier
    if q in ("more_than", "at_least"):
        return a <= b <= a + tol
    if q == "up_to":
        return b <= a <= b + tol
    if q == "about" or rounded.rounded:
        return abs(a - b) <= tol
    return False


def _merge(drafts: list[Draft]) -> list[Draft]:
    """One record per claim: drop repeats and rounded restatements of a precise figure."""
    keep: list[Draft] = []
    for d in drafts:
        dup = None
        for k in keep:
            if not _restated_by(k, d):
                continue
            if (k.occasion or d.occasion) and (k.occasion, k.sentence) != (d.occasion, d.sentence):
                continue  # "in July, August and September ... 1,000 each": three handovers
            if d.additional and k.sentence != d.sentence and not k.in_title:
                continue  # "10 hostages at 8 AM ... the remaining 10 at 10 AM": two batches
            if d.definite and k.sentence < d.sentence:
                dup = k  # "The 75 Russian soldiers released ... arrived in Moscow today": the
                break  # 75 exchanged the day before, not a second handover
            if k.date == d.date or k.date is None or d.date is None:
                if k.told_as_earlier != d.told_as_earlier and not (k.in_title or d.in_title):
                    continue  # "then ... 909" (an earlier exchange) is not today's 909
                dup = k
                break
        if dup is not None:
            if dup.date is None and d.date is not None:
                dup.date = d.date
            if dup.in_title and not d.in_title:
                keep[keep.index(dup)] = replace(d, date=d.date or dup.date)
            continue
        keep.append(d)
    # the same figure told once as a transfer and once as a running total is the total
    keep = [
        d
        for d in keep
        if not (
            d.status == "completed"
            and any(
                k.status == "cumulative"
                and k.count == d.count
                and k.kind == d.kind
                and _same_direction(k, d)
                for k in keep
            )
        )
    ]
    # rounded restatements (headline "over 1,200", "1.2K") of a precise figure in the body
    out: list[Draft] = []
    for d in keep:
        if d.rounded or d.in_title:
            twin = [
                k
                for k in keep
                if k is not d
                and k.status == d.status
                and (k.kind == d.kind or d.in_title)
                and _same_direction(k, d)
                and k.count != d.count
                and not k.rounded
                and _restates(d, k)
            ]
            exact_same = [
                k
                for k in keep
                if k is not d
                and k.count == d.count
                and k.status == d.status
                and _same_direction(k, d)
            ]
            if twin and not exact_same and (d.in_title or d.sentence <= 2 or d.count % 100 == 0):
                continue
        out.append(d)
    return out
