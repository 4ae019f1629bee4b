#!/usr/bin/env python3
"""Benchmark: ``export.py all`` with one worker against N, and a run with nothing to do.

Generates a library in a temporary project: ARTICLES copies of the seed
article (each its own slug) in three locales: en, the en-XA pseudo-locale
(``export.py update`` fills it), and zh-TW when the seed's zh-TW catalogs
are complete (each copy gets them), else en-US (the English source on
Letter).  Then it times, in fresh processes:

* ``all --jobs 1 --force`` (cold: every handout rendered);
* ``all --jobs N --force`` (the same, in N worker processes);
* ``all`` again with no change (every handout skipped; the library page
  rebuilt from ``dist/library-cache.json``), also as a share of the cold run;

checks that both cold runs wrote byte-identical PDFs, and prints the
figures and the parallel speed-up.

    .venv/bin/python benchmarks/batch_parallel.py [--articles 10] [--jobs 2] [--runs 1]
"""

from __future__ import annotations

import argparse
import hashlib
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
SEED = "prp-basement-membrane"


def run(root: Path, *args: str) -> tuple[float, float]:
    """Run ``export.py ARGS`` in *root*; return (wall, CPU) seconds, its workers included."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    result = subprocess.run([sys.executable, str(ROOT / "export.py"), *args], cwd=root,
                            capture_output=True, text=True)
    elapsed = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if result.returncode:
        sys.exit(f"failed: export.py {' '.join(args)}\n{result.stdout}{result.stderr}")
    cpu = (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime)
    return elapsed, cpu


def zh_tw_complete() -> bool:
    """Whether the seed article can be built in zh-TW from the committed catalogs."""
    from i18n.catalogs.project import Project
    from i18n.locales import parse_locale
    from i18n.publish.status import handout_status

    project = Project.load(ROOT)
    return handout_status(project, project.article(SEED), parse_locale("zh-TW")).ready


def make_library(root: Path, articles: int) -> list[str]:
    """A project in *root* with *articles* copies of the seed; returns its locales."""
    third = "zh-TW" if zh_tw_complete() else "en-US"
    locales = ["en", "en-XA", third]
    shutil.copytree(ROOT / "templates", root / "templates")
    shutil.copytree(ROOT / "assets", root / "assets")   # the logo clinic.yaml names
    config = yaml.safe_load((ROOT / "clinic.yaml").read_text(encoding="utf-8"))
    config["locales"] = locales
    (root / "clinic.yaml").write_text(yaml.safe_dump(config, allow_unicode=True), encoding="utf-8")
    (root / "articles").mkdir()
    zh_dir = root / "locales" / "zh_TW" / "LC_MESSAGES"
    zh_dir.mkdir(parents=True)
    for index in range(1, articles + 1):
        slug = f"handout-{index:02d}"
        shutil.copy2(ROOT / "articles" / f"{SEED}.md", root / "articles" / f"{slug}.md")
        shutil.copy2(ROOT / "locales" / "zh_TW" / "LC_MESSAGES" / f"{SEED}.po",
                     zh_dir / f"{slug}.po")
    shutil.copy2(ROOT / "locales" / "zh_TW" / "LC_MESSAGES" / "handout.po", zh_dir / "handout.po")
    run(root, "extract")
    run(root, "update", "--locale", "en-XA")
    return locales


def pdf_digest(dist: Path) -> str:
    digest = hashlib.sha256()
    for path in sorted(dist.rglob("*.pdf")):
        digest.update(path.relative_to(dist).as_posix().encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=10)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--runs", type=int, default=1, help="cold runs of each kind (median)")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="batch-bench-") as tmp:
        root = Path(tmp)
        locales = make_library(root, args.articles)
        handouts = args.articles * len(locales)
        serial, parallel = [], []
        for _ in range(args.runs):  # interleaved, so both see the same machine load
            serial.append(run(root, "all", "--jobs", "1", "--force"))
            serial_pdfs = pdf_digest(root / "dist")
            parallel.append(run(root, "all", "--jobs", str(args.jobs), "--force"))
            parallel_pdfs = pdf_digest(root / "dist")
        unchanged = statistics.median(run(root, "all")[0] for _ in range(3))
        built = len(list((root / "dist").rglob("*.pdf")))

    one, many = (statistics.median(wall for wall, _ in runs) for runs in (serial, parallel))
    one_cpu, many_cpu = (statistics.median(cpu for _, cpu in runs) for runs in (serial, parallel))
    load = os.getloadavg()[0]
    print(f"library: {args.articles} articles x {len(locales)} locales ({', '.join(locales)})"
          f" = {handouts} handouts, {built} PDFs; {os.cpu_count()} CPU cores")
    print(f"all --jobs 1 --force      : {one:6.2f} s  ({one / handouts:.2f} s per handout, "
          f"CPU {one_cpu:.1f} s)")
    print(f"all --jobs {args.jobs} --force      : {many:6.2f} s  ({many / handouts:.2f} s per handout, "
          f"CPU {many_cpu:.1f} s)")
    print(f"speed-up, jobs {args.jobs} vs 1     : {one / many:6.2f}x  "
          f"(its CPU time {many_cpu / one_cpu:.2f}x the serial run's; "
          f"load average after: {load:.2f})")
    print(f"all, nothing changed      : {unchanged:6.2f} s  (every handout skipped; "
          f"{unchanged / one:.1%} of the cold --jobs 1 run, 1/{one / unchanged:.0f})")
    print(f"same PDF bytes, 1 vs {args.jobs} jobs: {'yes' if serial_pdfs == parallel_pdfs else 'NO'}")


if __name__ == "__main__":
    main()
