#!/usr/bin/env python3
"""Benchmark: what per-script typesetting and page economy cost, side by side.

Renders the seed article with ``export.py pdf`` in every seed locale (and
English in large print) twice per round, interleaved so that both see the
same machine load:

* with this tree (the typesetting markup, the Thai line-breaking
  dictionary, and a second layout when page economy or the hyphenation limit
  asks for one);
* with a baseline tree: a git ref (default ``main``) exported with
  ``git archive`` into a temporary folder and run with the same Python, so
  its own ``i18n`` package is the one imported.

Each run is a fresh process, as a user runs it.  Prints, per locale, the
medians, the ratio (this tree / baseline) with the layout the renderer kept,
and the ratio over all nine.  Target (issue 18): within 1.15x.

    .venv/bin/python benchmarks/typeset_cost.py [--baseline main] [--runs 3] [--locale th ...]
"""

from __future__ import annotations

import argparse
import io
import statistics
import subprocess
import sys
import tarfile
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEED = "prp-basement-membrane"
LOCALES = ("en", "zh-TW", "ja", "zh-CN", "vi", "ar", "ko", "th", "id")
TARGET = 1.15


def export_tree(ref: str, folder: Path) -> None:
    """The files of *ref* (a git ref of this repository) under *folder*."""
    archive = subprocess.run(["git", "archive", "--format=tar", ref], cwd=ROOT,
                             capture_output=True, check=True).stdout
    with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
        tar.extractall(folder, filter="data")


def timed(tree: Path, locale: str, large_print: bool, output: Path) -> float:
    argv = [sys.executable, "export.py", "pdf", SEED, "--locale", locale, "-o", str(output)]
    if large_print:
        argv.append("--large-print")
    start = time.perf_counter()
    result = subprocess.run(argv, cwd=tree, capture_output=True, text=True)
    elapsed = time.perf_counter() - start
    if result.returncode:
        sys.exit(f"failed in {tree}: {' '.join(argv)}\n{result.stderr}")
    return elapsed


def layout_of(locale: str, large_print: bool) -> str:
    """The layout this tree keeps for a handout (in-process, not timed)."""
    sys.path.insert(0, str(ROOT))
    from i18n.catalogs.project import Project
    from i18n.locales import parse_locale
    from i18n.render.pipeline import export_pdf

    project = Project.load(ROOT)
    with tempfile.TemporaryDirectory() as tmp:
        result = export_pdf(project, project.article(SEED), parse_locale(locale),
                            output=Path(tmp) / "x.pdf", large_print=large_print)
    return f"{result.layout}, {result.pages} p., last {result.last_page_fill:.0%}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--baseline", default="main", help="git ref to compare with")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--locale", action="append", help="only these (repeatable)")
    args = parser.parse_args()
    cases = [(tag, False) for tag in (args.locale or LOCALES)]
    if not args.locale:
        cases.append(("en", True))

    with tempfile.TemporaryDirectory() as tmp:
        baseline = Path(tmp) / "baseline"
        export_tree(args.baseline, baseline)
        out = Path(tmp) / "out.pdf"
        for tree in (ROOT, baseline):        # warm-up: caches (Thai dictionary, bytecode)
            timed(tree, "th", False, out)
        ours: dict[tuple, list[float]] = {case: [] for case in cases}
        base: dict[tuple, list[float]] = {case: [] for case in cases}
        for _ in range(args.runs):
            for case in cases:
                ours[case].append(timed(ROOT, *case, out))
                base[case].append(timed(baseline, *case, out))

    print(f"seed handout, export.py pdf end to end, medians of {args.runs}; "
          f"baseline: {args.baseline}")
    print(f"{'locale':<16}{'this tree':>10}{'baseline':>10}{'ratio':>8}  layout kept")
    total_ours = total_base = 0.0
    for case in cases:
        mine, theirs = statistics.median(ours[case]), statistics.median(base[case])
        total_ours += mine
        total_base += theirs
        name = case[0] + (" large print" if case[1] else "")
        print(f"{name:<16}{mine:9.2f}s{theirs:9.2f}s{mine / theirs:7.2f}x  {layout_of(*case)}")
    ratio = total_ours / total_base
    verdict = "ok" if ratio <= TARGET else "OVER TARGET"
    print(f"{'all':<16}{total_ours:9.2f}s{total_base:9.2f}s{ratio:7.2f}x  "
          f"target <= {TARGET}x  {verdict}")


if __name__ == "__main__":
    main()
