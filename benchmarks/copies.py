"""Copy linking on a big store: how long clean/copies.link takes as the articles grow.

    .venv/bin/python benchmarks/copies.py                    # 1,250 .. 10,000 articles
    .venv/bin/python benchmarks/copies.py --sizes 10000 20000

Synthetic articles: 80% originals (8-15 sentences of words drawn from a Zipf
vocabulary of 20,000 words, so common words and phrases recur as in news; one
evidence sentence with a claim), 20% copies of a random original, a third each:
exact (re-cased, re-spaced), a repost (a sentence dropped, an appeal added, a few words
changed) and an edited wire copy (the evidence sentence with one word changed, 40% of
the other sentences kept, new ones written around them). Linking is what
service.sources does for the ledger (clean/copies.link over every article with records).

Prints, per size: seconds (the per-text MinHash cache cleared first), microseconds per
article, the share of planted copies linked to their original (recall), and the number
of originals wrongly joined to another original. Linear cost shows as a flat us/article.
"""

from __future__ import annotations

import argparse
import random
import time

from swapledger.clean import copies
from swapledger.clean.copies import Copy

VOCABULARY = 20_000
APPEAL = "Please support our independent journalism with a donation today."


def _words(rng: random.Random, weights: list[float], n: int) -> list[str]:
    return [f"w{i}" for i in rng.choices(range(VOCABULARY), weights, k=n)]


def _sentence(rng: random.Random, weights: list[float]) -> str:
    return " ".join(_words(rng, weights, rng.randint(12, 25))) + "."


def corpus(n: int, seed: int = 7) -> tuple[list[Copy], dict[str, str]]:
    """`n` articles and, for each planted copy, the key of its original."""
    rng = random.Random(seed)
    weights = [1 / (rank + 1) for rank in range(VOCABULARY)]  # Zipf
    originals: list[tuple[list[str], str, tuple]] = []
    items: list[Copy] = []
    n_orig = int(n * 0.8)
    for i in range(n_orig):
        sentences = [_sentence(rng, weights) for _ in range(rng.randint(8, 15))]
        count = rng.randint(10, 2000)
        evidence = f"The ministry said {count} prisoners were handed over to w{i} on w{i + 1}."
        what = ("completed", "prisoners", count, ("a", "b"))
        sentences.insert(rng.randint(0, len(sentences)), evidence)
        originals.append((sentences, evidence, what))
        items.append(Copy(f"o{i}", " ".join(sentences), ((evidence, what),)))
    truth: dict[str, str] = {}
    for j in range(n - n_orig):
        k = rng.randrange(n_orig)
        sentences, evidence, what = originals[k]
        style = j % 3
        if style == 0:  # exact: only case and spacing differ
            text = "  ".join(sentences).upper()
            ev = evidence
        elif style == 1:  # repost
            kept = [s for s in sentences if s == evidence or rng.random() > 0.1]
            kept.append(APPEAL)
            words = " ".join(kept).split()
            for _ in range(3):
                words[rng.randrange(len(words))] = "changed"
            text, ev = " ".join(words), evidence
        else:  # edited wire copy
            ev = evidence.replace("The ministry said", "Officials said")
            kept = [s for s in sentences if s != evidence and rng.random() < 0.4]
            new = [_sentence(rng, weights) for _ in range(rng.randint(2, 5))]
            text = " ".join([new[0], ev, *kept, *new[1:]])
        key = f"c{j}"
        items.append(Copy(key, text, ((ev, what),)))
        truth[key] = f"o{k}"
    rng.shuffle(items)
    return items, truth


def measure(n: int) -> tuple[float, float, int]:
    items, truth = corpus(n)
    copies._minhash.cache_clear()
    start = time.perf_counter()
    keys = copies.link(items)
    seconds = time.perf_counter() - start
    recall = sum(keys[c] == keys[o] for c, o in truth.items()) / len(truth)
    groups: dict[str, int] = {}
    for key, root in keys.items():
        if key.startswith("o"):
            groups[root] = groups.get(root, 0) + 1
    wrong = sum(size - 1 for size in groups.values())
    return seconds, recall, wrong


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1250, 2500, 5000, 10000])
    args = parser.parse_args()
    print("| articles | seconds | us/article | copies linked | originals wrongly joined |")
    print("|---:|---:|---:|---:|---:|")
    for n in args.sizes:
        seconds, recall, wrong = measure(n)
        print(f"| {n:,} | {seconds:.2f} | {seconds / n * 1e6:.0f} | {recall:.3f} | {wrong} |")


if __name__ == "__main__":
    main()
