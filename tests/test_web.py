"""``export.py web``: one static page per built handout, with schema.org JSON-LD."""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from html.parser import HTMLParser

import pytest
from conftest import add_fixture_article, copy_project, run_cli
from test_library_browser import (CHROMIUM, DESKTOP, PHONE, _driver, axe_findings,  # noqa: F401
                                  browser, complete_catalogs, overflow, screenshot)

SLUG = "prp-basement-membrane"


class _Head(HTMLParser):
    def __init__(self):
        super().__init__()
        self.links, self.meta, self.scripts, self._in_ld, self.html_lang = [], {}, [], False, None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "html":
            self.html_lang = attrs.get("lang")
        elif tag == "link":
            self.links.append(attrs)
        elif tag == "meta":
            self.meta[attrs.get("property") or attrs.get("name")] = attrs.get("content")
        elif tag == "script" and attrs.get("type") == "application/ld+json":
            self._in_ld = True
            self.scripts.append("")

    def handle_endtag(self, tag):
        if tag == "script":
            self._in_ld = False

    def handle_data(self, data):
        if self._in_ld:
            self.scripts[-1] += data


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    root = copy_project(tmp_path_factory.mktemp("web") / "project")
    for args in (("extract",), ("update", "--locale", "zh-TW")):
        code, out, err = run_cli(*args, cwd=root)
        assert code == 0, err
    complete_catalogs(root)
    add_fixture_article(root, "sun-care.md")   # English only; about a MedicalTherapy
    with (root / "clinic.yaml").open("a", encoding="utf-8") as config:
        config.write('\nreviewers: ["Dr. Chen Ya-Ting"]\n')   # who may sign off (the last test)
    code, out, err = run_cli("all", "--jobs", "2", "--locale", "en", "--locale", "zh-TW",
                             "--locale", "ar", cwd=root, timeout=400)
    assert code == 0, out + err
    code, out, err = run_cli("web", cwd=root)
    assert code == 0, err
    return root


def _page(root, tag):
    html = (root / "dist" / "web" / tag / f"{SLUG}.html").read_text(encoding="utf-8")
    head = _Head()
    head.feed(html)
    return html, head


def test_json_ld_and_head(site):
    for tag, name, about, specialty in (
            ("en", "How High-Concentration PRP Repairs", "Melasma", "Dermatology"),
            ("zh-TW", "高濃度 PRP 如何修復受損的基底膜", "肝斑", "皮膚科")):
        html, head = _page(site, tag)
        assert head.html_lang == tag
        (ld,) = [json.loads(text) for text in head.scripts]
        assert ld["@context"] == "https://schema.org" and ld["@type"] == "MedicalWebPage"
        assert ld["inLanguage"] == tag
        assert ld["name"].startswith(name)
        assert "type IV collagen" in ld["description"] or "第四型膠原蛋白" in ld["description"]
        assert ld["author"]["@type"] == "Person" and "Liu Ta-Ju" in ld["author"]["name"]
        assert ld["author"]["affiliation"]["@type"] == "MedicalClinic"
        assert "Liusmed" in ld["author"]["affiliation"]["name"]
        assert ld["datePublished"] == "2026-02-28" and ld["dateModified"] == "2026-02-28"
        assert ld["about"] == {"@type": "MedicalCondition", "name": about}
        assert ld["specialty"] == specialty
        assert ld["publisher"]["@type"] == "Organization" and "Liusmed" in ld["publisher"]["name"]
        canonical = f"https://www.example.com/handouts/{tag}/{SLUG}.html"
        assert ld["isPartOf"] == {"@type": "WebSite", "name": ld["publisher"]["name"],
                                  "url": "https://www.example.com/handouts/"}
        assert ld["url"] == canonical
        # Every language of the article, and x-default: the source language.
        alternates = {link["hreflang"]: link["href"] for link in head.links
                      if link.get("rel") == "alternate"}
        assert alternates == {
            "en": f"https://www.example.com/handouts/en/{SLUG}.html",
            "zh-TW": f"https://www.example.com/handouts/zh-TW/{SLUG}.html",
            "ar": f"https://www.example.com/handouts/ar/{SLUG}.html",
            "x-default": f"https://www.example.com/handouts/en/{SLUG}.html"}
        assert [link["href"] for link in head.links if link.get("rel") == "canonical"] == \
            [canonical]
        assert head.meta["og:title"] == ld["name"]
        assert head.meta["og:description"] == ld["description"]
        # Page 1, for sharing: the thumbnail, published beside the page.
        picture = f"https://www.example.com/handouts/{tag}/{SLUG}.png"
        assert head.meta["og:image"] == picture == ld["image"]["url"]
        png = site / "dist" / "web" / tag / f"{SLUG}.png"
        from i18n.publish.thumbnails import png_size
        width, height = png_size(png)
        assert ld["image"] == {"@type": "ImageObject", "url": picture, "width": width,
                               "height": height} and height == 240
        assert (head.meta["og:image:width"], head.meta["og:image:height"]) == (str(width), "240")
        assert png.read_bytes() == (site / "dist" / "thumbs" / tag / f"{SLUG}.png").read_bytes()
        # Nobody has reviewed the seed: no lastReviewed, no reviewedBy.
        assert "lastReviewed" not in ld and "reviewedBy" not in ld
        # No external asset: nothing loaded from anywhere (links only navigate).
        assert not re.search(r'<(?:img|script|link[^>]*stylesheet)[^>]*(?:src|href)="https?:', html)


