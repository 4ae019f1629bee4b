"""``export.py all``: every handout, the manifest, skipping, blocking, shards, workers, Ctrl-C.

Every test works on a throw-away project in ``tmp_path``: its articles and
its zh-TW catalogs are made here (``extract``, ``update``, then every entry
filled with polib), so nothing depends on the state of the real translation.
"""

from __future__ import annotations

import json
import os
import re
import shlex
import shutil
import signal
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import polib
import pytest
import yaml
from pypdf import PdfReader

ROOT = Path(__file__).resolve().parent.parent
EXPORT = ROOT / "export.py"
SEED = ROOT / "articles" / "prp-basement-membrane.md"
SUN_CARE = ROOT / "tests" / "fixtures" / "articles" / "sun-care.md"
TIMEOUT = 300

#: Chinese titles for the filled zh-TW catalogs (everything else gets FILLER + msgid).
ZH_TITLES = {
    "How High-Concentration PRP Repairs the Damaged Basement Membrane: Evidence-Based "
    "Melasma Ecological Restoration": "高濃度PRP如何修復受損的基底膜",
    "Sun Protection After Laser Treatment": "雷射治療後的防曬",
}
FILLER = "譯文："


# --- a project of our own ------------------------------------------------------------

def export(root: Path, *args: str, timeout: float = TIMEOUT) -> subprocess.CompletedProcess:
    """Run ``export.py ARGS`` in *root* (stdout is a pipe: plain lines)."""
    return subprocess.run([sys.executable, str(EXPORT), *args], cwd=root, capture_output=True,
                          text=True, timeout=timeout)


def ok(result: subprocess.CompletedProcess) -> subprocess.CompletedProcess:
    assert result.returncode == 0, result.stdout + result.stderr
    return result


def fill_catalogs(root: Path, posix: str = "zh_TW") -> None:
    """Translate every entry of the locale's catalogs: Chinese titles, filler elsewhere."""
    for path in sorted((root / "locales" / posix / "LC_MESSAGES").glob("*.po")):
        po = polib.pofile(str(path))
        for entry in po:
            if entry.obsolete:
                continue
            if entry.msgid_plural:
                entry.msgstr_plural = {0: FILLER + entry.msgid_plural}
            else:
                entry.msgstr = ZH_TITLES.get(entry.msgid, FILLER + entry.msgid)
            if "fuzzy" in entry.flags:
                entry.flags.remove("fuzzy")
            entry.previous_msgid = entry.previous_msgctxt = None
        po.save()


def copy_article(root: Path, slug: str, source: Path = SUN_CARE, title: str | None = None) -> Path:
    """Put *source* into the project as ``articles/<slug>.md``, with another title."""
    text = source.read_text(encoding="utf-8")
    if title is not None:
        text = re.sub(r'^title: ".*"$', f'title: "{title}"', text, count=1, flags=re.M)
    target = root / "articles" / f"{slug}.md"
    target.write_text(text, encoding="utf-8")
    return target


def make_project(base: Path, articles: dict[str, Path] | None = None,
                 locales: tuple[str, ...] = ("en", "zh-TW"), translate: bool = True) -> Path:
    """A project in *base*/project: config, templates, *articles*, complete zh-TW catalogs."""
    root = base / "project"
    (root / "articles").mkdir(parents=True)
    shutil.copytree(ROOT / "templates", root / "templates")
    shutil.copytree(ROOT / "assets", root / "assets")  # the logo clinic.yaml names
    config = yaml.safe_load((ROOT / "clinic.yaml").read_text(encoding="utf-8"))
    config["locales"] = list(locales)
    config.pop("variants", None)   # the standard handouts only, unless a test asks for more
    (root / "clinic.yaml").write_text(yaml.safe_dump(config, allow_unicode=True), encoding="utf-8")
    for slug, source in (articles or {"sun-care": SUN_CARE}).items():
        copy_article(root, slug, source)
    if translate:
        ok(export(root, "extract"))
        for tag in locales:
            if tag not in ("en", "en-US"):
                ok(export(root, "update", "--locale", tag))
        if "zh-TW" in locales:
            fill_catalogs(root)
    return root


def manifest(root: Path) -> dict[str, dict]:
    return json.loads((root / "dist" / "manifest.json").read_text(encoding="utf-8"))["handouts"]


