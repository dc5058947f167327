"""Scoring (records.md §Scoring) on tiny hand-made sets, and `evaluate` on a tiny corpus."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from swapledger import evaluate as ev
from swapledger.errors import InputError
from swapledger.evaluate import Claim, Scores, score_document
from swapledger.model import Article, Record, Span

DAY = dt.date(2025, 6, 11)


def claim(
    count: int,
    direction: tuple[str, ...] = ("russia", "ukraine"),
    *,
    status: str = "completed",
    kind: str = "remains",
    qualifier: str = "exact",
    date: dt.date | None = DAY,
    doc: str = "d1",
) -> Claim:
    return Claim(doc, status, kind, direction, count, qualifier, date, f"{count} bodies")


def scores(*docs: tuple[list[Claim], list[Claim]]) -> Scores:
    return Scores(
        tuple(score_document(f"d{i}", gold, produced) for i, (gold, produced) in enumerate(docs))
    )


def test_two_hits_one_spurious_one_missed_give_two_thirds_everywhere() -> None:
    gold = [claim(1212), claim(27, ("ukraine", "russia")), claim(6000)]
    produced = [claim(1212), claim(27, ("ukraine", "russia")), claim(909)]
    s = scores((gold, produced))
    assert (s.tp, s.fp, s.fn) == (2, 1, 1)
    assert s.precision == pytest.approx(2 / 3)
    assert s.recall == pytest.approx(2 / 3)
    assert s.f1 == pytest.approx(2 / 3)
    assert "F1 0.667 (2 tp / 1 fp / 1 fn)" in "\n".join(s.summary_lines())


def test_scores_are_micro_averaged_over_documents() -> None:
    s = scores(([claim(1), claim(2), claim(3)], [claim(1), claim(2), claim(3)]), ([claim(4)], []))
    assert (s.tp, s.fp, s.fn) == (3, 0, 1)
    assert s.precision == 1.0
    assert s.recall == pytest.approx(0.75)
    assert s.f1 == pytest.approx(2 * 0.75 / 1.75)


def test_a_between_record_matches_whatever_order_the_pair_is_named_in() -> None:
    gold = Claim.from_gold(
        "d",
        {"status": "completed", "kind": "remains", "between": ["ukraine", "russia"], "count": 1029},
    )
    record = Record(
        article_id="d#0",
        status="completed",
        kind="remains",
        count=1029,
        qualifier="exact",
        evidence=Span("d#0", 0, 4),
        evidence_text="1029",
        between=("russia", "ukraine"),
    )
    produced = Claim.from_record("d", record)
    assert score_document("d", [gold], [produced]).matches


def test_a_between_record_does_not_match_a_directed_one() -> None:
    s = scores(([claim(84, ("between", "russia", "ukraine"))], [claim(84)]))
    assert (s.tp, s.fp, s.fn) == (0, 1, 1)


def test_direction_status_kind_and_count_must_all_agree() -> None:
    gold = [claim(84)]
    for wrong in (
        claim(84, ("ukraine", "russia")),
        claim(84, status="planned"),
        claim(84, kind="prisoners"),
        claim(85),
    ):
        assert scores((gold, [wrong])).tp == 0


def test_qualifier_and_date_do_not_decide_a_match_but_are_scored_over_matches() -> None:
    gold = [claim(1), claim(2, qualifier="about"), claim(3), claim(4)]
    produced = [claim(1), claim(2), claim(3, date=None), claim(4, qualifier="more_than", date=None)]
    s = scores((gold, produced))
    assert s.tp == 4
    assert s.qualifier_accuracy == pytest.approx(2 / 4)
    assert s.date_accuracy == pytest.approx(2 / 4)


def test_matching_prefers_the_pair_that_also_agrees_on_qualifier_and_date() -> None:
    gold = [claim(1000, date=dt.date(2025, 7, 1)), claim(1000, date=dt.date(2025, 8, 1))]
    produced = [claim(1000, date=dt.date(2025, 8, 1)), claim(1000, date=dt.date(2025, 7, 1))]
    s = scores((gold, produced))
    assert s.tp == 2
    assert s.date_accuracy == 1.0


def test_matching_is_one_to_one() -> None:
    s = scores(([claim(84)], [claim(84), claim(84)]))
    assert (s.tp, s.fp, s.fn) == (1, 1, 0)


def test_nothing_expected_and_nothing_produced_is_a_perfect_score() -> None:
    s = scores(([], []))
    assert (s.precision, s.recall, s.f1) == (1.0, 1.0, 1.0)
    assert s.qualifier_accuracy is None
    assert "qualifier accuracy n/a over 0 matched" in s.summary_lines()


def test_producing_nothing_when_something_was_expected_scores_zero() -> None:
    s = scores(([claim(1)], []))
    assert (s.precision, s.recall, s.f1) == (0.0, 0.0, 0.0)


def test_gold_notes_are_ignored() -> None:
    plain = {"status": "planned", "kind": "remains", "from": "russia", "to": "ukraine"}
    with_note = {**plain, "count": 6000, "note": "each"}
    assert Claim.from_gold("d", with_note) == Claim.from_gold("d", {**plain, "count": 6000})


def test_a_malformed_gold_record_is_an_input_error() -> None:
    with pytest.raises(InputError, match="malformed"):
        Claim.from_gold("d", {"status": "completed"})


# -- end to end on a tiny corpus -----------------------------------------------

TEXT = """Bodies of fallen soldiers returned

