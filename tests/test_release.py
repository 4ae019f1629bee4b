"""``export.py all`` publishes one consistent release: every file current and gated, or gone.

The scenario of issue 17, end to end through the command line, opening the
real files of ``dist/``: a refused handout leaves nothing behind (no PDF of
any variant, no thumbnail, no zip entry, no web page, no library link, no
``hreflang`` to it), and restoring it brings every output back; variants
that flags add are each their own variant and stay current; two runs at
once do not lose each other's work; ``dist/`` is data, never authority.
"""

from __future__ import annotations

import fcntl
import json
import os
import re
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import polib
import pytest
from conftest import REPO, SEED_SLUG, copy_project, run_cli
from pdfutil import page_sizes, pdf_text, word_heights

SEED_PO = f"locales/zh_TW/LC_MESSAGES/{SEED_SLUG}.po"
HOURS = "24至48小時"
A4, LETTER = (595, 842), (612, 792)


def ok(result: tuple[int, str, str]) -> tuple[int, str, str]:
    code, out, err = result
    assert code == 0, out + err
    return result


def manifest(root: Path) -> dict:
    return json.loads((root / "dist/manifest.json").read_text(encoding="utf-8"))


def set_hours(root: Path, new: str, old: str = HOURS) -> None:
    path = root / SEED_PO
    po = polib.pofile(str(path), wrapwidth=79)
    entry = next(e for e in po if not e.obsolete and old in e.msgstr)
    entry.msgstr = entry.msgstr.replace(old, new)
    po.save(str(path))


def hreflangs(page: Path) -> set[str]:
    return set(re.findall(r'<link rel="alternate" hreflang="([^"]+)"',
                          page.read_text(encoding="utf-8")))


def zip_names(path: Path) -> list[str]:
    with zipfile.ZipFile(path) as zf:
        return zf.namelist()


def flat(text: str) -> str:
    return "".join(text.split())


# --- the scenario of the issue --------------------------------------------------------

def test_a_refused_handout_leaves_nothing_behind_and_comes_back(tmp_path):
    root = copy_project(tmp_path / "project")
    cli = lambda *args: run_cli(*args, cwd=root, timeout=300)   # noqa: E731
    dist = root / "dist"
    zh = [dist / f"zh-TW/{SEED_SLUG}.pdf", dist / f"zh-TW/{SEED_SLUG}.large-print.pdf"]
    zh_page, en_page = dist / f"web/zh-TW/{SEED_SLUG}.html", dist / f"web/en/{SEED_SLUG}.html"
    zh_thumb = dist / f"thumbs/zh-TW/{SEED_SLUG}.png"

    ok(cli("all", "--locale", "zh-TW", "--locale", "en", "--large-print", "--bundle"))
    ok(cli("web"))
    assert all(path.is_file() for path in (*zh, zh_page, en_page, zh_thumb))
    assert zip_names(dist / "bundles/zh-TW.zip") == [
        "index.html", f"{SEED_SLUG}.zh-TW.large-print.pdf", f"{SEED_SLUG}.zh-TW.pdf"]
    assert "zh-TW" in hreflangs(en_page)
    assert HOURS in flat(pdf_text(zh[1]))
    ok(cli("verify"))

    set_hours(root, "2至4小時")                 # a [numbers] error: the gate refuses it
    code, out, err = ok(cli("all", "--locale", "zh-TW"))
    assert re.search(rf"^blocked zh-TW/{SEED_SLUG}: {SEED_PO}:\d+: \[numbers\]", out, re.M), out
    assert re.search(rf"^blocked zh-TW/{SEED_SLUG} \(large-print\): {SEED_PO}:\d+: \[numbers\]",
                     out, re.M), out               # output lines name the variant
    ok(cli("web"))

    assert not any(path.exists() for path in (*zh, zh_thumb, zh_page))
    assert not (dist / "bundles/zh-TW.zip").exists()
    assert zip_names(dist / "bundles/en.zip")[1:] == [f"{SEED_SLUG}.en.large-print.pdf",
                                                     f"{SEED_SLUG}.en.pdf"]
    assert hreflangs(en_page) == {"en", "x-default"}
    sitemap = (dist / "web/sitemap.xml").read_text(encoding="utf-8")
    assert "/zh-TW/" not in sitemap and f"/en/{SEED_SLUG}.html" in sitemap
    index = (dist / "index.html").read_text(encoding="utf-8")
    assert f'href="zh-TW/{SEED_SLUG}' not in index and f'href="en/{SEED_SLUG}.pdf"' in index
    entries = manifest(root)["handouts"]
    for key in (f"{SEED_SLUG}/zh-TW", f"{SEED_SLUG}/zh-TW/large-print"):
        assert entries[key]["status"] == "blocked", key
        assert entries[key]["path"] is None and entries[key]["sha256"] == ""
    assert not [p for p in dist.rglob("*") if "zh-TW" in p.name or "zh-TW" in p.parent.name
                if p.is_file()]
    assert not list(dist.rglob("*.tmp"))
    code, out, err = cli("verify")
    assert (code, out) == (0, ""), out + err

    set_hours(root, HOURS, old="2至4小時")      # restored: every output comes back
    code, out, err = ok(cli("all", "--locale", "zh-TW", "--locale", "en"))
    assert re.search(rf"^built dist/zh-TW/{SEED_SLUG}\.large-print\.pdf", out, re.M), out
    assert all(path.is_file() for path in (*zh, zh_page, zh_thumb))
    assert zip_names(dist / "bundles/zh-TW.zip") == [
        "index.html", f"{SEED_SLUG}.zh-TW.large-print.pdf", f"{SEED_SLUG}.zh-TW.pdf"]
    assert "zh-TW" in hreflangs(en_page)
    assert f'href="zh-TW/{SEED_SLUG}.pdf"' in (dist / "index.html").read_text(encoding="utf-8")
    assert f'href="zh-TW/{SEED_SLUG}.large-print.pdf"' in \
        (dist / "index.html").read_text(encoding="utf-8")
    assert HOURS in flat(pdf_text(zh[1]))
    ok(cli("verify"))


