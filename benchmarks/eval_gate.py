"""Extraction quality gate: record F1 floors on the shared corpora, pinned in baseline.json.

    python benchmarks/eval_gate.py            # print today's scores beside the floors
    python benchmarks/eval_gate.py --update   # raise the floors to today's scores (never lowers)

Each floor belongs to a corpus digest: when the corpus changes, the floors no longer
apply and must be re-pinned with --update (which then may set them anew).
The test tests/test_eval_gate.py fails when a score drops below its floor.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from pathlib import Path

from swapledger.evaluate import evaluate_corpus

ROOT = Path(__file__).resolve().parents[1]
BASELINE = Path(__file__).with_name("baseline.json")
CORPORA = ROOT.parent / "shared" / "corpus"
# One flipped record moves dev F1 by about 0.003: a floor this far under the pinned score
# absorbs float noise but not a lost record.
EPSILON = 0.001
# (name, corpus folder, languages or None for all)
GATES: list[tuple[str, str, tuple[str, ...] | None]] = [
    ("seeds", "seeds", None),
    ("dev", "dev", None),
    ("dev-en", "dev", ("en",)),
    ("dev-ru-uk", "dev", ("ru", "uk")),
]


def digest(corpus: Path) -> str:
    """sha256 over the corpus's docs and gold files (names and bytes)."""
    h = hashlib.sha256()
    for p in sorted([*corpus.glob("docs/*.txt"), *corpus.glob("gold/*.json")]):
        h.update(p.relative_to(corpus).as_posix().encode())
        h.update(p.read_bytes())
    return h.hexdigest()


def measure() -> dict[str, dict[str, float | str]]:
    """Today's F1 and qualifier accuracy per gate."""
    out: dict[str, dict[str, float | str]] = {}
    for name, folder, langs in GATES:
        corpus = CORPORA / folder
        if not corpus.is_dir():
            continue
        scores = evaluate_corpus(corpus, languages=langs)
        out[name] = {
            "digest": digest(corpus),
            "f1": round(scores.f1, 4),
            "qualifier_accuracy": round(scores.qualifier_accuracy or 0.0, 4),
        }
    return out


def load() -> dict[str, dict[str, float | str]]:
    """The pinned floors."""
    return json.loads(BASELINE.read_text()) if BASELINE.exists() else {}


def main(argv: list[str] | None = None) -> int:
    """Print the table; with --update raise the floors."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--update", action="store_true", help="raise floors to today's scores")
    args = ap.parse_args(argv)
    today, pinned = measure(), load()
    print(f"{'gate':<10} {'F1':>7} {'floor':>7} {'qual':>7} {'floor':>7}")
    for name, now in today.items():
        floor = pinned.get(name, {})
        same = floor.get("digest") == now["digest"]
        f = f"{floor['f1']:.3f}" if same and "f1" in floor else "  -  "
        q = (
            f"{floor['qualifier_accuracy']:.3f}"
            if same and "qualifier_accuracy" in floor
            else "  -  "
        )
        print(f"{name:<10} {now['f1']:>7.3f} {f:>7} {now['qualifier_accuracy']:>7.3f} {q:>7}")
    if args.update:
        for name, now in today.items():
            old = pinned.get(name, {})
            if old.get("digest") == now["digest"]:
                for key in ("f1", "qualifier_accuracy"):
                    now[key] = max(float(now[key]), float(old.get(key, 0.0)))
            pinned[name] = now
        BASELINE.write_text(json.dumps(pinned, indent=2, sort_keys=True) + "\n")
        print(f"floors written to {BASELINE.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
