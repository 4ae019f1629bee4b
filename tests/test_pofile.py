"""i18n.catalogs.pofile: catalogs that round-trip with translators' own tools, without churn.

Every case runs the real GNU gettext tools on a copy of the committed catalogs,
then the toolkit's ``update``, and compares bytes.
"""

from __future__ import annotations

import difflib
import re
import subprocess
from pathlib import Path

import pytest
from conftest import SEED_SLUG
from test_catalogs import NEW_LINE, OLD_LINE, ZH_TW, edit_file

from i18n.catalogs import pofile
from i18n.catalogs.project import Project, extract, update
from i18n.config import load_config

SEED_PO = f"locales/zh_TW/LC_MESSAGES/{SEED_SLUG}.po"
HANDOUT_PO = "locales/zh_TW/LC_MESSAGES/handout.po"
SEED_POT = f"locales/{SEED_SLUG}.pot"

GNU_TOOLS = {
    "msgmerge --previous": lambda po, pot: ["msgmerge", "--quiet", "--previous", "-o", po, po, pot],
    "msgcat --width=60": lambda po, pot: ["msgcat", "--width=60", "-o", po, po],
    "msgcat --no-wrap": lambda po, pot: ["msgcat", "--no-wrap", "-o", po, po],
    "msgattrib --set-fuzzy": lambda po, pot: ["msgattrib", "--set-fuzzy", "-o", po, po],
}


def run_update(root: Path) -> None:
    project = Project.load(root)
    extract(project)
    update(project, ZH_TW)


def gnu_tool(root: Path, name: str) -> None:
    subprocess.run(GNU_TOOLS[name](SEED_PO, SEED_POT), cwd=root, check=True)


def changed_lines(before: str, after: str) -> list[str]:
    return [line for line in difflib.unified_diff(before.splitlines(), after.splitlines(),
                                                  lineterm="", n=0)
            if line[:1] in "+-" and not line.startswith(("+++", "---"))]


def entry_with_msgid(text: str, needle: str, obsolete: bool = False) -> str:
    """The text of the entry of *text* whose msgid contains *needle*."""
    _, entries = pofile._entries(text)
    return next(block for key, block in entries if needle in key[2] and key[0] == obsolete)


@pytest.mark.parametrize("tool", GNU_TOOLS)
def test_gnu_tool_then_update_writes_nothing(project_copy, tool):
    gnu_tool(project_copy, tool)
    before = (project_copy / SEED_PO).read_bytes()
    run_update(project_copy)
    assert (project_copy / SEED_PO).read_bytes() == before


@pytest.mark.parametrize("tool", GNU_TOOLS)
def test_gnu_tool_then_source_change_touches_only_that_entry(project_copy, tool):
    gnu_tool(project_copy, tool)
    before = (project_copy / SEED_PO).read_text(encoding="utf-8")
    edit_file(project_copy / f"articles/{SEED_SLUG}.md", OLD_LINE, NEW_LINE)
    run_update(project_copy)
    after = (project_copy / SEED_PO).read_text(encoding="utf-8")
    new_entry = entry_with_msgid(after, "provides the biological")
    assert "#, fuzzy" in new_entry and "#| msgid" in new_entry
    allowed_added = set(new_entry.splitlines())
    allowed_added |= set(entry_with_msgid(after, "offers the biological", obsolete=True)
                         .splitlines())
    allowed_removed = set(entry_with_msgid(before, "offers the biological").splitlines())
    for line in changed_lines(before, after):
        allowed = allowed_added if line[0] == "+" else allowed_removed
        assert (line[1:] in allowed or not line[1:].strip()
                or line[1:].startswith('"POT-Creation-Date:')), line


def test_committed_catalogs_are_a_fixed_point_of_msgmerge(project_copy):
    for domain in (SEED_SLUG, "handout"):
        po = f"locales/zh_TW/LC_MESSAGES/{domain}.po"
        before = (project_copy / po).read_bytes()
        subprocess.run(["msgmerge", "--quiet", "--previous", "-o", po, po,
                        f"locales/{domain}.pot"], cwd=project_copy, check=True)
        assert (project_copy / po).read_bytes() == before, po