# --- variants ---------------------------------------------------------------------------

def test_each_flag_adds_its_own_variant_and_they_stay_current(tmp_path):
    root = copy_project(tmp_path / "project")
    cli = lambda *args: run_cli(*args, cwd=root, timeout=300)   # noqa: E731
    en = root / "dist/en"
    standard, large, letter = (en / f"{SEED_SLUG}.pdf", en / f"{SEED_SLUG}.large-print.pdf",
                               en / f"{SEED_SLUG}.letter.pdf")

    code, out, err = ok(cli("all", "--locale", "en", "--large-print", "--paper", "letter"))
    assert sorted(p.name for p in en.iterdir()) == sorted(p.name for p in (standard, large,
                                                                          letter))
    assert page_sizes(large) == {A4} and page_sizes(letter) == {LETTER}   # A4 large print,
    assert page_sizes(standard) == {A4}                                   # regular Letter
    assert max(word_heights(large)) > max(word_heights(letter)) * 1.1
    assert manifest(root)["release"]["variants"] == ["large-print", "letter"]

    # A later run without flags keeps both variants current: none is left stale.
    article = root / "articles" / f"{SEED_SLUG}.md"
    article.write_text(article.read_text(encoding="utf-8").replace(
        "24 to 48 hours", "24 to 48 hours (rarely longer)"), encoding="utf-8")
    code, out, err = ok(cli("all", "--locale", "en"))
    assert len(re.findall(r"^built dist/en/", out, re.M)) == 3, out
    for pdf in (standard, large, letter):
        assert "(rarelylonger)" in flat(pdf_text(pdf)), pdf
    ok(cli("verify"))

    # A combination by name is one variant; a dropped variant leaves nothing behind.
    code, out, err = ok(cli("all", "--locale", "en", "--variant", "large-print+letter",
                            "--drop-variant", "letter"))
    combined = en / f"{SEED_SLUG}.large-print.letter.pdf"
    assert page_sizes(combined) == {LETTER}
    assert not letter.exists() and f"removed dist/en/{SEED_SLUG}.letter.pdf" in out
    assert sorted(manifest(root)["handouts"]) == [
        f"{SEED_SLUG}/en", f"{SEED_SLUG}/en/large-print", f"{SEED_SLUG}/en/large-print.letter"]
    index = (root / "dist/index.html").read_text(encoding="utf-8")
    assert f"{SEED_SLUG}.letter.pdf" not in index and f"{SEED_SLUG}.large-print.letter.pdf" \
        in index
    ok(cli("verify"))