def statuses(output: str) -> dict[str, str]:
    """``{"en/sun-care": "built", ...}`` from the plain lines of ``export.py all``."""
    found = {}
    for line in output.splitlines():
        match = re.match(r"^(built|skipped) dist/([^/]+)/(.+)\.pdf ", line)
        if match:
            found[f"{match[2]}/{match[3]}"] = match[1]
            continue
        match = re.match(r"^(blocked|failed) ([^/]+)/([^:]+): ", line)
        if match:
            found[f"{match[2]}/{match[3]}"] = match[1]
    return found


def untranslate(po_path: Path, untranslated: int, fuzzy: int) -> None:
    """Empty *untranslated* entries and mark *fuzzy* others (never the title)."""
    po = polib.pofile(str(po_path))
    entries = [e for e in po if not e.obsolete and e.msgstr and e.msgid not in ZH_TITLES]
    for entry in entries[:untranslated]:
        entry.msgstr = ""
    for entry in entries[untranslated:untranslated + fuzzy]:
        entry.flags.append("fuzzy")
    po.save()


class _Refs(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.refs: list[tuple[str, str, str]] = []
        self.langs: dict[str, str] = {}

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if name in ("href", "src", "data-thumb", "data-default-src") and value:
                self.refs.append((tag, name, value))


# --- a complete build, shared by the read-only tests ------------------------------------

@pytest.fixture(scope="module")
def built(tmp_path_factory) -> tuple[Path, subprocess.CompletedProcess]:
    root = make_project(tmp_path_factory.mktemp("batch"),
                        {"prp-basement-membrane": SEED, "sun-care": SUN_CARE})
    return root, ok(export(root, "all"))


def test_all_builds_every_handout_manifest_and_library(built):
    root, run = built
    dist = root / "dist"
    jobs = {f"{slug}/{tag}" for slug in ("prp-basement-membrane", "sun-care")
            for tag in ("en", "zh-TW")}
    assert set(statuses(run.stdout).values()) == {"built"}
    assert {f"{k.split('/')[1]}/{k.split('/')[0]}" for k in statuses(run.stdout)} == jobs
    assert re.search(r"^built dist/zh-TW/sun-care\.pdf \(\d+ pages, \d+ KB\)$", run.stdout, re.M)
    assert "4 built, 0 skipped, 0 blocked, 0 failed; wrote dist/index.html" in run.stdout

    entries = manifest(root)
    assert set(entries) == jobs
    for key, entry in entries.items():
        pdf = dist / entry["path"]
        assert entry["status"] == "built" and entry["reason"] == ""
        assert entry["path"] == f"{entry['locale']}/{entry['slug']}.pdf"
        assert pdf.read_bytes().startswith(b"%PDF-")
        assert entry["size"] == pdf.stat().st_size
        assert entry["pages"] == len(PdfReader(pdf).pages)
        assert re.fullmatch(r"[0-9a-f]{64}", entry["inputs_hash"])
        assert entry["percent"] == 100.0
        assert (dist / "thumbs" / entry["locale"] / f"{entry['slug']}.png").read_bytes()[:4] \
            == b"\x89PNG"
    zh = entries["sun-care/zh-TW"]
    assert (zh["title"], zh["language"], zh["date_published"]) == \
        ("雷射治療後的防曬", "中文（台灣）", "2026-03-10")
    assert entries["sun-care/en"]["language"] == "English"
    assert len({e["inputs_hash"] for e in entries.values()}) == 4
    assert not list(dist.rglob("*.tmp"))


def test_library_page_is_self_contained(built):
    root, _ = built
    dist = root / "dist"
    html = (dist / "index.html").read_text(encoding="utf-8")
    refs = _Refs()
    refs.feed(html)
    assert refs.refs
    for tag, name, value in refs.refs:
        if value.startswith("#") or (tag, name, value) == ("a", "href",
                                                             "https://example.org/sun-care"):
            continue  # a fragment, or the article's online version (a link, not an asset)
        assert not re.match(r"^[a-z][a-z0-9+.-]*:|^/", value), (tag, name, value)  # relative only
        assert (dist / value).is_file(), value
    assert "<link" not in html and "@import" not in html and "url(" not in html
    for title, lang in (("雷射治療後的防曬", "zh-TW"), ("Sun Protection After Laser Treatment", "en")):
        assert re.search(rf'lang="{lang}"[^>]*>{re.escape(title)}<', html)
    assert '<span class="language" lang="zh-TW">中文（台灣）</span>' in html
    # Dates in the page's language (zh-TW), whatever the handout's: no English month.
    assert html.count('<time datetime="2026-03-10" data-date="">2026年3月10日</time>') == 2
    assert "March 10, 2026" not in html.split('<script id="translations"')[0]
    assert '<label for="search">' in html and '<label for="language">' in html
    assert "@media print" in html


def test_second_run_skips_everything(built):
    root, _ = built
    dist = root / "dist"
    before = {p: (p.stat().st_mtime_ns, p.read_bytes()) for p in dist.rglob("*") if p.is_file()}
    run = ok(export(root, "all"))
    assert set(statuses(run.stdout).values()) == {"skipped"}
    assert len(statuses(run.stdout)) == 4
    assert "0 built, 4 skipped, 0 blocked, 0 failed" in run.stdout
    after = {p: (p.stat().st_mtime_ns, p.read_bytes()) for p in dist.rglob("*") if p.is_file()}
    assert after == before  # not a byte written: PDFs, thumbnails, manifest, index.html


def test_jobs_2_builds_the_same_bytes_as_jobs_1(built):
    root, _ = built
    dist = root / "dist"
    serial = {p.relative_to(dist): p.read_bytes() for p in dist.rglob("*.pdf")}
    old_manifest = manifest(root)
    run = ok(export(root, "all", "--jobs", "2", "--force"))
    assert len(statuses(run.stdout)) == 4 and set(statuses(run.stdout).values()) == {"built"}
    parallel = {p.relative_to(dist): p.read_bytes() for p in dist.rglob("*.pdf")}
    assert parallel == serial
    assert manifest(root) == old_manifest


# --- changes, blocked and failed handouts -------------------------------------------------

def test_a_change_rebuilds_only_what_it_touches(tmp_path):
    root = make_project(tmp_path, {"sun-care": SUN_CARE, "sun-care-2": SUN_CARE})
    ok(export(root, "all"))
    po = polib.pofile(str(root / "locales/zh_TW/LC_MESSAGES/sun-care.po"))
    po[3].msgstr = "另一個譯文"
    po.save()
    run = ok(export(root, "all"))
    assert statuses(run.stdout) == {"en/sun-care": "skipped", "zh-TW/sun-care": "built",
                                    "en/sun-care-2": "skipped", "zh-TW/sun-care-2": "skipped"}
    # A changed handout template invalidates every handout; the library template none.
    with (root / "templates" / "library.html").open("a", encoding="utf-8") as handle:
        handle.write("\n")
    assert set(statuses(ok(export(root, "all")).stdout).values()) == {"skipped"}
    with (root / "templates" / "handout.css").open("a", encoding="utf-8") as handle:
        handle.write("\n/* changed */\n")
    assert set(statuses(ok(export(root, "all")).stdout).values()) == {"built"}


def test_blocked_locale_is_reported_and_does_not_stop_the_others(tmp_path):
    root = make_project(tmp_path, {"sun-care": SUN_CARE, "sun-care-2": SUN_CARE})
    ok(export(root, "all"))
    stale = root / "dist" / "zh-TW" / "sun-care.pdf"
    assert stale.is_file()
    untranslate(root / "locales/zh_TW/LC_MESSAGES/sun-care.po", untranslated=3, fuzzy=1)

    run = ok(export(root, "all"))  # blocked alone does not fail the run
    assert "blocked zh-TW/sun-care: 3 untranslated, 1 fuzzy" in run.stdout.splitlines()
    assert statuses(run.stdout) == {"en/sun-care": "skipped", "zh-TW/sun-care": "blocked",
                                    "en/sun-care-2": "skipped", "zh-TW/sun-care-2": "skipped"}
    assert "0 built, 3 skipped, 1 blocked, 0 failed" in run.stdout
    entry = manifest(root)["sun-care/zh-TW"]
    assert entry["status"] == "blocked"
    assert entry["reason"] == "zh-TW: 3 untranslated, 1 fuzzy"
    assert 0 < entry["percent"] < 100 and entry["path"] is None
    assert not stale.exists()  # no stale PDF pretends to be current
    assert not (root / "dist" / "thumbs" / "zh-TW" / "sun-care.png").exists()
    html = (root / "dist" / "index.html").read_text(encoding="utf-8")
    assert 'data-i18n="Not yet available in: {languages}"' in html
    assert '<bdi class="lang-item" data-lang="zh-TW" lang="zh-TW">中文（台灣）</bdi>' in html
    assert "zh-TW: 3 untranslated, 1 fuzzy" in html

    strict = export(root, "all", "--strict")
    assert strict.returncode == 1
    assert "blocked zh-TW/sun-care: 3 untranslated, 1 fuzzy" in strict.stdout


def test_new_article_without_catalog_is_blocked(tmp_path):
    root = make_project(tmp_path)
    copy_article(root, "sun-care-3", title="A Newer Article")
    run = ok(export(root, "all"))
    assert statuses(run.stdout)["zh-TW/sun-care-3"] == "blocked"
    assert "no catalog locales/zh_TW/LC_MESSAGES/sun-care-3.po" in run.stdout
    assert statuses(run.stdout)["en/sun-care-3"] == "built"
    assert manifest(root)["sun-care-3/zh-TW"]["percent"] == 0.0


def test_failed_handout_fails_the_run_but_not_the_others(tmp_path):
    root = make_project(tmp_path, locales=("en",))
    (root / "articles" / "broken.md").write_text("no front matter here\n", encoding="utf-8")
    run = export(root, "all")
    assert run.returncode == 1
    assert statuses(run.stdout) == {"en/broken": "failed", "en/sun-care": "built"}
    assert "failed en/broken: articles/broken.md:1: missing YAML front matter" in run.stdout
    assert manifest(root)["broken/en"]["status"] == "failed"
    # Failures are not cached: the next run tries again (and fails again).
    again = export(root, "all")
    assert again.returncode == 1
    assert statuses(again.stdout) == {"en/broken": "failed", "en/sun-care": "skipped"}


def test_pseudo_locale(tmp_path):
    # Not sun-care as it is: Babel flags its "80% of" python-format, and the accented
    # pseudo-translation of "% o" then fails msgfmt --check (a pseudo-locale issue).
    source = tmp_path / "no-percent.md"
    source.write_text(SUN_CARE.read_text(encoding="utf-8").replace("80%", "80 percent"),
                      encoding="utf-8")
    root = make_project(tmp_path, {"sun-care": source}, locales=("en", "en-XA"))
    run = ok(export(root, "all", "--locale", "en-XA"))
    assert statuses(run.stdout) == {"en-XA/sun-care": "built"}
    assert manifest(root)["sun-care/en-XA"]["title"].startswith("[Šûñ")


def test_a_mirrored_title_does_not_spoil_the_manifest(tmp_path):
    # ar-XB's titles hold the overrides the gate lets through there; the manifest
    # must read them back, or every run would rebuild every handout.
    root = make_project(tmp_path, locales=("en", "ar-XB"))
    ok(export(root, "all", "--locale", "ar-XB"))
    assert "\u202e" in manifest(root)["sun-care/ar-XB"]["title"]
    run = ok(export(root, "all", "--locale", "ar-XB"))
    assert statuses(run.stdout) == {"ar-XB/sun-care": "skipped"}
    assert "malformed manifest" not in run.stderr


# --- shards ----------------------------------------------------------------------------

def test_shards_split_any_plan_exactly_once():
    from i18n.publish.batch import Job, parse_shard, shard

    jobs = [Job(f"article-{i}", tag) for i in range(40) for tag in ("en", "zh-TW", "ja")]
    for n in (1, 2, 3, 7):
        parts = [shard(jobs, k, n) for k in range(1, n + 1)]
        assert sorted(job for part in parts for job in part) == sorted(jobs)
        assert all(parts) or n > len(jobs)
    # Stable: a job keeps its shard when others come and go.
    assert shard(jobs[:10], 1, 3) == [job for job in shard(jobs, 1, 3) if job in jobs[:10]]
    assert parse_shard("2/5") == (2, 5)
    for bad in ("0/2", "3/2", "x", "1/2/3", "1/0"):
        with pytest.raises(ValueError):
            parse_shard(bad)


def test_shard_runs_cover_every_job_once_and_merge(tmp_path):
    articles = {f"article-{i}": SUN_CARE for i in range(3)}
    root = make_project(tmp_path, articles)
    one, two = ok(export(root, "all", "--shard", "1/2")), ok(export(root, "all", "--shard", "2/2"))
    dist = root / "dist"
    first = json.loads((dist / "manifest.shard-1-of-2.json").read_text())["handouts"]
    second = json.loads((dist / "manifest.shard-2-of-2.json").read_text())["handouts"]
    every = {f"article-{i}/{tag}" for i in range(3) for tag in ("en", "zh-TW")}
    assert not set(first) & set(second)
    assert set(first) | set(second) == every
    assert len(statuses(one.stdout)) + len(statuses(two.stdout)) == len(every)
    assert not (dist / "manifest.json").exists() and not (dist / "index.html").exists()

    merged = ok(export(root, "all"))  # the merge: every shard's handout is current
    assert set(statuses(merged.stdout).values()) == {"skipped"}
    assert set(manifest(root)) == every
    assert (dist / "index.html").is_file()
    assert not list(dist.glob("manifest.shard-*"))

    bad = export(root, "all", "--shard", "3/2")
    assert bad.returncode == 2 and "K must be between 1 and N" in bad.stderr


def test_merge_manifests_unions_shards(tmp_path):
    from i18n.publish.manifest import JobResult, merge_manifests, read_manifest, write_manifest

    a = JobResult("x", "en", "built", path="en/x.pdf", size=3, pages=1, inputs_hash="1")
    b = JobResult("x", "zh-TW", "blocked", reason="zh-TW: 1 untranslated", percent=50.0)
    c = JobResult("y", "en", "skipped", path="en/y.pdf", size=4, pages=2, inputs_hash="2")
    write_manifest(tmp_path / "1.json", [a, b])
    write_manifest(tmp_path / "2.json", [c])
    merged = merge_manifests([tmp_path / "1.json", tmp_path / "2.json"])
    assert merged == {"x/en": a, "x/zh-TW": b, "y/en": JobResult(**{**c.__dict__, "status": "built"})}
    assert read_manifest(tmp_path / "missing.json") == {}
    (tmp_path / "bad.json").write_text("{not json")
    assert read_manifest(tmp_path / "bad.json") == {}


# --- inputs -----------------------------------------------------------------------------

def test_inputs_hash_covers_the_inputs(tmp_path, monkeypatch):
    from i18n.catalogs.project import Project
    from i18n.locales import parse_locale
    from i18n.publish.manifest import inputs_hash

    root = make_project(tmp_path)
    monkeypatch.chdir(root)
    article = root / "articles" / "sun-care.md"
    en, zh = parse_locale("en"), parse_locale("zh-TW")

    def hashes():
        project = Project.load(root)
        return inputs_hash(project, article, en), inputs_hash(project, article, zh)

    base_en, base_zh = hashes()
    assert base_en != base_zh and hashes() == (base_en, base_zh)
    po = root / "locales/zh_TW/LC_MESSAGES/handout.po"
    po.write_bytes(po.read_bytes() + b"\n")
    en_1, zh_1 = hashes()
    assert en_1 == base_en and zh_1 != base_zh  # the source locale reads no catalog
    for path in (article, root / "clinic.yaml", root / "templates" / "handout.html"):
        previous = hashes()
        path.write_bytes(path.read_bytes() + b"\n")
        assert all(new != old for new, old in zip(hashes(), previous)), path
    previous = hashes()
    (root / "templates" / "library.html").write_text("changed", encoding="utf-8")
    assert hashes() == previous
    # The locale's glossary (the gate) and review records (the credits, require_review).
    for path in (root / "locales/zh_TW/glossary.csv", root / "locales/zh_TW/reviews.json"):
        previous = hashes()
        path.write_text("{}\n", encoding="utf-8")
        en_2, zh_2 = hashes()
        assert en_2 == previous[0] and zh_2 != previous[1], path


@pytest.mark.parametrize("name", ["LC_MESSAGES/sun-care.po", "glossary.csv"])
def test_a_fifo_input_fails_its_handout_in_one_line_and_never_hangs(tmp_path, name):
    root = make_project(tmp_path)
    path = root / "locales" / "zh_TW" / name
    path.unlink(missing_ok=True)
    os.mkfifo(path)
    run = export(root, "all", timeout=60)
    assert run.returncode != 0
    assert statuses(run.stdout) == {"en/sun-care": "built", "zh-TW/sun-care": "failed"}
    assert "found a special file" in run.stdout
    assert "Traceback" not in run.stdout + run.stderr


def test_plan_is_sorted_and_deterministic(tmp_path):
    from i18n.catalogs.project import Project
    from i18n.locales import parse_locale
    from i18n.publish.batch import Job, plan_jobs

    root = make_project(tmp_path, {"b": SUN_CARE, "a": SUN_CARE}, translate=False)
    project = Project.load(root)
    assert plan_jobs(project) == [Job("a", "en"), Job("a", "zh-TW"), Job("b", "en"),
                                  Job("b", "zh-TW")]
    assert plan_jobs(project, [parse_locale("zh_TW"), parse_locale("zh-TW")]) == \
        [Job("a", "zh-TW"), Job("b", "zh-TW")]


# --- Ctrl-C ----------------------------------------------------------------------------

@pytest.mark.parametrize("jobs", ["1", "2"])
def test_interrupt_leaves_no_partial_pdf(tmp_path, jobs):
    articles = {f"article-{i}": SUN_CARE for i in range(6)}
    root = make_project(tmp_path, articles, locales=("en",))
    process = subprocess.Popen([sys.executable, str(EXPORT), "all", "--jobs", jobs], cwd=root,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        first = process.stdout.readline()  # one handout is done: others are under way
        assert first.startswith("built "), first + process.stderr.read()
        process.send_signal(signal.SIGINT)
        out, err = process.communicate(timeout=TIMEOUT)
    finally:
        process.kill()
    assert process.returncode == 130, out + err
    assert "interrupted" in err
    dist = root / "dist"
    assert not [p for p in dist.rglob("*") if p.name.startswith(".") or p.suffix == ".tmp"]
    entries = manifest(root)  # the finished handouts are kept
    assert entries and len(entries) < 6
    pdfs = sorted(dist.rglob("*.pdf"))
    # (A PDF renamed into place just before the interrupt may miss the manifest:
    # complete, and simply made again next time.)
    assert {e["path"] for e in entries.values()} <= {p.relative_to(dist).as_posix() for p in pdfs}
    for pdf in pdfs:
        assert pdf.read_bytes().rstrip().endswith(b"%%EOF")
        assert len(PdfReader(pdf).pages) >= 1
    # The next run keeps what was finished and makes the rest.
    rest = statuses(ok(export(root, "all")).stdout)
    assert sum(s == "skipped" for s in rest.values()) == len(entries)
    assert sum(s == "built" for s in rest.values()) == 6 - len(entries)


def test_tty_shows_progress_and_summary_table(tmp_path):
    if shutil.which("script") is None:
        pytest.skip("util-linux 'script' is needed for a pseudo-terminal")
    root = make_project(tmp_path)
    command = f"{shlex.quote(sys.executable)} {shlex.quote(str(EXPORT))} all"
    run = subprocess.run(["script", "-qec", command, "/dev/null"], cwd=root, capture_output=True,
                         text=True, timeout=TIMEOUT,
                         env={**os.environ, "COLUMNS": "120", "TERM": "xterm"})
    assert run.returncode == 0, run.stdout + run.stderr
    plain = re.sub(r"\x1b\[[0-9;?]*[A-Za-z]", "", run.stdout)
    assert "Handouts" in plain and "┃ article" in plain
    assert re.search(r"sun-care\s*│\s*zh-TW\s*│\s*built", plain)
    assert "2 built, 0 skipped, 0 blocked, 0 failed" in plain


def test_inputs_hash_covers_every_rendering_library():
    from i18n.publish.manifest import tool_versions
    versions = tool_versions()
    for package in ("babel", "jinja2", "markdown-it-py", "segno", "weasyprint", "pydyf",
                    "uharfbuzz", "polib"):
        assert f"{package} " in versions and f"{package} -" not in versions, package
