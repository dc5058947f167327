"""Fixtures for crawl-scale tests: many small exchange pages and unrelated news, as JSONL or WARC."""

from __future__ import annotations

import json
import random
from pathlib import Path

import pytest

from swapledger.ingest.warc import encode_record, http_response

EXCHANGE = [
    "Russia returned the bodies of {n} soldiers to Ukraine on {day}, the Coordination "
    "Headquarters said.",
    "Ukraine and Russia swapped {n} prisoners each on {day}, officials in Kyiv said.",
    "Israel released {n} Palestinian prisoners on {day} after Hamas freed three hostages.",
]
UNRELATED = [
    "The central bank left interest rates unchanged on {day}, citing slower inflation.",
    "The home side won 3-{n} in front of a sell-out crowd, the coach praised the defence.",
    "Heavy rain is expected over the weekend, with up to {n} millimetres in the hills.",
    "The city council approved a new budget of {n} million for schools and parks.",
]
DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"]


def page_text(i: int, about_exchange: bool) -> str:
    """A short news page; a distinct count per page keeps every page distinct."""
    rng = random.Random(i)
    templates = EXCHANGE if about_exchange else UNRELATED
    n = 100 + i
    lead = templates[i % len(templates)].format(n=n, day=rng.choice(DAYS))
    filler = "Officials gave no further details. The report was updated later in the day."
    return f"Report number {i}\n\n{lead}\n\n{filler}\n"


def page_html(i: int, about_exchange: bool) -> str:
    """The same page as HTML with navigation and a footer."""
    title, _, body = page_text(i, about_exchange).partition("\n\n")
    paras = "".join(f"<p>{p}</p>" for p in body.split("\n\n") if p.strip())
    return (
        f"<!doctype html><html><head><title>{title}</title></head><body>"
        '<nav><a href="/">Home</a> | <a href="/world">World</a> | <a href="/sport">Sport</a></nav>'
        f"<article><h1>{title}</h1>{paras}</article>"
        "<footer>© Example News. All rights reserved.</footer></body></html>"
    )


def write_jsonl(path: Path, count: int, every: int = 2) -> Path:
    """`count` pages as JSONL, one in `every` about an exchange."""
    with path.open("w", encoding="utf-8") as out:
        for i in range(count):
            out.write(json.dumps({"id": f"p{i}", "text": page_text(i, i % every == 0)}) + "\n")
    return path


def write_warc(path: Path, count: int, every: int = 2) -> Path:
    """`count` HTML responses (one in `every` about an exchange), each with its request
    record, plus a warcinfo record and one image response."""
    parts = [encode_record("warcinfo", "", b"software: swapledger tests\r\n")]
    for i in range(count):
        url = f"https://news.example/{i}"
        parts.append(encode_record("request", url, f"GET /{i} HTTP/1.1\r\n\r\n".encode()))
        body = page_html(i, i % every == 0).encode("utf-8")
        parts.append(encode_record("response", url, http_response(body)))
    parts.append(
        encode_record(
            "response", "https://news.example/logo.png", http_response(b"PNG", "image/png")
        )
    )
    path.write_bytes(b"".join(parts))
    return path


@pytest.fixture
def small_warc(tmp_path: Path) -> Path:
    """A gzipped WARC of 40 pages, 20 about exchanges."""
    return write_warc(tmp_path / "crawl.warc.gz", 40)
