"""Ingest: every input becomes a Document or a Skipped that says why."""

from __future__ import annotations

import datetime as dt
import gzip
import io
import json
import sys

from swapledger.ingest import read_inputs
from swapledger.model import Document, Skipped
from swapledger.settings import DEFAULT

PAGE = "Russia and Ukraine exchanged 84 prisoners of war on Thursday, officials said.\n"


def _one(paths, **kw):
    out = list(read_inputs([str(p) for p in paths], **kw))
    assert len(out) == 1, out
    return out[0]


def _jsonl(path, *rows):
    path.write_text("\n".join(r if isinstance(r, str) else json.dumps(r) for r in rows) + "\n")
    return path


def test_a_text_file_becomes_a_text_document_named_by_its_stem(tmp_path):
    (tmp_path / "swap.txt").write_text(PAGE)
    doc = _one([tmp_path / "swap.txt"])
    assert isinstance(doc, Document)
    assert (doc.id, doc.content, doc.content_type) == ("swap", PAGE, "text")
    assert doc.published is None and doc.fetched is None


def test_an_html_file_and_sniffed_html_are_html_documents(tmp_path):
    (tmp_path / "a.html").write_text("<p>" + PAGE + "</p>")
    (tmp_path / "b.page").write_text("<!DOCTYPE html><html><body><p>" + PAGE + "</p></body></html>")
    docs = list(read_inputs([str(tmp_path)]))
    assert [d.content_type for d in docs] == ["html", "html"]


def test_a_missing_path_is_skipped_as_no_such_file(tmp_path):
    skip = _one([tmp_path / "nope.txt"])
    assert skip == Skipped(str(tmp_path / "nope.txt"), "ingest", "no such file or folder")


def test_a_binary_file_is_skipped_as_binary(tmp_path):
    (tmp_path / "img.png").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    skip = _one([tmp_path / "img.png"])
    assert skip.reason == "binary file, not a text or HTML page"


def test_an_empty_file_and_a_whitespace_file_are_skipped_as_empty(tmp_path):
    (tmp_path / "a.txt").write_text("")
    (tmp_path / "b.txt").write_text("  \n\t\n  ")
    assert [s.reason for s in read_inputs([str(tmp_path)])] == ["empty page", "empty page"]


def test_a_page_over_the_size_limit_is_skipped_with_its_size(tmp_path):
    (tmp_path / "big.txt").write_text(PAGE * 10)
    skip = _one([tmp_path / "big.txt"], settings=DEFAULT.replace(max_page_bytes=100))
    assert skip.reason == f"too large: {len(PAGE) * 10} bytes > limit 100"


def test_cp1251_and_latin1_pages_are_decoded_by_charset_detection(tmp_path):
    ru = "Россия и Украина провели обмен пленными: 84 военнопленных вернулись домой.\n" * 3
    fr = "Le président a déclaré que les échanges de prisonniers continueront à Genève.\n" * 3
    (tmp_path / "ru.txt").write_bytes(ru.encode("cp1251"))
    (tmp_path / "fr.txt").write_bytes(fr.encode("latin-1"))
    docs = list(read_inputs([str(tmp_path)]))
    assert [d.content for d in docs] == [fr, ru]


def test_utf16_with_a_bom_is_decoded(tmp_path):
    (tmp_path / "u.txt").write_bytes(PAGE.encode("utf-16"))
    assert _one([tmp_path / "u.txt"]).content == PAGE


def test_bytes_with_no_reliable_encoding_are_skipped_as_undecodable(tmp_path):
    (tmp_path / "junk.txt").write_bytes(bytes(range(0x80, 0x100)) * 8)
    skip = _one([tmp_path / "junk.txt"])
    assert skip.reason == "cannot decode: not UTF-8 and no reliable encoding found"


def test_folders_are_walked_recursively_in_order_without_hidden_files(tmp_path):
    for rel in ("b/two.txt", "a/one.txt", "a/.hidden.txt", ".git/config", "c/d/three.txt"):
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_text(PAGE)
    assert [d.id for d in read_inputs([str(tmp_path)])] == ["one", "two", "three"]


