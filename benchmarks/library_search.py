#!/usr/bin/env python3
"""Benchmark: the library at 100 and 1,000 articles x 9 languages: build, size, load, search.

For each size N (``--articles 100,1000``) a project is generated in a
temporary folder as ``scale.py`` does (N copies of the seed article, each
with the seed's catalogs in every configured locale), and its ``dist/`` is
made without rendering 2 x 9 x N PDFs: every manifest entry (standard and
large print, every locale) is built, its PDF a small stand-in file and its
thumbnail a real PNG, hard links of one file each.  The search texts are the
seed's own, localized through the gate once per locale (each copy's body gets
one word of its own, ``zq0421x``), written as the search files and the cache
a previous build would have left.  From there the library is the real code:

* **build**: :func:`i18n.publish.library.build_library` as ``export.py all``
  calls it (the run's inputs hashes passed in), first with an empty
  validation cache, then again with nothing changed (the figure that counts);
* **size**: ``dist/index.html``, and the largest search file;
* **in Chromium** (Debian's chromium and chromedriver, explicit Service), from
  ``file://``: the time to the ``load`` event, the first search (which loads
  the search files: ``membrane``, in every article), then the median of 5 of
  each query with the files loaded (``membrane``, one article's own word, a
  word in none, two words), and the turn to page 2 (its 25 card files).  On a
  desktop window and on a phone-sized one (412 x 915, CPU throttled 4x, as
  Lighthouse's mobile preset).

The baseline, in the same run: the same library as one page holding every
card (no pagination), printed as the ratio paged / one page; and at the
largest size the cost per article against the smallest.

    .venv/bin/python benchmarks/library_search.py [--articles 100,1000] [--keep DIR]
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

CHROMIUM = Path("/usr/bin/chromium")
CHROMEDRIVER = Path("/usr/bin/chromedriver")
OWN_WORD = "zq{:04d}x"

_SEARCH = """
const [query, done] = [arguments[0], arguments[arguments.length - 1]];
const box = document.getElementById("search");
const list = document.getElementById("handouts");
box.value = query;
const start = performance.now();
box.dispatchEvent(new Event("input"));
const finish = () => done([performance.now() - start, document.querySelectorAll(".card").length,
                           document.getElementById("shown").textContent]);