# --- dist/ is data, not authority -------------------------------------------------------

@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    root = copy_project(tmp_path_factory.mktemp("release") / "project")
    ok(run_cli("all", "--locale", "en", "--bundle", cwd=root, timeout=300))
    return root


def test_a_same_size_pdf_written_by_hand_is_rebuilt_not_skipped(built):
    pdf = built / f"dist/en/{SEED_SLUG}.pdf"
    good = pdf.read_bytes()
    pdf.write_bytes(good[:-20] + b"%" * 20)          # the same size, other bytes
    code, out, err = ok(run_cli("all", "--locale", "en", cwd=built, timeout=300))
    assert f"built dist/en/{SEED_SLUG}.pdf" in out, out
    assert pdf.read_bytes() == good                   # the build is deterministic
    with zipfile.ZipFile(built / "dist/bundles/en.zip") as zf:
        assert zf.read(f"{SEED_SLUG}.en.pdf") == good


def test_a_shard_manifest_cannot_add_a_locale_or_an_article(built):
    dist = built / "dist"
    entry = dict(manifest(built)["handouts"][f"{SEED_SLUG}/en"])
    forged = {"fr": {**entry, "locale": "fr", "path": f"fr/{SEED_SLUG}.pdf"},
              "ghost": {**entry, "slug": "ghost", "path": "en/ghost.pdf"}}
    (dist / "fr").mkdir()
    (dist / f"fr/{SEED_SLUG}.pdf").write_bytes((dist / entry["path"]).read_bytes())
    (dist / "en/ghost.pdf").write_bytes((dist / entry["path"]).read_bytes())
    (dist / "manifest.shard-1-of-2.json").write_text(
        json.dumps({"format": 2, "handouts": forged}), encoding="utf-8")
    code, out, err = ok(run_cli("all", "--locale", "en", cwd=built, timeout=300))
    assert re.search(r"^warning: dist: a shard manifest lists prp-basement-membrane/fr, but the "
                     r"project has no locale 'fr'; ignored$", err, re.M), err
    assert "a shard manifest lists ghost/en, but the project has no article 'ghost'" in err
    assert not (dist / f"fr/{SEED_SLUG}.pdf").exists() and not (dist / "en/ghost.pdf").exists()
    assert {key.split("/")[:2][1] for key in manifest(built)["handouts"]} == {"en"}
    assert {key.split("/")[0] for key in manifest(built)["handouts"]} == {SEED_SLUG}
    index = (dist / "index.html").read_text(encoding="utf-8")
    assert "fr/" not in index and "ghost" not in index
    ok(run_cli("verify", cwd=built))


def _hold(folder: Path) -> bool:
    """Whether another process holds the lock on *folder* now."""
    fd = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
    try:
        fcntl.flock(fd, fcntl.LOCK_SH | fcntl.LOCK_NB)
        return False
    except BlockingIOError:
        return True
    finally:
        os.close(fd)


def test_two_runs_at_once_take_turns_and_lose_nothing(tmp_path):
    root = copy_project(tmp_path / "project")
    command = [sys.executable, str(REPO / "export.py"), "all"]
    first = subprocess.Popen([*command, "--locale", "en"], cwd=root, text=True,
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 60
    while not ((root / "dist").is_dir() and _hold(root / "dist")):
        assert first.poll() is None and time.monotonic() < deadline, first.communicate()
        time.sleep(0.02)
    second = subprocess.run([*command, "--locale", "zh-TW"], cwd=root, text=True,
                            capture_output=True, timeout=300)
    out, err = first.communicate(timeout=300)
    assert first.returncode == 0 and second.returncode == 0, err + second.stderr
    assert "waiting: another export.py run is writing dist/" in second.stderr
    standard = {key for key, entry in manifest(root)["handouts"].items() if not entry["variant"]}
    assert standard == {f"{SEED_SLUG}/en", f"{SEED_SLUG}/zh-TW"}
    index = (root / "dist/index.html").read_text(encoding="utf-8")
    assert f'href="en/{SEED_SLUG}.pdf"' in index and f'href="zh-TW/{SEED_SLUG}.pdf"' in index
