"""The translator's daily loop on the command line (i18n/cli/translate.py): update, init,
check and status, as issue 20's "done when" asks."""

from __future__ import annotations

import os
import re

import polib
from conftest import SEED_SLUG, snapshot_files

LOCALES = ("zh-TW", "ja", "zh-CN", "vi", "ar", "ko", "th", "id")
POSIX = {"zh-TW": "zh_TW", "zh-CN": "zh_CN"}
OLD = "These typically resolve within 24 to 48 hours."
NEW = "These usually resolve within 24 to 48 hours."


def _po(root, tag, domain=SEED_SLUG):
    return root / "locales" / POSIX.get(tag, tag) / "LC_MESSAGES" / f"{domain}.po"


def test_update_without_options_updates_every_locale_and_prints_counts(cli, project_copy):
    article = project_copy / "articles" / f"{SEED_SLUG}.md"
    article.write_text(article.read_text(encoding="utf-8").replace(OLD, NEW), encoding="utf-8")
    before = snapshot_files(project_copy / "locales")
    code, out, err = cli("update")            # no extract first, no --locale
    assert code == 0, err
    lines = out.splitlines()
    assert lines[0] == f"extracted locales/{SEED_SLUG}.pot (its sources changed)"
    for tag in LOCALES:
        shown = _po(project_copy, tag).relative_to(project_copy).as_posix()
        assert f"wrote {shown}: 0 new, 1 changed (fuzzy), 0 obsolete, 0 from memory" in lines
        entry = next(e for e in polib.pofile(str(_po(project_copy, tag)))
                     if NEW in e.msgid and not e.obsolete)
        assert entry.fuzzy and OLD in entry.previous_msgid and entry.msgstr
    # Only the article's catalogs (and its POT) changed; the handout domain did not move.
    after = snapshot_files(project_copy / "locales")
    changed = {name for name in after if after[name] != before.get(name)}
    assert changed == {f"{SEED_SLUG}.pot"} | {
        f"{POSIX.get(tag, tag)}/LC_MESSAGES/{SEED_SLUG}.po" for tag in LOCALES}
    code, out, err = cli("update", "-l", "ja", "--locale", "zh-TW")
    assert code == 0 and all(line.startswith("unchanged ") for line in out.splitlines()), out
    assert cli("update", "--check")[1] == "catalogs are up to date\n"


def test_update_from_needs_a_locale(cli, project_copy):
    code, out, err = cli("update", "--from", "zh-TW")
    assert code == 1 and "needs" not in out and "name it with --locale" in err
    assert len(err.strip().splitlines()) == 1


def test_init_leaves_every_other_catalog_byte_identical(cli, project_copy):
    before = snapshot_files(project_copy / "locales")
    config_before = (project_copy / "clinic.yaml").read_text(encoding="utf-8")
    code, out, err = cli("init", "--locale", "es")
    assert code == 0, err
    after = snapshot_files(project_copy / "locales")
    assert {name: data for name, data in after.items() if not name.startswith("es/")} == before
    assert sorted(name for name in after if name.startswith("es/")) == [
        "es/LC_MESSAGES/handout.po", "es/LC_MESSAGES/library.po",
        f"es/LC_MESSAGES/{SEED_SLUG}.po", "es/glossary.csv"]
    # The disclaimer moved down a line in clinic.yaml; handout.pot did not change.
    assert (project_copy / "clinic.yaml").read_text(encoding="utf-8") != config_before
    assert "- es\n" in (project_copy / "clinic.yaml").read_text(encoding="utf-8")
    assert (project_copy / "locales/es/glossary.csv").read_text(encoding="utf-8") == \
        "source,target,note,mandatory\n"
    header = polib.pofile(str(_po(project_copy, "es", "handout"))).metadata
    assert header["Last-Translator"] == "" and "EMAIL@ADDRESS" not in header["Last-Translator"]
    assert "next steps for es:" in out and "xliff -l es" in out and "check -l es" in out
    code, out, err = cli("update", "--check")
    assert code == 0, err


def test_init_takes_last_translator_from_the_config(cli, project_copy):
    config = project_copy / "clinic.yaml"
    config.write_text(config.read_text(encoding="utf-8").replace(
        "translators:\n", "translators:\n  fr: Claire Dubois\n"), encoding="utf-8")
    code, out, err = cli("init", "-l", "fr")
    assert code == 0, err
    assert polib.pofile(str(_po(project_copy, "fr"))).metadata["Last-Translator"] == \
        "Claire Dubois"
    assert "name the translator" not in out


