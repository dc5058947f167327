"""Copies linked: a repost and an edited wire copy of one story share a copy key, an
article written apart on the same exchange does not; the ledger counts the copies'
records once per distinct report and keeps each copy's own outlet, url and date.

The pages (tests/clean/copies/) are modelled on a wire story as outlets run it: the
agency's original with its byline and dateline; a blog's repost with a new title and
a note at the end; a regional paper's edit with its own lead, cut paragraphs and
local lines (it shares 43% of the shorter text's word triples); and a capital daily's
own report of the same exchange (2% shared, same figures).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from swapledger import service
from swapledger.api.ledger import copies as also_published
from swapledger.clean.copies import Copy, containment, link, triples
from swapledger.model import Document, Source
from swapledger.reconcile.consensus import voices
from swapledger.store import Store

PAGES = Path(__file__).parent / "copies"
SITES = {
    "wire_original": ("wire-agency.example", dt.date(2025, 10, 2)),
    "repost": ("kyiv-blog.example", dt.date(2025, 10, 3)),
    "edited_wire_copy": ("chernihiv-news.example", dt.date(2025, 10, 2)),
    "unrelated_same_event": ("capital-daily.example", dt.date(2025, 10, 2)),
}


def _document(stem: str) -> Document:
    site, day = SITES[stem]
    return Document(
        id=stem,
        content=(PAGES / f"{stem}.txt").read_text("utf-8"),
        content_type="text",
        source=f"{stem}.txt",
        url=f"https://{site}/{day:%Y/%m/%d}/{stem}",
        published=day,
    )


@pytest.fixture(scope="module")
def sources() -> list[Source]:
    with Store("sqlite://") as store:
        service.ingest(store, [], pages=[_document(s) for s in SITES], gate=False)
        return service.sources(store)


def _keys(sources: list[Source]) -> dict[str, set[str]]:
    out: dict[str, set[str]] = {}
    for s in sources:
        out.setdefault(s.document_id, set()).add(s.copy_key)
    return out


def test_a_repost_and_an_edited_wire_copy_are_linked_and_an_own_report_is_not(sources):
    keys = _keys(sources)
    assert set(keys) == set(SITES)  # every page gave records
    assert all(len(k) == 1 for k in keys.values())
    assert keys["repost"] == keys["wire_original"] == keys["edited_wire_copy"]
    assert keys["unrelated_same_event"] != keys["wire_original"]


def test_each_copy_keeps_its_own_url_and_date(sources):
    for s in sources:
        site, day = SITES[s.document_id]
        assert s.url == f"https://{site}/{day:%Y/%m/%d}/{s.document_id}"
        assert s.published == day


def test_the_ledger_counts_the_copies_records_once_per_distinct_report(sources):
    with Store("sqlite://") as store:
        service.ingest(store, [], pages=[_document(s) for s in SITES], gate=False)
        ledger = service.reconcile(store)
    (event,) = [e for e in ledger.events if any(t.count == 185 for t in e.transfers)]
    assert {s.document_id for s in event.sources} == set(SITES)
    assert voices(event.sources) == 2  # four outlets, two reports
    groups = also_published(event.sources)
    assert sorted(sorted({s.document_id for s in g}) for g in groups) == [
        ["edited_wire_copy", "repost", "wire_original"],
        ["unrelated_same_event"],
    ]


def test_the_edited_copy_shares_under_half_of_its_word_triples():
    def body(stem: str) -> frozenset[str]:
        return triples((PAGES / f"{stem}.txt").read_text("utf-8").split("\n", 1)[1])

    assert containment(body("edited_wire_copy"), body("wire_original")) < 0.5
    assert containment(body("unrelated_same_event"), body("wire_original")) < 0.05


# -- link() on its own ---------------------------------------------------------

STORY = (
    "The coordination headquarters said the returning soldiers had been held in "
    "prisons in the Bryansk and Kursk regions and that several needed urgent "
    "treatment after months without medical care. Officials said the next "
    "exchange was already being prepared with the help of mediators."
)
SENTENCE = "Ukraine brought home 909 bodies of fallen defenders on Thursday, the headquarters said."
CLAIM = ("completed", "remains", 909, ("russia", "ukraine"))


def test_exact_copies_share_a_key_blind_to_case_and_spacing():
    keys = link(
        [Copy("a", STORY), Copy("b", "  " + STORY.upper().replace(" ", "\n ")), Copy("c", SENTENCE)]
    )
    assert keys["a"] == keys["b"] != keys["c"]


def test_a_close_copy_is_linked_by_its_text_alone():
    repost = STORY + " Read the original on the agency's website and support independent news."
    keys = link([Copy("a", STORY), Copy("b", repost)])
    assert keys["a"] == keys["b"]


def test_bulletins_in_one_template_with_different_counts_are_two_reports():
    one = f"{SENTENCE} {STORY}"
    two = one.replace("909", "1,212")
    keys = link(
        [
            Copy("a", one, ((SENTENCE, CLAIM),)),
            Copy("b", two, ((SENTENCE.replace("909", "1,212"), CLAIM[:2] + (1212, CLAIM[3])),)),
        ]
    )
    assert keys["a"] != keys["b"]


def test_a_wire_copy_sharing_a_third_of_its_triples_is_linked_only_with_a_shared_evidence_sentence():
    own = (
        "Relatives gathered outside the regional morgue in Dnipro, where forensic experts "
        "will work for weeks to identify the dead using DNA samples from families. The "
        "regional governor urged relatives of the missing to give samples at local police "
        "stations as soon as possible, saying that every sample speeds up the work."
    )
    wire = f"{SENTENCE} {STORY}"
    edited = f"{SENTENCE} {own} {STORY.split('. ')[1]}"
    assert 0.25 <= containment(triples(wire), triples(edited)) < 0.5
    with_sentence = link(
        [Copy("a", wire, ((SENTENCE, CLAIM),)), Copy("b", edited, ((SENTENCE, CLAIM),))]
    )
    assert with_sentence["a"] == with_sentence["b"]
    without = link([Copy("a", wire), Copy("b", edited)])
    assert without["a"] != without["b"]
    other_claim = CLAIM[:2] + (900, CLAIM[3])
    different = link(
        [Copy("a", wire, ((SENTENCE, CLAIM),)), Copy("b", edited, ((SENTENCE, other_claim),))]
    )
    assert different["a"] != different["b"]


def test_two_reports_quoting_one_statement_are_not_copies():
    mine = f"{SENTENCE} " + (
        "A reporter at the border crossing watched the first buses arrive after dark, their "
        "windows covered with flags. Volunteers handed out hot tea and telephones so that "
        "the men could call their families. Several of the soldiers said they had not been "
        "allowed to write home once in two years."
    )
    theirs = f"{SENTENCE} " + (
        "Our correspondent spoke to families in Lviv who had waited since the spring for "
        "news of their sons. The mayor promised housing and jobs for the returning soldiers "
        "and said the city would pay for their rehabilitation. A memorial service is planned "
        "for Sunday in the cathedral."
    )
    keys = link([Copy("a", mine, ((SENTENCE, CLAIM),)), Copy("b", theirs, ((SENTENCE, CLAIM),))])
    assert keys["a"] != keys["b"]
