"""The export gate: nothing with an error-level finding reaches a patient.

Each hostile or mistaken translation below is reported by ``check`` and
refused by ``pdf`` and ``all`` with ``file:line``; a draft never touches
``dist/``.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import polib
import pytest
from conftest import SEED_SLUG
from pdfutil import pdf_text

SEED_PO = f"locales/zh_TW/LC_MESSAGES/{SEED_SLUG}.po"
HANDOUT_PO = "locales/zh_TW/LC_MESSAGES/handout.po"
PDF = f"dist/zh-TW/{SEED_SLUG}.pdf"
#: The seed's "swelling ... resolves within 24 to 48 hours" sentence, as translated.
HOURS = "24至48小時"


def set_msgstr(path: Path, find, new_text) -> int:
    """Give the entry whose msgstr contains *find* (or whose msgid is *find*) a new
    msgstr (``new_text(old)``); return its line."""
    po = polib.pofile(str(path), wrapwidth=79)
    entry = next(e for e in po if not e.obsolete and (find in e.msgstr or e.msgid == find))
    entry.msgstr = new_text(entry.msgstr)
    entry.flags = [f for f in entry.flags if f != "python-brace-format"]
    po.save(str(path))
    return next(e for e in polib.pofile(str(path)) if e.msgid == entry.msgid).linenum


HOSTILE = {
    "wrong hours": (SEED_PO, HOURS, lambda s: s.replace(HOURS, "2至4小時"), "numbers"),
    "bidi override": (SEED_PO, HOURS, lambda s: s.replace(HOURS, "\u202e24至48\u202c小時"),
                      "invisible"),
    "attribute access": (HANDOUT_PO, "Published: {date}",
                         lambda s: "發布日期：{date.__class__.__mro__}", "placeholders"),
    "huge format spec": (HANDOUT_PO, "Published: {date}",
                         lambda s: "發布日期：{date:>4000000}", "placeholders"),
    "added link": (SEED_PO, HOURS, lambda s: s + " [詳情](https://evil.example/)", "markup"),
}


@pytest.mark.parametrize("case", HOSTILE)
def test_check_reports_and_export_refuses(cli, project_copy, case):
    catalog, find, change, check = HOSTILE[case]
    line = set_msgstr(project_copy / catalog, find, change)
    code, out, err = cli("check", "--locale", "zh-TW")
    assert code == 1
    assert re.search(rf"^{re.escape(catalog)}:{line}: error: \[{check}\]", out, re.M), out

    code, out, err = cli("pdf", SEED_SLUG, "--locale", "zh-TW")
    assert code == 1
    assert err.startswith(f"{catalog}:{line}: ["), err     # the first of its errors
    assert len(err.strip().splitlines()) == 1 and "Traceback" not in err
    assert not (project_copy / "dist").exists()


def test_all_blocks_the_handout_and_the_library_shows_it_not_available(cli, project_copy):
    assert cli("all", "--locale", "zh-TW", "--locale", "en")[0] == 0
    assert (project_copy / PDF).exists()
    line = set_msgstr(project_copy / SEED_PO, HOURS, lambda s: s.replace(HOURS, "2至4小時"))
    code, out, err = cli("all", "--locale", "zh-TW", "--locale", "en")
    assert code == 0, err                       # blocked is not failed, without --strict
    assert not (project_copy / PDF).exists()     # the wrong hours are gone from dist/
    manifest = json.loads((project_copy / "dist/manifest.json").read_text(encoding="utf-8"))
    entry = next(e for e in manifest["handouts"].values()
                 if e["locale"] == "zh-TW" and e["slug"] == SEED_SLUG)
    assert entry["status"] == "blocked"
    assert entry["reason"].startswith(f"{SEED_PO}:{line}: [numbers]")
    index = (project_copy / "dist/index.html").read_text(encoding="utf-8")
    assert f'href="zh-TW/{SEED_SLUG}.pdf"' not in index
    assert cli("all", "--locale", "zh-TW", "--strict")[0] == 1


def test_warnings_do_not_block(cli, project_copy):
    set_msgstr(project_copy / SEED_PO, HOURS, lambda s: s + "  ")   # whitespace warning
    code, out, err = cli("check", "--locale", "zh-TW")
    assert code == 0 and "warning: [whitespace]" in out
    assert cli("pdf", SEED_SLUG, "--locale", "zh-TW")[0] == 0


def test_a_draft_never_prints_the_wrong_number(cli, project_copy):
    set_msgstr(project_copy / SEED_PO, HOURS, lambda s: s.replace(HOURS, "2至4小時"))
    code, out, err = cli("pdf", SEED_SLUG, "--locale", "zh-TW", "--draft")
    assert code == 0, err
    draft = project_copy / "drafts" / "zh-TW" / f"{SEED_SLUG}.pdf"
    text = "".join(pdf_text(draft).split())
    assert "2至4小時" not in text
    assert "24to48hours" in text                 # the source, marked, instead


def test_drafts_and_variants_never_overwrite_the_library_pdf(cli, project_copy):
    assert cli("pdf", SEED_SLUG, "--locale", "zh-TW")[0] == 0
    canonical = (project_copy / PDF).read_bytes()
    for args in (["--draft"], ["--large-print"], ["--paper", "letter"],
                 ["--large-print", "--draft"]):
        code, out, err = cli("pdf", SEED_SLUG, "--locale", "zh-TW", *args)
        assert code == 0, err
        assert (project_copy / PDF).read_bytes() == canonical, args
    assert (project_copy / "drafts/zh-TW" / f"{SEED_SLUG}.pdf").exists()
    assert (project_copy / "dist/zh-TW" / f"{SEED_SLUG}.large-print.pdf").exists()
    assert (project_copy / "dist/zh-TW" / f"{SEED_SLUG}.letter.pdf").exists()
    code, out, err = cli("pdf", SEED_SLUG, "--locale", "zh-TW", "--draft", "-o", PDF)
    assert code == 1 and "never written under dist/" in err
    assert (project_copy / PDF).read_bytes() == canonical


def test_a_hostile_shard_manifest_deletes_nothing_outside_dist(cli, project_copy):
    victim = project_copy / "articles" / "keep.txt"
    victim.write_text("precious", encoding="utf-8")
    outside = project_copy.parent / "outside.pdf"
    outside.write_text("precious", encoding="utf-8")
    dist = project_copy / "dist"
    dist.mkdir()
    hostile = {
        "../articles/keep": {"slug": "../articles/keep", "locale": "..", "status": "built",
                             "path": "../articles/keep.txt", "size": 8},
        "x/en": {"slug": "gone-article", "locale": "en", "status": "built",
                 "path": "../../outside.pdf", "size": 8},
        "y/en": {"slug": "gone-article", "locale": "../..", "status": "built"},
    }
    for name, entries in (("manifest.shard-1-of-2.json", hostile),
                          ("manifest.json", {"a": ["not", "an", "object"]})):
        (dist / name).write_text(json.dumps({"format": 1, "handouts": entries}),
                                 encoding="utf-8")
    code, out, err = cli("all", "--locale", "en")
    assert code == 0, err
    assert victim.read_text(encoding="utf-8") == "precious"
    assert outside.read_text(encoding="utf-8") == "precious"
    assert "malformed manifest" in err and "ignored" in err
    assert "Traceback" not in err
    assert (dist / "en" / f"{SEED_SLUG}.pdf").exists()


@pytest.mark.parametrize("payload", [b"\x00\xff garbage", b"[]", b'{"handouts": 5}',
                                     b'{"handouts": {"k": {"slug": 1}}}', b"[" * 100000])
def test_malformed_manifest_is_ignored_as_a_cache(cli, project_copy, payload):
    (project_copy / "dist").mkdir()
    (project_copy / "dist/manifest.json").write_bytes(payload)
    code, out, err = cli("all", "--locale", "en")
    assert code == 0, err
    assert "malformed manifest" in err and "Traceback" not in err
    assert (project_copy / "dist" / "en" / f"{SEED_SLUG}.pdf").exists()
