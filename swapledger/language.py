"""Which language an article is written in: py3langid over a closed candidate set.

The candidates and thresholds are data (data/lang/identify.toml). The extractor
reads an article only when a grammar exists for its language; others are skipped
with a counted reason, never read as English.
"""

from __future__ import annotations

import tomllib
from functools import cache
from importlib import resources

UNDETERMINED = "und"  # ISO 639-2 code for "language not identified"


@cache
def _config() -> dict:
    text = resources.files("swapledger").joinpath("data/lang/identify.toml").read_text("utf-8")
    return tomllib.loads(text)


@cache
def _identifier():
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    identifier = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
    identifier.set_languages(list(_config()["candidates"]))
    return identifier


IDENTIFY_CHARS = 5000
"""The model reads a text's first this many characters: its cost grows with the text
(~20 ms for a 50 KB page), its answer does not change (every article of the shared
corpora and our own pages, all under 3,000 characters, gets the same language from its
first 1,000)."""

CHUNK = 1024


def _letters(text: str, enough: int) -> int:
    """Letters in `text`, counted only until there are `enough`."""
    count = 0
    for i in range(0, len(text), CHUNK):
        count += sum(map(str.isalpha, text[i : i + CHUNK]))
        if count >= enough:
            break
    return count


def detect(text: str) -> str:
    """The ISO 639-1 code of `text`'s language, or 'und' when it cannot be told."""
    config = _config()
    letters = _letters(text, config["short_text_letters"])
    if letters == 0:
        return UNDETERMINED
    code, probability = _identifier().classify(text[:IDENTIFY_CHARS])
    if letters < config["short_text_letters"] and probability < config["min_probability"]:
        return UNDETERMINED
    return str(code)
