"""WARC archives: HTML responses become pages, every other record is counted, never listed."""

from __future__ import annotations

import codecs
import datetime as dt
from pathlib import Path

import pytest

from swapledger.ingest import position, read_inputs
from swapledger.ingest.warc import (
    SkippedPage,
    decode_html,
    encode_record,
    http_response,
    read_warc,
)
from swapledger.model import Document, Skipped

PAGE = "<html><head><title>Swap</title></head><body><p>Україна повернула тіла 909 загиблих</p></body></html>"


def _archive(path: Path, *records: bytes) -> Path:
    path.write_bytes(b"".join(records))
    return path


def _mixed(path: Path, compress: bool = True) -> Path:
    return _archive(
        path,
        encode_record("warcinfo", "", b"software: test\r\n", compress=compress),
        encode_record("request", "https://a.example/", b"GET / HTTP/1.1\r\n\r\n", compress=compress),
        encode_record(
            "response",
            "https://a.example/",
            http_response(PAGE.encode("utf-8")),
            date="2025-06-13T10:00:00Z",
            compress=compress,
        ),
        encode_record(
            "response", "https://a.example/logo.png", http_response(b"\x89PNG", "image/png"),
            compress=compress,
        ),
        encode_record(
            "response",
            "https://a.example/gone",
            http_response(b"<html>gone</html>", status="404 Not Found"),
            compress=compress,
        ),
        encode_record("metadata", "https://a.example/", b"fetchTimeMs: 12\r\n", compress=compress),
    )


@pytest.mark.parametrize("name, compress", [("crawl.warc.gz", True), ("crawl.warc", False)])
def test_an_html_response_becomes_a_page_with_its_url_and_fetch_time(
    tmp_path: Path, name: str, compress: bool
) -> None:
    items = list(read_inputs([str(_mixed(tmp_path / name, compress))]))
    pages = [i for i in items if isinstance(i, Document)]
    assert len(pages) == 1
    page = pages[0]
    assert page.id == "crawl:3"
    assert page.url == "https://a.example/"
    assert page.fetched == dt.datetime(2025, 6, 13, 10, tzinfo=dt.UTC)
    assert page.content_type == "html"
    assert "повернула тіла 909" in page.content
    assert page.source == f"{tmp_path / name}:3"


def test_every_other_record_is_a_filter_skip_with_a_reason_per_kind(tmp_path: Path) -> None:
    skips = [i for i in read_warc(_mixed(tmp_path / "crawl.warc.gz")) if isinstance(i, Skipped)]
    assert {s.stage for s in skips} == {"filter"}
    assert sorted(s.reason for s in skips) == [
        "WARC metadata record",
        "WARC request record",
        "WARC response that is not HTML",
        "WARC response with HTTP status 4xx",
        "WARC warcinfo record",
    ]


def test_records_up_to_start_are_passed_over(tmp_path: Path) -> None:
    archive = _mixed(tmp_path / "crawl.warc.gz")
    assert [i.input_id if isinstance(i, Skipped) else i.id for i in read_warc(archive, start=3)] == [
        "crawl:4",
        "crawl:5",
        "crawl:6",
    ]


def test_a_page_knows_its_archive_and_record_number_for_resuming(tmp_path: Path) -> None:
    archive = _mixed(tmp_path / "crawl.warc.gz")
    page = next(i for i in read_warc(archive) if isinstance(i, Document))
    assert position(page) == (str(archive), 3)
    assert list(read_inputs([str(archive)], done={str(archive): 6})) == []


def test_a_file_that_is_no_warc_is_one_skip(tmp_path: Path) -> None:
    bogus = tmp_path / "notes.warc"
    bogus.write_text("just some text, no WARC headers here\n", encoding="utf-8")
    [skip] = list(read_inputs([str(bogus)]))
    assert isinstance(skip, Skipped) and skip.stage == "ingest"
    assert "WARC file" in skip.reason


