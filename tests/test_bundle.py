"""``export.py all --large-print --bundle``: variants, download names, deterministic zips."""

from __future__ import annotations

import json
import re
import shutil
import zipfile

import pytest
import yaml
from test_batch import ROOT, SEED, export, make_project, manifest, ok

from i18n.publish.bundle import BundleItem, bundle_bytes


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    root = make_project(tmp_path_factory.mktemp("bundle"), {"prp-basement-membrane": SEED})
    # The interface words are the shipped library catalog's (the others are filler).
    shutil.copy2(ROOT / "locales" / "zh_TW" / "LC_MESSAGES" / "library.po",
                 root / "locales" / "zh_TW" / "LC_MESSAGES" / "library.po")
    first = ok(export(root, "all", "--large-print", "--bundle", "--json"))
    return root, first


def test_large_print_and_bundles(built):
    root, first = built
    report = json.loads(first.stdout)
    names = sorted(h["download"] for h in report["handouts"])
    assert names == ["prp-basement-membrane.en.large-print.pdf", "prp-basement-membrane.en.pdf",
                     "prp-basement-membrane.zh-TW.large-print.pdf",
                     "prp-basement-membrane.zh-TW.pdf"]
    assert report["summary"]["built"] == 4
    for tag in ("en", "zh-TW"):
        standard = root / "dist" / tag / "prp-basement-membrane.pdf"
        large = root / "dist" / tag / "prp-basement-membrane.large-print.pdf"
        assert standard.is_file() and large.is_file()
        assert large.read_bytes() != standard.read_bytes()
    entries = manifest(root)
    assert entries["prp-basement-membrane/zh-TW/large-print"]["variant"] == "large-print"
    assert entries["prp-basement-membrane/zh-TW/large-print"]["path"] == \
        "zh-TW/prp-basement-membrane.large-print.pdf"
    # One zip per locale: that locale's handouts under their download names, and an index.
    for tag in ("en", "zh-TW"):
        with zipfile.ZipFile(root / "dist" / "bundles" / f"{tag}.zip") as zf:
            assert zf.namelist() == ["index.html", f"prp-basement-membrane.{tag}.large-print.pdf",
                                     f"prp-basement-membrane.{tag}.pdf"]
            assert zf.read(f"prp-basement-membrane.{tag}.pdf") == \
                (root / "dist" / tag / "prp-basement-membrane.pdf").read_bytes()
            index = zf.read("index.html").decode("utf-8")
            assert f'lang="{tag}"' in index
            assert all(info.date_time == (2026, 2, 28, 0, 0, 0) for info in zf.infolist())
            assert all(info.external_attr >> 16 == 0o100644 for info in zf.infolist())
    with zipfile.ZipFile(root / "dist" / "bundles" / "zh-TW.zip") as zf:
        index = zf.read("index.html").decode("utf-8")
    # In the bundle's language, styled like the library, variants named as the library names them.
    assert "高濃度PRP如何修復受損的基底膜" in index
    assert '<html lang="zh-TW" dir="ltr">' in index and "<style>" in index and ".card" in index
    assert "衛教單張庫" in index and "發布日期：<time datetime=\"2026-02-28\">2026年2月28日</time>" in index
    assert "標準版" in index and "大字版" in index and "large-print)" not in index
    assert re.search(r"PDF</bdi> · \d+ 頁 · <bdi dir=\"ltr\">\d+ KB", index)
    assert " p.," not in index and "data-i18n" not in index and "<script" not in index
    assert 'href="prp-basement-membrane.zh-TW.large-print.pdf"' in index
    with zipfile.ZipFile(root / "dist" / "bundles" / "en.zip") as zf:
        english = zf.read("index.html").decode("utf-8")
    assert "Standard print" in english and "Large print" in english and "Published: " in english


def test_bundles_are_deterministic(built):
    root, _ = built
    before = {p.name: p.read_bytes() for p in (root / "dist" / "bundles").glob("*.zip")}
    ok(export(root, "all", "--large-print", "--bundle", "--force"))
    after = {p.name: p.read_bytes() for p in (root / "dist" / "bundles").glob("*.zip")}
    assert before == after and len(after) == 2


def test_clinic_variants_setting(built, tmp_path):
    root, _ = built
    config = yaml.safe_load((root / "clinic.yaml").read_text(encoding="utf-8"))
    config["variants"] = ["large-print letter"]
    (root / "clinic.yaml").write_text(yaml.safe_dump(config, allow_unicode=True),
                                      encoding="utf-8")
    result = ok(export(root, "all", "--locale", "en"))
    assert "dist/en/prp-basement-membrane.large-print.letter.pdf" in result.stdout
    config["variants"] = ["huge-print"]
    (root / "clinic.yaml").write_text(yaml.safe_dump(config, allow_unicode=True),
                                      encoding="utf-8")
    result = export(root, "all", "--locale", "en")
    assert result.returncode != 0 and "clinic.yaml:" in result.stderr
    assert "unknown variant part 'huge-print'" in result.stderr


def test_bundle_bytes_same_inputs_same_bytes(tmp_path):
    pdf = tmp_path / "a.pdf"
    pdf.write_bytes(b"%PDF-1.7 test")
    items = [BundleItem("a.en.pdf", pdf, "A", "", 1, 1, "2026-02-28"),
             BundleItem("b.en.pdf", pdf, "B", "", 1, 1, "")]
    one = bundle_bytes(items, "<p>index</p>")
    two = bundle_bytes(list(reversed(items)), "<p>index</p>")
    assert one == two
    (tmp_path / "x.zip").write_bytes(one)
    with zipfile.ZipFile(tmp_path / "x.zip") as zf:
        assert [i.date_time for i in zf.infolist()] == [(2026, 2, 28, 0, 0, 0),
                                                       (2026, 2, 28, 0, 0, 0),
                                                       (1980, 1, 1, 0, 0, 0)]