def _break_numbers(path, count: int) -> list[polib.POEntry]:
    """Change a number in *count* translated entries; return them."""
    po = polib.pofile(str(path))
    broken = []
    for entry in po:
        match = re.search(r"\d+", entry.msgstr) if entry.msgstr and not entry.obsolete else None
        if match and re.search(rf"(?<!\d){match[0]}(?!\d)", entry.msgid):
            value = "77" if match[0] != "77" else "78"
            entry.msgstr = entry.msgstr[:match.start()] + value + entry.msgstr[match.end():]
            broken.append(entry)
            if len(broken) == count:
                break
    po.save()
    return broken


def test_check_only_numbers_prints_only_the_number_errors(cli, project_copy):
    path = _po(project_copy, "zh-TW")
    broken = _break_numbers(path, 3)
    assert len(broken) == 3
    po = polib.pofile(str(path))
    emptied = 0
    for entry in po:
        if entry.msgstr and entry.msgid not in {e.msgid for e in broken} and emptied < 30:
            entry.msgstr = ""
            emptied += 1
    po.save()
    assert emptied == 30
    code, out, err = cli("check", "--locale", "zh-TW")
    assert code == 1 and out.count("[untranslated]") == 30
    code, out, err = cli("check", "--locale", "zh-TW", "--only", "numbers")
    assert code == 1
    findings = [line for line in out.splitlines() if not line.startswith("    ")]
    details = [line for line in out.splitlines() if line.startswith("    ")]
    assert len(findings) == len(details) >= 3
    assert all("error: [numbers]" in line for line in findings)
    po = polib.pofile(str(path))
    for entry in broken:
        entry = po.find(entry.msgid)
        where = f"locales/zh_TW/LC_MESSAGES/{SEED_SLUG}.po:{entry.linenum}: "
        index = next(i for i, line in enumerate(findings) if line.startswith(where))
        path_, line = entry.occurrences[0]
        assert details[index].startswith(f"    #: {path_}:{line}  \"")
        assert " ".join(entry.msgid.split())[:30] in details[index]
    assert "by check:" in err and re.search(r"numbers\s+\d+ errors", err)
    assert "untranslated" not in out + err


def test_check_errors_come_first_and_filters(cli, project_copy):
    path = _po(project_copy, "vi")
    po = polib.pofile(str(path))
    translated = [e for e in po if e.msgstr and not e.obsolete]
    translated[0].msgstr = translated[0].msgstr.rstrip(".") + " "   # warnings
    po.save()
    _break_numbers(path, 1)
    code, out, err = cli("check", "-l", "vi", "--slug", SEED_SLUG)
    severities = [m[1] for m in re.finditer(r": (error|warning): \[", out)]
    assert code == 1 and "warning" in severities and severities == sorted(severities)
    assert "handout.po" not in out
    code, out, err = cli("check", "-l", "vi", "--errors-only")
    assert ": warning: " not in out and ": error: [numbers]" in out
    code, out, err = cli("check", "-l", "vi", "--only", "numbers,bogus")
    assert code == 2 and "unknown check bogus" in err


def test_status_at_80_columns(cli, project_copy):
    po = polib.pofile(str(_po(project_copy, "zh-CN")))
    next(e for e in po if e.msgstr).msgstr = ""
    po.save()
    code, out, err = cli("status", env={**os.environ, "COLUMNS": "80", "TERM": "xterm"})
    assert code == 0, err
    rows = [line for line in out.splitlines() if SEED_SLUG[:8] in line]
    table_lines = out.splitlines()
    assert max(len(line) for line in table_lines if "blocked:" not in line) <= 80
    header = next(line for line in table_lines if "locale" in line)
    for name in ("own", "template", "status"):
        assert name in header
    tags = set()
    for line in rows[:len(LOCALES)]:
        found = re.search(r"\s(zh-TW|zh-CN|ja|vi|ar|ko|th|id)\s+(ready|blocked)\s", line)
        assert found, line
        tags.add(found[1])
    assert tags == set(LOCALES)
    assert f"{SEED_SLUG} zh-CN: blocked: zh-CN: 1 untranslated" in out
