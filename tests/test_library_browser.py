"""The handout library page in a real headless browser (Debian's chromium + chromedriver).

Builds the seed article (English and its real Chinese, Japanese and Arabic
translations, with the large print that clinic.yaml asks for) and a second
article in English only, then opens ``dist/index.html`` from ``file://`` as a
receptionist would: in the staff's language (zh-TW, from ``library_locale``),
at a desk (1280×900) and on a phone (390×844), in zh-TW, en and ar.  It
checks what a person sees: which rows are visible, that nothing scrolls
sideways, the focus order, the document's language and direction; that the
choices are remembered and can be linked; and runs axe-core (shipped inside
axe-selenium-python, so offline).  Screenshots are kept in
``tests/artifacts/`` (git-ignored).
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
DESKTOP, PHONE = (1280, 900), (390, 844)
ENGLISH_MONTHS = re.compile(r"\b(January|February|March|April|May|June|July|August|September|"
                            r"October|November|December)\b")

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
    """``dist/index.html`` of the seed project (en, zh-TW, ja, ar, each with large print),
    with a second article in English only."""
    root = copy_project(tmp_path_factory.mktemp("library") / "project")
    config = root / "clinic.yaml"
    text = config.read_text(encoding="utf-8")
    config.write_text(re.sub(r"(?m)^locales:\n(  - .*\n)+",
                             "locales:\n  - en\n  - zh-TW\n  - ja\n  - ar\n", text),
                      encoding="utf-8")
    assert "variants:\n  - large-print" in text     # shipped: large print by default
    for args in (("extract",), ("update", "--locale", "zh-TW")):
        code, out, err = run_cli(*args, cwd=root)
        assert code == 0, err
    complete_catalogs(root)
    add_fixture_article(root, "sun-care.md")   # no catalogs: not available but in English
    code, out, err = run_cli("all", "--jobs", "2", cwd=root, timeout=400)
    assert code == 0 or "failed" not in out.split("\n")[-2], out + err
    return root / "dist" / "index.html"


@pytest.fixture(scope="module")
def paged_library(library, tmp_path_factory) -> Path:
    """The same library a card a page: the seed's card on page 1, sun-care's on page 2
    (in ``dist/library/cards/``), every body text only in ``dist/library/search-*.js``."""
    from i18n.catalogs.project import Project
    from i18n.publish import library_pages
    from i18n.publish.library import library_files
    from i18n.publish.library_cache import LibraryCache
    from i18n.publish.manifest import current_handouts

    root = tmp_path_factory.mktemp("paged") / "project"
    shutil.copytree(library.parent.parent, root, symlinks=True)
    project = Project.load(root)
    per_page = library_pages.CARDS_PER_PAGE
    library_pages.CARDS_PER_PAGE = 1
    try:
        files = library_files(project, current_handouts(project), LibraryCache.load(project))
    finally:
        library_pages.CARDS_PER_PAGE = per_page
    library_pages.write_files(project, files)
    return root / "dist" / "index.html"


def _driver(tmp_path, size=DESKTOP):
    from selenium import webdriver
    from selenium.webdriver.chrome.options import Options
    from selenium.webdriver.chrome.service import Service

    options = Options()
    options.binary_location = str(CHROMIUM)
    for argument in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                     "--no-first-run", "--disable-background-networking", "--hide-scrollbars",
                     "--disable-component-update", "--disable-sync",
                     f"--window-size={size[0]},{size[1]}",
                     f"--user-data-dir={tmp_path / 'chromium-profile'}"):
        options.add_argument(argument)
    driver = webdriver.Chrome(options=options,
                              service=Service(str(CHROMEDRIVER if CHROMEDRIVER.exists()
                                                  else shutil.which("chromedriver"))))
    driver.set_page_load_timeout(30)
    driver.set_window_size(*size)
    return driver


@pytest.fixture
def browser(tmp_path):
    driver = _driver(tmp_path)
    try:
        yield driver
    finally:
        driver.quit()


def open_page(driver, page: Path, fragment: str = "") -> None:
    """Open *page* afresh (a fragment alone would not reload it)."""
    driver.get("about:blank")
    driver.get(page.as_uri() + fragment)


def visible(driver, selector: str) -> list:
    from selenium.webdriver.common.by import By
    return [e for e in driver.find_elements(By.CSS_SELECTOR, selector) if e.is_displayed()]


def _visible_cards(driver) -> list[str]:
    return [card.get_attribute("id") for card in visible(driver, ".card")]


def _rows(driver, card: str) -> list[str]:
    return [row.get_attribute("data-lang") for row in visible(driver, f"#{card} .version")]


def _search(driver, text: str) -> list[str]:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys
    box = driver.find_element(By.ID, "search")
    box.clear()
    box.send_keys(text or " ")
    if not text:  # clear() alone fires no input event
        box.send_keys(Keys.BACKSPACE)
    settle(driver)
    return _visible_cards(driver)


def settle(driver) -> None:
    """Wait until the page has loaded what it shows (search texts, the cards of a page)."""
    from selenium.webdriver.support.ui import WebDriverWait
    WebDriverWait(driver, 20).until(lambda d: d.execute_script(
        "return !document.getElementById('handouts').hasAttribute('aria-busy')"))


def overflow(driver) -> tuple[int, int]:
    return tuple(driver.execute_script(
        "return [document.documentElement.scrollWidth, window.innerWidth]"))


def axe_findings(driver) -> list[str]:
    """Serious and critical axe-core violations on the page as it stands."""
    from axe_selenium_python import Axe
    axe = Axe(driver)
    axe.inject()
    results = axe.run()
    return [f"{v['id']} ({v['impact']}): {[n['target'] for n in v['nodes']][:3]}"
            for v in results["violations"] if v["impact"] in ("serious", "critical")]


def screenshot(driver, name: str) -> Path:
    """The whole page at the window's width, in ``tests/artifacts/`` (to look at)."""
    import base64
    ARTIFACTS.mkdir(exist_ok=True)
    shot = driver.execute_cdp_cmd("Page.captureScreenshot",
                                  {"format": "png", "captureBeyondViewport": True})
    path = ARTIFACTS / name
    path.write_bytes(base64.b64decode(shot["data"]))
    return path


