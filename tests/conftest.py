"""Shared test helpers: a throw-away copy of the project, and the command line.

Tests never touch the real ``articles/`` or ``locales/``: they work in a
copy made under ``tmp_path`` and run there.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"
FIXTURE_ARTICLES = FIXTURES / "articles"
SEED_SLUG = "prp-basement-membrane"
#: What a project folder holds (templates are copied for completeness; the
#: toolkit renders with its own, see ``i18n.config.TEMPLATES_DIR``).
PROJECT_PARTS = ("clinic.yaml", "assets", "articles", "templates", "locales")
CLI_TIMEOUT = 120


# --- the user's cache folder -----------------------------------------------------------

def pytest_configure(config):
    """The validation cache (and the Thai dictionary) of the tests go to a folder of this
    run, never the user's ``~/.cache``: thousands of throw-away projects would fill it."""
    import os
    import tempfile
    folder = tempfile.mkdtemp(prefix="clinic-handouts-test-cache-")
    config._handouts_cache = folder
    os.environ["XDG_CACHE_HOME"] = folder


def pytest_unconfigure(config):
    folder = getattr(config, "_handouts_cache", None)
    if folder:
        shutil.rmtree(folder, ignore_errors=True)


# --- project copies ---------------------------------------------------------------

def copy_project(dest: Path) -> Path:
    """Copy the project's inputs and catalogs into *dest* (created); return it."""
    dest.mkdir(parents=True, exist_ok=True)
    skip = shutil.ignore_patterns("*.mo", ".*.tmp", "__pycache__")
    for name in PROJECT_PARTS:
        source = REPO / name
        if source.is_dir():
            shutil.copytree(source, dest / name, ignore=skip)
        elif source.exists():
            shutil.copy2(source, dest / name)
    return dest


def copy_built(source: Path, tmp_path: Path) -> Path:
    """A copy of a project built once (*source*), free to change: ``tmp_path/project``."""
    copy = tmp_path / "project"
    shutil.copytree(source, copy, symlinks=True)
    return copy


def add_fixture_article(root: Path, name: str = "sun-care.md") -> Path:
    """Copy ``tests/fixtures/articles/<name>`` into the project's ``articles/``."""
    target = root / "articles" / name
    shutil.copy2(FIXTURE_ARTICLES / name, target)
    return target


def snapshot_files(folder: Path) -> dict[str, bytes]:
    """Every file below *folder*, by relative POSIX path, with its bytes."""
    return {path.relative_to(folder).as_posix(): path.read_bytes()
            for path in sorted(folder.rglob("*")) if path.is_file()}


@pytest.fixture
def project_copy(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of the project in a temporary folder, which is also the working directory."""
    root = copy_project(tmp_path / "project")
    monkeypatch.chdir(root)
    return root


# --- the command line -----------------------------------------------------------------

def run_cli(*args: str | Path, cwd: Path, env: dict[str, str] | None = None,
            timeout: float = CLI_TIMEOUT) -> tuple[int, str, str]:
    """Run ``export.py ARGS`` in *cwd*; return (returncode, stdout, stderr)."""
    result = subprocess.run([sys.executable, str(REPO / "export.py"), *map(str, args)],
                            cwd=cwd, capture_output=True, text=True, env=env,
                            timeout=timeout)
    return result.returncode, result.stdout, result.stderr


@pytest.fixture
def cli(project_copy: Path):
    """``cli("extract")`` runs ``export.py extract`` in the project copy."""
    def run(*args: str | Path, **kwargs) -> tuple[int, str, str]:
        return run_cli(*args, cwd=project_copy, **kwargs)
    return run


# --- the seed handout in every language, rendered once -------------------------------

SEED_LOCALES = ("en", "zh-TW", "ja", "zh-CN", "vi", "ar", "ko", "th", "id")


@pytest.fixture(scope="session")
def seed_handouts(tmp_path_factory) -> dict[str, tuple[Path, Path]]:
    """The seed article rendered from the committed catalogs in its nine
    languages, and English in large print (key ``en-large``): tag ->
    (PDF, the HTML WeasyPrint was given, page-economy classes included)."""
    from concurrent.futures import ThreadPoolExecutor

    root = copy_project(tmp_path_factory.mktemp("seed") / "project")
    jobs = {tag: (tag, []) for tag in SEED_LOCALES}
    jobs["en-large"] = ("en", ["--large-print"])

    def render(key: str) -> tuple[Path, Path]:
        tag, extra = jobs[key]
        pdf, html = root / "out" / f"{key}.pdf", root / "out" / f"{key}.html"
        code, out, err = run_cli("pdf", SEED_SLUG, "--locale", tag, *extra, "-o", pdf,
                                 "--html", html, cwd=root)
        assert code == 0, err
        return pdf, html

    with ThreadPoolExecutor(2) as pool:
        return dict(zip(jobs, pool.map(render, jobs)))
