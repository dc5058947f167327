"""Corpus folder -> scores: the project's records against the gold files (records.md §Scoring).

1. read: `docs/NAME.txt` with `gold/NAME.json`; the document gets only the gold
   file's `url` and `published`, never its records
2. run: pipeline.process on each document; every article's records pooled
3. match: per document, greedy one-to-one on (status, kind, direction, count),
   preferring pairs that also agree on qualifier and date
4. score: micro-averaged precision / recall / F1 over all documents;
   qualifier and date accuracy over the matched pairs

Gold `note` fields are ignored.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from swapledger.errors import InputError
from swapledger.model import Document, Record, Skipped
from swapledger.service import process
from swapledger.settings import DEFAULT, Settings

Key = tuple[str, str, tuple[str, ...], int]


@dataclass(frozen=True, slots=True)
class Claim:
    """A record reduced to what scoring reads; gold and produced records both become Claims."""

    document_id: str
    status: str
    kind: str
    direction: tuple[str, ...]  # ("russia", "ukraine") or ("between", a, b) with a <= b
    count: int
    qualifier: str
    date: dt.date | None
    evidence: str = ""

    @property
    def key(self) -> Key:
        """What must be equal for two claims to match."""
        return (self.status, self.kind, self.direction, self.count)

    @classmethod
    def from_record(cls, document_id: str, record: Record) -> Claim:
        """A produced record."""
        return cls(
            document_id,
            record.status,
            record.kind,
            record.direction(),
            record.count,
            record.qualifier,
            record.date,
            record.evidence_text,
        )

    @classmethod
    def from_gold(cls, document_id: str, gold: dict[str, Any]) -> Claim:
        """A record of a gold file (records.md shape; `note` ignored)."""
        try:
            if gold.get("between") is not None:
                a, b = gold["between"]
                direction: tuple[str, ...] = ("between", *sorted((a, b)))
            else:
                direction = (gold.get("from") or "?", gold.get("to") or "?")
            date = gold.get("date")
            return cls(
                document_id,
                gold["status"],
                gold["kind"],
                direction,
                int(gold["count"]),
                gold.get("qualifier") or "exact",
                dt.date.fromisoformat(date) if date else None,
                gold.get("evidence") or "",
            )
        except (KeyError, TypeError, ValueError) as exc:
            raise InputError(f"gold record of {document_id} is malformed: {exc!r}") from exc

    def line(self) -> str:
        """One human line: status kind from → to count qualifier date."""
        if self.direction and self.direction[0] == "between":
            parties = f"{self.direction[1]} ↔ {self.direction[2]}"
        else:
            parties = " → ".join(self.direction)
        day = self.date.isoformat() if self.date else "no date"
        return f"{self.status} {self.kind} {parties} {self.count} {self.qualifier} {day}"

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready."""
        return {
            "document": self.document_id,
            "status": self.status,
            "kind": self.kind,
            "direction": list(self.direction),
            "count": self.count,
            "qualifier": self.qualifier,
            "date": self.date.isoformat() if self.date else None,
            "evidence": self.evidence,
        }


@dataclass(frozen=True, slots=True)
class Match:
    """A gold claim and the produced claim matched to it."""

    gold: Claim
    produced: Claim

    @property
    def qualifier_ok(self) -> bool:
        """Same qualifier."""
        return self.gold.qualifier == self.produced.qualifier

    @property
    def date_ok(self) -> bool:
        """Same date (both null counts as the same)."""
        return self.gold.date == self.produced.date


@dataclass(frozen=True, slots=True)
class DocumentResult:
    """The matching of one document."""

    document_id: str
    language: str | None
    matches: tuple[Match, ...]
    missed: tuple[Claim, ...]  # gold claims nothing matched (false negatives)
    spurious: tuple[Claim, ...]  # produced claims nothing matched (false positives)
    skipped: Skipped | None = None  # the pipeline rejected the page: all gold is missed
    unread: tuple[str, ...] = ()  # why articles of the page were not read ("no grammar for ...")


def _ratio(num: int, den: int) -> float | None:
    return num / den if den else None


