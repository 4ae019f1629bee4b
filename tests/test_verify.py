"""``export.py verify``: every file of ``dist/`` that is not the current, gated build, named.

One real release (en and zh-TW, with bundles and web pages) is built once;
each test tampers with a copy of it the way things go wrong in practice and
reads what ``verify`` says: one ``path: why`` line per file, a non-zero exit,
and not one byte written.
"""

from __future__ import annotations

import json
import os
import zipfile
from pathlib import Path

import polib
import pytest
from conftest import SEED_SLUG, copy_built, copy_project, run_cli

SEED_PO = f"locales/zh_TW/LC_MESSAGES/{SEED_SLUG}.po"
PDF = f"dist/zh-TW/{SEED_SLUG}.pdf"


@pytest.fixture(scope="module")
def release(tmp_path_factory) -> Path:
    root = copy_project(tmp_path_factory.mktemp("verify") / "project")
    code, out, err = run_cli("all", "--locale", "en", "--locale", "zh-TW", "--bundle",
                             cwd=root, timeout=300)
    assert code == 0, out + err
    return root


@pytest.fixture
def root(release: Path, tmp_path: Path) -> Path:
    return copy_built(release, tmp_path)


def verify(root: Path) -> tuple[int, dict[str, str], str]:
    """(exit code, {path: why}, stderr), checking that verify wrote nothing."""
    before = {p: (p.stat().st_mtime_ns, p.read_bytes()) for p in root.rglob("*") if p.is_file()}
    code, out, err = run_cli("verify", cwd=root)
    after = {p: (p.stat().st_mtime_ns, p.read_bytes()) for p in root.rglob("*") if p.is_file()}
    assert after == before, "verify wrote something"
    assert "Traceback" not in err
    lines = dict(line.split(": ", 1) for line in out.splitlines())
    assert len(lines) == len(out.splitlines())     # one line per file
    return code, lines, err


def change_hours(root: Path) -> None:
    path = root / SEED_PO
    po = polib.pofile(str(path), wrapwidth=79)
    entry = next(e for e in po if "24至48小時" in e.msgstr)
    entry.msgstr = entry.msgstr.replace("24至48小時", "2至4小時")
    po.save(str(path))


def test_a_fresh_release_verifies(root):
    code, lines, err = verify(root)
    assert (code, lines) == (0, {}), lines
    assert "dist/ is the current, gated release" in err


def test_a_pdf_swapped_by_hand_is_named(root):
    swapped = root / "dist" / "en" / f"{SEED_SLUG}.pdf"
    swapped.write_bytes((root / PDF).read_bytes())      # a real PDF, just not this one
    code, lines, err = verify(root)
    assert code == 1
    assert lines[f"dist/en/{SEED_SLUG}.pdf"].startswith(
        "its bytes do not match the manifest's sha256")
    assert "are not the current, gated release" in err


def test_a_blocked_handout_put_back_is_named(root):
    """The catalog changed a number, and the old PDF and its zip stayed (or came back)."""
    change_hours(root)
    code, lines, err = verify(root)
    assert code == 1
    assert lines[PDF].startswith("blocked but present: ") and "numbers" in lines[PDF]
    assert lines["dist/bundles/zh-TW.zip"].startswith("not published by the release")
    assert lines[f"dist/web/zh-TW/{SEED_SLUG}.html"].startswith("not published by the release")
    assert f"dist/web/en/{SEED_SLUG}.html" in lines          # its hreflang to zh-TW is stale
    assert f"dist/thumbs/zh-TW/{SEED_SLUG}.png" in lines

    assert run_cli("all", "--locale", "zh-TW", cwd=root, timeout=300)[0] == 0
    assert verify(root)[:2] == (0, {})


def test_stale_unknown_and_forged_files_are_named(root):
    dist = root / "dist"
    article = root / "articles" / f"{SEED_SLUG}.md"
    article.write_text(article.read_text(encoding="utf-8") + "\nOne more paragraph.\n",
                       encoding="utf-8")
    (dist / "en" / "old-handout.pdf").write_bytes(b"%PDF-1.7 left over")
    (dist / "notes.txt").write_text("mine", encoding="utf-8")
    os.symlink("/etc/hostname", dist / "en" / "link.pdf")
    code, lines, err = verify(root)
    assert code == 1
    assert lines[f"dist/en/{SEED_SLUG}.pdf"].startswith("stale: its inputs changed")
    assert lines[PDF] == "blocked but present: 1 untranslated"   # the new paragraph
    assert lines["dist/en/old-handout.pdf"] == "unknown to the manifest"
    assert lines["dist/notes.txt"] == "unknown to the manifest"
    assert lines["dist/en/link.pdf"] == "a symbolic link, not a file the release made"
    assert lines["dist/bundles/en.zip"].startswith("not published by the release")
    assert lines["dist/index.html"].startswith("stale: ")       # it links the stale PDFs


def test_a_bundle_with_an_extra_entry_is_named(root):
    with zipfile.ZipFile(root / "dist" / "bundles" / "en.zip", "a") as zf:
        zf.writestr("extra.pdf", b"%PDF-1.7 not a handout")
    code, lines, err = verify(root)
    assert code == 1 and lines == {"dist/bundles/en.zip": "stale: not what 'export.py all' "
                                   "publishes from the manifest and today's inputs"}


def test_a_forged_manifest_entry_is_not_believed(root, monkeypatch):
    """A manifest that calls a refused handout built, with the right sha256, still fails."""
    change_hours(root)
    path = root / "dist" / "manifest.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    from i18n.catalogs.project import Project
    from i18n.locales import parse_locale
    from i18n.publish.manifest import inputs_hash
    monkeypatch.chdir(root)
    data["handouts"][f"{SEED_SLUG}/zh-TW"]["inputs_hash"] = inputs_hash(
        Project.load(root), root / "articles" / f"{SEED_SLUG}.md", parse_locale("zh-TW"))
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    code, lines, err = verify(root)
    assert code == 1 and lines[PDF].startswith("blocked but present: ")


def test_a_missing_pdf_and_an_unreadable_manifest_are_named(root):
    (root / PDF).unlink()
    code, lines, err = verify(root)
    assert code == 1 and lines[PDF] == "listed as built in the manifest, but missing"
    (root / "dist" / "manifest.json").write_text("{", encoding="utf-8")
    code, lines, err = verify(root)
    assert code == 1 and lines["dist/manifest.json"].startswith("malformed manifest")
    assert lines[f"dist/en/{SEED_SLUG}.pdf"] == "unknown to the manifest"
