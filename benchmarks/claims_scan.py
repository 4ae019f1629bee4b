#!/usr/bin/env python3
"""Benchmark: the claims scan is linear in the text's length, near-misses included.

Every phrase of a category is one alternation whose gaps are bounded (a few
words or characters), so the regular expressions cannot backtrack beyond a
fixed window.  This scans, with the shipped English and zh-TW lists:

* the seed article, repeated 1x, 4x, 16x and 64x;
* a hostile text of near-misses ("no laser and no cream and no drug ..."
  without a "can" in reach, "唯一" negated over and over), at the same sizes;

and prints the CPU time (not wall time: the machine is shared) per 100,000
characters of each: a flat row is linear (a quadratic scan would grow 4x at
each step).

    .venv/bin/python benchmarks/claims_scan.py [--repeat 5]
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from i18n.content.claims import claim_rules  # noqa: E402


def best_of(repeat: int, function) -> float:
    times = []
    for _ in range(repeat):
        start = time.process_time()
        function()
        times.append(time.process_time() - start)
    return min(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    seed = (ROOT / "articles" / "prp-basement-membrane.md").read_text(encoding="utf-8")
    texts = {
        "en seed": ("en", seed),
        "en near-misses": ("en", "no laser and no cream and no drug may help; " * 40),
        "zh-TW near-misses": ("zh-TW", "並非唯一、不保證、沒有零風險的說法；" * 60),
    }
    print(f"{'text':<20}" + "".join(f"{f'{k}x':>12}" for k in (1, 4, 16, 64))
          + "   (CPU ms per 100,000 characters)")
    for name, (tag, text) in texts.items():
        rules = claim_rules(tag)
        row = []
        for k in (1, 4, 16, 64):
            sample = text * k
            seconds = best_of(args.repeat, lambda: rules.find(sample))
            row.append(seconds * 1000 * 100_000 / len(sample))
        print(f"{name:<20}" + "".join(f"{ms:>12.1f}" for ms in row)
              + f"   ratio 64x/1x: {row[-1] / row[0]:.2f}")


if __name__ == "__main__":
    main()
