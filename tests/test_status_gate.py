"""``status`` tells what the gate tells: one decision for ``status``, ``pdf`` and ``all``.

A table of every kind of refusal (untranslated, fuzzy, each error-level
check, a catalog msgfmt rejects, unreviewed under ``require_review``, a
missing glyph) and a clean control.  Each case is applied to a fresh copy of
the project; ``status`` (:func:`i18n.publish.status.handout_status`) and
``pdf`` (:func:`i18n.render.pipeline.export_pdf`) must agree on it: ready
exactly when the PDF is written, and blocked with the same first refusal
(``file:line``) and a few words of why.
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import polib
import pytest
from conftest import SEED_SLUG, copy_project, run_cli

from i18n.catalogs.project import Project
from i18n.checks import CHECKS
from i18n.errors import HandoutError
from i18n.locales import parse_locale
from i18n.publish.status import handout_status
from i18n.render.pipeline import export_pdf

SEED_PO = Path(f"locales/zh_TW/LC_MESSAGES/{SEED_SLUG}.po")
HANDOUT_PO = Path("locales/zh_TW/LC_MESSAGES/handout.po")
HOURS = "24至48小時"
#: Checks that only ever warn: they must never block, so they need no row.
WARNING_CHECKS = {"same-as-source", "whitespace", "punctuation", "script"}


def edit(root: Path, catalog: Path, find: str, change, flag: str | None = None) -> None:
    """Give the entry whose msgstr holds *find* (or whose msgid is *find*) a new msgstr."""
    po = polib.pofile(str(root / catalog), wrapwidth=79)
    entry = next(e for e in po if not e.obsolete and (find in e.msgstr or e.msgid == find))
    entry.msgstr = change(entry.msgstr)
    if flag:
        entry.flags.append(flag)
    entry.flags = [f for f in entry.flags if f != "python-brace-format"]
    po.save(str(root / catalog))


def append(root: Path, name: str, text: str) -> None:
    with (root / name).open("a", encoding="utf-8") as handle:
        handle.write(text)


#: case -> (what to do to the project, the check it is about, words status must say)
CASES = {
    "clean": (lambda root: None, None, None),
    "untranslated": (lambda root: edit(root, SEED_PO, HOURS, lambda s: ""),
                     "untranslated", r"1 untranslated"),
    "fuzzy": (lambda root: edit(root, SEED_PO, HOURS, lambda s: s, flag="fuzzy"),
              "fuzzy", r"1 fuzzy"),
    "numbers": (lambda root: edit(root, SEED_PO, HOURS, lambda s: s.replace(HOURS, "2至4小時")),
                "numbers", r"\d+ check errors?: numbers \d+"),
    "markup": (lambda root: edit(root, SEED_PO, "**血小板衍生生長因子（PDGF）**",
                                 lambda s: s.replace("**", "")),
               "markup", r"\d+ check errors?: markup \d+"),
    "placeholders": (lambda root: edit(root, HANDOUT_PO, "Published: {date}",
                                       lambda s: "發布日期：{date.__class__}"),
                     "placeholders", r"check errors?: .*placeholders \d+"),
    "invisible": (lambda root: edit(root, SEED_PO, HOURS,
                                    lambda s: s.replace(HOURS, "\u202e24至48\u202c小時")),
                  "invisible", r"check errors?: .*invisible \d+"),
    "terminology": (lambda root: append(root, "locales/zh_TW/glossary.csv",
                                        "wound healing,傷口癒合XYZ,test,yes\n"),
                    "terminology", r"check errors?: .*terminology \d+"),
    "syntax": (lambda root: append(root, str(SEED_PO), '\nmsgid "unterminated\nmsgstr ""\n'),
               "syntax", r"\S"),
    "urls": (lambda root: edit(root, SEED_PO, HOURS, lambda s: s + " https://evil.example/"),
             "urls", r"check errors?: .*urls \d+"),
    "units": (lambda root: edit(root, SEED_PO, HOURS, lambda s: s.replace(HOURS, "48至24小時")),
              "units", r"check errors?: .*units \d+"),
    "references": (lambda root: edit(root, SEED_PO, HOURS,
                                     lambda s: s.replace(HOURS, "24至&#52;8小時")),
                   "references", r"check errors?: .*references \d+"),
    "claims": (lambda root: append(root, "clinic.yaml", "\nclaims: error\n"),
               "claims", r"claims"),
    "unreviewed": (lambda root: append(root, "clinic.yaml", "\nrequire_review: [zh-TW]\n"),
                   "review", r"^zh-TW: \d+ unreviewed$"),
    "missing glyph": (lambda root: edit(root, SEED_PO, HOURS, lambda s: s + "𐀀"),
                      "glyph", r"no glyph for U\+10000"),
}


@pytest.fixture(scope="module")
def pristine(tmp_path_factory) -> Path:
    return copy_project(tmp_path_factory.mktemp("gate") / "project")


@pytest.fixture(scope="module")
def renderer():
    from i18n.render.pdf import Renderer
    with Renderer() as warm:
        yield warm


def test_the_table_covers_every_check_that_can_block():
    covered = {check for _, check, _ in CASES.values() if check}
    assert set(CHECKS) - WARNING_CHECKS - covered == set(), \
        "a check that can give an error has no row in the status/pdf table"


@pytest.mark.parametrize("case", CASES)
def test_status_and_pdf_agree(case, pristine, tmp_path, monkeypatch, renderer):
    root = tmp_path / "project"
    shutil.copytree(pristine, root)
    monkeypatch.chdir(root)
    change, check, words = CASES[case]
    change(root)
    project = Project.load(root)
    article, locale = project.article(SEED_SLUG), parse_locale("zh-TW")

    status = handout_status(project, article, locale)
    again = handout_status(project, article, locale)      # remembered, refusal and all
    assert again.as_dict() == status.as_dict()
    assert type(again.decision.error) is type(status.decision.error)
    output = root / "out.pdf"
    try:
        export_pdf(project, article, locale, output=output, renderer=renderer)
        refusal = None
    except HandoutError as error:
        refusal = str(error)

    assert status.ready == (refusal is None) == output.is_file(), (case, status.reason, refusal)
    if words is None:
        assert status.reason == "" and output.read_bytes().startswith(b"%PDF-")
        return
    assert status.first_error == refusal                 # the very refusal pdf reports
    assert re.search(words, status.reason.removeprefix("zh-TW: ") if check != "review"
                     else status.reason), status.reason
    assert len(status.reason) < 120                      # a few words, not the message


def test_status_command_says_what_pdf_says(pristine, tmp_path):
    """The command line: status --json and the table, then pdf, on a changed number."""
    root = tmp_path / "project"
    shutil.copytree(pristine, root)
    edit(root, SEED_PO, HOURS, lambda s: s.replace(HOURS, "2至4小時"))
    code, out, err = run_cli("status", "--json", "--locale", "zh-TW", cwd=root)
    assert code == 0, err
    row = next(r for r in json.loads(out) if r["slug"] == SEED_SLUG)
    assert row["ready"] is False
    assert re.fullmatch(r"zh-TW: \d+ check errors: numbers \d+", row["reason"]), row["reason"]
    assert row["blocked_by"] == [row["reason"].removeprefix("zh-TW: ")]
    code, out, err = run_cli("pdf", SEED_SLUG, "--locale", "zh-TW", cwd=root)
    assert code == 1 and err.strip() == row["error"]
    code, out, err = run_cli("status", "--locale", "zh-TW", cwd=root)
    assert code == 0 and re.search(r"blocked: zh-TW: \d+ check\s+errors: numbers", out), out


def zh_tw_row(root: Path) -> dict:
    """The seed's zh-TW row of ``status --json`` in *root*."""
    code, out, err = run_cli("status", "--json", "--locale", "zh-TW", cwd=root)
    assert code == 0, err
    return next(r for r in json.loads(out) if r["slug"] == SEED_SLUG)


