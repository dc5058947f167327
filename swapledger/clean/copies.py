"""Copies of one article linked: reposts, wire stories run by several outlets, the same
related story on many pages. Linked articles share one copy key, so their records
count once per distinct report (reconcile/consensus.py) and the ledger shows the
others as "also published by"; each copy keeps its own outlet, url and date.

1. exact copies: the same body, blind to case and spacing (one content hash)
2. close copies: word triples (3-shingles) of each body, MinHash-LSH (datasketch)
   for candidates, then the exact Jaccard of the triples: >= `CLOSE` is a copy
   (a repost with the outlet's own appeal or a changed first line)
3. edited wire copies: two outlets running one wire story rewrite the lead, cut
   paragraphs and add their own, and share as little as a third of their triples.
   Candidates come from MinHash-LSH over the evidence sentences; a pair is a copy
   when one evidence sentence is (nearly) the same in both, with the same claim
   (count, kind, direction), *and* at least `WIRE_SHARE` of the shorter one's
   triples are in the other. Two articles on one event, each written on its own,
   share claims but not their sentences, nor a quarter of their triples.
4. links are transitive (union-find); a group's key is the smallest content hash
   of its members, so it does not depend on the order the store returns them in

Claims guard every link: two texts whose records give different counts for the
same kind and direction are two reports (a monthly bulletin in one template),
however much text they share.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import TYPE_CHECKING

from swapledger.model import Article, Source

if TYPE_CHECKING:  # datasketch (and the SciPy it imports) load on first use: ~1 s
    from datasketch import MinHash

__all__ = ["Copy", "link", "link_articles", "link_sources"]

NUM_PERM = 128
"""MinHash permutations: Jaccard estimated within about +-0.09 (1/sqrt(128)), enough to
propose candidates that are then measured exactly."""

CLOSE = 0.5
"""Jaccard of word triples at which two bodies are one article: a repost adds or drops
an appeal, a byline, a paragraph; two stories in one outlet's template stay far below."""

CANDIDATE = 0.3
"""LSH threshold for close-copy candidates: below `CLOSE`, so that estimates a little
under it are still measured."""

WIRE_SHARE = 0.25
"""Share of the shorter body's triples found in the other, with one evidence sentence in
common: edited wire copies keep a third or more; two reports written apart share a few
set phrases ("the Coordination Headquarters said"), well under a fifth."""

SENTENCE_CLOSE = 0.5
"""Jaccard of word triples at which two evidence sentences are one sentence (an edited
copy changes a word or two of it: "on Thursday" -> "on 23 October")."""

MIN_SENTENCE_TRIPLES = 4
"""A sentence of fewer words cannot show a shared source: "Ukraine got 84." is common."""

WORD = re.compile(r"\w+")


@dataclass(frozen=True, slots=True)
class Copy:
    """An article as copy-linking sees it: its body, evidence sentences and claims."""

    key: str  # the article's id
    text: str  # the body (title left out: outlets retitle wire stories)
    sentences: tuple[tuple[str, tuple], ...] = ()  # (evidence sentence, its claim)

    @property
    def claims(self) -> frozenset[tuple]:
        return frozenset(c for _, c in self.sentences)


def content_hash(text: str) -> str:
    """The key of a body, blind to case and spacing (as reconcile.dates.source_from)."""
    norm = " ".join(text.split()).casefold()
    return hashlib.sha256(norm.encode("utf-8", "surrogatepass")).hexdigest()[:16]


def triples(text: str) -> frozenset[str]:
    """The word triples of a text, case-folded (a text of one or two words: its words)."""
    words = WORD.findall(text.casefold())
    if len(words) < 3:
        return frozenset([" ".join(words)]) if words else frozenset()
    return frozenset(" ".join(words[i : i + 3]) for i in range(len(words) - 2))


@lru_cache(maxsize=1)
def _template() -> MinHash:
    """An empty MinHash (seed 1) whose permutations every text's MinHash shares: made
    once, not once per text (a fifth of the cost of linking went into making them)."""
    from datasketch import MinHash

    return MinHash(num_perm=NUM_PERM)


@lru_cache(maxsize=65536)
def _minhash(shingles: frozenset[str]) -> MinHash:
    from datasketch import MinHash

    t = _template()
    m = MinHash(num_perm=NUM_PERM, permutations=t.permutations, scheme=t.scheme)
    m.update_batch([s.encode("utf-8", "surrogatepass") for s in sorted(shingles)])
    return m


