"""Which language an article is written in: py3langid over a closed candidate set.

The candidates and thresholds are data (data/lang/identify.toml). The extractor
reads an article only when a grammar exists for its language; others are skipped
with a counted reason, never read as English.
"""

from __future__ import annotations

import logging
import lzma
import os
import shutil
import tempfile
import tomllib
from functools import cache
from importlib import resources
from pathlib import Path

log = logging.getLogger(__name__)

UNDETERMINED = "und"  # ISO 639-2 code for "language not identified"


@cache
def _config() -> dict:
    text = resources.files("swapledger").joinpath("data/lang/identify.toml").read_text("utf-8")
    return tomllib.loads(text)


@cache
def _identifier():
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    identifier = _from_cache()
    if identifier is None:
        identifier = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
    identifier.set_languages(list(_config()["candidates"]))
    return identifier


CACHE_ENV = "SWAPLEDGER_CACHE"
"""Folder for files swapledger derives once and reuses (default: $XDG_CACHE_HOME/swapledger
or ~/.cache/swapledger); set it empty to keep none."""


def cache_folder() -> Path | None:
    """Where derived files are kept, created if need be; None when none may be."""
    configured = os.environ.get(CACHE_ENV)
    if configured == "":
        return None
    if configured:
        folder = Path(configured)
    else:
        base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
        folder = Path(base) / "swapledger"
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError:
        return None
    return folder


_ARRAYS = ("ptc", "pc", "classes", "nextmove", "nextmove_row", "out_feat")
"""The arrays of py3langid's model file (an .npz inside the LZMA)."""


def _from_cache():
    """py3langid's model read from an uncompressed copy kept in `cache_folder()` (made
    on first use): a folder of one .npy file an array, memory-mapped. The model ships as
    68 MB of LZMA, which takes ~0.6 s to inflate on every start of every process; the
    copy loads in ~0.04 s (an uncompressed .npz took ~0.1-0.15 s: zip reading and CRCs).
    None, and the model is read as shipped, whenever this fails (no cache folder, another
    py3langid)."""
    part: Path | None = None
    try:
        import numpy as np
        from py3langid import modelio
        from py3langid.langid import MODEL_DIR, MODEL_FILE, LanguageIdentifier

        folder = cache_folder()
        if folder is None:
            return None
        source = Path(MODEL_DIR) / MODEL_FILE
        stat = source.stat()
        copy = folder / f"py3langid-model-{stat.st_size}-{int(stat.st_mtime)}"
        if not copy.is_dir():
            part = Path(tempfile.mkdtemp(dir=folder, suffix=".part"))
            with lzma.open(source) as packed, (part / "model.npz").open("wb") as out:
                shutil.copyfileobj(packed, out, 1 << 20)
            with np.load(part / "model.npz", allow_pickle=False) as data:
                for name in _ARRAYS:
                    np.save(part / f"{name}.npy", data[name], allow_pickle=False)
            (part / "model.npz").unlink()
            try:
                os.replace(part, copy)  # whole or not at all: another process may read it
                part = None
            except OSError:  # another process made it first
                shutil.rmtree(part, ignore_errors=True)
                part = None
            for old in folder.glob("py3langid-model-*"):  # older copies, older formats
                if old == copy:
                    continue
                if old.is_dir():
                    shutil.rmtree(old, ignore_errors=True)
                else:
                    old.unlink(missing_ok=True)
    except Exception:  # noqa: BLE001 -- a cache is an optimisation: any failure reads the model
        log.debug("language model cache not made", exc_info=True)
        if part is not None:
            shutil.rmtree(part, ignore_errors=True)  # a copy cut short (a full disk) is no copy
        return None
    try:
        data = {
            name: np.load(copy / f"{name}.npy", mmap_mode="r", allow_pickle=False)
            for name in _ARRAYS
        }
        return LanguageIdentifier(
            np.asarray(data["ptc"]),  # mapped, not read: the candidates' columns are copied
            np.array(data["pc"]),
            data["classes"].tolist(),
            modelio._to_array(data["nextmove"]),
            data["out_feat"].tolist(),
            norm_probs=True,
            tk_row=modelio._to_array(data["nextmove_row"]),
        )
    except Exception:  # noqa: BLE001 -- same: a copy that does not load is made again
        log.debug("language model cache not used", exc_info=True)
        shutil.rmtree(copy, ignore_errors=True)
        return None


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