Russia returned 909 bodies to Ukraine on Wednesday, the Coordination Headquarters said.

The repatriation took place near the border with the help of the Red Cross.

Officials said identification of the remains would take several months.
"""


def write_corpus(root: Path) -> Path:
    (root / "docs").mkdir(parents=True)
    (root / "gold").mkdir()
    gold_record = {
        "status": "completed",
        "kind": "remains",
        "from": "russia",
        "to": "ukraine",
        "count": 909,
        "qualifier": "exact",
        "date": "2025-06-11",
        "evidence": "Russia returned 909 bodies",
        "note": "ignored",
    }
    for name, lang, records in (
        ("en-one", "en", [gold_record]),
        ("ru-one", "ru", [{**gold_record, "evidence": "Россия вернула 909 тел"}]),
        ("en-none", "en", []),
    ):
        (root / "docs" / f"{name}.txt").write_text(TEXT, encoding="utf-8")
        meta = {
            "id": name,
            "url": f"https://example.org/{name}",
            "published": "2025-06-11",
            "outlet": "Example",
            "language": lang,
            "records": records,
        }
        (root / "gold" / f"{name}.json").write_text(json.dumps(meta), encoding="utf-8")
    return root


def fake_extractor(monkeypatch: pytest.MonkeyPatch, seen: list[Article]) -> None:
    """An extractor that finds the 909 in every article, dated by the article's day."""

    def extract_article(article: Article, settings: object = None) -> list[Record]:
        seen.append(article)
        start = article.text.find("Russia returned 909 bodies")
        if start < 0:
            return []
        ev_text = "Russia returned 909 bodies"
        return [
            Record(
                article_id=article.id,
                status="completed",
                kind="remains",
                count=909,
                qualifier="exact",
                evidence=Span(article.id, start, start + len(ev_text)),
                evidence_text=ev_text,
                from_party="russia",
                to_party="ukraine",
                date=article.published,
            )
        ]

    monkeypatch.setattr("swapledger.extract.extract_article", extract_article)


def test_a_corpus_run_sees_only_url_and_published_and_scores_every_document(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    seen: list[Article] = []
    fake_extractor(monkeypatch, seen)
    s = ev.evaluate_corpus(write_corpus(tmp_path / "corpus"))
    assert [d.document_id for d in s.documents] == ["en-none", "en-one", "ru-one"]
    assert (s.tp, s.fp, s.fn) == (2, 1, 0)
    assert s.date_accuracy == 1.0
    assert {a.url for a in seen} == {
        f"https://example.org/{n}" for n in ("en-none", "en-one", "ru-one")
    }
    assert {a.published for a in seen} == {DAY}
    assert all("Россия" not in a.text for a in seen)


def test_a_corpus_run_can_keep_only_some_languages(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    fake_extractor(monkeypatch, [])
    s = ev.evaluate_corpus(write_corpus(tmp_path / "corpus"), languages=["ru", "uk"])
    assert [d.document_id for d in s.documents] == ["ru-one"]
    assert (s.tp, s.fp, s.fn) == (1, 0, 0)


def test_a_doc_without_gold_is_reported_as_unpaired(tmp_path: Path) -> None:
    root = write_corpus(tmp_path / "corpus")
    (root / "docs" / "orphan.txt").write_text("text", encoding="utf-8")
    s = ev.evaluate_corpus(root)
    assert s.unpaired == ("docs/orphan.txt (no gold)",)
    assert len(s.documents) == 3


def test_a_folder_that_is_not_a_corpus_is_an_input_error(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no docs/ folder"):
        ev.evaluate_corpus(tmp_path)