def test_a_folder_with_an_archive_reads_its_pages(tmp_path: Path) -> None:
    (tmp_path / "in").mkdir()
    _mixed(tmp_path / "in" / "crawl.warc.gz")
    (tmp_path / "in" / "note.txt").write_text("A plain page that is long enough to keep.", "utf-8")
    docs = [i.id for i in read_inputs([str(tmp_path / "in")]) if isinstance(i, Document)]
    assert docs == ["crawl:3", "note"]


def test_decoding_prefers_a_bom_then_utf8_then_the_declared_charset() -> None:
    text = "Украина вернула тела"
    assert decode_html(codecs.BOM_UTF8 + text.encode("utf-8")) == text
    assert decode_html(text.encode("utf-8"), "iso-8859-1") == text  # a wrong header loses
    assert decode_html(text.encode("cp1251"), "windows-1251") == text
    meta = f'<meta charset="windows-1251"><p>{text}</p>'.encode("cp1251")
    assert text in decode_html(meta)
    assert decode_html(b"caf\xe9 \xff\xfe broken") != ""  # never fails


def test_a_charset_declared_only_in_http_decodes_the_page(tmp_path: Path) -> None:
    body = "<html><body><p>Россия вернула тела 909 военных</p></body></html>".encode("koi8-r")
    archive = _archive(
        tmp_path / "ru.warc.gz",
        encode_record("response", "https://ru.example/", http_response(body, "text/html; charset=koi8-r")),
    )
    [page] = list(read_warc(archive))
    assert isinstance(page, Document) and "Россия вернула тела 909" in page.content


FILLER = "<p>" + "Officials gave no further details on the matter today. " * 8 + "</p>"


def _page(text: str) -> str:
    return f"<!doctype html><html><body><p>{text}</p>{FILLER}</body></html>"


def _refuse_all(body: bytes) -> str | None:
    return "refused"


def test_a_prefilter_skips_a_page_unread_with_its_place_for_resuming(tmp_path: Path) -> None:
    archive = _archive(
        tmp_path / "crawl.warc.gz",
        encode_record("request", "https://a.example/", b"GET / HTTP/1.1\r\n\r\n"),
        encode_record("response", "https://a.example/", http_response(_page("News").encode())),
    )
    [request, page] = list(read_warc(archive, prefilter=_refuse_all))
    assert isinstance(page, SkippedPage)
    assert (page.input_id, page.stage, page.reason) == ("crawl:2", "filter", "refused")
    assert position(page) == (str(archive), 2)
    assert position(request) is None  # not a page: nothing to resume after


def test_a_prefilter_changes_no_other_reason_to_skip_a_page(tmp_path: Path) -> None:
    archive = _archive(
        tmp_path / "crawl.warc.gz",
        encode_record("response", "https://a.example/", http_response(b"<html> </html>")),
        encode_record("response", "https://a.example/x", http_response(b"   \n  ")),
        encode_record("response", "https://a.example/p.png", http_response(b"PNG", "image/png")),
    )
    with_prefilter = list(read_warc(archive, prefilter=_refuse_all))
    assert with_prefilter == list(read_warc(archive))
    assert [s.stage for s in with_prefilter if isinstance(s, Skipped)] == ["ingest", "ingest", "filter"]


def test_the_gate_prefilter_reads_on_pages_with_vocabulary_or_in_another_charset(
    tmp_path: Path,
) -> None:
    from swapledger import gate

    exchange = _page("Russia returned the bodies of 909 soldiers to Ukraine.").encode()
    legacy = _page("Россия вернула Украине тела 909 погибших военнослужащих.").encode("cp1251")
    archive = _archive(
        tmp_path / "crawl.warc.gz",
        encode_record("response", "https://a.example/1", http_response(_page("Rain.").encode())),
        encode_record("response", "https://a.example/2", http_response(exchange)),
        encode_record(
            "response", "https://a.example/3", http_response(legacy, "text/html; charset=cp1251")
        ),
    )
    items = list(read_warc(archive, prefilter=gate.prefilter))
    assert isinstance(items[0], SkippedPage) and items[0].reason == gate.NO_VOCABULARY
    assert [type(i) for i in items[1:]] == [Document, Document]
    assert "тела 909" in items[2].content