def test_files_sharing_a_stem_get_ids_from_their_relative_paths(tmp_path):
    for rel in ("x/page.txt", "y/page.html"):
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_text(PAGE)
    assert [d.id for d in read_inputs([str(tmp_path)])] == ["x/page", "y/page"]


def test_jsonl_lines_become_documents_with_their_fields(tmp_path):
    path = _jsonl(
        tmp_path / "crawl.jsonl",
        {
            "id": "a",
            "text": PAGE,
            "url": "https://x.test/a",
            "published": "2025-06-13",
            "fetched": "2025-06-14T08:00:00Z",
        },
        {"html": "<p>" + PAGE + "</p>", "published": "2025-06-13T10:00:00+03:00"},
    )
    a, b = read_inputs([str(path)])
    assert (a.id, a.url, a.published, a.source) == (
        "a",
        "https://x.test/a",
        dt.date(2025, 6, 13),
        f"{path}:1",
    )
    assert a.fetched == dt.datetime(2025, 6, 14, 8, tzinfo=dt.UTC)
    assert (b.id, b.content_type, b.published) == ("crawl:2", "html", dt.date(2025, 6, 13))


def test_bad_jsonl_lines_are_skipped_each_with_its_line_number(tmp_path):
    path = _jsonl(
        tmp_path / "bad.jsonl",
        "{not json",
        {"id": "no-text", "url": "https://x.test"},
        {"id": "bad-date", "text": PAGE, "published": "13/06/2025"},
        {"id": "future", "text": PAGE, "published": "2999-01-01"},
        "[1, 2]",
        {"id": "ok", "text": PAGE},
    )
    out = list(read_inputs([], jsonl=[str(path)]))
    assert [getattr(o, "reason", "doc") for o in out] == [
        "line 1: not valid JSON",
        "line 2: needs 'text' or 'html'",
        "line 3: bad 'published' date",
        "line 4: published date 2999-01-01 is in the future",
        "line 5: not a JSON object",
        "doc",
    ]
    assert [o.input_id for o in out[:3]] == ["bad:1", "no-text", "bad-date"]


def test_gzipped_jsonl_is_read_line_by_line(tmp_path):
    path = tmp_path / "crawl.jsonl.gz"
    with gzip.open(path, "wt", encoding="utf-8") as f:
        for i in range(3):
            f.write(json.dumps({"id": f"p{i}", "text": PAGE}) + "\n")
    assert [d.id for d in read_inputs([str(path)])] == ["p0", "p1", "p2"]


def test_a_corrupt_gzip_file_is_skipped(tmp_path):
    (tmp_path / "bad.jsonl.gz").write_bytes(b"\x1f\x8b\x08\x00garbage")
    assert _one([tmp_path / "bad.jsonl.gz"]).reason == "not a valid gzip file"


def test_stdin_holding_a_page_is_one_document(monkeypatch):
    monkeypatch.setattr(sys, "stdin", io.StringIO(PAGE))
    doc = _one(["-"])
    assert (doc.id, doc.source, doc.content) == ("stdin", "-", PAGE)


def test_stdin_holding_json_lines_is_read_as_jsonl(monkeypatch):
    lines = "\n".join(json.dumps({"text": PAGE}) for _ in range(2)) + "\n"
    monkeypatch.setattr(sys, "stdin", io.StringIO(lines))
    docs = list(read_inputs(["-"]))
    assert [(d.id, d.source) for d in docs] == [("stdin:1", "-:1"), ("stdin:2", "-:2")]


def test_stdin_larger_than_the_limit_is_still_streamed_as_jsonl(monkeypatch):
    lines = "".join(json.dumps({"text": PAGE}) + "\n" for _ in range(50))
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(lines.encode())))
    docs = list(read_inputs(["-"], settings=DEFAULT.replace(max_page_bytes=1000)))
    assert len(docs) == 50 and all(isinstance(d, Document) for d in docs)


def test_stdin_with_one_json_line_among_text_is_a_page(monkeypatch):
    monkeypatch.setattr(sys, "stdin", io.StringIO('{"text": "x"}\n' + PAGE))
    assert _one(["-"]).content_type == "text"