def test_opens_in_the_staff_language_with_its_handouts_only(library, browser):
    from selenium.webdriver.common.by import By

    driver = browser
    open_page(driver, library)
    # The interface opens in clinic.yaml's library_locale, and <html lang> says so.
    assert driver.execute_script("return [document.documentElement.lang, "
                                 "document.documentElement.dir]") == ["zh-TW", "ltr"]
    assert driver.title == "衛教單張庫 · Liusmed Clinic"
    # The handout language follows the page language: zh-TW rows only.
    assert driver.find_element(By.ID, "language").get_attribute("value") == "zh-TW"
    assert _visible_cards(driver) == [f"card-{SLUG}", "card-sun-care"]
    assert _rows(driver, f"card-{SLUG}") == ["zh-TW"]
    assert _rows(driver, "card-sun-care") == []
    summary = driver.find_element(By.ID, "summary").text
    assert "共 2 篇文章" in summary and "5 份單張可列印" in summary and "3 份翻譯尚未提供" in summary
    assert driver.find_element(By.ID, "shown").text == "顯示 2 篇，共 2 篇文章"
    lead = driver.find_element(By.CSS_SELECTOR, f"#title-{SLUG} .lead-title:not([hidden])")
    assert (lead.get_attribute("lang"), lead.text[:6]) == ("zh-TW", "高濃度 PR")

    row = driver.find_element(By.CSS_SELECTOR, f'#card-{SLUG} .version[data-lang="zh-TW"]')
    # Each title once: the row does not repeat the card's title, nor does its link.
    assert row.text.count("高濃度 PRP") == 0
    # Dates and labels in the page's language, with its punctuation.
    assert "發布日期：2026年2月28日" in row.text
    assert "最後審閱" not in row.text          # never revised: no second date
    assert not ENGLISH_MONTHS.search(row.text)
    # The link says what it is: PDF · pages · size; the standard and the large print,
    # each named, each with its own Print, each opening alike.
    files = row.find_elements(By.CSS_SELECTOR, ".file")
    assert [f.find_element(By.CSS_SELECTOR, ".file-name").text for f in files] == ["標準版", "大字版"]
    for file in files:
        link = file.find_element(By.CSS_SELECTOR, "a.download")
        assert re.fullmatch(r"PDF · \d+ 頁 · \d+ KB", link.text), link.text
        assert link.get_attribute("type") == "application/pdf"
        printer = file.find_element(By.CSS_SELECTOR, "a.print")
        assert printer.text == "列印" and printer.get_attribute("href") == link.get_attribute("href")
        assert printer.get_attribute("target") == "_blank"
        assert Path(url2pathname(urlparse(link.get_attribute("href")).path)).is_file()
    names = [f.find_element(By.CSS_SELECTOR, "a.download").get_attribute("download") for f in files]
    assert names == [f"{SLUG}.zh-TW.pdf", f"{SLUG}.zh-TW.large-print.pdf"]
    assert "large-print" not in row.text and "large" not in row.text.lower()
    # The missing translation: one line in the page's language, the reasons folded away.
    missing = driver.find_element(By.CSS_SELECTOR, "#card-sun-care .unavailable")
    assert missing.find_element(By.CSS_SELECTOR, "p").text == "尚未提供的語言版本：中文（台灣）"
    details = missing.find_element(By.CSS_SELECTOR, "details")
    assert details.get_attribute("open") is None
    assert not visible(driver, "#card-sun-care details li")
    # The thumbnail links to the PDF; pictures load from file://; nothing else is fetched.
    thumb = driver.find_element(By.CSS_SELECTOR, f"#card-{SLUG} .thumb-link")
    assert thumb.get_attribute("href").endswith(f"zh-TW/{SLUG}.pdf")
    assert driver.execute_script(
        "return Array.from(document.images).every(i => i.complete && i.naturalWidth > 0)")
    assert driver.execute_script(
        "return performance.getEntriesByType('resource').every(e => e.name.startsWith('file:'))")


