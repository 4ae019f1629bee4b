"""``export.py web``: one static page per built handout, with schema.org JSON-LD."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser

import pytest
from conftest import copy_project, run_cli
from test_library_browser import CHROMIUM, browser, complete_catalogs  # noqa: F401

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
    code, out, err = run_cli("all", "--locale", "en", "--locale", "zh-TW", cwd=root, timeout=300)
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
            "x-default": f"https://www.example.com/handouts/en/{SLUG}.html"}
        assert [link["href"] for link in head.links if link.get("rel") == "canonical"] == \
            [canonical]
        assert head.meta["og:title"] == ld["name"]
        assert head.meta["og:description"] == ld["description"]
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
