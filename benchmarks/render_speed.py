#!/usr/bin/env python3
"""Benchmark: one handout end to end against bare WeasyPrint, in one run.

Measures, on the seed article (zh-TW by default):

* ``python export.py pdf`` end to end (a fresh process each time);
* the bare ``weasyprint`` command line on the exact same HTML (``--html``),
  with the same tagged-PDF option: the baseline;
* our own overhead inside one process: article parsing, catalogs (with
  ``msgfmt --check``), templates and checks, without WeasyPrint;

and prints the ratio, the peak memory (RSS) of each process and the PDF size.
Targets (2-core machine): ratio <= 1.1 (issue 11), peak RSS <= 250 MB, PDF <= 400 KB.

    .venv/bin/python benchmarks/render_speed.py [--locale zh-TW] [--runs 5]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

TARGET_RATIO, TARGET_RSS_MB, TARGET_PDF_KB = 1.1, 250, 400


def run_measured(argv: list[str]) -> tuple[float, float, float]:
    """Run *argv*; return its wall seconds, peak RSS in MB, and CPU seconds (user +
    system), its renderer child's included."""
    start = time.perf_counter()
    process = subprocess.Popen(argv, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - start
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode:
        sys.exit(f"failed: {' '.join(argv)}\n{process.stderr.read().decode()}")
    return elapsed, usage.ru_maxrss / 1024, usage.ru_utime + usage.ru_stime


def overhead_in_process(slug: str, locale_name: str, runs: int) -> float:
    """Median seconds of everything but WeasyPrint, in one warm process."""
    from i18n.catalogs.project import Project
    from i18n.locales import parse_locale
    from i18n.render.gate import check_glyphs
    from i18n.render.html import build_html
    from i18n.render.pipeline import localize_article, render_options

    os.chdir(ROOT)
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        project = Project.load(ROOT)
        article = project.article(slug)
        locale = parse_locale(locale_name)
        handout = localize_article(project, article, locale)
        options = render_options(project, locale)
        build_html(handout, options)
        handout.require_complete()
        check_glyphs(handout, options)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--article", default="prp-basement-membrane")
    parser.add_argument("--locale", default="zh-TW")
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()

    python = sys.executable
    weasyprint = str(Path(python).with_name("weasyprint"))
    with tempfile.TemporaryDirectory() as tmp:
        html, ours_pdf, bare_pdf = (Path(tmp) / n for n in ("h.html", "ours.pdf", "bare.pdf"))
        export = [python, "export.py", "pdf", args.article, "--locale", args.locale]
        run_measured([*export, "-o", str(ours_pdf), "--html", str(html)])  # warm-up, and the HTML
        ours, bare = [], []
        for _ in range(args.runs):  # interleaved, so both see the same machine load
            ours.append(run_measured([*export, "-o", str(ours_pdf)]))
            bare.append(run_measured([weasyprint, "--pdf-tags", str(html), str(bare_pdf)]))
        overhead = overhead_in_process(args.article, args.locale, args.runs)
        pdf_kb = ours_pdf.stat().st_size / 1024

    ours_s = statistics.median(t for t, _, _ in ours)
    bare_s = statistics.median(t for t, _, _ in bare)
    ours_cpu = statistics.median(c for _, _, c in ours)
    bare_cpu = statistics.median(c for _, _, c in bare)
    ours_rss = max(m for _, m, _ in ours)
    bare_rss = max(m for _, m, _ in bare)
    ratio = ours_s / bare_s

    def verdict(ok: bool) -> str:
        return "ok" if ok else "OVER TARGET"

    print(f"handout: {args.article} [{args.locale}], {args.runs} runs each, medians")
    print(f"export.py pdf, end to end : {ours_s:6.3f} s   peak RSS {ours_rss:6.1f} MB")
    print(f"bare weasyprint (baseline): {bare_s:6.3f} s   peak RSS {bare_rss:6.1f} MB")
    print(f"CPU time (user + system)  : {ours_cpu:6.3f} s ours, {bare_cpu:.3f} s bare "
          f"({ours_cpu / bare_cpu:.2f}x; ours runs on two cores at once)")
    print(f"our overhead, in process  : {overhead:6.3f} s   (article, catalogs, templates, checks)")
    print(f"ratio end to end / bare   : {ratio:6.2f}x  target <= {TARGET_RATIO}x  "
          f"{verdict(ratio <= TARGET_RATIO)}")
    print(f"peak RSS                  : {ours_rss:6.1f} MB target <= {TARGET_RSS_MB} MB  "
          f"{verdict(ours_rss <= TARGET_RSS_MB)}")
    print(f"PDF size                  : {pdf_kb:6.1f} KB target <= {TARGET_PDF_KB} KB  "
          f"{verdict(pdf_kb <= TARGET_PDF_KB)}")


if __name__ == "__main__":
    main()
