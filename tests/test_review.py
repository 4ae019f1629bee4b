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


def require_review(root, translators: str = "",
                   reviewers: str = 'reviewers: ["Dr. Chen Ya-Ting"]\n') -> None:
    config = root / "clinic.yaml"
    text = config.read_text(encoding="utf-8")
    if translators:   # replaces the clinic's own: a key given twice is an error
        text = re.sub(r"(?m)^translators:\n(?:  .*\n)*", "", text)
    config.write_text(text + "\nrequire_review: [zh-TW]\n" + translators + reviewers,
                      encoding="utf-8")


def list_reviewers(root, *names: str) -> None:
    config = root / "clinic.yaml"
    config.write_text(config.read_text(encoding="utf-8") + f"\nreviewers: {json.dumps(names)}\n",
                      encoding="utf-8")


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
    list_reviewers(project_copy, "Dr. Chen Ya-Ting")
    code, out, err = cli("review", "--locale", "zh-TW", "--by", name)
    assert code == 1 and "reviewer's name" in err and "Traceback" not in err
    assert not (project_copy / REVIEWS).exists()


def test_malformed_review_records_are_a_clean_error(cli, project_copy):
    (project_copy / REVIEWS).write_text('{"format": 1, "reviews": {"k": 5}}', encoding="utf-8")
    code, out, err = cli("pdf", SEED_SLUG, "--locale", "zh-TW")
    assert code == 1 and err.startswith(f"{REVIEWS}: malformed review records")


@pytest.mark.parametrize("locale, folder", [("fr", "fr"), ("pt-BR", "pt_BR")])
def test_review_of_a_locale_without_catalogs_is_refused(cli, project_copy, locale, folder):
    list_reviewers(project_copy, "Dr. Chen Ya-Ting")
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
        record_review(repo, parse_locale("ko"), [SEED_SLUG], "Dr. Chen", reviewers=["Dr. Chen"])
    with pytest.raises(CatalogError, match="no catalogs to review for ko"):
        record_review(repo, parse_locale("ko"), [], "Dr. Chen", reviewers=["Dr. Chen"])
    assert not (project_copy / "locales/ko/reviews.json").exists()
    assert record_review(repo, parse_locale("ko"), ["handout"], "Dr. Chen",
                         reviewers=["Dr. Chen"]) > 0
    assert (project_copy / "locales/ko/reviews.json").exists()


# --- review that knows what it signs (issue 17) and records that are data (issue 22) ------

def _review_keys(root) -> dict:
    path = root / REVIEWS
    return json.loads(path.read_text(encoding="utf-8"))["reviews"] if path.exists() else {}


def _change_number(root) -> tuple[int, str]:
    """15 -> 51 in one zh-TW entry of the seed: its line and new msgstr."""
    path = root / SEED_PO
    po = polib.pofile(str(path), wrapwidth=79)
    entry = next(e for e in po if not e.obsolete and "24至48小時" in e.msgstr)
    entry.msgstr = entry.msgstr.replace("24至48小時", "24至84小時")
    po.save(str(path))
    changed = next(e for e in polib.pofile(str(path)) if e.msgid == entry.msgid)
    return changed.linenum, changed.msgstr


def test_review_skips_an_entry_with_a_numbers_error_unless_told(cli, project_copy):
    list_reviewers(project_copy, "Dr. Chen Ya-Ting")
    line, msgstr = _change_number(project_copy)
    code, out, err = cli("review", "--locale", "zh-TW", "--by", "Dr. Chen Ya-Ting", SEED_SLUG)
    assert code == 0, err
    assert re.search(rf"^skipped {re.escape(SEED_PO)}:{line}: \[numbers\] .*not approved: fix "
                     r"it, or pass --approve-errors", out, re.M), out
    assert re.search(r"recorded \d+ new review\(s\) by Dr\. Chen Ya-Ting .*1 skipped", out)
    approved = {r["msgstr"] for r in _review_keys(project_copy).values()}
    assert msgstr not in approved and len(approved) > 50
    code, out, err = cli("status", "--json", "--locale", "zh-TW")
    assert json.loads(out)[0]["unreviewed"] >= 1

    code, out, err = cli("review", "--locale", "zh-TW", "--by", "Dr. Chen Ya-Ting", SEED_SLUG,
                         "--approve-errors")
    assert code == 0, err
    assert re.search(rf"^approved {re.escape(SEED_PO)}:{line}: .* \(with \[numbers\]", out, re.M)
    assert msgstr in {r["msgstr"] for r in _review_keys(project_copy).values()}


