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


def detect(text: str) -> str:
    """The ISO 639-1 code of `text`'s language, or 'und' when it cannot be told."""
    letters = sum(1 for c in text if c.isalpha())
    if letters == 0:
        return UNDETERMINED
    code, probability = _identifier().classify(text)
    config = _config()
    if letters < config["short_text_letters"] and probability < config["min_probability"]:
        return UNDETERMINED
    return str(code)