def test_pages_are_deterministic(site):
    before = (site / "dist" / "web" / "zh-TW" / f"{SLUG}.html").read_bytes()
    code, out, err = run_cli("web", cwd=site)
    assert code == 0 and f"unchanged dist/web/zh-TW/{SLUG}.html" in out
    assert (site / "dist" / "web" / "zh-TW" / f"{SLUG}.html").read_bytes() == before


def test_json_ld_is_escaped_in_script(tmp_path):
    """A title that tries to end the script stays inside the JSON."""
    from i18n.publish.library import script_json
    text = str(script_json({"name": "</script><script>alert(1)</script> & <!--"}))
    assert "<" not in text and ">" not in text and "&" not in text
    assert json.loads(text)["name"] == "</script><script>alert(1)</script> & <!--"


def test_untrusted_manifest_entries_are_ignored(site):
    manifest = json.loads((site / "dist" / "manifest.json").read_text(encoding="utf-8"))
    entry = dict(manifest["handouts"][f"{SLUG}/en"])
    manifest["handouts"]["evil/en"] = {**entry, "slug": "../../etc", "path": "../../etc/passwd"}
    original = (site / "dist" / "manifest.json").read_bytes()
    (site / "dist" / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    try:
        # The reader refuses such a manifest as a whole: nothing is published from it.
        code, out, err = run_cli("web", cwd=site)
        assert code != 0 and "wrote" not in out and "no built handout" in err
        assert not list(site.rglob("passwd*")) and not (site / "dist" / "web" / "etc").exists()
    finally:
        (site / "dist" / "manifest.json").write_bytes(original)


@pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian's chromium is not installed")
def test_page_loads_in_chromium(site, browser):  # noqa: F811
    from selenium.webdriver.common.by import By
    page = site / "dist" / "web" / "zh-TW" / f"{SLUG}.html"
    browser.get(page.as_uri())
    assert browser.find_element(By.TAG_NAME, "h1").text.startswith("高濃度 PRP")
    assert browser.execute_script("return document.documentElement.lang") == "zh-TW"
    ld = browser.execute_script(
        "return JSON.parse(document.querySelector('script[type=\"application/ld+json\"]').textContent)")
    assert ld["inLanguage"] == "zh-TW"
    assert browser.execute_script(
        "return Array.from(document.images).every(i => i.complete && i.naturalWidth > 0)")
    assert browser.execute_script(
        "return performance.getEntriesByType('resource').filter(e => !e.name.startsWith('data:')).length") == 0


def _links(html: str, selector_class: str) -> list[dict]:
    """The <a> elements inside the element of class *selector_class* (attributes and text)."""
    class Links(HTMLParser):
        def __init__(self):
            super().__init__()
            self.depth, self.found, self.current = 0, [], None

        def handle_starttag(self, tag, attrs):
            attrs = dict(attrs)
            if self.depth:
                self.depth += tag not in ("meta", "link", "img", "br")
            elif selector_class in (attrs.get("class") or "").split():
                self.depth = 1
            if self.depth and tag == "a":
                self.current = {**attrs, "text": ""}
                self.found.append(self.current)

        def handle_endtag(self, tag):
            if self.depth:
                self.depth -= 1
            if tag == "a":
                self.current = None

        def handle_data(self, data):
            if self.current is not None:
                self.current["text"] += data
    parser = Links()
    parser.feed(html)
    return parser.found


def test_language_switch_and_pdf_links(site):
    html, _ = _page(site, "zh-TW")
    switch = _links(html, "languages")
    assert [(a["hreflang"], a["text"]) for a in switch] == [
        ("en", "English"), ("zh-TW", "中文（台灣）"), ("ar", "العربية")]
    assert [a.get("aria-current") for a in switch] == [None, "page", None]
    assert switch[0]["href"] == f"https://www.example.com/handouts/en/{SLUG}.html"
    files = _links(html, "downloads")
    assert [a["href"] for a in files] == [f"{SLUG}.pdf", f"{SLUG}.large-print.pdf"]
    assert [a["download"] for a in files] == [f"{SLUG}.zh-TW.pdf", f"{SLUG}.zh-TW.large-print.pdf"]
    assert all(re.fullmatch(r"PDF · \d+ 頁 · \d+ KB", a["text"]) for a in files)
    assert "可列印的衛教單張" in html and "大字版" in html and "large-print</" not in html
    for a in files:   # the PDFs are published beside the page, exactly as built
        web = site / "dist" / "web" / "zh-TW" / a["href"]
        assert web.read_bytes() == (site / "dist" / "zh-TW" / a["href"]).read_bytes()
    # An article in one language has no switch.
    english_only = (site / "dist" / "web" / "en" / "sun-care.html").read_text(encoding="utf-8")
    assert not _links(english_only, "languages") and _links(english_only, "downloads")


def test_about_takes_a_schema_type(site):
    _, head = _page(site, "en")
    html = (site / "dist" / "web" / "en" / "sun-care.html").read_text(encoding="utf-8")
    parsed = _Head()
    parsed.feed(html)
    (ld,) = [json.loads(text) for text in parsed.scripts]
    assert ld["about"] == {"@type": "MedicalTherapy", "name": "Post-laser skin care"}
    # Revised by its author: the English page says when.
    assert ld["lastReviewed"] == "2026-04-02" and "reviewedBy" not in ld


def test_an_index_page_per_language(site):
    for tag, titles, heading in (("en", ["How High-Concentration", "Sun Protection"], "Health articles"),
                                 ("zh-TW", ["高濃度 PRP"], "衛教文章"),
                                 ("ar", ["كيف تصلح"], "مقالات صحية")):
        html = (site / "dist" / "web" / tag / "index.html").read_text(encoding="utf-8")
        head = _Head()
        head.feed(html)
        assert head.html_lang == tag and f"<h1>{heading}</h1>" in html
        links = _links(html, "articles")
        assert len(links) == len(titles)
        assert [a["text"][:len(t)] for a, t in zip(links, titles)] == titles
        assert all((site / "dist" / "web" / tag / a["href"]).is_file() for a in links)
        assert [a["hreflang"] for a in _links(html, "languages")] == ["en", "zh-TW", "ar"]


def test_sitemap_lists_every_page_with_its_alternates(site):
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "x": "http://www.w3.org/1999/xhtml"}
    tree = ET.parse(site / "dist" / "web" / "sitemap.xml")
    base = "https://www.example.com/handouts/"
    urls = {u.find("s:loc", ns).text: u for u in tree.getroot().findall("s:url", ns)}
    published = {f"{base}{p.parent.name}/{p.name}"
                 for p in (site / "dist" / "web").glob("*/*.html")}
    assert set(urls) == published and len(published) == 3 + 1 + 3   # pages and indexes
    for loc, url in urls.items():
        alternates = {a.get("hreflang"): a.get("href") for a in url.findall("x:link", ns)}
        assert all(a.get("rel") == "alternate" for a in url.findall("x:link", ns))
        assert loc in alternates.values() and "x-default" in alternates
        if SLUG in loc:
            assert set(alternates) == {"en", "zh-TW", "ar", "x-default"}
            assert alternates["x-default"] == f"{base}en/{SLUG}.html"
            assert url.find("s:lastmod", ns).text == "2026-02-28"
        if "sun-care" in loc:
            assert set(alternates) == {"en", "x-default"}
            assert url.find("s:lastmod", ns).text == "2026-04-02"