def test_a_remembered_ready_is_forgotten_when_an_input_changes(pristine, tmp_path):
    """status remembers "ready" by the handout's inputs hash: a changed number is seen at once."""
    root = tmp_path / "project"
    shutil.copytree(pristine, root)

    assert zh_tw_row(root)["ready"] is True
    assert zh_tw_row(root)["ready"] is True                  # the second answer is the remembered one
    edit(root, SEED_PO, HOURS, lambda s: s.replace(HOURS, "2至4小時"))
    row = zh_tw_row(root)
    assert row["ready"] is False and "numbers" in row["reason"], row


def test_a_remembered_refusal_and_counts_follow_the_catalog_and_the_template(pristine,
                                                                            tmp_path):
    root = tmp_path / "project"
    shutil.copytree(pristine, root)

    original = (root / SEED_PO).read_bytes()
    edit(root, SEED_PO, HOURS, lambda s: "")
    assert zh_tw_row(root)["reason"] == zh_tw_row(root)["reason"] == "zh-TW: 1 untranslated"
    (root / SEED_PO).write_bytes(original)
    assert zh_tw_row(root)["ready"] is True
    # A new string of the handout template, not yet in handout.po: counted and refused.
    pot = root / "locales" / "handout.pot"
    catalog = polib.pofile(str(pot))
    catalog.append(polib.POEntry(msgid="Bring this sheet to your next visit."))
    catalog.save(str(pot))
    row = zh_tw_row(root)
    handout = next(c for c in row["catalogs"] if c["domain"] == "handout")
    assert handout["untranslated"] == 1, row
