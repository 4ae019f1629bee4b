"""Digests remembered from one command to the next (i18n.publish.digests): the sha256 of
the files of dist/ by their state, and inputs hashes by the quick digest of the same inputs."""

from __future__ import annotations

import os

from conftest import SEED_SLUG, run_cli

from i18n import variants
from i18n.catalogs import cache
from i18n.catalogs.project import Project
from i18n.locales import parse_locale
from i18n.publish import digests, manifest


def _pdf(root):
    return root / "dist" / "zh-TW" / f"{SEED_SLUG}.pdf"


def test_a_second_run_hashes_no_pdf_and_a_pdf_changed_by_hand_is_still_caught(project_copy):
    root = project_copy
    code, out, err = run_cli("all", "--locale", "zh-TW", cwd=root)
    assert code == 0, err
    pdf = _pdf(root)
    # What the next command recalls: this PDF's digest, by its state.
    variants._DIGESTS.clear()
    manifest.KNOWN_INPUTS.clear()
    project = Project.load(root)
    assert digests.recall(project) > 0
    assert variants.file_state(pdf.relative_to(root)) in variants._DIGESTS \
        or variants.file_state(pdf) in variants._DIGESTS
    article = project.articles_dir / f"{SEED_SLUG}.md"
    quick = manifest.inputs_digest(project, article, parse_locale("zh-TW"))
    assert quick in manifest.KNOWN_INPUTS
    assert manifest.KNOWN_INPUTS[quick] == manifest.inputs_hash(project, article,
                                                                parse_locale("zh-TW"))
    # Same size, same modification time, other bytes: its state (ctime) differs.
    data = bytearray(pdf.read_bytes())
    before = os.stat(pdf)
    data[-20] ^= 1
    pdf.write_bytes(bytes(data))
    os.utime(pdf, ns=(before.st_atime_ns, before.st_mtime_ns))
    code, out, err = run_cli("verify", cwd=root)        # believes the remembered digests
    assert code == 1 and f"{SEED_SLUG}.pdf: its bytes do not match" in out, out
    code, out, err = run_cli("all", "--locale", "zh-TW", cwd=root)
    assert code == 0, err
    assert f"built dist/zh-TW/{SEED_SLUG}.pdf" in out or "1 built" in out, out
    assert pdf.read_bytes() != bytes(data)


def test_a_remembered_digest_is_only_believed_with_the_user_s_signature(project_copy):
    root = project_copy
    assert run_cli("all", "--locale", "zh-TW", cwd=root)[0] == 0
    project = Project.load(root)
    entry = next((cache.cache_folder() / "dist-digests").rglob("*.json"))
    head, body = entry.read_text(encoding="utf-8").split("\n", 1)
    entry.write_text(head + "\n" + body.replace("a", "b", 1),
                     encoding="utf-8")
    variants._DIGESTS.clear()
    assert digests.recall(project) == 0


def test_a_remembered_input_reached_through_a_link_out_of_the_project_is_refused(project_copy,
                                                                                 tmp_path):
    root = project_copy
    catalog = root / "locales" / "zh_TW" / "LC_MESSAGES" / f"{SEED_SLUG}.po"
    outside = tmp_path / "outside.po"
    os.link(catalog, outside)            # the same file (inode), before status remembers it
    code, out, err = run_cli("status", "--locale", "zh-TW", cwd=root)
    assert code == 0, err
    catalog.unlink()
    os.symlink(outside, catalog)         # its state is the remembered one; its place is not
    code, out, err = run_cli("status", "--locale", "zh-TW", cwd=root)
    assert "blocked: zh-TW: refusing to read the catalog through a symbolic link that " \
           "leads out of the project" in out, out + err