def test_nothing_stale_is_published(site):
    stale = [site / "dist" / "web" / "zh-TW" / name for name in ("old.html", "old.pdf")]
    for path in stale:
        path.write_text("stale", encoding="utf-8")
    keep = site / "dist" / "web" / "zh-TW" / "notes.txt"
    keep.write_text("not ours", encoding="utf-8")
    code, out, err = run_cli("web", "--locale", "en", cwd=site)
    assert code == 0 and all(p.exists() for p in stale)   # only the languages built are swept
    code, out, err = run_cli("web", cwd=site)
    assert code == 0 and not any(p.exists() for p in stale) and keep.exists()
    # A translation that no longer passes the gate takes its page and PDFs off the site.
    po = site / "locales" / "zh_TW" / "LC_MESSAGES" / f"{SLUG}.po"
    original = po.read_bytes()
    text = original.decode("utf-8")
    text = text.replace("#: articles/", "#, fuzzy\n#: articles/", 1)
    po.write_text(text, encoding="utf-8")
    try:
        code, out, err = run_cli("web", cwd=site)
        assert code == 0
        folder = site / "dist" / "web" / "zh-TW"
        assert not list(folder.glob(f"{SLUG}.*")) and not (folder / "index.html").exists()
        sitemap = (site / "dist" / "web" / "sitemap.xml").read_text(encoding="utf-8")
        assert f"zh-TW/{SLUG}.html" not in sitemap
    finally:
        po.write_bytes(original)
    code, out, err = run_cli("web", cwd=site)
    assert code == 0 and (site / "dist" / "web" / "zh-TW" / f"{SLUG}.pdf").is_file()


@pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian's chromium is not installed")
@pytest.mark.parametrize("size", [DESKTOP, PHONE], ids=["desktop", "phone"])
@pytest.mark.parametrize("tag, direction", [("zh-TW", "ltr"), ("en", "ltr"), ("ar", "rtl")])
def test_what_a_reader_sees(site, tmp_path, tag, direction, size):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys

    driver = _driver(tmp_path, size)
    try:
        driver.get((site / "dist" / "web" / tag / f"{SLUG}.html").as_uri())
        assert driver.execute_script("return [document.documentElement.lang, "
                                     "document.documentElement.dir]") == [tag, direction]
        width, inner = overflow(driver)
        assert inner == size[0] and width <= inner
        switch = [a for a in driver.find_elements(By.CSS_SELECTOR, ".languages a")
                  if a.is_displayed()]
        assert [a.get_attribute("hreflang") for a in switch] == ["en", "zh-TW", "ar"]
        pdfs = [a for a in driver.find_elements(By.CSS_SELECTOR, ".downloads a") if a.is_displayed()]
        assert len(pdfs) == 2 and pdfs[0].get_attribute("href").endswith(f"/{tag}/{SLUG}.pdf")
        # Focus: the languages first, then the PDFs, before the table of contents.
        driver.find_element(By.TAG_NAME, "body").send_keys(Keys.TAB)
        order = [driver.switch_to.active_element.get_attribute("hreflang")]
        for _ in range(4):
            driver.switch_to.active_element.send_keys(Keys.TAB)
            active = driver.switch_to.active_element
            order.append(active.get_attribute("hreflang") or active.get_attribute("class"))
        assert order == ["en", "zh-TW", "ar", "download", "download"], order
        screenshot(driver, f"web-{tag}-{size[0]}.png")
    finally:
        driver.quit()


@pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian's chromium is not installed")
@pytest.mark.parametrize("tag", ["zh-TW", "ar"])
def test_axe_finds_nothing_serious_on_a_web_page(site, browser, tag):  # noqa: F811
    for name in (f"{SLUG}.html", "index.html"):
        browser.get((site / "dist" / "web" / tag / name).as_uri())
        assert axe_findings(browser) == [], name


def test_json_ld_has_last_reviewed_after_a_review(site):
    """Last: it signs the zh-TW catalogs off, which rebuilds that handout."""
    code, out, err = run_cli("review", "--locale", "zh-TW", "--by", "Dr. Chen Ya-Ting", cwd=site)
    assert code == 0, err
    code, out, err = run_cli("all", "--locale", "zh-TW", cwd=site, timeout=300)
    assert code == 0, out + err
    code, out, err = run_cli("web", cwd=site)
    assert code == 0, err
    _, head = _page(site, "zh-TW")
    (ld,) = [json.loads(text) for text in head.scripts]
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", ld["lastReviewed"])
    assert ld["reviewedBy"] == {"@type": "Person", "name": "Dr. Chen Ya-Ting"}
    _, head = _page(site, "ar")    # not reviewed
    (ld,) = [json.loads(text) for text in head.scripts]
    assert "lastReviewed" not in ld


def test_references_become_citations():
    from i18n.content.article import parse_article
    from i18n.publish.web import references

    text = ('---\ntitle: "T"\ndescription: "D"\nauthor:\n  name: "N"\n  affiliation: "A"\n'
            '  bio: "B"\ndate_published: 2026-01-01\n---\n\n## Care\n\n- not a reference\n\n'
            '## References\n\n- Smith J. [Basement membrane repair](https://doi.org/10.1/x). 2020.\n'
            '- Lee K. Melasma review. https://example.org/lee 2021.\n')
    article = parse_article(text, "articles/t.md")
    found = references(article, lambda segment: segment.text)
    assert found == [
        {"@type": "CreativeWork", "url": "https://doi.org/10.1/x",
         "name": "Smith J. [Basement membrane repair](https://doi.org/10.1/x). 2020."},
        {"@type": "CreativeWork", "url": "https://example.org/lee",
         "name": "Lee K. Melasma review. https://example.org/lee 2021."}]
