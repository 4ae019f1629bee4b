"""The handout library page in a real headless browser (Debian's chromium + chromedriver).

Builds the seed article (English and its real Chinese translation, plus a
second article) with large-print versions, opens ``dist/index.html`` from
``file://`` in the staff's language (zh-TW, from ``library_locale``),
searches in Chinese and English, switches the page to English offline,
filters by language, reaches a PDF link with the keyboard alone, and keeps a
screenshot in ``tests/artifacts/library.png`` (git-ignored).
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path
from urllib.parse import urlparse
from urllib.request import url2pathname

import polib
import pytest
from conftest import add_fixture_article, copy_project, run_cli

CHROMIUM = Path("/usr/bin/chromium")
CHROMEDRIVER = Path("/usr/bin/chromedriver")
ARTIFACTS = Path(__file__).resolve().parent / "artifacts"
SLUG = "prp-basement-membrane"

pytestmark = pytest.mark.skipif(
    not CHROMIUM.exists(),
    reason="Debian's chromium is not installed (scripts/bootstrap.sh installs it)")


def complete_catalogs(root: Path, posix: str = "zh_TW") -> None:
    """Fill only what the shipped catalogs leave empty (strings added by work in progress)."""
    for path in sorted((root / "locales" / posix / "LC_MESSAGES").glob("*.po")):
        po = polib.pofile(str(path))
        for entry in po:
            if entry.obsolete or entry.msgid_plural:
                continue
            if not entry.msgstr or "fuzzy" in entry.flags:
                entry.msgstr = entry.msgstr or "譯文：" + entry.msgid
                if "fuzzy" in entry.flags:
                    entry.flags.remove("fuzzy")
        po.save()


@pytest.fixture(scope="module")
def library(tmp_path_factory) -> Path:
    """``dist/index.html`` of the seed project (en, zh-TW), with a second article in English only."""
    root = copy_project(tmp_path_factory.mktemp("library") / "project")
    config = root / "clinic.yaml"
    text = config.read_text(encoding="utf-8")
    config.write_text(re.sub(r"(?m)^locales:\n(  - .*\n)+", "locales:\n  - en\n  - zh-TW\n", text),
                      encoding="utf-8")
    for args in (("extract",), ("update", "--locale", "zh-TW")):
        code, out, err = run_cli(*args, cwd=root)
        assert code == 0, err
    complete_catalogs(root)
    add_fixture_article(root, "sun-care.md")   # no zh-TW catalog: not available in Chinese
    code, out, err = run_cli("all", "--large-print", cwd=root, timeout=300)
    assert code == 0 or "failed" not in out.split("\n")[-2], out + err
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


def _search(driver, text: str) -> list[str]:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys
    box = driver.find_element(By.ID, "search")
    box.clear()
    box.send_keys(text or " ")
    if not text:  # clear() alone fires no input event
        box.send_keys(Keys.BACKSPACE)
    return _visible_cards(driver)


def test_staff_language_search_and_rows(library, browser):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import Select

    driver = browser
    driver.get(library.as_uri())
    # The interface opens in clinic.yaml's library_locale, and <html lang> says so.
    assert driver.execute_script("return document.documentElement.lang") == "zh-TW"
    assert driver.title == "衛教單張庫 · Liusmed Clinic"
    assert driver.find_element(By.CSS_SELECTOR, "label[for=search]").text.startswith("搜尋")
    assert _visible_cards(driver) == [f"card-{SLUG}", "card-sun-care"]
    # Counts agree: 2 articles, 4 standard handouts listed... the summary and "shown" line.
    summary = driver.find_element(By.ID, "summary").text
    assert "共 2 篇文章" in summary and "3 份單張可列印" in summary and "1 份翻譯尚未提供" in summary
    assert driver.find_element(By.ID, "shown").text == "顯示 2 篇，共 2 篇文章"
    # The seed card leads with its Chinese title (the staff's language).
    lead = driver.find_element(By.CSS_SELECTOR, f"#title-{SLUG} .lead-title:not([hidden])")
    assert (lead.get_attribute("lang"), lead.text[:6]) == ("zh-TW", "高濃度 PR")
    # Search: title, description, topic, specialty and author, in any language,
    # accent-, case- and width-insensitive.
    for query in ("皮膚科", "Liu", "pigment", "ＰＲＰ", "DERMATOLOGY"):
        assert f"card-{SLUG}" in _search(driver, query), query
    for query in ("肝斑", "type IV collagen", "mélasma", "基底膜", "Ｍｅｌａｓｍａ"):
        assert _search(driver, query) == [f"card-{SLUG}"], query
    assert _search(driver, "SUN protection") == ["card-sun-care"]
    assert _search(driver, "xylophone zebra") == []
    assert driver.find_element(By.ID, "none").is_displayed()
    _search(driver, "")

    # The zh-TW row: language, dates, a link named with language and title, print, large print.
    row = driver.find_element(By.CSS_SELECTOR, f'#card-{SLUG} .version[data-lang="zh-TW"]')
    link = row.find_element(By.CSS_SELECTOR, "a.download")
    assert link.text.startswith("中文（台灣）: 高濃度 PRP")
    assert link.get_attribute("download") == f"{SLUG}.zh-TW.pdf"
    assert "發布日期" in row.text and "最後審閱" in row.text and "2026年2月28日" in row.text
    assert row.find_element(By.CSS_SELECTOR, "a.print").text == "列印"
    large = row.find_element(By.CSS_SELECTOR, 'a.variant[data-variant="large-print"]')
    assert large.text.startswith("大字版")
    assert large.get_attribute("download") == f"{SLUG}.zh-TW.large-print.pdf"
    assert Path(url2pathname(urlparse(large.get_attribute("href")).path)).is_file()
    # A missing translation: plain words, the translator's reason folded away.
    missing = driver.find_element(By.CSS_SELECTOR, '#card-sun-care .version[data-lang="zh-TW"]')
    assert "此語言版本尚未提供，請改用其他語言。" in missing.text
    details = missing.find_element(By.CSS_SELECTOR, "details")
    assert details.get_attribute("open") is None
    assert not missing.find_element(By.CSS_SELECTOR, "details > span").is_displayed()
    # The thumbnail links to the PDF; pictures load from file://.
    thumb = driver.find_element(By.CSS_SELECTOR, f"#card-{SLUG} .thumb-link")
    assert thumb.get_attribute("href").endswith(".pdf")
    assert driver.execute_script(
        "return Array.from(document.images).every(i => i.complete && i.naturalWidth > 0)")
    # No external assets: nothing fetched but the page's own files.
    assert driver.execute_script(
        "return performance.getEntriesByType('resource').every(e => e.name.startsWith('file:'))")

    # The filter: only that language's row; the card leads with that language's title.
    Select(driver.find_element(By.ID, "language")).select_by_value("en")
    lead = driver.find_element(By.CSS_SELECTOR, f"#title-{SLUG} .lead-title:not([hidden])")
    assert lead.get_attribute("lang") == "en" and lead.text.startswith("How High-Concentration")
    rows = driver.find_elements(By.CSS_SELECTOR, f"#card-{SLUG} .version")
    assert [r.get_attribute("data-lang") for r in rows if r.is_displayed()] == ["en"]


def test_switch_to_english_offline_and_keyboard(library, browser):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys
    from selenium.webdriver.support.ui import Select

    driver = browser
    driver.get(library.as_uri())
    driver.execute_script("window.__notReloaded = true")
    Select(driver.find_element(By.ID, "ui-language")).select_by_value("en")
    assert driver.execute_script("return window.__notReloaded") is True   # no reload
    assert driver.execute_script("return document.documentElement.lang") == "en"
    assert driver.title == "Handout library · Liusmed Clinic"
    assert driver.find_element(By.ID, "shown").text == "Showing 2 of 2 articles"
    summary = driver.find_element(By.ID, "summary").text
    assert summary.startswith("2 articles · 3 handouts ready to print · 2 languages")
    missing = driver.find_element(By.CSS_SELECTOR, '#card-sun-care .version[data-lang="zh-TW"]')
    assert "Not available in this language yet. Please use another language." in missing.text
    lead = driver.find_element(By.CSS_SELECTOR, f"#title-{SLUG} .lead-title:not([hidden])")
    assert lead.get_attribute("lang") == "en"
    # Switch back: every translated string returns.
    Select(driver.find_element(By.ID, "ui-language")).select_by_value("zh-TW")
    assert driver.find_element(By.ID, "shown").text == "顯示 2 篇，共 2 篇文章"
    Select(driver.find_element(By.ID, "ui-language")).select_by_value("en")

    # Keyboard only: from the search box, Tab reaches the first PDF link.
    search = driver.find_element(By.ID, "search")
    search.send_keys("pigment")
    Select(driver.find_element(By.ID, "language")).select_by_value("zh-TW")
    search.click()
    visited = []
    for _ in range(8):
        driver.switch_to.active_element.send_keys(Keys.TAB)
        active = driver.switch_to.active_element
        visited.append(active.tag_name)
        if active.tag_name == "a" and "download" in (active.get_attribute("class") or ""):
            break
    assert visited[-1] == "a" and "select" in visited
    href = active.get_attribute("href")
    assert href.endswith(f"/zh-TW/{SLUG}.pdf")
    pdf = Path(url2pathname(urlparse(href).path))
    assert pdf.is_file() and pdf.read_bytes().startswith(b"%PDF-")
    assert driver.execute_script(
        "return getComputedStyle(document.activeElement).outlineStyle") != "none"
    ARTIFACTS.mkdir(exist_ok=True)
    screenshot = ARTIFACTS / "library.png"
    assert driver.save_screenshot(str(screenshot))


def test_translations_embedded_for_every_library_catalog(library):
    html = library.read_text(encoding="utf-8")
    marker = '<script id="translations" type="application/json">'
    start = html.index(marker) + len(marker)
    data = json.loads(html[start:html.index("</script>", start)])
    assert {"en", "zh-TW"} <= set(data)
    assert data["zh-TW"]["messages"]["Print"] == "列印"
    assert data["en"]["messages"] == {}
    assert "<" not in html[start:html.index("</script>", start)]


def test_print_hides_the_controls(library, browser):
    from selenium.webdriver.common.by import By

    browser.get(library.as_uri())
    assert browser.find_element(By.ID, "filters").is_displayed()
    browser.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": "print"})
    assert not browser.find_element(By.ID, "filters").is_displayed()
    assert len(_visible_cards(browser)) == 2
    pdf = browser.execute_cdp_cmd("Page.printToPDF", {"printBackground": False})
    assert pdf["data"]
