"""Issue 22's hostile run: every case of ``tests/hostile/cases.py`` through the CLI.

Each case must be refused with a one-line error (``check``: its findings and a
non-zero exit), with no traceback, within the time limit, with nothing
written or changed in the project or outside it (so no handout with wrong
content), and with no file opened outside the project.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import REPO, copy_project, run_cli
from hostile.cases import CASES, PDF_ZH, SAMPLE, build_base
from pdfutil import pdf_text

RUNNER = Path(__file__).resolve().parent / "hostile" / "run_cli.py"
TIME_LIMIT = 90


@pytest.fixture(scope="module")
def base(tmp_path_factory) -> Path:
    root = copy_project(tmp_path_factory.mktemp("hostile") / "project")
    return build_base(root, run_cli)


def tree(folder: Path) -> dict[str, object]:
    """Every file, folder and link below *folder*: bytes, "dir" or the link's target."""
    found: dict[str, object] = {}
    for top, dirs, files in os.walk(folder):
        for name in dirs + files:
            path = Path(top) / name
            key = path.relative_to(folder).as_posix()
            if path.is_symlink():
                found[key] = ("link", os.readlink(path))
            elif path.is_dir():
                found[key] = "dir"
            else:
                found[key] = path.read_bytes()
    return found


def test_there_are_at_least_100_cases_in_every_family():
    assert len(CASES) >= 100
    assert len({case.id for case in CASES}) == len(CASES)
    families = {case.family for case in CASES}
    assert families >= {"one text", "numbers", "urls", "placeholders", "silent loss", "writes",
                        "reads", "limits", "config", "hangs"}


def test_the_base_project_builds_and_prints_the_sample(base, tmp_path):
    code, out, err = run_cli("check", "--locale", "zh-TW", cwd=base)
    assert not [line for line in out.splitlines() if f"{SAMPLE}.po" in line and
                ": error:" in line], out
    target = tmp_path / "sample.pdf"
    code, out, err = run_cli(*PDF_ZH, "-o", target, cwd=base)
    assert code == 0, err
    text = pdf_text(target)
    # (the typesetter spaces Han from digits, so spaces are not compared)
    for printed in ("−20", "每天使用2次", "持續3天", "0.300", "24至48", "4至6"):
        assert printed in text.replace("\n", "").replace(" ", ""), printed


@pytest.mark.parametrize("case", CASES, ids=[case.id for case in CASES])
def test_hostile_case(case, base, tmp_path):
    root = tmp_path / "project"
    shutil.copytree(base, root, symlinks=True)
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "marker.txt").write_text("outside the project\n")
    case.setup(root, outside)
    before, before_outside = tree(root), tree(outside)
    try:
        result = subprocess.run([sys.executable, str(RUNNER), str(outside), *case.command],
                                cwd=root, capture_output=True, text=True, timeout=TIME_LIMIT)
    except subprocess.TimeoutExpired:
        pytest.fail(f"{case.id}: hung for more than {TIME_LIMIT} s")
    out, err = result.stdout, result.stderr
    assert result.returncode != 0, (case.id, out[-2000:], err[-2000:])
    assert "Traceback" not in out + err, err[-3000:]
    assert "hostile-audit" not in err, err
    if case.command[0] == "check":   # findings on stdout, or one error on stderr
        assert case.expect in out + err, (out + err)[-2000:]
    else:
        lines = [line for line in err.splitlines() if not line.startswith("warning:")]
        assert len(lines) == 1, err[-3000:]
        assert case.expect in lines[0], lines[0]
    assert tree(root) == before, f"{case.id}: the project changed"
    assert tree(outside) == before_outside, f"{case.id}: a file outside the project changed"
