#!/usr/bin/env python3
"""Benchmark: the library page (dist/index.html) in headless Chromium: load and search.

Opens a built ``dist/index.html`` (e.g. one ``scale.py --keep DIR`` left in
``DIR/articles-N/dist``) through Debian's chromium and chromedriver, then
reports the page's size, the time to load it (to the ``load`` event), and
the latency of the search box: the time the page's own ``input`` handler
takes to filter every card, for a query that matches every card
(``pigment``), one that matches none, and a two-word one, each the median
of 5.  A desktop window, and a phone-sized one (412 x 915, 4x CPU
throttling through the DevTools protocol, as Lighthouse's mobile preset).

    .venv/bin/python benchmarks/library_search.py DIST_DIR [DIST_DIR ...]
"""

from __future__ import annotations

import shutil
import statistics
import sys
import tempfile
from pathlib import Path

CHROMIUM = Path("/usr/bin/chromium")
CHROMEDRIVER = Path("/usr/bin/chromedriver")
QUERIES = ("pigment", "zzzqqq", "basement membrane")

_SEARCH = """
const box = document.getElementById("search");
box.value = arguments[0];
const start = performance.now();
box.dispatchEvent(new Event("input"));
const shown = document.querySelectorAll(".card:not([hidden])").length;
return [performance.now() - start, shown];
"""


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


def measure(dist: Path, phone: bool) -> dict:
    page = dist / "index.html"
    with tempfile.TemporaryDirectory() as profile:
        driver = browser(Path(profile), phone)
        try:
            driver.get(page.resolve().as_uri())
            load = driver.execute_script(
                "const t = performance.getEntriesByType('navigation')[0];"
                "return t.loadEventEnd - t.startTime;")
            cards = driver.execute_script("return document.querySelectorAll('.card').length;")
            searches = {}
            for query in QUERIES:
                runs = [driver.execute_script(_SEARCH, query) for _ in range(5)]
                searches[query] = (statistics.median(r[0] for r in runs), runs[0][1])
        finally:
            driver.quit()
    return {"bytes": page.stat().st_size, "cards": cards, "load_ms": load, "search": searches}


def main() -> None:
    if not CHROMIUM.exists():
        sys.exit("needs Debian's chromium and chromium-driver (scripts/bootstrap.sh)")
    for arg in sys.argv[1:]:
        dist = Path(arg)
        for phone in (False, True):
            found = measure(dist, phone)
            where = "phone (412x915, CPU/4)" if phone else "desktop"
            print(f"{dist}: {found['cards']} cards, {found['bytes'] / 1e6:.1f} MB; {where}: "
                  f"load {found['load_ms'] / 1000:.2f} s; search " + ", ".join(
                      f"'{q}' {ms:.0f} ms ({shown} shown)"
                      for q, (ms, shown) in found["search"].items()))


if __name__ == "__main__":
    main()
