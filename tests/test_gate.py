"""The relevance gate lets through every page the pipeline reads a record from, and stops plain news."""

from __future__ import annotations

from pathlib import Path

import pytest

from swapledger import gate, ingest, pipeline
from swapledger.model import Document, Skipped

REPO = Path(__file__).resolve().parents[1]
CORPUS = (REPO / ".." / "shared" / "corpus").resolve()
OWN_PAGES = [
    REPO / "examples" / "pages",
    REPO / "tests" / "golden",
    REPO / "tests" / "clean" / "pages",
]

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


BACKENDS = ["hyperscan", "pyahocorasick"]
EXCHANGE = "Russia returned the bodies of 909 soldiers to Ukraine."


def _gate(backend: str) -> gate.Gate:
    if backend == "hyperscan":
        pytest.importorskip("hyperscan", reason="Hyperscan is not installed (x86-64 only)")
    built = gate.gate(None, backend)
    assert built.backend == backend
    return built


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


@pytest.fixture(scope="module")
def corpus_pages_with_records() -> list[Document]:
    return _with_records(_corpus_documents())


@pytest.fixture(scope="module")
def own_pages_with_records() -> list[Document]:
    return _with_records(_own_documents())


@pytest.mark.parametrize("backend", BACKENDS)
def test_the_gate_passes_every_corpus_page_the_pipeline_reads_a_record_from(
    backend: str, corpus_pages_with_records: list[Document]
) -> None:
    pages = corpus_pages_with_records
    assert pages, "the corpus has no page with a record"
    scan = _gate(backend)
    assert [d.id for d in pages if not scan.passes(d.content)] == []
    # the byte scan that ingest runs on a WARC page before decoding it
    assert [d.id for d in pages if not scan.passes_bytes(d.content.encode("utf-8"))] == []
    assert [d.id for d in pages if scan.verdict(d.content.encode("utf-8")) is False] == []


@pytest.mark.parametrize("backend", BACKENDS)
def test_the_gate_passes_every_own_page_the_pipeline_reads_a_record_from(
    backend: str, own_pages_with_records: list[Document]
) -> None:
    pages = own_pages_with_records
    assert pages, "no own page with a record found"
    scan = _gate(backend)
    assert [d.id for d in pages if not scan.passes(d.content)] == []
    # the raw bytes of the files, as a WARC would carry them
    raw = {d.id: Path(d.source).read_bytes() for d in pages if Path(d.source).is_file()}
    assert raw
    assert [i for i, body in raw.items() if scan.verdict(body) is False] == []


def test_both_backends_give_the_same_answer_on_every_page() -> None:
    fast, fallback = _gate("hyperscan"), _gate("pyahocorasick")
    texts = [d.content for d in _own_documents()]
    if CORPUS.is_dir():
        texts += [d.content for d in _corpus_documents()[:400]]
    texts += [text for text in UNRELATED.values()]
    assert [fast.passes(t) for t in texts] == [fallback.passes(t) for t in texts]


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


@pytest.mark.parametrize("backend", BACKENDS)
@pytest.mark.parametrize(
    "text",
    [
        "РОССИЯ ПЕРЕДАЛА УКРАИНЕ ТЕЛА 1000 ПОГИБШИХ ВОЕННОСЛУЖАЩИХ.",
        "Тела 1000 погибших военнослужащих Россия передала Украине.",
        "Russia will free 90 Ukrainian prisoners, Kyiv said.",  # 'free' itself, not only 'freed'
        "Russia will give 90 Ukrainian prisoners back.",
        "“Russia returned the bodies of 909 soldiers to Ukraine,” the ministry said.",
        "Russia\u00a0returned the bodies of 909\u00a0soldiers to Ukraine.",
    ],
)
def test_case_quotes_and_short_stems_do_not_hide_vocabulary(backend: str, text: str) -> None:
    scan = _gate(backend)
    assert scan.passes(text)
    assert scan.verdict(text.encode("utf-8")) is True


@pytest.mark.parametrize("backend", BACKENDS)
def test_a_word_inside_another_word_is_no_vocabulary(backend: str) -> None:
    # "us" in "business", "men" in "comments", "body" in "somebody": no party, no noun
    text = "The business returned comments to somebody in the department on Monday."
    assert not _gate(backend).passes(text)


def test_bytes_in_a_legacy_charset_get_no_answer_and_are_read_as_text() -> None:
    text = "Россия передала Украине тела 1000 погибших военнослужащих."
    scan = _gate("hyperscan")
    assert scan.verdict(text.encode("cp1251")) is None
    assert scan.verdict(text.encode("koi8-r")) is None
    assert scan.verdict(text.encode("utf-16")) is None
    assert scan.verdict(b"\x01" + UNRELATED["markets"].encode()) is None  # control bytes
    assert scan.verdict(b"\x01" + EXCHANGE.encode()) is True
    assert scan.verdict(UNRELATED["markets"].encode("utf-8")) is False
    assert gate.prefilter(UNRELATED["markets"].encode("utf-8")) == gate.NO_VOCABULARY
    assert gate.prefilter(text.encode("cp1251")) is None