def test_other_babel_version_in_header_is_not_churn(project_copy):
    path = project_copy / HANDOUT_PO
    text = path.read_text(encoding="utf-8")
    text = re.sub(r"Generated-By: Babel [\d.]+", "Generated-By: Babel 2.9.1", text)
    text = re.sub(r"PO-Revision-Date: [^\\]+", "PO-Revision-Date: 2020-01-01 00:00+0000", text)
    path.write_text(text, encoding="utf-8")
    pot = project_copy / "locales/handout.pot"
    pot.write_text(re.sub(r"Generated-By: Babel [\d.]+", "Generated-By: Babel 2.9.1",
                          pot.read_text(encoding="utf-8")), encoding="utf-8")
    before = {p: p.read_bytes() for p in (path, pot)}
    run_update(project_copy)
    assert {p: p.read_bytes() for p in (path, pot)} == before


def test_poedit_headers_survive_an_update_that_changes_entries(project_copy):
    path = project_copy / SEED_PO
    text = path.read_text(encoding="utf-8")
    text = text.replace('"Plural-Forms: nplurals=1; plural=0;\\n"\n',
                        '"Plural-Forms: nplurals=1; plural=0;\\n"\n'
                        '"X-Generator: Poedit 3.4.2\\n"\n'
                        '"X-Poedit-SourceCharset: UTF-8\\n"\n', 1)
    path.write_text(text, encoding="utf-8")
    header_before = pofile.split_blocks(text)[0]
    edit_file(project_copy / f"articles/{SEED_SLUG}.md", OLD_LINE, NEW_LINE)
    run_update(project_copy)
    after = path.read_text(encoding="utf-8")
    assert "provides the biological" in after
    header_after = pofile.split_blocks(after)[0]
    assert "X-Generator: Poedit 3.4.2" in header_after
    assert "X-Poedit-SourceCharset: UTF-8" in header_after
    assert changed_lines(header_before, header_after)[1].startswith('+"POT-Creation-Date:')
    assert len(changed_lines(header_before, header_after)) == 2


def test_update_reads_obsolete_previous_msgid_lines(project_copy):
    path = project_copy / SEED_PO
    text = path.read_text(encoding="utf-8").rstrip("\n")
    text += ('\n\n#, fuzzy\n#~| msgid "An older paragraph"\n'
             '#~ msgid "A paragraph that left the article"\n#~ msgstr "一段已移除的段落"\n')
    path.write_text(text, encoding="utf-8")
    before = path.read_bytes()
    run_update(project_copy)                     # no error, and nothing to change
    assert path.read_bytes() == before
    edit_file(project_copy / f"articles/{SEED_SLUG}.md", OLD_LINE, NEW_LINE)
    run_update(project_copy)
    assert '#~| msgid "An older paragraph"' in path.read_text(encoding="utf-8")


def test_new_catalog_has_gnu_header(project_copy, cli):
    code, out, err = cli("update", "--locale", "ko")
    assert code == 0, err
    text = (project_copy / "locales/ko/LC_MESSAGES/handout.po").read_text(encoding="utf-8")
    header = pofile.split_blocks(text)[0]
    fields = re.findall(r'^"([A-Za-z-]+): ', header, re.MULTILINE)
    assert fields.index("Language-Team") < fields.index("Language") < fields.index("Plural-Forms")
    assert '"Language: ko\\n"' in header
    assert '"Language-Team: 한국어 <>\\n"' in header
    assert '"Plural-Forms: nplurals=1; plural=0;\\n"' in header
    assert "charset=UTF-8" in header
    assert "2026-11-25" not in re.search(r"PO-Revision-Date: ([^\\]+)", header)[1]
    # What msgmerge would write: running it changes nothing.
    before = text
    subprocess.run(["msgmerge", "--quiet", "--previous", "-o", "locales/ko/LC_MESSAGES/handout.po",
                    "locales/ko/LC_MESSAGES/handout.po", "locales/handout.pot"],
                   cwd=project_copy, check=True)
    assert (project_copy / "locales/ko/LC_MESSAGES/handout.po").read_text(encoding="utf-8") == before


