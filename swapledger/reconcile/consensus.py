"""Sources of one direction -> Transfer (+ Conflict): which figure the ledger shows, and why.

Counts are read as intervals through their qualifiers; two figures agree when
their intervals overlap. When the figures of one direction do not all agree,
the consensus is chosen by these rules, in order:

1. exact over rounded: a rounded figure supports the exact figure it agrees with
2. the receiving side's count for what it received (its officials or outlets)
3. the majority of distinct outlets (copies of one article count once)
4. the earliest report
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from functools import cache

from swapledger import lexicon
from swapledger.model import Conflict, Figure, Qualifier, Source, Transfer

ABOUT_SLACK = 0.05
"""'about 1,000' stands for 1,003 or 960: reporters round to the nearest 50 or 100,
which stays within 5% of any count in the hundreds or more."""

ROUNDED_SLACK = 0.10
"""'over 1,200' for 1,212 and 'up to 300' for 280: a figure rounded to a round
number stays within 10% of the count it rounds."""

ABOUT_MIN_SLACK = 2
"""'about 30' for 31 or 29: small counts round by a couple of units, not 5%."""


def interval(count: int, qualifier: Qualifier) -> tuple[float, float]:
    """The counts a figure allows: 'exact 1,212' = [1212, 1212], 'over 1,200' = [1200, 1320]."""
    if qualifier == "about":
        slack = max(count * ABOUT_SLACK, ABOUT_MIN_SLACK)
        return (count - slack, count + slack)
    if qualifier in ("more_than", "at_least"):
        # inclusive: 'more than 6,000' often restates an agreed 6,000
        return (count, count * (1 + ROUNDED_SLACK))
    if qualifier == "up_to":
        return (count * (1 - ROUNDED_SLACK), count)
    return (count, count)


def agree(a: tuple[int, Qualifier], b: tuple[int, Qualifier]) -> bool:
    """True when two figures can be the same count once their qualifiers are read."""
    (alo, ahi), (blo, bhi) = interval(*a), interval(*b)
    return alo <= bhi and blo <= ahi


def key_order(key: str) -> tuple[int, str]:
    """Sort order of source keys: numeric ids by value, then text."""
    return (len(key), key) if key.isdigit() else (1 << 30, key)


def figures(sources: Iterable[Source]) -> list[Figure]:
    """Sources grouped by (count, qualifier), in order of first report."""
    groups: dict[tuple[int, Qualifier], list[Source]] = {}
    for s in sorted(sources, key=lambda s: key_order(s.key)):
        groups.setdefault((s.record.count, s.record.qualifier), []).append(s)
    return [Figure(c, q, tuple(ss)) for (c, q), ss in groups.items()]


SPEECH = r"(?:said|says|confirmed|confirms|announced|reported|stated|told|according to)"
SPEECH_REACH = 2
"""Words allowed between a side's name and its verb of speech: 'Kyiv's headquarters said'
(three would let 'from Russia on Wednesday, officials said' speak for Russia)."""


@cache
def _voices() -> dict[str, tuple[tuple[str, ...], tuple[str, ...], re.Pattern[str] | None]]:
    """party id -> (its officials, its outlets, casefolded; its names next to a verb of speech)."""
    book = lexicon.parties()
    out = {}
    for pid, p in book.parties.items():
        names = "|".join(re.escape(a) for a in sorted(p.aliases, key=len, reverse=True))
        gap = rf"(?:\W+\w+){{0,{SPEECH_REACH}}}\W+"
        speaking = (
            re.compile(rf"\b(?:{names})\b{gap}{SPEECH}\b|\b{SPEECH}{gap}(?:the\s+)?(?:{names})\b")
            if names
            else None
        )
        out[pid] = (
            tuple(o.casefold() for o in p.officials),
            tuple(o.casefold() for o in p.outlets),
            speaking,
        )
    return out


def speaks_for(source: Source) -> set[str]:
    """The parties whose own officials, outlets or bodies ('Kyiv said') give this claim."""
    out: set[str] = set()
    outlet = (source.outlet or "").casefold()
    said = f"{source.record.speaker or ''} {source.sentence}".casefold()
    for pid, (officials, outlets, speaking) in _voices().items():
        if outlet and outlet in outlets:
            out.add(pid)
        elif any(o in said for o in officials):
            out.add(pid)
        elif speaking is not None and speaking.search(source.sentence):
            out.add(pid)
    return out


def voices(sources: Iterable[Source]) -> int:
    """Distinct outlets: sources of one outlet, and copies of one article anywhere, count once."""
    parent: dict[str, str] = {}

    def root(x: str) -> str:
        while parent.setdefault(x, x) != x:
            x = parent[x]
        return x

    for s in sources:
        a, b = root("o:" + s.voice), root("c:" + (s.copy_key or s.document_id))
        parent[a] = b
    return len({root(x) for x in list(parent) if x.startswith("o:")})


def _voices_of(fs: Iterable[Figure]) -> int:
    """Distinct voices behind some figures."""
    return voices(s for f in fs for s in f.sources)


def _first(fs: Iterable[Figure]) -> tuple[int, str]:
    return min(key_order(s.key) for f in fs for s in f.sources)


def consensus(
    from_party: str, to_party: str, sources: Sequence[Source], *, between: bool = False
) -> tuple[Transfer, Conflict | None]:
    """The transfer one direction's sources give, and the conflict when they disagree."""
    figs = figures(sources)
    all_agree = all(agree((a.count, a.qualifier), (b.count, b.qualifier)) for a in figs for b in figs)
    exact = [f for f in figs if f.qualifier == "exact"]
    if all_agree:
        chosen = min(exact or figs, key=lambda f: (-_voices_of([f]), _first([f])))
        rule = "single figure" if len(figs) == 1 else "exact over rounded"
        return Transfer(from_party, to_party, chosen.count, chosen.qualifier, tuple(figs), rule, between), None
    # 1. exact over rounded: each candidate with the rounded figures that agree with it
    candidates = exact or figs
    support = {
        id(c): [c] + [f for f in figs if f.qualifier != "exact" and f is not c and agree((c.count, c.qualifier), (f.count, f.qualifier))]
        for c in candidates
    }
    chosen, rule = _choose(candidates, support, to_party)
    conflict = Conflict(from_party, to_party, tuple(figs), chosen.count, rule)
    transfer = Transfer(from_party, to_party, chosen.count, chosen.qualifier, tuple(figs), rule, between)
    return transfer, conflict


def _choose(
    candidates: list[Figure], support: dict[int, list[Figure]], receiver: str
) -> tuple[Figure, str]:
    """Rules 2-4 among the candidates of rule 1."""
    if len(candidates) == 1:
        return candidates[0], "exact over rounded"
    by_receiver = [
        c for c in candidates if any(receiver in speaks_for(s) for f in support[id(c)] for s in f.sources)
    ]
    if len(by_receiver) == 1:
        return by_receiver[0], f"the receiving side's count ({receiver})"
    pool = by_receiver or candidates
    votes = {id(c): _voices_of(support[id(c)]) for c in pool}
    best = max(votes.values())
    top = [c for c in pool if votes[id(c)] == best]
    if len(top) == 1:
        return top[0], f"majority of distinct outlets ({best} of {_voices_of(f for c in pool for f in support[id(c)])})"
    return min(top, key=lambda c: _first(support[id(c)])), "earliest report (outlets split evenly)"


def confirmed_by(sources: Iterable[Source], parties: Iterable[str]) -> tuple[str, ...]:
    """The parties of an exchange whose own officials or outlets report it."""
    wanted = set(parties)
    found: set[str] = set()
    for s in sources:
        found |= speaks_for(s) & wanted
    return tuple(sorted(found))