def test_all_languages_collapse_what_is_not_ready(library, browser):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import Select

    driver = browser
    open_page(driver, library)
    Select(driver.find_element(By.ID, "language")).select_by_value("")
    assert _rows(driver, f"card-{SLUG}") == ["en", "zh-TW", "ja", "ar"]
    assert _rows(driver, "card-sun-care") == ["en"]
    # One line for the three languages not ready, named in themselves, separated as
    # Chinese separates a list; one Details for the reasons.
    line = driver.find_element(By.CSS_SELECTOR, "#card-sun-care .unavailable p")
    assert line.text == "尚未提供的語言版本：中文（台灣）、日本語、العربية"
    assert len(driver.find_elements(By.CSS_SELECTOR, "#card-sun-care details")) == 1
    driver.find_element(By.CSS_SELECTOR, "#card-sun-care details summary").click()
    reasons = [li.text for li in visible(driver, "#card-sun-care details li")]
    assert len(reasons) == 3 and all("sun-care" in r for r in reasons)
    # The English row in the Chinese interface: Chinese labels and dates, full-width colons.
    row = driver.find_element(By.CSS_SELECTOR, '#card-sun-care .version[data-lang="en"]')
    assert "發布日期：2026年3月10日" in row.text and "最後審閱日期：2026年4月2日" in row.text
    assert not ENGLISH_MONTHS.search(row.text)
    # Its title is the card's heading already (the only language built): not repeated.
    assert driver.find_element(By.CSS_SELECTOR, "#title-sun-care").text == \
        "Sun Protection After Laser Treatment"
    assert not row.find_element(By.CSS_SELECTOR, ".title").is_displayed()
    # The other rows of the seed card do name their title, in their language.
    ja = driver.find_element(By.CSS_SELECTOR, f'#card-{SLUG} .version[data-lang="ja"] .title')
    assert ja.is_displayed() and ja.get_attribute("lang") == "ja"
    # Titles appear once per row: in the row (or the card's heading), never in the links.
    for link in driver.find_elements(By.CSS_SELECTOR, ".version a.download"):
        assert re.fullmatch(r"PDF · \d+ 頁 · \d+ KB", link.text), link.text
    # Search still finds articles in any language.
    for query in ("皮膚科", "Liu", "pigment", "ＰＲＰ", "DERMATOLOGY", "肝斑", "mélasma"):
        assert f"card-{SLUG}" in _search(driver, query), query
    assert _search(driver, "SUN protection") == ["card-sun-care"]
    assert _search(driver, "xylophone zebra") == []
    assert driver.find_element(By.ID, "none").is_displayed()