def test_update_adds_a_new_locale_to_the_config(project_copy, cli):
    config_before = (project_copy / "clinic.yaml").read_text(encoding="utf-8")
    code, out, err = cli("update", "--locale", "ko-KR")
    assert code == 0, err
    assert "added ko-KR to the locales of clinic.yaml" in out
    assert (project_copy / "locales/ko_KR/LC_MESSAGES/handout.po").exists()
    config = load_config(project_copy / "clinic.yaml")
    assert config.locales[-1] == "ko-KR"
    after = (project_copy / "clinic.yaml").read_text(encoding="utf-8")
    assert changed_lines(config_before, after) == ["+  - ko-KR"]
    folders = {p.name for p in (project_copy / "locales").iterdir() if p.is_dir()}
    code, out, err = cli("init", "--locale", "ko_KR")        # same locale, same folder
    assert code == 0 and "added" not in out
    assert {p.name for p in (project_copy / "locales").iterdir() if p.is_dir()} == folders


def test_flow_style_locales_get_a_one_line_instruction(project_copy, cli):
    config = project_copy / "clinic.yaml"
    text = config.read_text(encoding="utf-8")
    text = re.sub(r"locales:\n(  - .*\n)+", "locales: [en, zh-TW]\n", text)
    config.write_text(text, encoding="utf-8")
    code, out, err = cli("init", "--locale", "ja")
    assert code == 1
    assert re.fullmatch(r"clinic\.yaml:\d+: add 'ja' to the 'locales' list by hand, "
                        r"e\.g\. 'locales: \[en, zh-TW, ja\]'\n", err)


def test_status_warns_about_unconfigured_catalogs(project_copy, cli):
    folder = project_copy / "locales/fr/LC_MESSAGES"
    folder.mkdir(parents=True)
    (folder / f"{SEED_SLUG}.po").write_bytes((project_copy / SEED_PO).read_bytes())
    code, out, err = cli("status", "--json")
    assert code == 0
    assert "warning: locales/fr: catalogs for 'fr'" in err
    # Handout labels prepared ahead of any article (th) are not reported.
    assert (project_copy / "locales/th/LC_MESSAGES/handout.po").exists()
    assert "locales/th" not in err


def test_update_check(project_copy, cli):
    code, out, err = cli("update", "--check", "--locale", "zh-TW")
    assert code == 0, err
    snapshot = {p: p.read_bytes() for p in (project_copy / "locales").rglob("*") if p.is_file()}
    edit_file(project_copy / f"articles/{SEED_SLUG}.md", OLD_LINE, NEW_LINE)
    code, out, err = cli("update", "--check", "--locale", "zh-TW")
    assert code == 1
    assert f"{SEED_POT}: out of date" in err
    assert f"{SEED_PO}: out of date" in err
    assert {p: p.read_bytes() for p in (project_copy / "locales").rglob("*")
            if p.is_file()} == snapshot


def test_update_never_writes_a_catalog_msgfmt_rejects(project_copy, monkeypatch):
    from i18n.errors import CatalogError
    path = project_copy / SEED_PO
    before = path.read_bytes()
    edit_file(project_copy / f"articles/{SEED_SLUG}.md", OLD_LINE, NEW_LINE)
    extract(Project.load(project_copy))
    real = pofile.splice

    def broken_splice(*args):                   # as if the writer had a bug
        data = real(*args)
        return data and data.replace(b'msgstr "', b'msgstr "\\q', 1)
    monkeypatch.setattr(pofile, "splice", broken_splice)
    with pytest.raises(CatalogError, match="refusing to write an invalid catalog"):
        update(Project.load(project_copy), ZH_TW)
    assert path.read_bytes() == before
    assert not list(path.parent.glob(".*.tmp"))


def test_detect_width():
    assert pofile.detect_width('msgid ""\n"' + "a" * 58 + '"\n') == 60
    assert pofile.detect_width('msgid "' + "a" * 200 + '"\n') is None
    assert pofile.detect_width('msgid ""\n"' + "a" * 76 + '"\n') == pofile.GNU_WIDTH


def test_a_catalog_saved_with_windows_line_endings_keeps_them(project_copy):
    path = project_copy / SEED_PO
    path.write_bytes(path.read_bytes().replace(b"\n", b"\r\n"))
    before = path.read_bytes()
    run_update(project_copy)
    assert path.read_bytes() == before                       # no change: not rewritten
    edit_file(project_copy / f"articles/{SEED_SLUG}.md", OLD_LINE, NEW_LINE)
    run_update(project_copy)
    after = path.read_bytes()
    assert "provides the biological" in after.decode("utf-8").replace("\r\n", " ")
    assert after.count(b"\n") == after.count(b"\r\n")         # every line still ends in CRLF
