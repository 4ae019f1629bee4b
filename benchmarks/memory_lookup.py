#!/usr/bin/env python3
"""Benchmark: translation-memory lookup over a library of 200 catalogs, in one run.

Generates, in a temporary folder, 200 catalogs of one locale: copies of the
seed zh-TW catalog whose sentences are varied (a few words replaced in most
entries, the bio and disclaimer kept), so that the memory holds thousands of
near-identical sentences, the hard case for near-match lookup.  Then measures:

* building the memory (``msgfmt --check`` and parsing every catalog);
* looking up every entry of a copy of the seed article with one paragraph
  changed (what ``update`` does for a new article): exact matches and one
  near match;
* looking up every entry of a catalog whose every sentence is varied
  (all near matches, the worst case);
* the baseline, in the same run: the same near-match queries by brute
  force, ``SequenceMatcher`` against every remembered source with difflib's
  ``get_close_matches`` cut-offs, on a sample; and the indexed lookup's
  agreement with it;
* reading one catalog, for scale.

    .venv/bin/python benchmarks/memory_lookup.py [--catalogs 200] [--sample 20]
"""

from __future__ import annotations

import argparse
import random
import re
import statistics
import sys
import tempfile
import time
from difflib import SequenceMatcher
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import polib  # noqa: E402

from i18n.catalogs.memory import FUZZY_THRESHOLD, build_memory
from i18n.catalogs.repository import read_catalog

SEED = ROOT / "locales" / "zh_TW" / "LC_MESSAGES" / "prp-basement-membrane.po"
CHANGED = "Tissue regeneration is a gradual biological process."
_WORD = re.compile(r"[A-Za-z]{4,}")


def vary(text: str, rng: random.Random, vocabulary: list[str], words: int) -> str:
    """*text* with *words* of its longer words replaced by others of the vocabulary."""
    spots = [m for m in _WORD.finditer(text)]
    for match in sorted(rng.sample(spots, min(words, len(spots))),
                        key=lambda m: m.start(), reverse=True):
        text = text[:match.start()] + rng.choice(vocabulary) + text[match.end():]
    return text


def make_library(folder: Path, count: int) -> list[Path]:
    seed = polib.pofile(str(SEED))
    vocabulary = sorted({w for e in seed for w in _WORD.findall(e.msgid)})
    paths = []
    for number in range(count):
        rng = random.Random(number)
        catalog = polib.pofile(str(SEED))
        for entry in catalog:
            long_text = len(entry.msgid) > 60
            if long_text and rng.random() < 0.8:   # most sentences differ a little
                entry.msgid = vary(entry.msgid, rng, vocabulary, rng.randint(1, 3))
                entry.msgstr += f"（{number}）"
        path = folder / f"article-{number:03d}.po"
        catalog.save(str(path))
        paths.append(path)
    return paths


def brute_force(memory, msgid: str):
    """The best match by comparing *msgid* with every remembered source."""
    matcher = SequenceMatcher()
    matcher.set_seq2(msgid)
    best_ratio, best = 0.0, None
    for unit in memory.units:
        if not isinstance(unit.id, str):
            continue
        matcher.set_seq1(unit.id)
        floor = max(best_ratio, FUZZY_THRESHOLD)
        if matcher.real_quick_ratio() >= floor and matcher.quick_ratio() >= floor:
            ratio = matcher.ratio()
            if ratio >= floor and ratio > best_ratio:
                best_ratio, best = ratio, unit
    return best, best_ratio


def timed(function, *args):
    start = time.perf_counter()
    result = function(*args)
    return time.perf_counter() - start, result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--catalogs", type=int, default=200)
    parser.add_argument("--sample", type=int, default=20,
                        help="near-match queries compared by brute force (the baseline)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="memory-bench-") as tmp:
        folder = Path(tmp)
        paths = make_library(folder, args.catalogs)
        build_time, memory = timed(build_memory, paths)
        read_one, _ = timed(read_catalog, paths[0])
        distinct = len({u.id for u in memory.units})

        # A new article: the seed with one paragraph changed.
        article = [e.msgid.replace(CHANGED, "Tissue regeneration is a slow and gradual "
                                   "biological process.") for e in polib.pofile(str(SEED))]
        article_time, found = timed(lambda: [memory.lookup(m) for m in article])
        exact = sum(1 for m in found if m and m.exact)
        near = sum(1 for m in found if m and not m.exact)

        # The worst case: every sentence varied, so every lookup is a near match.
        rng = random.Random(10_000)
        vocabulary = sorted({w for m in article for w in _WORD.findall(m)})
        queries = [vary(m, rng, vocabulary, 2) if len(m) > 60 else m for m in article]
        queries = [q for q in queries if memory.lookup(q, fuzzy=False) is None]
        fuzzy_time, indexed = timed(lambda: [memory.lookup(q) for q in queries])

        sample = queries[:args.sample]
        brute_time, brute = timed(lambda: [brute_force(memory, q) for q in sample])
        agree = sum(1 for (unit, ratio), match in zip(brute, indexed)
                    if (match is None and unit is None)
                    or (match is not None and unit is not None
                        and abs(match.ratio - ratio) < 1e-9))
        found_by_brute = sum(1 for unit, _ in brute if unit is not None)
        found_by_index = sum(1 for match in indexed[:len(sample)] if match is not None)
        gap = max((ratio - (match.ratio if match else 0.0)
                   for (unit, ratio), match in zip(brute, indexed) if unit is not None),
                  default=0.0)

    per_fuzzy = fuzzy_time / len(queries)
    per_brute = brute_time / len(sample)
    print(f"memory: {args.catalogs} catalogs, {len(memory)} entries "
          f"({distinct} distinct sources)")
    print(f"build the memory (msgfmt --check + parse, every catalog): {build_time:.2f} s "
          f"({build_time / args.catalogs * 1000:.1f} ms a catalog)")
    print(f"read one catalog (msgfmt --check + parse), for scale:     {read_one * 1000:.1f} ms")
    print(f"new article, {len(article)} entries: {article_time * 1000:.1f} ms "
          f"({exact} exact, {near} near, {len(article) - exact - near} none)")
    print(f"near-match lookup, indexed:     {per_fuzzy * 1000:.2f} ms an entry "
          f"({len(queries)} entries, {fuzzy_time * 1000:.0f} ms in all)")
    print(f"near-match lookup, brute force: {per_brute * 1000:.2f} ms an entry "
          f"(baseline, {len(sample)} entries)")
    print(f"speed-up of the index: {per_brute / per_fuzzy:.0f}x")
    print(f"quality: a match for {found_by_index}/{len(sample)} queries (brute force: "
          f"{found_by_brute}); the very best ratio for {agree}/{len(sample)}; largest "
          f"shortfall {gap:.4f}")


if __name__ == "__main__":
    main()