def test_dry_run_lists_what_it_would_approve_and_writes_nothing(cli, project_copy):
    list_reviewers(project_copy, "Dr. Chen Ya-Ting")
    code, out, err = cli("review", "--locale", "zh-TW", "--by", "Dr. Chen Ya-Ting", SEED_SLUG,
                         "--dry-run")
    assert code == 0, err
    lines = [line for line in out.splitlines() if line.startswith("would approve ")]
    assert any(re.fullmatch(rf"would approve {re.escape(SEED_PO)}:\d+: Are there any risks of "
                            r"using PRP for melasma treatment\? → 使用 PRP 治療肝斑有任何風險嗎？",
                            line) for line in lines), out
    # the handout's own template strings are covered by reviewing the article
    assert any(line.startswith("would approve locales/zh_TW/LC_MESSAGES/handout.po:")
               for line in lines)
    assert re.search(rf"would record {len(lines)} new review\(s\).*wrote nothing", out)
    assert not (project_copy / REVIEWS).exists()


def test_reviewing_an_article_covers_the_template_strings_its_handout_prints(cli, project_copy):
    require_review(project_copy)
    code, out, err = cli("review", "--locale", "zh-TW", "--by", "Dr. Chen Ya-Ting", SEED_SLUG)
    assert code == 0, err
    # the handout domain's strings the handout does not print are named as remaining
    assert re.search(r"^\d+ other string\(s\) of locales/zh_TW/LC_MESSAGES/handout\.po remain "
                     r"unreviewed .*review --locale zh-TW --by NAME handout", out, re.M), out
    code, out, err = cli("pdf", SEED_SLUG, "--locale", "zh-TW")
    assert code == 0, err               # the article and every label it prints are signed off
    code, out, err = cli("review", "--locale", "zh-TW", "--by", "Dr. Chen Ya-Ting", "handout")
    assert code == 0 and "remain unreviewed" not in out, out
    assert re.search(r"recorded [1-9]\d* new review", out)


def test_a_reviewer_not_listed_in_clinic_yaml_is_refused(cli, project_copy):
    list_reviewers(project_copy, "Dr. Chen Ya-Ting")
    code, out, err = cli("review", "--locale", "zh-TW", "--by", "Mallory")
    assert code == 1 and err == ("error: 'Mallory' is not listed under 'reviewers' in "
                                 "clinic.yaml (listed: Dr. Chen Ya-Ting)\n")
    assert not (project_copy / REVIEWS).exists()


@pytest.mark.parametrize("forgery", ["unlisted reviewer", "text swapped", "first format"])
def test_a_forged_or_stale_record_is_shown_and_refused(cli, project_copy, forgery):
    """A hand-made record cannot waive a changed number or pass require_review."""
    require_review(project_copy)
    assert cli("review", "--locale", "zh-TW", "--by", "Dr. Chen Ya-Ting")[0] == 0
    assert cli("pdf", SEED_SLUG, "--locale", "zh-TW")[0] == 0
    line, msgstr = _change_number(project_copy)
    path = project_copy / SEED_PO
    po = polib.pofile(str(path), wrapwidth=79)
    entry = next(e for e in po if e.msgstr == msgstr)
    entry.tcomment = "no-numbers-check"
    po.save(str(path))
    from i18n.catalogs.review import Review, entry_key
    entry = next(e for e in polib.pofile(str(path)) if e.msgstr == msgstr)
    data = json.loads((project_copy / REVIEWS).read_text(encoding="utf-8"))
    record = Review.of(entry, "Dr. Chen Ya-Ting", "2026-03-01", SEED_SLUG).as_record()
    if forgery == "unlisted reviewer":
        record["by"] = "Mallory"
    elif forgery == "text swapped":
        record["msgstr"] = msgstr.replace("24至84小時", "24至48小時")  # what a reviewer would pass
    else:
        data["format"] = 1
        record = {k: record[k] for k in ("by", "date", "domain", "msgid")}
    data["reviews"][entry_key(entry)] = record
    if forgery == "first format":
        data["reviews"] = {entry_key(entry): record}
    (project_copy / REVIEWS).write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")

    code, out, err = cli("check", "--locale", "zh-TW")
    assert code == 1 and re.search(rf"^{re.escape(SEED_PO)}:{line}: error: \[numbers\]", out,
                                   re.M), out     # the waiver is not honoured
    code, out, err = cli("pdf", SEED_SLUG, "--locale", "zh-TW")
    assert code == 1 and err.startswith(f"{SEED_PO}:{line}: [numbers]"), err
    code, out, err = cli("review", "--locale", "zh-TW", "--by", "Dr. Chen Ya-Ting", "--dry-run")
    assert re.search(rf"^warning: {REVIEWS}: record '{entry_key(entry)}' refused: ", err, re.M), err
    assert f"skipped {SEED_PO}:{line}: [numbers]" in out
