#!/usr/bin/env python3
"""Benchmark: `check` of the seed zh-TW catalogs with a 10,000-term glossary.

In a temporary copy of the project, the shipped zh-TW glossary (27 terms) is
extended with generated terms to --terms, and every check of the locale runs
(as ``export.py check --locale zh-TW`` does), timed:

* with the glossary's first-word index (``i18n.glossary.terms_in``);
* the baseline, in the same run: every term's regular expression against
  every entry, as before the index.

Both must report the same findings.

    .venv/bin/python benchmarks/glossary_check.py [--terms 10000]
"""

from __future__ import annotations

import argparse
import random
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

SYLLABLES = ["der", "ma", "lo", "cy", "te", "fi", "bro", "bla", "pig", "men", "ker", "ato",
             "sis", "neo", "vas", "cul", "ar", "epi", "the", "lial", "col", "la", "gen"]


def make_project(dest: Path, terms: int) -> Path:
    for name in ("clinic.yaml", "assets", "articles", "templates", "locales"):
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, dest / name, ignore=shutil.ignore_patterns("*.mo"))
        elif source.exists():
            shutil.copy2(source, dest / name)
    glossary = dest / "locales" / "zh_TW" / "glossary.csv"
    rows = glossary.read_text(encoding="utf-8").rstrip("\n").split("\n")
    rng = random.Random(7)
    seen = {row.split(",")[0].lower() for row in rows[1:]}
    while len(rows) - 1 < terms:
        words = ["".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 4)))
                 for _ in range(rng.randint(1, 3))]
        source = " ".join(words)
        if source not in seen:
            seen.add(source)
            rows.append(f"{source},術語{len(rows)},generated,no")
    glossary.write_text("\n".join(rows) + "\n", encoding="utf-8")
    return dest


def timed_check(root: Path) -> tuple[float, list]:
    from i18n.catalogs import glossary
    from i18n.catalogs.project import Project
    from i18n.checks.locale import check_locale
    from i18n.locales import parse_locale
    glossary._TermIndex._by_glossary.clear()
    start = time.perf_counter()
    problems = check_locale(Project.load(root), parse_locale("zh-TW"))
    return time.perf_counter() - start, [(p.check, p.severity, p.line, p.message) for p in problems]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--terms", type=int, default=10_000)
    args = parser.parse_args()
    from i18n.catalogs import glossary
    from i18n.checks import terminology

    with tempfile.TemporaryDirectory(prefix="glossary-bench-") as tmp:
        root = make_project(Path(tmp), args.terms)
        indexed, found = timed_check(root)
        original = glossary.terms_in

        def every_term(text, terms):
            return [term for term in terms if term.found_in(text)]
        terminology.terms_in = every_term     # the baseline: no index
        try:
            brute, baseline = timed_check(root)
        finally:
            terminology.terms_in = original
    print(f"check --locale zh-TW, glossary of {args.terms} terms, 77 entries")
    print(f"with the first-word index : {indexed:7.2f} s")
    print(f"every term on every entry : {brute:7.2f} s  (baseline)")
    print(f"speed-up                  : {brute / indexed:7.1f}x")
    print(f"same findings             : {'yes' if found == baseline else 'NO'} ({len(found)})")


if __name__ == "__main__":
    main()
