"""i18n.catalogs.review: review sign-off records, the require_review gate, the credit line."""

from __future__ import annotations

import json
import re

import polib
import pytest
from conftest import SEED_SLUG
from pdfutil import pdf_text

SEED_PO = f"locales/zh_TW/LC_MESSAGES/{SEED_SLUG}.po"
REVIEWS = "locales/zh_TW/reviews.json"
PDF = f"dist/zh-TW/{SEED_SLUG}.pdf"


def require_review(root, translators: str = "") -> None:
    config = root / "clinic.yaml"
    text = config.read_text(encoding="utf-8")
    if translators:   # replaces the clinic's own: a key given twice is an error
        text = re.sub(r"(?m)^translators:\n(?:  .*\n)*", "", text)
    config.write_text(text + "\nrequire_review: [zh-TW]\n" + translators, encoding="utf-8")


def flat(text: str) -> str:
    return "".join(text.split())


def test_require_review_refuses_until_reviewed_then_again_after_an_edit(cli, project_copy):
    require_review(project_copy, "translators:\n  zh-TW: Lin Mei-Hua\n")
    code, out, err = cli("pdf", SEED_SLUG, "--locale", "zh-TW")
    assert code == 1
    assert re.fullmatch(r"locales/zh_TW/LC_MESSAGES/\S+\.po: \d+ unreviewed translation\(s\) "
                        r"for zh-TW \(.*\); zh-TW is exported only after a qualified review: "
                        r"'export\.py review --locale zh-TW --by NAME'\n", err), err
    assert not (project_copy / PDF).exists()

    code, out, err = cli("review", "--locale", "zh-TW", "--by", "Dr. Chen Ya-Ting")
    assert code == 0, err
    assert re.match(r"recorded \d+ new review\(s\) by Dr\. Chen Ya-Ting", out)
    records = json.loads((project_copy / REVIEWS).read_text(encoding="utf-8"))
    assert records["locale"] == "zh-TW"
    assert all(r["by"] == "Dr. Chen Ya-Ting" for r in records["reviews"].values())

    code, out, err = cli("pdf", SEED_SLUG, "--locale", "zh-TW")
    assert code == 0, err
    text = flat(pdf_text(project_copy / PDF))
    assert "Dr.ChenYa-Ting" in text and "LinMei-Hua" in text

    path = project_copy / SEED_PO
    po = polib.pofile(str(path), wrapwidth=79)
    entry = next(e for e in po if "24至48小時" in e.msgstr)
    entry.msgstr = entry.msgstr.replace("24至48小時", "24至48個小時")
    po.save(str(path))
    code, out, err = cli("pdf", SEED_SLUG, "--locale", "zh-TW")
    assert code == 1
    assert err.startswith(f"{SEED_PO}: 1 unreviewed translation(s) for zh-TW"), err

    code, out, err = cli("status", "--json", "--locale", "zh-TW")
    row = json.loads(out)[0]
    assert row["unreviewed"] == 1 and row["reviewed"] == row["translated"] - 1


def test_all_reports_an_unreviewed_handout_as_blocked(cli, project_copy):
    require_review(project_copy)
    code, out, err = cli("all", "--locale", "zh-TW")
    assert code == 0, err
    assert re.search(r"blocked zh-TW/prp-basement-membrane.*unreviewed", out), out


def test_an_unreviewed_locale_says_so_on_the_handout(cli, project_copy):
    code, out, err = cli("pdf", SEED_SLUG, "--locale", "zh-TW")
    assert code == 0, err
    text = flat(pdf_text(project_copy / PDF))
    assert "尚未經醫療人員審閱" in text


@pytest.mark.parametrize("name", ["", "   ", "x" * 300, "bad\x07name"])
def test_reviewer_name_must_be_printable(cli, project_copy, name):
    code, out, err = cli("review", "--locale", "zh-TW", "--by", name)
    assert code == 1 and "reviewer's name" in err and "Traceback" not in err
    assert not (project_copy / REVIEWS).exists()


def test_malformed_review_records_are_a_clean_error(cli, project_copy):
    (project_copy / REVIEWS).write_text('{"format": 1, "reviews": {"k": 5}}', encoding="utf-8")
    code, out, err = cli("pdf", SEED_SLUG, "--locale", "zh-TW")
    assert code == 1 and err.startswith(f"{REVIEWS}: malformed review records")


@pytest.mark.parametrize("locale, folder", [("fr", "fr"), ("pt-BR", "pt_BR")])
def test_review_of_a_locale_without_catalogs_is_refused(cli, project_copy, locale, folder):
    code, out, err = cli("review", "--locale", locale, "--by", "Dr. Chen Ya-Ting")
    assert code == 1 and "Traceback" not in err
    assert err == (f"locales/{folder}/LC_MESSAGES: no catalogs to review for {locale}; "
                   f"translate first ('export.py update --locale {locale}')\n")
    assert not (project_copy / "locales" / folder).exists()


def test_record_review_needs_one_of_its_catalogs(project_copy):
    from i18n.catalogs.repository import CatalogRepository
    from i18n.catalogs.review import record_review
    from i18n.errors import CatalogError
    from i18n.locales import parse_locale
    repo = CatalogRepository(project_copy)
    for po in (project_copy / "locales/ko/LC_MESSAGES").glob("*.po"):
        if po.stem != "handout":
            po.unlink()   # ko with its handout labels only
    with pytest.raises(CatalogError, match="no catalogs to review for ko"):
        record_review(repo, parse_locale("ko"), [SEED_SLUG], "Dr. Chen")
    with pytest.raises(CatalogError, match="no catalogs to review for ko"):
        record_review(repo, parse_locale("ko"), [], "Dr. Chen")
    assert not (project_copy / "locales/ko/reviews.json").exists()
    assert record_review(repo, parse_locale("ko"), ["handout"], "Dr. Chen") > 0
    assert (project_copy / "locales/ko/reviews.json").exists()
