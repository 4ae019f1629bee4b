"""The handout library page in a real headless browser (Debian's chromium + chromedriver).

Builds a two-article library with English and Chinese handouts, opens
``dist/index.html`` from ``file://``, searches for a Chinese title, filters by
language, reaches a PDF link with the keyboard alone, follows it, and keeps a
screenshot in ``tests/artifacts/library.png`` (git-ignored).
"""

from __future__ import annotations

import shutil
from pathlib import Path
from urllib.parse import urlparse
from urllib.request import url2pathname

import pytest

from test_batch import SEED, SUN_CARE, export, make_project, ok

CHROMIUM = Path("/usr/bin/chromium")
CHROMEDRIVER = Path("/usr/bin/chromedriver")
ARTIFACTS = Path(__file__).resolve().parent / "artifacts"

pytestmark = pytest.mark.skipif(
    not CHROMIUM.exists(),
    reason="Debian's chromium is not installed (scripts/bootstrap.sh installs it)")


@pytest.fixture(scope="module")
def library(tmp_path_factory) -> Path:
    """``dist/index.html`` of a project with two articles in English and Chinese."""
    root = make_project(tmp_path_factory.mktemp("library"),
                        {"prp-basement-membrane": SEED, "sun-care": SUN_CARE})
    ok(export(root, "all"))
    return root / "dist" / "index.html"


@pytest.fixture
def browser(tmp_path):
    from selenium import webdriver
    from selenium.webdriver.chrome.options import Options
    from selenium.webdriver.chrome.service import Service

    options = Options()
    options.binary_location = str(CHROMIUM)
    for argument in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                     "--no-first-run", "--disable-background-networking",
                     "--disable-component-update", "--disable-sync", "--window-size=1200,900",
                     f"--user-data-dir={tmp_path / 'chromium-profile'}"):
        options.add_argument(argument)
    driver = webdriver.Chrome(options=options,
                              service=Service(str(CHROMEDRIVER if CHROMEDRIVER.exists()
                                                  else shutil.which("chromedriver"))))
    driver.set_page_load_timeout(30)
    try:
        yield driver
    finally:
        driver.quit()


def _visible_cards(driver) -> list[str]:
    from selenium.webdriver.common.by import By
    return [card.get_attribute("id") for card in driver.find_elements(By.CSS_SELECTOR, ".card")
            if card.is_displayed()]


def test_search_filter_keyboard_and_pdf_link(library, browser):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys
    from selenium.webdriver.support.ui import Select, WebDriverWait

    driver = browser
    driver.get(library.as_uri())
    assert driver.title.startswith("Handout library")
    assert _visible_cards(driver) == ["card-prp-basement-membrane", "card-sun-care"]
    # Titles in their own script and language, language names in their own language.
    zh_title = driver.find_element(By.ID, "title-sun-care-zh-TW")
    assert (zh_title.text, zh_title.get_attribute("lang")) == ("雷射治療後的防曬", "zh-TW")
    names = driver.find_elements(By.CSS_SELECTOR, "#card-sun-care .language")
    assert [(n.text, n.get_attribute("lang")) for n in names] == \
        [("English", "en"), ("中文（台灣）", "zh-TW")]
    assert driver.find_element(By.CSS_SELECTOR, '#card-sun-care time[lang="zh-TW"]').text == \
        "2026年3月10日"
    # Thumbnails load from file:// (relative paths, nothing external).
    assert driver.execute_script(
        "return Array.from(document.images).every(i => i.complete && i.naturalWidth > 0)")

    # The search box, found through its label, filters by a Chinese title.
    label = driver.find_element(By.CSS_SELECTOR, "label[for=search]")
    search = driver.find_element(By.ID, label.get_attribute("for"))
    search.send_keys("防曬")
    assert _visible_cards(driver) == ["card-sun-care"]
    assert driver.find_element(By.ID, "shown").text == "1 of 2 articles shown"
    search.send_keys(Keys.ESCAPE)
    assert len(_visible_cards(driver)) == 2
    search.send_keys("基底膜")
    assert _visible_cards(driver) == ["card-prp-basement-membrane"]
    search.clear()
    search.send_keys("sun PROTECTION")  # any language, any case, words in any order
    assert _visible_cards(driver) == ["card-sun-care"]
    search.clear()
    search.send_keys("雷射")

    # The language filter shows only that language's version of each card.
    Select(driver.find_element(By.ID, "language")).select_by_value("zh-TW")
    versions = driver.find_elements(By.CSS_SELECTOR, "#card-sun-care .version")
    assert [v.get_attribute("data-lang") for v in versions if v.is_displayed()] == ["zh-TW"]

    # Keyboard only: from the search box, Tab reaches the zh-TW PDF link.
    search.click()
    visited = []
    for _ in range(6):
        driver.switch_to.active_element.send_keys(Keys.TAB)
        active = driver.switch_to.active_element
        visited.append(active.tag_name)
        if active.tag_name == "a":
            break
    assert visited == ["select", "a"]
    href = active.get_attribute("href")
    assert href.endswith("/zh-TW/sun-care.pdf")
    pdf = Path(url2pathname(urlparse(href).path))
    assert pdf.is_file() and pdf.read_bytes().startswith(b"%PDF-")
    assert pdf.parent.parent == library.parent  # relative to dist/
    # Focus is visible: the focused link has an outline.
    assert driver.execute_script(
        "return getComputedStyle(document.activeElement).outlineStyle") != "none"

    ARTIFACTS.mkdir(exist_ok=True)
    screenshot = ARTIFACTS / "library.png"
    assert driver.save_screenshot(str(screenshot))
    assert screenshot.read_bytes()[:4] == b"\x89PNG"

    active.send_keys(Keys.ENTER)
    WebDriverWait(driver, 15).until(lambda d: d.current_url == href)


def test_print_hides_the_controls(library, browser):
    from selenium.webdriver.common.by import By

    browser.get(library.as_uri())
    assert browser.find_element(By.ID, "filters").is_displayed()
    browser.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": "print"})
    assert not browser.find_element(By.ID, "filters").is_displayed()
    assert len(_visible_cards(browser)) == 2
    pdf = browser.execute_cdp_cmd("Page.printToPDF", {"printBackground": False})
    assert pdf["data"]