def jaccard(a: frozenset[str], b: frozenset[str]) -> float:
    return len(a & b) / len(a | b) if a and b else 0.0


def containment(a: frozenset[str], b: frozenset[str]) -> float:
    """Share of the smaller set found in the other."""
    return len(a & b) / min(len(a), len(b)) if a and b else 0.0


def claim(source: Source) -> tuple:
    """What a record says, for comparing copies: status, kind, count and direction."""
    r = source.record
    return (r.status, r.kind, r.count, r.direction())


def compatible(a: frozenset[tuple], b: frozenset[tuple]) -> bool:
    """False when the two give different counts for the same status, kind and direction."""
    counts_a: dict[tuple, set[int]] = {}
    counts_b: dict[tuple, set[int]] = {}
    for claims, counts in ((a, counts_a), (b, counts_b)):
        for status, kind, count, direction in claims:
            counts.setdefault((status, kind, direction), set()).add(count)
    return all(counts_a[k] & counts_b[k] for k in counts_a.keys() & counts_b.keys())


def link(items: Sequence[Copy]) -> dict[str, str]:
    """Each item's copy key: items that are copies of one another share it."""
    hashes = {c.key: content_hash(c.text) for c in items}
    parent: dict[str, str] = {}

    def root(x: str) -> str:
        while parent.setdefault(x, x) != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    def union(a: str, b: str) -> None:
        ra, rb = root(a), root(b)
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)

    # 1. exact copies: one representative per content hash, claims pooled
    reps: dict[str, Copy] = {}
    for c in items:
        h = hashes[c.key]
        rep = reps.get(h)
        reps[h] = c if rep is None else replace(rep, sentences=rep.sentences + c.sentences)
        root(h)
    shingles = {h: triples(c.text) for h, c in reps.items()}
    # 2. close copies
    from datasketch import MinHashLSH

    lsh = MinHashLSH(threshold=CANDIDATE, num_perm=NUM_PERM)
    for h, s in shingles.items():
        if s:
            lsh.insert(h, _minhash(s))
    for h, s in shingles.items():
        if not s:
            continue
        for other in lsh.query(_minhash(s)):
            if other <= h or root(other) == root(h):
                continue
            if jaccard(s, shingles[other]) >= CLOSE and compatible(
                reps[h].claims, reps[other].claims
            ):
                union(h, other)
    # 3. edited wire copies, through their evidence sentences
    by_sentence: dict[tuple[str, int], tuple[frozenset[str], tuple]] = {}
    sentence_lsh = MinHashLSH(threshold=SENTENCE_CLOSE, num_perm=NUM_PERM)
    for h, c in reps.items():
        for i, (sentence, what) in enumerate(dict.fromkeys(c.sentences)):
            st = triples(sentence)
            if len(st) < MIN_SENTENCE_TRIPLES:
                continue
            by_sentence[(h, i)] = (st, what)
            sentence_lsh.insert(f"{h}\t{i}", _minhash(st))
    for (h, _i), (st, what) in by_sentence.items():
        for found in sentence_lsh.query(_minhash(st)):
            other, j = found.split("\t")
            if other <= h or root(other) == root(h):
                continue
            other_st, other_what = by_sentence[(other, int(j))]
            if (
                other_what == what
                and jaccard(st, other_st) >= SENTENCE_CLOSE
                and containment(shingles[h], shingles[other]) >= WIRE_SHARE
                and compatible(reps[h].claims, reps[other].claims)
            ):
                union(h, other)
    return {c.key: root(hashes[c.key]) for c in items}


def link_sources(sources: Iterable[Source], articles: Mapping[str, Article]) -> list[Source]:
    """`sources` with copies of one article sharing one copy key (`articles`: by id, the
    articles the sources' records come from)."""
    items = list(sources)
    sentences: dict[str, list[tuple[str, tuple]]] = {}
    for s in items:
        sentences.setdefault(s.record.article_id, []).append((s.sentence, claim(s)))
    copies = [
        Copy(aid, articles[aid].body, tuple(found))
        for aid, found in sentences.items()
        if aid in articles
    ]
    keys = link(copies)
    return [
        replace(s, copy_key=keys[s.record.article_id]) if s.record.article_id in keys else s
        for s in items
    ]


def link_articles(articles: Sequence[Article]) -> dict[str, str]:
    """Each article's copy key by its id, from the text alone (exact and close copies;
    edited wire copies need the records' evidence sentences: `link_sources`)."""
    return link([Copy(a.id, a.body) for a in articles])
