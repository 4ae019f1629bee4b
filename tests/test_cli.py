"""The command line: one line per problem, exit codes, no tracebacks."""

from __future__ import annotations

import json

import polib
from conftest import SEED_SLUG


def _one_clean_line(code: int, err: str) -> str:
    assert code != 0
    assert "Traceback" not in err
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    return lines[0]


def test_unknown_locale(cli):
    line = _one_clean_line(*cli("pdf", SEED_SLUG, "--locale", "xx-YY")[::2])
    assert "unknown locale 'xx-YY'" in line


def test_missing_article(cli):
    line = _one_clean_line(*cli("pdf", "no-such-article", "--locale", "en")[::2])
    assert line.startswith("articles/no-such-article.md: ")


def test_malformed_article_yaml(cli, project_copy):
    path = project_copy / "articles" / "broken.md"
    path.write_text("---\ntitle: [unclosed\n---\nBody.\n", encoding="utf-8")
    line = _one_clean_line(*cli("extract")[::2])
    assert line.startswith("articles/broken.md:")


def test_malformed_po_names_file_and_line(cli, project_copy):
    po = project_copy / "locales/zh_TW/LC_MESSAGES" / f"{SEED_SLUG}.po"
    text = po.read_text(encoding="utf-8").splitlines(keepends=True)
    index = next(i for i, l in enumerate(text) if l.startswith('msgstr "') and l.strip() != 'msgstr ""')
    text[index] = 'msgstr "unterminated\n'
    po.write_text("".join(text), encoding="utf-8")
    before = po.read_bytes()
    line = _one_clean_line(*cli("pdf", SEED_SLUG, "--locale", "zh-TW")[::2])
    assert line.startswith(f"locales/zh_TW/LC_MESSAGES/{SEED_SLUG}.po:{index + 1}:")
    assert po.read_bytes() == before
    assert not (project_copy / "dist" / "zh-TW").exists()


def test_check_reports_a_lost_number(cli, project_copy):
    path = project_copy / "locales/zh_TW/LC_MESSAGES" / f"{SEED_SLUG}.po"
    po = polib.pofile(str(path))
    entry = next(e for e in po if "24 to 48 hours" in e.msgid)
    entry.msgstr = entry.msgstr.replace("24至48小時", "24小時")
    po.save()
    entry = polib.pofile(str(path)).find(entry.msgid)
    code, out, err = cli("check", "--locale", "zh-TW")
    assert code == 1
    assert f"locales/zh_TW/LC_MESSAGES/{SEED_SLUG}.po:{entry.linenum}: error: [numbers]" in out


def test_status_json_and_table(cli, project_copy):
    code, out, err = cli("status", "--json")
    assert code == 0, err
    rows = json.loads(out)
    assert [(r["slug"], r["locale"], r["ready"]) for r in rows] == [
        (SEED_SLUG, tag, True) for tag in ("zh-TW", "ja", "zh-CN", "vi", "ar", "ko", "th", "id")]
    assert rows[0]["translated"] == rows[0]["total"] > 60
    path = project_copy / "locales/zh_TW/LC_MESSAGES" / f"{SEED_SLUG}.po"
    po = polib.pofile(str(path))
    po[3].msgstr = ""
    po[4].flags.append("fuzzy")
    po.save()
    code, out, err = cli("status", "--json", "--locale", "zh-TW")
    row = json.loads(out)[0]
    assert (row["ready"], row["untranslated"], row["fuzzy"]) == (False, 1, 1)
    assert row["reason"] == "zh-TW: 1 untranslated, 1 fuzzy"
    assert row["untranslated_words"] == len(po[3].msgid.split()) + len(po[4].msgid.split())
    code, out, err = cli("status", "--locale", "zh-TW")
    assert "blocked: zh-TW: 1 untranslated, 1 fuzzy" in out


def test_update_refuses_the_source_locale(cli, project_copy):
    line = _one_clean_line(*cli("update", "--locale", "en")[::2])
    assert line.startswith("clinic.yaml:") and "source language" in line
    assert not (project_copy / "locales" / "en").exists()


def test_installed_command_version_and_help_examples(tmp_path, project_copy):
    """pyproject's [project.scripts] gives a 'clinic-handouts' command, the same as export.py."""
    import os
    import shutil
    import subprocess
    import sys

    from conftest import REPO
    source = tmp_path / "src"
    source.mkdir()
    for name in ("pyproject.toml", "README.md"):
        shutil.copy2(REPO / name, source / name)
    shutil.copytree(REPO / "i18n", source / "i18n",
                    ignore=shutil.ignore_patterns("__pycache__"))
    site = tmp_path / "site"
    subprocess.run([sys.executable, "-m", "pip", "install", "-q", "--no-deps", "--no-index",
                    "--no-build-isolation", "--target", str(site), str(source)],
                   check=True, capture_output=True)
    command = site / "bin" / "clinic-handouts"
    env = {**os.environ, "PYTHONPATH": str(site)}
    run = lambda *args: subprocess.run([str(command), *args], cwd=project_copy, env=env,
                                       capture_output=True, text=True, timeout=120)
    result = run("--version")
    assert result.returncode == 0 and result.stdout.startswith("clinic-handouts 0.")
    result = run("status", "-l", "zh-TW", "--json")
    assert result.returncode == 0 and json.loads(result.stdout)[0]["locale"] == "zh-TW"
    for name in ("extract", "update", "init", "check", "status", "xliff", "import-xliff", "tm",
                 "glossary", "review", "pdf", "preview", "all", "web"):
        result = run(name, "-h")
        assert result.returncode == 0 and f"Usage: clinic-handouts {name}" in result.stdout
        assert "Example" in result.stdout, name