@dataclass(frozen=True, slots=True)
class Scores:
    """Micro-averaged scores over a set of documents."""

    documents: tuple[DocumentResult, ...]
    unpaired: tuple[str, ...] = field(default=())  # docs without gold, gold without doc

    @property
    def tp(self) -> int:
        """Matched pairs."""
        return sum(len(d.matches) for d in self.documents)

    @property
    def fp(self) -> int:
        """Produced records that match nothing."""
        return sum(len(d.spurious) for d in self.documents)

    @property
    def fn(self) -> int:
        """Gold records that nothing matched."""
        return sum(len(d.missed) for d in self.documents)

    @property
    def precision(self) -> float:
        """tp / (tp + fp); 1.0 when nothing was expected or produced, else 0.0 if undefined."""
        return _defined(_ratio(self.tp, self.tp + self.fp), self)

    @property
    def recall(self) -> float:
        """tp / (tp + fn); 1.0 when nothing was expected or produced, else 0.0 if undefined."""
        return _defined(_ratio(self.tp, self.tp + self.fn), self)

    @property
    def f1(self) -> float:
        """Harmonic mean of precision and recall."""
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    @property
    def qualifier_accuracy(self) -> float | None:
        """Share of matched pairs with the same qualifier (None when nothing matched)."""
        return _ratio(sum(m.qualifier_ok for d in self.documents for m in d.matches), self.tp)

    @property
    def date_accuracy(self) -> float | None:
        """Share of matched pairs with the same date (None when nothing matched)."""
        return _ratio(sum(m.date_ok for d in self.documents for m in d.matches), self.tp)

    def unread_counts(self) -> dict[str, int]:
        """Reason -> articles the extractor left unread, over all documents."""
        counts: dict[str, int] = {}
        for d in self.documents:
            for reason in d.unread:
                counts[reason] = counts.get(reason, 0) + 1
        return dict(sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])))

    def summary_lines(self) -> list[str]:
        """The summary block the CLI ends with."""

        def pct(x: float | None) -> str:
            return "n/a" if x is None else f"{x:.3f}"

        gold = self.tp + self.fn
        produced = self.tp + self.fp
        unread = self.unread_counts()
        not_read = (
            [f"articles not read: {', '.join(f'{n} {r}' for r, n in unread.items())}"]
            if unread
            else []
        )
        return not_read + [
            f"documents: {len(self.documents)} ({gold} gold records, {produced} produced)",
            f"records: precision {self.precision:.3f} recall {self.recall:.3f} "
            f"F1 {self.f1:.3f} ({self.tp} tp / {self.fp} fp / {self.fn} fn)",
            f"qualifier accuracy {pct(self.qualifier_accuracy)} over {self.tp} matched",
            f"date accuracy {pct(self.date_accuracy)} over {self.tp} matched",
        ]

    def to_dict(self, verbose: bool = False) -> dict[str, Any]:
        """JSON-ready scores; with `verbose`, every missed and spurious claim too."""
        out: dict[str, Any] = {
            "documents": len(self.documents),
            "tp": self.tp,
            "fp": self.fp,
            "fn": self.fn,
            "precision": round(self.precision, 4),
            "recall": round(self.recall, 4),
            "f1": round(self.f1, 4),
            "matched": self.tp,
            "qualifier_accuracy": _round(self.qualifier_accuracy),
            "date_accuracy": _round(self.date_accuracy),
            "skipped": [d.skipped.line() for d in self.documents if d.skipped],
            "unread": self.unread_counts(),
            "unpaired": list(self.unpaired),
        }
        if verbose:
            out["missed"] = [c.to_dict() for d in self.documents for c in d.missed]
            out["spurious"] = [c.to_dict() for d in self.documents for c in d.spurious]
        return out


def _round(x: float | None) -> float | None:
    return None if x is None else round(x, 4)


def _defined(x: float | None, scores: Scores) -> float:
    if x is not None:
        return x
    return 1.0 if scores.tp + scores.fp + scores.fn == 0 else 0.0


