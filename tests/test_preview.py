"""Tests of the live preview (i18n/render/preview.py): it re-renders on save and survives bad saves."""

from __future__ import annotations

import os
import queue
import re
import signal
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from conftest import REPO
from pdfutil import pdf_text

from i18n.catalogs.project import Project
from i18n.errors import OutputError
from i18n.locales import parse_locale
from i18n.render.preview import default_output, run_preview, watched_inputs

SLUG = "prp-basement-membrane"
ZH_TW = parse_locale("zh-TW")
WAIT = 120   # seconds for one render on a busy machine


def _save(path: Path, text: str) -> None:
    """Save as editors do: a temporary file renamed over the catalog."""
    tmp = path.with_name(f".{path.name}.swp")
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, path)


class Preview:
    """run_preview in a thread, its renders in a queue."""

    def __init__(self, root: Path, output: Path | None = None) -> None:
        self.project = Project.load(root)
        self.renders: queue.Queue = queue.Queue()
        self.ready = threading.Event()
        self.stop = threading.Event()
        self.error: BaseException | None = None
        self.thread = threading.Thread(target=self._run, args=(output,), daemon=True)

    def _run(self, output) -> None:
        try:
            run_preview(self.project, SLUG, ZH_TW, output, stop_event=self.stop,
                        on_render=self.renders.put, on_ready=lambda _: self.ready.set())
        except BaseException as error:   # noqa: BLE001 - reported to the test
            self.error = error
            self.ready.set()

    def __enter__(self) -> "Preview":
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.stop.set()
        self.thread.join(timeout=30)
        assert not self.thread.is_alive(), "the preview did not stop"

    def next(self):
        return self.renders.get(timeout=WAIT)


def test_preview_rerenders_after_a_catalog_edit_and_survives_a_broken_one(project_copy):
    catalog = project_copy / "locales" / "zh_TW" / "LC_MESSAGES" / f"{SLUG}.po"
    good = catalog.read_text(encoding="utf-8")
    assert 'msgstr "常見問題"' in good
    with Preview(project_copy) as preview:
        first = preview.next()
        assert first.ok, first.describe()
        output = project_copy / "drafts" / "zh-TW" / f"{SLUG}.preview.pdf"
        assert first.output == output and output.is_file()
        assert first.describe().startswith(f"rendered drafts/zh-TW/{SLUG}.preview.pdf (")
        assert re.search(r"\) in [0-9.]+ s$", first.describe())
        assert "常見問題" in pdf_text(output) and "常見問答集" not in pdf_text(output)
        assert preview.ready.wait(WAIT) and preview.error is None

        # A one-entry edit: the PDF is rewritten with the new text.
        _save(catalog, good.replace('msgstr "常見問題"', 'msgstr "常見問答集"'))
        edited = preview.next()
        assert edited.ok, edited.describe()
        assert catalog.resolve() in edited.changed
        assert "常見問答集" in pdf_text(output)
        stamp = output.stat().st_mtime_ns

        # A save msgfmt rejects: one line naming file and line; the last PDF stays.
        _save(catalog, good + 'msgid "unterminated\nmsgstr ""\n')
        broken = preview.next()
        assert not broken.ok
        line = good.count("\n") + 1
        assert re.match(rf"locales/zh_TW/LC_MESSAGES/{SLUG}\.po:{line}: ", broken.error), \
            broken.error
        assert broken.describe().endswith("still watching]") and "\n" not in broken.describe()
        assert output.stat().st_mtime_ns == stamp

        # Fixed again: it renders again.
        _save(catalog, good)
        fixed = preview.next()
        assert fixed.ok, fixed.describe()
        assert "常見問題" in pdf_text(output) and "常見問答集" not in pdf_text(output)
    assert preview.error is None


def test_preview_follows_the_article_and_renders_missing_strings_as_a_draft(project_copy):
    article = project_copy / "articles" / f"{SLUG}.md"
    text = article.read_text(encoding="utf-8")
    with Preview(project_copy, output=project_copy / "out" / "p.pdf") as preview:
        assert preview.next().ok
        assert preview.ready.wait(WAIT)
        assert "\n## Frequently Asked Questions" in text
        _save(article, text.replace("\n## Frequently Asked Questions",
                                    "\nA brand new paragraph.\n\n## Frequently Asked Questions", 1))
        render = preview.next()
        assert render.ok, render.describe()
        assert "A brand new paragraph." in pdf_text(project_copy / "out" / "p.pdf")
    assert not (project_copy / "drafts").exists()


def test_watched_inputs_and_default_output(project_copy):
    project = Project.load(project_copy)
    watched = watched_inputs(project, SLUG, ZH_TW)
    root = project_copy.resolve()
    for path in (f"articles/{SLUG}.md", f"locales/zh_TW/LC_MESSAGES/{SLUG}.po",
                 "locales/zh_TW/LC_MESSAGES/handout.po", "locales/zh_TW/glossary.csv",
                 "clinic.yaml", "templates/handout.css"):
        assert root / path in watched, path
    for path in ("articles/other.md", "locales/zh_TW/LC_MESSAGES/.handout.po.swp",
                 "locales/ja/LC_MESSAGES/handout.po", "drafts/zh-TW/x.pdf"):
        assert root / path not in watched, path
    assert default_output(project, SLUG, ZH_TW) == project_copy / "drafts" / "zh-TW" / \
        f"{SLUG}.preview.pdf"


def test_preview_refuses_an_output_under_dist(project_copy):
    with pytest.raises(OutputError, match="never written under dist/"):
        run_preview(Project.load(project_copy), SLUG, ZH_TW, project_copy / "dist" / "x.pdf",
                    stop_event=threading.Event(), on_render=lambda r: None)


def test_preview_command_prints_a_line_per_render_and_stops_on_ctrl_c(project_copy):
    process = subprocess.Popen([sys.executable, str(REPO / "export.py"), "preview", SLUG,
                                "--locale", "zh-TW"], cwd=project_copy, text=True,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    lines: queue.Queue = queue.Queue()
    threading.Thread(target=lambda: [lines.put(l) for l in process.stdout], daemon=True).start()
    try:
        line = lines.get(timeout=WAIT)
        assert re.match(rf"rendered drafts/zh-TW/{SLUG}\.preview\.pdf \(\d+ pages\) in "
                        r"[0-9.]+ s$", line.strip()), line
    finally:
        process.send_signal(signal.SIGINT)
        code = process.wait(timeout=30)
    err = process.stderr.read()
    assert code in (0, 130)
    assert "Traceback" not in err
    assert (project_copy / "drafts" / "zh-TW" / f"{SLUG}.preview.pdf").is_file()


def test_preview_recovers_from_a_render_past_its_time_limit(project_copy):
    # The preview's renderer process is killed at the time limit; the next
    # save gets a fresh one.
    config = project_copy / "clinic.yaml"
    text = config.read_text(encoding="utf-8")
    _save(config, re.sub(r"(?m)^render_timeout: .*$", "render_timeout: 0.01", text))
    with Preview(project_copy) as preview:
        slow = preview.next()
        assert not slow.ok and "longer than 0.01 s" in slow.error, slow.describe()
        assert preview.ready.wait(WAIT) and preview.error is None
        _save(config, text)
        again = preview.next()
        assert again.ok, again.describe()
        assert "常見問題" in pdf_text(again.output)
    assert preview.error is None
