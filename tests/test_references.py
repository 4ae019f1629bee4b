"""An article's `references:`: validated in the front matter, printed as a numbered list
before the disclaimer, carried as `citation` in the web page's JSON-LD
(i18n.content.references)."""

from __future__ import annotations

import json
import re

import pytest
from conftest import REPO, SEED_SLUG
from pdfutil import pdf_text
from test_web import _Head

from i18n.content.article import parse_article
from i18n.errors import ArticleError

SEED_MD = f"articles/{SEED_SLUG}.md"
REFERENCES = """references:
  - text: "Sarkar R, Bansal A, Ailawadi P. Future therapies in melasma. Indian J Dermatol Venereol Leprol. 2020;86:8-17."
    url: "https://doi.org/10.4103/ijdvl.IJDVL_633_18"
  - text: "Kwon SH, Hwang YJ, Lee SK, Park KC. Heterogeneous pathology of melasma. Int J Mol Sci. 2016;17:824."
"""


def with_references(text: str, references: str = REFERENCES) -> str:
    return text.replace("date_published:", references + "date_published:", 1)


def test_references_are_read_in_order():
    seed = (REPO / SEED_MD).read_text(encoding="utf-8")
    article = parse_article(with_references(seed), SEED_MD)
    assert [(r.text[:14], r.url) for r in article.references] == [
        ("Sarkar R, Bans", "https://doi.org/10.4103/ijdvl.IJDVL_633_18"),
        ("Kwon SH, Hwang", None)]
    assert parse_article(seed, SEED_MD).references == ()
    # Citations are not translated: they are no segment of the catalog.
    assert not any("Sarkar" in s.text for s in article.segments())


@pytest.mark.parametrize("references, message", [
    ("references: Sarkar 2020\n", "must be a list of {text: citation"),
    ("references:\n  - Sarkar 2020\n", "item 1: must be {text: citation"),
    ("references:\n  - text: x\n    doi: 10.1/2\n", "item 1: must be {text: citation"),
    ("references:\n  - text: ''\n", "item 1: 'text' must be the citation"),
    ("references:\n  - text: x\n  - text: y\n    url: http://doi.org/10.1/2\n",
     "item 2: 'url' must be a plain https address"),
    ("references:\n  - text: x\n    url: 'javascript:alert(1)'\n", "'url' must be a plain https"),
    ("references:\n  - text: x\n    url: 'https://doi.org/a b'\n", "'url' must be a plain https"),
])
def test_bad_references_are_one_line_errors(references, message):
    seed = (REPO / SEED_MD).read_text(encoding="utf-8")
    with pytest.raises(ArticleError) as error:
        parse_article(with_references(seed, references), SEED_MD)
    assert str(error.value).startswith(f"{SEED_MD}:16: front matter 'references'")
    assert message in str(error.value)


def test_references_print_before_the_disclaimer_and_go_into_json_ld(cli, project_copy):
    path = project_copy / SEED_MD
    path.write_text(with_references(path.read_text(encoding="utf-8")), encoding="utf-8")
    code, out, err = cli("pdf", SEED_SLUG, "--locale", "zh-TW")
    assert code == 0, err
    text = "".join(pdf_text(project_copy / "dist" / "zh-TW" / f"{SEED_SLUG}.pdf").split())
    heading, first, second, disclaimer = (text.index(t) for t in (
        "參考文獻", "1.SarkarR,BansalA", "2.KwonSH,HwangYJ", "免責聲明"))
    assert heading < first < second < disclaimer
    assert "https://doi.org/10.4103/ijdvl.IJDVL_633_18" in text

    # The evidence claims are referenced now: only the other claims remain.
    code, out, err = cli("check", "--source")
    assert "no references" not in out and "'Evidence-Based'" not in out
    assert f"{SEED_MD}:251: warning: [claims] 'no risk'" in out    # 4 lines lower

    from i18n.catalogs.project import Project
    from i18n.locales import parse_locale
    from i18n.publish.web import render_web_page
    from i18n.render.pipeline import localize_article
    project = Project.load(project_copy)
    for tag in ("en", "zh-TW"):
        handout = localize_article(project, project.article(SEED_SLUG), parse_locale(tag))
        html = render_web_page(project, handout, ["en", "zh-TW"])
        head = _Head()
        head.feed(html)
        (ld,) = [json.loads(script) for script in head.scripts]
        assert [c["@type"] for c in ld["citation"]] == ["CreativeWork", "CreativeWork"]
        assert ld["citation"][0]["name"].startswith("Sarkar R, Bansal A")   # as written
        assert ld["citation"][0]["url"] == "https://doi.org/10.4103/ijdvl.IJDVL_633_18"
        assert "url" not in ld["citation"][1]
        assert re.search(r'<h2 id="references-heading">(References|參考文獻)</h2>', html)


def test_every_handout_catalog_translates_the_heading():
    import polib
    for path in sorted((REPO / "locales").glob("*/LC_MESSAGES/handout.po")):
        entry = polib.pofile(str(path)).find("References")
        assert entry is not None and entry.msgstr and not entry.fuzzy, path
