"""``scripts/shards.sh N``: the CI matrix's build on one machine equals a single build.

Three articles (one of them blocked in zh-TW) in en and zh-TW, built once by
``export.py all`` and once as three shards in separate copies of the project,
merged as the workflow's final job merges them: the two ``dist/`` folders
must hold the same files, byte for byte (PDFs, thumbnails, manifest, library
page and its cache, web pages) and ``export.py verify`` finds the merged
``dist/`` consistent.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

from test_batch import ROOT, SUN_CARE, export, make_project, ok, untranslate

SCRIPT = ROOT / "scripts" / "shards.sh"


def snapshot(dist: Path) -> dict[str, bytes]:
    return {p.relative_to(dist).as_posix(): p.read_bytes()
            for p in sorted(dist.rglob("*")) if p.is_file()}


def has_verify() -> bool:
    return export(ROOT, "verify", "--help").returncode == 0


def test_three_shards_merged_equal_a_single_build(tmp_path):
    articles = {f"article-{i}": SUN_CARE for i in range(1, 4)}
    single = make_project(tmp_path / "single", articles)
    untranslate(single / "locales" / "zh_TW" / "LC_MESSAGES" / "article-3.po", 2, 0)
    sharded = tmp_path / "sharded"
    shutil.copytree(single, sharded)
    ok(export(single, "all"))

    run = subprocess.run(["bash", str(SCRIPT), "3", str(sharded)], capture_output=True,
                         text=True, timeout=600, env={**os.environ, "PYTHON": sys.executable})
    assert run.returncode == 0, run.stdout + run.stderr
    assert run.stdout.count("shard ") == 3 and "merged 3 shard(s)" in run.stdout

    one, merged = snapshot(single / "dist"), snapshot(sharded / "dist")
    assert sorted(merged) == sorted(one)
    assert [name for name in one if one[name] != merged[name]] == []
    pdfs = [name for name in one if name.endswith(".pdf") and "/" in name
            and name.split("/")[0] in ("en", "zh-TW")]
    assert len(pdfs) == 5                              # article-3 is blocked in zh-TW
    assert "zh-TW/article-3.pdf" not in one
    assert "index.html" in merged and not any(n.startswith("manifest.shard") for n in merged)
    if has_verify():
        ok(export(sharded, "verify"))
    else:
        assert "not verified" in run.stderr


def test_a_failing_shard_leaves_the_project_dist_alone(tmp_path):
    root = make_project(tmp_path, {"sun-care": SUN_CARE})
    ok(export(root, "all"))
    before = snapshot(root / "dist")
    (root / "clinic.yaml").write_text("locales: [en\n", encoding="utf-8")   # broken YAML
    run = subprocess.run(["bash", str(SCRIPT), "2", str(root)], capture_output=True,
                         text=True, timeout=300, env={**os.environ, "PYTHON": sys.executable})
    assert run.returncode == 1
    assert "shard 1/2 failed" in run.stderr
    assert snapshot(root / "dist") == before


def test_usage():
    run = subprocess.run(["bash", str(SCRIPT), "zero"], capture_output=True, text=True)
    assert run.returncode == 2 and "usage" in run.stderr