if (!list.hasAttribute("aria-busy")) finish();
else new MutationObserver((changes, observer) => {
  if (!list.hasAttribute("aria-busy")) { observer.disconnect(); finish(); }
}).observe(list, {attributes: true});
"""

_TURN = """
const done = arguments[arguments.length - 1];
const list = document.getElementById("handouts");
const start = performance.now();
document.getElementById("next").click();
const finish = () => done([performance.now() - start, document.querySelectorAll(".card").length]);
if (!list.hasAttribute("aria-busy")) finish();
else new MutationObserver((changes, observer) => {
  if (!list.hasAttribute("aria-busy")) { observer.disconnect(); finish(); }
}).observe(list, {attributes: true});
"""


# --- the project and its dist/ --------------------------------------------------------------

def prepare(root: Path, articles: int):
    """A project of *articles* seed copies with a built dist/ (see above); returns
    (project, manifest entries, inputs hashes by slug/locale)."""
    import scale
    from PIL import Image

    from i18n.catalogs.project import Project
    from i18n.locales import parse_locale
    from i18n.publish.library_cache import CACHE_FORMAT, CACHE_NAME, search_parts
    from i18n.publish.library_search import search_files
    from i18n.publish.manifest import JobResult
    from i18n.variants import file_sha256

    scale.make_project(root, articles)
    project = Project.load(root)
    dist = project.dist_dir
    seed = project.article(scale.slug_of(1))
    tags = [parse_locale(tag).tag for tag in project.config.locales]
    texts = {tag: search_parts(project, seed, parse_locale(tag)) for tag in tags}
    titles = {tag: (texts[tag].front.split("\n") or [""])[0] for tag in tags}
    stand_in = root / "stand-in.pdf"
    stand_in.write_bytes(b"%PDF-1.7\n% a stand-in: the library only links it\n%%EOF\n")
    thumb = root / "stand-in.png"
    Image.new("RGB", (170, 240), "white").save(thumb)
    pdf_sha, thumb_sha = file_sha256(stand_in), file_sha256(thumb)
    entries, hashes, fronts, bodies = [], {}, {}, {}
    for index in range(1, articles + 1):
        slug = scale.slug_of(index)
        for tag in tags:
            digest = hashlib.sha256(f"{slug}/{tag}".encode()).hexdigest()
            hashes[f"{slug}/{tag}"] = digest
            fronts.setdefault(slug, {})[tag] = "\n".join(
                dict.fromkeys(filter(None, (titles[tag], *texts[tag].front.split("\n")))))
            bodies.setdefault(tag, {})[slug] = f"{texts[tag].body} {OWN_WORD.format(index)}"
            png = dist / "thumbs" / tag / f"{slug}.png"
            png.parent.mkdir(parents=True, exist_ok=True)
            os.link(thumb, png)
            for variant in ("", "large-print"):
                pdf = project.pdf_path(slug, tag, variant)
                pdf.parent.mkdir(parents=True, exist_ok=True)
                os.link(stand_in, pdf)
                entries.append(JobResult(
                    slug, tag, "built", path=pdf.relative_to(dist).as_posix(),
                    size=stand_in.stat().st_size, pages=7 if not variant else 11,
                    inputs_hash=digest, title=titles[tag], date_published="2026-02-28",
                    variant=variant, sha256=pdf_sha, thumb_sha256="" if variant else thumb_sha))
    files, _ = search_files(dist, fronts, bodies)
    for path, data in files.items():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    (dist / CACHE_NAME).write_text(json.dumps(
        {"format": CACHE_FORMAT, "entries": dict(sorted(hashes.items()))}), encoding="utf-8")
    return project, entries, hashes


def build(project, entries, hashes, profile: Path | None = None) -> tuple[float, int]:
    """``build_library`` as ``all`` calls it: (seconds, texts made rather than reused)."""
    from i18n.publish import library_cache
    from i18n.publish.library import build_library

    made = []
    real_save = library_cache.LibraryCache.save

    def save(cache):
        made.append(cache.made)
        return real_save(cache)

    library_cache.LibraryCache.save = save
    try:
        started = time.perf_counter()
        if profile is None:
            build_library(project, entries, hashes=hashes)
        else:
            import cProfile
            cProfile.runctx("build_library(project, entries, hashes=hashes)", globals(),
                            locals(), str(profile))
        return time.perf_counter() - started, made[-1]
    finally:
        library_cache.LibraryCache.save = real_save


# --- in Chromium -----------------------------------------------------------------------------

def browser(profile: Path, phone: bool):
    from selenium import webdriver
    from selenium.webdriver.chrome.options import Options
    from selenium.webdriver.chrome.service import Service

    options = Options()
    options.binary_location = str(CHROMIUM)
    size = "412,915" if phone else "1200,900"
    for argument in ("--headless=new", "--no-sandbox", "--disable-gpu",
                     "--disable-dev-shm-usage", "--no-first-run",
                     "--disable-background-networking", "--disable-component-update",
                     "--disable-sync", f"--window-size={size}", f"--user-data-dir={profile}"):
        options.add_argument(argument)
    driver = webdriver.Chrome(options=options, service=Service(
        str(CHROMEDRIVER if CHROMEDRIVER.exists() else shutil.which("chromedriver"))))
    driver.set_page_load_timeout(600)
    driver.set_script_timeout(600)
    if phone:
        driver.execute_cdp_cmd("Emulation.setCPUThrottlingRate", {"rate": 4})
    return driver


def measure(page: Path, articles: int, phone: bool, paged: bool) -> dict:
    queries = {"every": "membrane", "one": OWN_WORD.format(articles // 2 or 1),
               "none": "zzzqqq", "two words": "basement membrane"}
    with tempfile.TemporaryDirectory() as profile:
        driver = browser(Path(profile), phone)
        try:
            driver.get(page.resolve().as_uri() + "#ui=en&lang=en")
            load = driver.execute_script(
                "const t = performance.getEntriesByType('navigation')[0];"
                "return t.loadEventEnd - t.startTime;")
            turn = driver.execute_async_script(_TURN)[0] if paged else None
            first = driver.execute_async_script(_SEARCH, queries["every"])
            searches, shown = {}, {}
            for name, query in queries.items():
                runs = [driver.execute_async_script(_SEARCH, query) for _ in range(5)]
                searches[name] = statistics.median(r[0] for r in runs)
                shown[name] = runs[0][2]
        finally:
            driver.quit()
    return {"load": load, "turn": turn, "first": first[0], "search": searches, "shown": shown}


# --- the report ---------------------------------------------------------------------------------

def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--articles", default="100,1000")
    parser.add_argument("--keep", type=Path, help="generate the projects here and keep them")
    parser.add_argument("--no-browser", action="store_true", help="build and sizes only")
    parser.add_argument("--profile", type=Path,
                        help="write a cProfile of the build with nothing changed here")
    args = parser.parse_args()
    if not args.no_browser and not CHROMIUM.exists():
        sys.exit("needs Debian's chromium and chromium-driver (scripts/bootstrap.sh)")
    sizes = [int(n) for n in args.articles.split(",")]
    base = args.keep or Path(tempfile.mkdtemp(prefix="library-search-"))
    figures = {}
    try:
        for n in sizes:
            figures[n] = run_size(base / f"articles-{n}", n, not args.no_browser,
                                  args.profile.with_suffix(f".{n}.prof") if args.profile else None)
    finally:
        if args.keep is None:
            shutil.rmtree(base, ignore_errors=True)
    if len(sizes) > 1 and not args.no_browser:
        small, big = sizes[0], sizes[-1]
        print(f"\ncost per article, {big} against {small} (baseline): ")
        for where in ("desktop", "phone"):
            a, b = figures[small][where], figures[big][where]
            per = lambda x, n: x / n   # noqa: E731
            print(f"  {where}: load {b['load'] / a['load']:.2f}x for {big / small:.0f}x the "
                  f"articles; search 'every' per article "
                  f"{per(b['search']['every'], big) / per(a['search']['every'], small):.2f}")


def run_size(root: Path, articles: int, in_browser: bool, profile: Path | None = None) -> dict:
    from i18n.catalogs import cache
    from i18n.publish import library_pages
    from i18n.publish.library import library_files
    from i18n.publish.library_cache import LibraryCache

    started = time.perf_counter()
    project, entries, hashes = prepare(root, articles)
    if cache.cache_folder() is not None:
        shutil.rmtree(cache.cache_folder(), ignore_errors=True)
    print(f"[{articles} articles, {len(entries)} handouts] prepared in "
          f"{time.perf_counter() - started:.0f} s", flush=True)
    first, made_first = build(project, entries, hashes)
    again, made_again = build(project, entries, hashes, profile)
    dist = project.dist_dir
    index = dist / "index.html"
    search = sorted((dist / "library").glob("search-*.js"), key=lambda p: p.stat().st_size)
    cards = list((dist / "library" / "cards").glob("*.js"))
    cache_file = dist / "library-cache.json"
    print(f"  build: first {first:.2f} s (texts made: {made_first}), nothing changed "
          f"{again:.2f} s (texts made: {made_again})")
    print(f"  index.html {index.stat().st_size / 1e6:.2f} MB; {len(cards)} card files "
          f"{sum(p.stat().st_size for p in cards) / 1e6:.1f} MB; {len(search)} search files "
          f"{sum(p.stat().st_size for p in search) / 1e6:.1f} MB (largest {search[-1].name} "
          f"{search[-1].stat().st_size / 1e6:.1f} MB); library-cache.json "
          f"{cache_file.stat().st_size / 1e6:.2f} MB", flush=True)
    found = {"index": index.stat().st_size}
    if not in_browser:
        return found
    one_page = dist / "one-page.html"
    per_page = library_pages.CARDS_PER_PAGE
    library_pages.CARDS_PER_PAGE = articles
    try:
        one_page.write_bytes(library_files(project, entries,
                                           LibraryCache.load(project, hashes))[index])
    finally:
        library_pages.CARDS_PER_PAGE = per_page
    for phone in (False, True):
        where = "phone" if phone else "desktop"
        paged = measure(index, articles, phone, True)
        single = measure(one_page, articles, phone, False)
        found[where] = paged
        print(f"  {where + (' (412x915, CPU/4)' if phone else ''):>24}: load "
              f"{paged['load']:.0f} ms (one page of every card: {single['load']:.0f} ms, "
              f"{one_page.stat().st_size / 1e6:.1f} MB; ratio {paged['load'] / single['load']:.2f}); "
              f"page 2 {paged['turn']:.0f} ms; first search {paged['first']:.0f} ms; then "
              + ", ".join(f"{name} {ms:.0f} ms" for name, ms in paged["search"].items()),
              flush=True)
    print("  what the searches showed: " + "; ".join(f"{name}: {text}" for name, text in
                                                      found["phone"]["shown"].items()))
    return found


if __name__ == "__main__":
    main()