def match(
    gold: Sequence[Claim], produced: Sequence[Claim]
) -> tuple[list[Match], list[Claim], list[Claim]]:
    """Greedy one-to-one matching of one document: (matches, missed gold, spurious produced).

    Only claims with equal keys can pair. Candidate pairs are taken best first:
    agreeing on qualifier and date (2), on one of them (1), on neither (0); ties
    go to text order, so the result does not depend on anything but the inputs.
    """
    candidates = [
        (-(int(g.qualifier == p.qualifier) + int(g.date == p.date)), gi, pi)
        for gi, g in enumerate(gold)
        for pi, p in enumerate(produced)
        if g.key == p.key
    ]
    candidates.sort()
    used_g: set[int] = set()
    used_p: set[int] = set()
    matches: list[tuple[int, Match]] = []
    for _, gi, pi in candidates:
        if gi in used_g or pi in used_p:
            continue
        used_g.add(gi)
        used_p.add(pi)
        matches.append((gi, Match(gold[gi], produced[pi])))
    matches.sort(key=lambda m: m[0])
    missed = [g for i, g in enumerate(gold) if i not in used_g]
    spurious = [p for i, p in enumerate(produced) if i not in used_p]
    return [m for _, m in matches], missed, spurious


def score_document(
    document_id: str,
    gold: Iterable[Claim],
    produced: Iterable[Claim],
    language: str | None = None,
    skipped: Skipped | None = None,
) -> DocumentResult:
    """Match one document's produced claims against its gold claims."""
    matches, missed, spurious = match(list(gold), list(produced))
    return DocumentResult(
        document_id, language, tuple(matches), tuple(missed), tuple(spurious), skipped
    )


@dataclass(frozen=True, slots=True)
class GoldDocument:
    """One corpus document: its text, the metadata the pipeline may see, and its gold claims."""

    document: Document
    language: str | None
    gold: tuple[Claim, ...]


def read_corpus(
    corpus_dir: str | Path, languages: Sequence[str] | None = None
) -> tuple[list[GoldDocument], list[str]]:
    """The paired documents of a corpus folder (filtered by gold `language`), and the unpaired names."""
    root = Path(corpus_dir)
    docs_dir, gold_dir = root / "docs", root / "gold"
    for folder in (docs_dir, gold_dir):
        if not folder.is_dir():
            raise InputError(f"corpus folder {root} has no {folder.name}/ folder")
    texts = {p.stem: p for p in docs_dir.glob("*.txt")}
    golds = {p.stem: p for p in gold_dir.glob("*.json")}
    unpaired = sorted(
        [f"docs/{n}.txt (no gold)" for n in texts.keys() - golds.keys()]
        + [f"gold/{n}.json (no doc)" for n in golds.keys() - texts.keys()]
    )
    out: list[GoldDocument] = []
    for name in sorted(texts.keys() & golds.keys()):
        try:
            meta = json.loads(golds[name].read_text(encoding="utf-8"))
            content = texts[name].read_text(encoding="utf-8")
        except (OSError, UnicodeError, json.JSONDecodeError) as exc:
            raise InputError(f"cannot read corpus document {name}: {exc}") from exc
        language = meta.get("language")
        if languages and language not in languages:
            continue
        published = meta.get("published")
        try:
            day = dt.date.fromisoformat(published) if published else None
        except ValueError as exc:
            raise InputError(f"gold/{name}.json: bad published date {published!r}") from exc
        document = Document(
            id=name,
            content=content,
            content_type="text",
            source=str(texts[name]),
            url=meta.get("url"),
            published=day,
        )
        gold = tuple(Claim.from_gold(name, g) for g in meta.get("records") or [])
        out.append(GoldDocument(document, language, gold))
    return out, unpaired


def evaluate_corpus(
    corpus_dir: str | Path,
    settings: Settings = DEFAULT,
    languages: Sequence[str] | None = None,
    progress: Callable[[str], None] | None = None,
    total: Callable[[int], None] | None = None,
) -> Scores:
    """Run the pipeline on every corpus document and score it against its gold file."""
    corpus, unpaired = read_corpus(corpus_dir, languages)
    if total is not None:
        total(len(corpus))
    results: list[DocumentResult] = []
    for item in corpus:
        if progress is not None:
            progress(item.document.id)
        out = process(item.document, settings)
        if isinstance(out, Skipped):
            results.append(score_document(item.document.id, item.gold, (), item.language, out))
            continue
        produced = [Claim.from_record(item.document.id, r) for r in out.all_records()]
        result = score_document(item.document.id, item.gold, produced, item.language)
        results.append(replace(result, unread=tuple(s.reason for s in out.unread)))
    return Scores(tuple(results), tuple(unpaired))
