"""Source -> Source: an explicit zero in a claim's sentence as a claim of 0 the other way.

"Moscow transferred 1,200 bodies but reported receiving no Russian corpses in
return" is one record (1,200 to Ukraine); records.md does not score the zero,
but the ledger shows 0 for that direction, with the words that say so as its
evidence. A small detector here, not in the extractor: only the sentence of a
completed record is read, and only for the reverse of its direction.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import replace

from swapledger.model import Source, Span

ZERO_GAP_CHARS = 40
"""Characters between 'not a single' and its noun: 'a single Russian serviceman's body'."""

ZERO = re.compile(
    r"\b(?:(?:has|had|have|did|was|were)\s+not\s+(?:receiv|get|got|been\s+given)\w*\s+"
    r"(?:a\s+single|any)|receiv\w*\s+no|without\s+receiving\s+any)\b"
    rf"[^.;]{{0,{ZERO_GAP_CHARS}}}?\b(?:bod(?:y|ies)|remains|corpses?|prisoners?|captives?)\b",
    re.IGNORECASE,
)


def zeros(sources: Iterable[Source]) -> Iterator[Source]:
    """A 0 claim, the other way, for each completed record whose sentence says none came back."""
    for s in sources:
        r = s.record
        if r.status != "completed" or r.between is not None or not (r.from_party and r.to_party):
            continue
        m = ZERO.search(s.sentence)
        if m is None:
            continue
        start = s.sentence_start + m.start()
        zero = replace(
            r,
            count=0,
            qualifier="exact",
            from_party=r.to_party,
            to_party=r.from_party,
            evidence=Span(r.article_id, start, start + len(m.group(0))),
            evidence_text=m.group(0),
        )
        yield replace(s, key=f"{s.key}:0", record=zero)
