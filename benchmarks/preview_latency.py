#!/usr/bin/env python3
"""Benchmark: live-preview latency against a cold ``export.py pdf``, in one run.

In a temporary copy of the project (seed article, zh-TW by default):

* the cold baseline: ``export.py pdf SLUG --locale L --draft`` in a fresh
  process, median of ``--runs``;
* the preview: ``export.py preview SLUG --locale L`` runs in the background;
  each of ``--edits`` one-entry edits of the article's catalog (one msgstr
  changed and saved, as an editor does) is timed from the save to the
  rewritten PDF (the preview's "rendered" line), and the preview's own
  render time is read from that line;
* where a warm render's time goes, in this process: the catalogs and checks
  (localize), the HTML with its font subsets, and WeasyPrint's layout and
  PDF writing (called directly here, without the forked child).

Target: the preview file rewritten <= 0.5 s after a one-entry edit.

    .venv/bin/python benchmarks/preview_latency.py [--locale zh-TW] [--runs 3] [--edits 5]
"""

from __future__ import annotations

import argparse
import os
import queue
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

SLUG = "prp-basement-membrane"
TARGET_SECONDS = 0.5
PARTS = ("clinic.yaml", "assets", "articles", "templates", "locales")


def copy_project(dest: Path) -> Path:
    for name in PARTS:
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, dest / name, ignore=shutil.ignore_patterns("*.mo"))
        elif source.exists():
            shutil.copy2(source, dest / name)
    return dest


def cold_pdf(project: Path, locale: str, runs: int) -> list[float]:
    times = []
    for run in range(runs):
        start = time.perf_counter()
        subprocess.run([sys.executable, str(ROOT / "export.py"), "pdf", SLUG, "--locale", locale,
                        "--draft", "-o", str(project / f"cold-{run}.pdf")],
                       cwd=project, check=True, capture_output=True)
        times.append(time.perf_counter() - start)
    return times


def edit_entry(path: Path, number: int) -> None:
    """Change one msgstr (the FAQ heading) and save it the way an editor does: atomically."""
    text = path.read_text(encoding="utf-8")
    text, count = re.subn(r'(msgid "Frequently Asked Questions"\nmsgstr ")[^"]*(")',
                          rf"\g<1>常見問題（第{number}版）\g<2>", text)
    assert count == 1, "the seed catalog has no FAQ heading"
    tmp = path.with_name(f".{path.name}.swp")
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, path)


def warm_preview(project: Path, locale: str, edits: int) -> tuple[list[float], list[float], float]:
    """(save-to-rewritten seconds, the preview's own render seconds, first render seconds)."""
    process = subprocess.Popen([sys.executable, str(ROOT / "export.py"), "preview", SLUG,
                                "--locale", locale, "-o", str(project / "preview.pdf")],
                               cwd=project, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                               text=True)
    lines: queue.Queue[tuple[float, str]] = queue.Queue()

    def read() -> None:
        for line in process.stdout:
            lines.put((time.perf_counter(), line.rstrip("\n")))

    threading.Thread(target=read, daemon=True).start()

    def next_render(timeout: float = 120) -> tuple[float, float]:
        deadline = time.monotonic() + timeout
        while True:
            stamp, line = lines.get(timeout=max(0.1, deadline - time.monotonic()))
            match = re.search(r"^rendered .* in ([0-9.]+) s", line)
            if match:
                return stamp, float(match[1])
            if "error" in line:
                raise SystemExit(f"preview failed: {line}")

    catalog = project / "locales" / locale.replace("-", "_") / "LC_MESSAGES" / f"{SLUG}.po"
    latencies, renders = [], []
    try:
        _, first = next_render()
        time.sleep(1.0)   # let the watch start
        for number in range(1, edits + 1):
            before = (project / "preview.pdf").stat().st_mtime_ns
            saved = time.perf_counter()
            edit_entry(catalog, number)
            stamp, seconds = next_render()
            assert (project / "preview.pdf").stat().st_mtime_ns != before
            latencies.append(stamp - saved)
            renders.append(seconds)
            time.sleep(0.5)
    finally:
        process.send_signal(signal.SIGINT)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
    return latencies, renders, first


def breakdown(project: Path, locale_name: str, runs: int = 3) -> dict[str, float]:
    """Median seconds of each stage of a warm draft render, in this process."""
    os.chdir(project)
    from weasyprint import HTML

    from i18n.catalogs.project import Project
    from i18n.locales import parse_locale
    from i18n.render.gate import check_glyphs
    from i18n.render.html import build_html, font_subsets
    from i18n.render.pdf import restricted_url_fetcher
    from i18n.render.pipeline import localize_article, render_options

    project_ = Project.load(project)
    locale = parse_locale(locale_name)
    stages: dict[str, list[float]] = {}
    for _ in range(runs + 1):   # the first run warms the process up, like the preview's first
        marks = [("start", time.perf_counter())]
        article = project_.article(SLUG)
        marks.append(("article", time.perf_counter()))
        handout = localize_article(project_, article, locale, draft=True)
        marks.append(("catalogs and checks", time.perf_counter()))
        options = render_options(project_, locale)
        html = build_html(handout, options, project_.templates_dir)
        marks.append(("HTML and font subsets", time.perf_counter()))
        check_glyphs(handout, options)
        marks.append(("glyph check", time.perf_counter()))
        document = HTML(string=html, base_url=str(project_.templates_dir) + "/",
                        url_fetcher=restricted_url_fetcher((project_.templates_dir,), [],
                                                           font_subsets(html))).render()
        marks.append(("WeasyPrint layout (incl. CSS)", time.perf_counter()))
        document.write_pdf(pdf_tags=True)
        marks.append(("WeasyPrint PDF writing", time.perf_counter()))
        if _ == 0:
            continue
        for (_, begin), (name, end) in zip(marks, marks[1:]):
            stages.setdefault(name, []).append(end - begin)
    return {name: statistics.median(values) for name, values in stages.items()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--locale", default="zh-TW")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--edits", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="preview-bench-") as tmp:
        project = copy_project(Path(tmp))
        cold = cold_pdf(project, args.locale, args.runs)
        latencies, renders, first = warm_preview(project, args.locale, args.edits)
        stages = breakdown(project, args.locale)
        os.chdir(ROOT)
    cold_median, warm_median = statistics.median(cold), statistics.median(latencies)
    print(f"seed article, {args.locale}, draft")
    print(f"cold `export.py pdf --draft` (median of {len(cold)}): {cold_median:.2f} s")
    print(f"preview, first render in the warm process:           {first:.2f} s")
    print(f"preview, save -> PDF rewritten (median of {len(latencies)}):     {warm_median:.2f} s "
          f"(range {min(latencies):.2f}-{max(latencies):.2f} s; the render itself "
          f"{statistics.median(renders):.2f} s)")
    print(f"ratio cold / warm: {cold_median / warm_median:.1f}x; target <= {TARGET_SECONDS} s: "
          f"{'met' if warm_median <= TARGET_SECONDS else 'NOT met'}")
    print("a warm render, stage by stage (median, in-process):")
    for name, seconds in stages.items():
        print(f"  {name:32} {seconds:.3f} s")


if __name__ == "__main__":
    main()