def test_choices_are_remembered_and_linkable(library, browser):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import Select

    driver = browser
    open_page(driver, library)
    Select(driver.find_element(By.ID, "language")).select_by_value("ja")
    assert _rows(driver, f"card-{SLUG}") == ["ja"]
    assert driver.execute_script("return location.hash") == "#ui=zh-TW&lang=ja"
    open_page(driver, library)                      # reload, no fragment: remembered
    assert driver.find_element(By.ID, "language").get_attribute("value") == "ja"
    assert _rows(driver, f"card-{SLUG}") == ["ja"]
    lead = driver.find_element(By.CSS_SELECTOR, f"#title-{SLUG} .lead-title:not([hidden])")
    assert lead.get_attribute("lang") == "ja"
    # The page language too, without a reload when switched.
    driver.execute_script("window.__notReloaded = true")
    Select(driver.find_element(By.ID, "ui-language")).select_by_value("en")
    assert driver.execute_script("return window.__notReloaded") is True
    assert driver.title == "Handout library · Liusmed Clinic"
    assert driver.find_element(By.ID, "shown").text == "Showing 2 of 2 articles"
    row = driver.find_element(By.CSS_SELECTOR, f'#card-{SLUG} .version[data-lang="ja"]')
    assert "Published: February 28, 2026" in row.text
    assert [f.text for f in row.find_elements(By.CSS_SELECTOR, ".file-name")] == \
        ["Standard print", "Large print"]
    assert driver.find_element(By.CSS_SELECTOR, "#card-sun-care .unavailable p").text == \
        "Not yet available in: 日本語"
    open_page(driver, library)
    assert driver.execute_script("return document.documentElement.lang") == "en"
    assert _rows(driver, f"card-{SLUG}") == ["ja"]
    # A link for one desk wins over what the browser remembers.
    open_page(driver, library, "#ui=zh-TW&lang=ar")
    assert driver.execute_script("return document.documentElement.lang") == "zh-TW"
    assert _rows(driver, f"card-{SLUG}") == ["ar"]
    assert "發布日期：2026年2月28日" in driver.find_element(
        By.CSS_SELECTOR, f'#card-{SLUG} .version[data-lang="ar"]').text
    # Nonsense in the link is ignored.
    open_page(driver, library, "#ui=xx&lang=%3Cscript%3E")
    assert driver.execute_script("return document.documentElement.lang") == "en"


def test_a_fresh_page_follows_a_page_language_chosen(library, browser):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import Select

    driver = browser
    open_page(driver, library)
    Select(driver.find_element(By.ID, "ui-language")).select_by_value("ja")
    assert driver.find_element(By.ID, "language").get_attribute("value") == "ja"
    open_page(driver, library)
    assert driver.execute_script("return document.documentElement.lang") == "ja"
    assert _rows(driver, f"card-{SLUG}") == ["ja"]
    row = driver.find_element(By.CSS_SELECTOR, f'#card-{SLUG} .version[data-lang="ja"]')
    assert "公開日：2026年2月28日" in row.text and "大きな文字版" in row.text


@pytest.mark.parametrize("size", [DESKTOP, PHONE], ids=["desktop", "phone"])
@pytest.mark.parametrize("ui, direction", [("zh-TW", "ltr"), ("en", "ltr"), ("ar", "rtl")])
def test_what_a_person_sees_at_each_width(library, tmp_path, ui, direction, size):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys

    driver = _driver(tmp_path, size)
    try:
        open_page(driver, library, f"#ui={ui}&lang=all")
        assert driver.execute_script("return [document.documentElement.lang, "
                                     "document.documentElement.dir]") == [ui, direction]
        # Nothing scrolls sideways, right to left included (the skip link stays put).
        width, inner = overflow(driver)
        assert inner == size[0] and width <= inner, f"{ui} at {size}: {width} > {inner}"
        # What is shown: the filters, both cards, every row of the seed, no raw key.
        for selector in ("#search", "#language", "#ui-language", f"#card-{SLUG}",
                         "#card-sun-care .unavailable p"):
            assert visible(driver, selector), selector
        # The skip link is there for the keyboard only: a 1 px clipped box until focused.
        assert driver.execute_script(
            "return document.querySelector('.skip').getBoundingClientRect().width") <= 1
        assert len(visible(driver, f"#card-{SLUG} .version")) == 4
        text = driver.find_element(By.TAG_NAME, "main").text
        assert "large-print" not in text and "{" not in text
        # The size line reads in order, its Latin parts isolated.
        link = driver.find_element(By.CSS_SELECTOR, f'#card-{SLUG} .version[data-lang="ar"] a.download')
        assert link.text.startswith("PDF · ") and link.text.endswith(" KB")
        assert [b.get_attribute("dir") for b in link.find_elements(By.TAG_NAME, "bdi")] == ["ltr", "ltr"]
        # Focus order: the skip link first and visible, then the search box, the two
        # language choices, and the first PDF link with its Print button.
        body = driver.find_element(By.TAG_NAME, "body")
        body.send_keys(Keys.TAB)
        active = driver.switch_to.active_element
        assert active.get_attribute("class") == "skip" and active.is_displayed()
        assert overflow(driver)[0] <= inner
        order = []
        for _ in range(6):
            driver.switch_to.active_element.send_keys(Keys.TAB)
            active = driver.switch_to.active_element
            order.append(active.get_attribute("id") or active.get_attribute("class"))
        assert order == ["search", "language", "ui-language", "download", "print", "download"], order
        assert driver.execute_script(
            "return getComputedStyle(document.activeElement).outlineStyle") != "none"
        screenshot(driver, f"library-{ui}-{size[0]}.png")
    finally:
        driver.quit()


