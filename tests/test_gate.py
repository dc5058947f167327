"""The relevance gate lets through every page the pipeline reads a record from, and stops plain news."""

from __future__ import annotations

from pathlib import Path

import pytest

from swapledger import gate, ingest, pipeline
from swapledger.model import Document, Skipped

REPO = Path(__file__).resolve().parents[1]
CORPUS = (REPO / ".." / "shared" / "corpus").resolve()
OWN_PAGES = [REPO / "examples" / "pages", REPO / "tests" / "golden", REPO / "tests" / "clean" / "pages"]

UNRELATED = {
    "markets": "Stocks rose on Tuesday as investors weighed fresh inflation data. The index gained "
    "1.2 percent, led by technology shares, while bond yields slipped to 4.1 percent. Analysts "
    "said the central bank would probably keep rates on hold at its next meeting in July.",
    "football": "The home side came from behind to win 3-2 on Saturday. The striker scored twice "
    "in the second half, and the coach said the team had shown character after a difficult "
    "week. The club sits fourth in the table with 54 points from 30 matches.",
    "weather": "Heavy rain and strong winds are expected across the region this weekend, with up "
    "to 80 millimetres in the hills. Forecasters advised drivers to take care on the roads and "
    "check for flood warnings before setting out.",
    "technology": "The company unveiled a new phone with a larger battery and a faster chip. It "
    "will go on sale next month at a price of 799 euros, and the firm expects to ship 20 "
    "million units by the end of the year.",
    "culture": "The museum reopened its east wing after a two-year renovation, with 300 paintings "
    "back on display. Visitors can book tickets online; the director said the gallery hoped to "
    "welcome 1.5 million people a year.",
}


def _corpus_documents() -> list[Document]:
    docs = sorted(CORPUS.glob("*/docs/*"))
    if not docs:
        pytest.skip(f"shared corpus not found at {CORPUS}: the gate is checked on own pages only")
    return [
        Document(id=p.name, content=p.read_text("utf-8"), content_type="text", source=str(p))
        for p in docs
    ]


def _own_documents() -> list[Document]:
    paths = [str(p) for p in OWN_PAGES if p.is_dir()]
    return [d for d in ingest.read_inputs(paths) if isinstance(d, Document)]


def _with_records(documents: list[Document]) -> list[Document]:
    out = []
    for d in documents:
        done = pipeline.process(d)
        if not isinstance(done, Skipped) and done.all_records():
            out.append(d)
    return out


def test_the_gate_passes_every_corpus_page_the_pipeline_reads_a_record_from() -> None:
    pages = _with_records(_corpus_documents())
    assert pages, "the corpus has no page with a record"
    dropped = [d.id for d in pages if not gate.passes(d)]
    assert dropped == []


def test_the_gate_passes_every_own_page_the_pipeline_reads_a_record_from() -> None:
    pages = _with_records(_own_documents())
    assert pages, "no own page with a record found"
    assert [d.id for d in pages if not gate.passes(d)] == []


@pytest.mark.parametrize("topic", sorted(UNRELATED))
def test_unrelated_news_is_stopped_with_its_reason(topic: str, make_document) -> None:
    result = gate.check(make_document(UNRELATED[topic], id=topic))
    assert result == Skipped(topic, "filter", "no exchange vocabulary")


def test_a_transfer_word_far_from_any_person_noun_does_not_pass(make_document) -> None:
    far = "Russia will return the favour. " + "Nothing else happened here. " * 40 + "Prisoners."
    assert not gate.passes(make_document(far))


@pytest.mark.parametrize(
    "text",
    [
        "Russia returned the bodies of 909 soldiers to Ukraine.",
        "Україна повернула тіла 909 загиблих військових з Росії.",
        "Россия передала Украине тела 1000 погибших военнослужащих.",
        "Hamas freed three hostages; Israel released 90 Palestinian prisoners.",
    ],
)
def test_exchange_sentences_in_every_language_pass(text: str, make_document) -> None:
    assert gate.passes(make_document(text))


def test_the_gate_is_built_from_every_language_with_data_files() -> None:
    from swapledger import lexicon

    assert gate.gate().languages == tuple(lexicon.available_languages())