@pytest.mark.parametrize("ui", ["zh-TW", "ar"])
def test_axe_finds_nothing_serious(library, browser, ui):
    open_page(browser, library, f"#ui={ui}&lang=all")
    assert axe_findings(browser) == []
    open_page(browser, library, f"#ui={ui}")
    assert axe_findings(browser) == []


def test_translations_embedded_for_every_library_catalog(library):
    html = library.read_text(encoding="utf-8")
    marker = '<script id="translations" type="application/json">'
    start = html.index(marker) + len(marker)
    data = json.loads(html[start:html.index("</script>", start)])
    assert {"en", "zh-TW", "ja", "ar"} <= set(data)
    assert data["zh-TW"]["messages"]["Print"] == "列印"
    assert data["en"]["messages"] == {}
    # Every date of the page in every interface language, and each one's list separator.
    assert data["zh-TW"]["dates"]["2026-02-28"] == "2026年2月28日"
    assert data["ar"]["dates"]["2026-02-28"] == "28 فبراير 2026"
    assert (data["zh-TW"]["sep"], data["en"]["sep"], data["ar"]["sep"]) == ("、", ", ", "، ")
    assert "<" not in html[start:html.index("</script>", start)]


def test_print_hides_the_controls(library, browser):
    from selenium.webdriver.common.by import By

    open_page(browser, library, "#lang=all")
    assert browser.find_element(By.ID, "filters").is_displayed()
    browser.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": "print"})
    assert not browser.find_element(By.ID, "filters").is_displayed()
    assert len(_visible_cards(browser)) == 2
    pdf = browser.execute_cdp_cmd("Page.printToPDF", {"printBackground": False})
    assert pdf["data"]


@pytest.mark.parametrize("ui, word, missing, page_of", [
    ("zh-TW", "纖維母細胞", "尚未提供的語言版本：中文（台灣）", "第 1 頁，共 2 頁"),
    ("ar", "الميلانين", "العربية", "الصفحة 1 من 2")])
def test_a_body_word_is_found_from_page_two(paged_library, browser, ui, word, missing, page_of):
    """Staff on page 2 search a word of a handout's body in its language: the page holds
    neither the word nor the card; the search file of that language and the card's own
    file are loaded, and the card shows, in the page's language."""
    from selenium.webdriver.common.by import By

    driver = browser
    dist = paged_library.parent
    assert word not in paged_library.read_text(encoding="utf-8")
    assert word not in (dist / "library/search-front-1.js").read_text(encoding="utf-8")
    assert word in (dist / f"library/search-{ui}-1.js").read_text(encoding="utf-8")
    assert not (dist / f"library/cards/{SLUG}.js").exists()      # page 1's card is in the page
    open_page(driver, paged_library, f"#ui={ui}&lang={ui}")
    settle(driver)
    assert _visible_cards(driver) == [f"card-{SLUG}"]
    assert driver.find_element(By.ID, "page-of").text == page_of
    assert not driver.find_element(By.ID, "previous").is_enabled()

    driver.find_element(By.ID, "next").click()
    settle(driver)
    assert _visible_cards(driver) == ["card-sun-care"]            # from its card file
    assert driver.switch_to.active_element.get_attribute("id") == "handouts"
    line = driver.find_element(By.CSS_SELECTOR, "#card-sun-care .unavailable p").text
    assert missing in line and "Not yet available" not in line
    assert _rows(driver, "card-sun-care") == []
    assert axe_findings(driver) == []

    assert _search(driver, word) == [f"card-{SLUG}"]
    assert _rows(driver, f"card-{SLUG}") == [ui]
    assert not driver.find_element(By.ID, "pager").is_displayed()    # one page of results
    assert driver.execute_script("return document.documentElement.dir") == \
        ("rtl" if ui == "ar" else "ltr")
    assert _search(driver, word + "xyzzy") == []
    assert driver.find_element(By.ID, "none").is_displayed()
    assert _search(driver, "") == [f"card-{SLUG}"]                 # page 1 again
    assert driver.find_element(By.ID, "page-of").text == page_of
