"""Hostile files and faults: every one gets a one-line error naming its file, no traceback.

Articles, catalogs, ``clinic.yaml`` and ``dist/`` are untrusted input; a
render has a hard time limit; a killed batch leaves no worker behind.
"""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import polib
import pytest
from conftest import REPO, SEED_SLUG
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pdfutil import pdf_text, word_boxes

SEED_MD = f"articles/{SEED_SLUG}.md"
SEED_PO = f"locales/zh_TW/LC_MESSAGES/{SEED_SLUG}.po"


def one_line_error(code: int, err: str, where: str) -> None:
    assert code != 0
    assert "Traceback" not in err, err
    lines = [line for line in err.splitlines() if not line.startswith("warning:")]
    assert len(lines) == 1, err
    assert lines[0].startswith(where), err


# --- clinic.yaml ---------------------------------------------------------------------------

@pytest.mark.parametrize("value", ["0", "-1", ".inf", ".nan", '"soon"', "true"])
def test_render_timeout_must_be_positive_and_finite(cli, project_copy, value):
    config = project_copy / "clinic.yaml"
    text = config.read_text(encoding="utf-8")
    config.write_text(re.sub(r"(?m)^render_timeout: .*$", f"render_timeout: {value}", text),
                      encoding="utf-8")
    line = next(i for i, l in enumerate(config.read_text().splitlines(), 1)
                if l.startswith("render_timeout"))
    code, out, err = cli("status")
    one_line_error(code, err, f"clinic.yaml:{line}: setting 'render_timeout' must be a")


@pytest.mark.parametrize("edit, message", [
    (lambda t: t.replace("  - zh-TW\n", "  - 123\n", 1), "must be a list of text values"),
    (lambda t: re.sub(r"locales:\n(  - .*\n)+", "locales: &x [en, *x]\n", t),
     "recursive alias"),
    (lambda t: t + "deep: " + "[" * 5000 + "]" * 5000 + "\n", "malformed YAML"),
    (lambda t: t + "# caf\udce9\n", "not UTF-8 text"),
])
def test_malformed_config_values(cli, project_copy, edit, message):
    config = project_copy / "clinic.yaml"
    text = edit(config.read_text(encoding="utf-8"))
    config.write_bytes(text.encode("utf-8", "surrogateescape"))
    code, out, err = cli("status")
    one_line_error(code, err, "clinic.yaml")
    assert message in err


@pytest.mark.parametrize("kind", ["fifo", "folder"])
def test_special_files_instead_of_inputs(cli, project_copy, kind):
    def make(path: Path) -> None:
        path.unlink()
        os.mkfifo(path) if kind == "fifo" else path.mkdir()

    expected = "found a special file" if kind == "fifo" else "found a folder"
    for target, command in ((project_copy / "clinic.yaml", ("status",)),
                            (project_copy / SEED_PO, ("check", "--locale", "zh-TW")),
                            (project_copy / SEED_MD, ("pdf", SEED_SLUG))):
        backup = target.read_bytes()
        make(target)
        code, out, err = cli(*command, timeout=30)     # a FIFO must not hang
        output = err if command[0] != "check" else out
        assert code != 0 and expected in output and "Traceback" not in err, (command, out, err)
        target.rmdir() if target.is_dir() else target.unlink()
        target.write_bytes(backup)


# --- articles ------------------------------------------------------------------------------

@pytest.mark.parametrize("slug", ["handout", "library", "Bad_Name"])
def test_article_slugs_that_collide_or_cannot_name_files(cli, project_copy, slug):
    (project_copy / "articles" / f"{slug}.md").write_bytes((project_copy / SEED_MD).read_bytes())
    code, out, err = cli("extract")
    one_line_error(code, err, f"articles/{slug}.md: the slug '{slug}'")


@pytest.mark.parametrize("char", ["\u202e", "\u200b", "\u2066"])
def test_invisible_characters_in_an_article(cli, project_copy, char):
    path = project_copy / SEED_MD
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    index = next(i for i, l in enumerate(lines) if "24 to 48" in l or "24-48" in l)
    lines[index] = lines[index].replace("24", f"{char}24", 1)
    path.write_text("".join(lines), encoding="utf-8")
    code, out, err = cli("extract")
    one_line_error(code, err, f"{SEED_MD}:{index + 1}: invisible character U+{ord(char):04X}")


def test_nesting_deeper_than_the_handout_shows_is_an_error(cli, project_copy):
    path = project_copy / SEED_MD
    path.write_text(path.read_text(encoding="utf-8") + "\n- one\n  - two\n    - three\n"
                    "      - four: take 5 mg\n", encoding="utf-8")
    code, out, err = cli("extract")
    line = len(path.read_text(encoding="utf-8").splitlines())
    one_line_error(code, err, f"{SEED_MD}:{line}: lists and quotes nested more than 3 deep")


def test_three_levels_render_fully_and_long_words_wrap(cli, project_copy):
    path = project_copy / SEED_MD
    word = "x" * 500
    url = "https://example.org/" + "y" * 300
    path.write_text(path.read_text(encoding="utf-8") + f"\n- one {word}\n  - two\n"
                    f"    - three: take 5 mg\n\nSee {url} for more.\n", encoding="utf-8")
    code, out, err = cli("pdf", SEED_SLUG, "--locale", "en")
    assert code == 0, err
    pdf = project_copy / "dist" / "en" / f"{SEED_SLUG}.pdf"
    text = pdf_text(pdf)
    assert "three: take 5 mg" in text
    assert "".join(text.split()).count(word) == 1         # all of it, across lines
    right_margin = 595 - 28 * 72 / 25.4          # A4, 28 mm side margins
    assert max(x_max for _, _, x_max, _ in word_boxes(pdf)) <= right_margin + 1


# --- catalogs ------------------------------------------------------------------------------

def test_byte_order_mark_in_a_catalog(cli, project_copy):
    path = project_copy / SEED_PO
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())
    code, out, err = cli("pdf", SEED_SLUG, "--locale", "zh-TW")
    one_line_error(code, err, f"{SEED_PO}:1: the file starts with a UTF-8 byte-order mark")


def test_bytes_that_do_not_match_the_declared_charset(cli, project_copy):
    path = project_copy / SEED_PO
    data = path.read_bytes()
    index = data.index("小時".encode("utf-8"))
    path.write_bytes(data[:index] + "小時".encode("big5") + data[index + 6:])
    line = data[:index].count(b"\n") + 1
    code, out, err = cli("pdf", SEED_SLUG, "--locale", "zh-TW")
    one_line_error(code, err, f"{SEED_PO}:{line}: bytes do not match the declared charset UTF-8")


def test_update_refuses_a_catalog_in_another_charset(cli, project_copy):
    path = project_copy / "locales/zh_TW/LC_MESSAGES/handout.po"
    path.write_bytes(path.read_bytes().replace(b"charset=UTF-8", b"charset=BIG5"))
    code, out, err = cli("update", "--locale", "zh-TW")
    one_line_error(code, err, "locales/zh_TW/LC_MESSAGES/handout.po:")
    assert "msgconv --to-code=UTF-8" in err


# --- the render time limit -------------------------------------------------------------------

def test_a_pathological_render_is_stopped_at_its_limit(tmp_path):
    from i18n.errors import RenderError
    from i18n.render.html import RenderOptions, write_pdf
    html = "<html><body><p>" + "x" * 3_000_000 + "</p></body></html>"
    started = time.monotonic()
    with pytest.raises(RenderError, match="longer than 1 s"):
        write_pdf(html, tmp_path / "slow.pdf", RenderOptions(timeout=1))
    assert time.monotonic() - started < 1 + 2
    assert list(tmp_path.iterdir()) == []


def test_ctrl_c_stops_a_long_render_within_2_seconds(project_copy):
    path = project_copy / SEED_MD
    path.write_text(path.read_text(encoding="utf-8") + "\n" + "x" * 3_000_000 + "\n",
                    encoding="utf-8")
    process = subprocess.Popen([sys.executable, str(REPO / "export.py"), "pdf", SEED_SLUG],
                               cwd=project_copy, stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, text=True)
    try:
        time.sleep(6)                      # past start-up, inside WeasyPrint
        assert process.poll() is None
        process.send_signal(signal.SIGINT)
        started = time.monotonic()
        out, err = process.communicate(timeout=10)
        assert time.monotonic() - started < 2
    finally:
        process.kill()
    assert process.returncode == 130, err
    assert "Traceback" not in err
    assert not (project_copy / "dist").exists() or not list((project_copy / "dist").rglob("*.pdf"))


def test_workers_die_with_a_killed_parent(project_copy):
    for index in range(6):
        (project_copy / "articles" / f"copy-{index}.md").write_bytes(
            (project_copy / SEED_MD).read_bytes())
    process = subprocess.Popen([sys.executable, str(REPO / "export.py"), "all", "--jobs", "2",
                                "--locale", "en"], cwd=project_copy, stdout=subprocess.PIPE,
                               stderr=subprocess.DEVNULL, text=True)
    try:
        assert process.stdout.readline().startswith("built ")
        workers = subprocess.run(["pgrep", "-P", str(process.pid)], capture_output=True,
                                 text=True).stdout.split()
        assert workers
        process.kill()                                        # SIGKILL: no clean-up runs
        process.wait()
        deadline = time.monotonic() + 5
        while time.monotonic() < deadline and any(Path(f"/proc/{pid}").exists()
                                                  and _alive(pid) for pid in workers):
            time.sleep(0.1)
        assert not [pid for pid in workers if _alive(pid)]
        before = sorted((project_copy / "dist").rglob("*"))
        time.sleep(1)
        assert sorted((project_copy / "dist").rglob("*")) == before   # nothing more written
    finally:
        process.kill()


def _alive(pid: str) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().split(")")[-1].split()[0]
    except OSError:
        return False
    return state != "Z"


# --- properties ----------------------------------------------------------------------------

NUMBERS = st.lists(st.integers(min_value=1, max_value=5000), min_size=1, max_size=4, unique=True)


@settings(max_examples=150, deadline=None)
@given(numbers=NUMBERS, data=st.data())
def test_every_changed_dropped_or_added_number_is_caught(numbers, data):
    from i18n.checks import CheckContext, check_entry
    from i18n.locales import parse_locale
    source = "Take " + ", then ".join(f"{n} mg" for n in numbers) + " as told."
    good = "服用" + "，接著".join(f"{n} 毫克" for n in numbers) + "。"
    context = CheckContext(parse_locale("zh-TW"))

    def errors(msgstr: str) -> list:
        entry = polib.POEntry(msgid=source, msgstr=msgstr)
        return [f for f in check_entry(entry, context) if f[1] == "error"]

    assert errors(good) == []
    target = data.draw(st.sampled_from(numbers))
    other = data.draw(st.integers(min_value=0, max_value=99999).filter(
        lambda n: n not in numbers))
    mutation = data.draw(st.sampled_from(["change", "drop", "add", "reverse"]))
    if mutation == "change":
        bad = good.replace(f"{target} 毫克", f"{other} 毫克", 1)
    elif mutation == "drop":
        bad = good.replace(f"{target} 毫克", "毫克", 1)
    elif mutation == "add":
        bad = good + f"共 {other} 次。"
    else:
        if str(target) == str(target)[::-1]:
            return
        bad = good.replace(str(target), f"\u202e{target}\u202c", 1)
    assert errors(bad), (mutation, bad)


@settings(max_examples=120, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(body=st.text(st.characters(blacklist_categories=("Cs",)), max_size=400))
def test_no_article_text_gives_a_traceback(tmp_path, body):
    from i18n.content.article import parse_article
    from i18n.errors import HandoutError
    text = ('---\ntitle: "T"\ndescription: "D"\nauthor:\n  name: "A"\n  affiliation: "C"\n'
            '  bio: "B"\ndate_published: 2026-01-01\n---\n\n' + body)
    try:
        parse_article(text, tmp_path / "x.md")
    except HandoutError as error:
        assert error.filename and error.filename.endswith("x.md")


@settings(max_examples=60, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(msgstr=st.text(max_size=60))
def test_no_msgstr_gives_a_traceback(tmp_path, msgstr):
    from i18n.catalogs.repository import load_po
    from i18n.errors import HandoutError
    escaped = msgstr.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
    path = tmp_path / "x.po"
    path.write_bytes(('msgid ""\nmsgstr "Content-Type: text/plain; charset=UTF-8\\n"\n\n'
                      f'msgid "Rest 24 hours."\nmsgstr "{escaped}"\n').encode("utf-8",
                                                                          "surrogatepass"))
    try:
        load_po(path)
    except HandoutError as error:
        assert error.filename and error.filename.endswith("x.po")


# --- found by a hostile-input audit ------------------------------------------------------

def test_a_manifest_variant_cannot_reach_outside_dist(cli, project_copy, tmp_path):
    victim = tmp_path / "victim" / "victim.pdf"
    victim.parent.mkdir()
    victim.write_text("precious", encoding="utf-8")
    assert cli("all", "--locale", "en")[0] == 0
    (project_copy / "dist" / "en" / "gone.d").mkdir()
    escape = "d/" + "../" * 12 + str(victim.with_suffix(""))[1:]
    entry = {"slug": "gone", "locale": "en", "status": "blocked", "path": None,
             "variant": escape}
    (project_copy / "dist" / "manifest.shard-1-of-2.json").write_text(
        json.dumps({"format": 1, "handouts": {"gone/en/x": entry}}), encoding="utf-8")
    code, out, err = cli("all", "--locale", "en")
    assert code == 0, err
    assert victim.read_text(encoding="utf-8") == "precious"
    assert "malformed manifest" in err


def test_outputs_never_replace_special_files_or_follow_links_out_of_dist(cli, project_copy,
                                                                         tmp_path):
    fifo = project_copy / "out.pdf"
    os.mkfifo(fifo)
    code, out, err = cli("pdf", SEED_SLUG, "-o", fifo)
    one_line_error(code, err, "out.pdf: cannot write file: not a regular file")
    assert fifo.is_fifo()

    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "important.zip").write_text("keep", encoding="utf-8")
    (project_copy / "dist").mkdir()
    (project_copy / "dist" / "bundles").symlink_to(outside)
    code, out, err = cli("all", "--locale", "en", "--bundle")
    assert code != 0 and "a symbolic link leads elsewhere" in err and "Traceback" not in err
    assert sorted(p.name for p in outside.iterdir()) == ["important.zip"]

    (project_copy / "drafts").symlink_to(project_copy / "dist")
    code, out, err = cli("pdf", SEED_SLUG, "--draft")
    one_line_error(code, err, f"dist/en/{SEED_SLUG}.pdf: a draft is never written under dist/")


@pytest.mark.parametrize("setting", [
    'translators:\n  zh-TW: "Lin \\u202e0987 654 321\\u202c Mei"\n',
    'clinic_name_typo: x\n',
    'requires_review: [zh-TW]\n',
])
def test_config_refuses_invisible_characters_and_unknown_settings(cli, project_copy, setting):
    config = project_copy / "clinic.yaml"
    # The setting replaces one of the same name: a key given twice is an error of its own.
    text = re.sub(r"(?ms)^translators:\n(?:  .*\n)*", "", config.read_text(encoding="utf-8"))
    config.write_text(text + setting, encoding="utf-8")
    code, out, err = cli("status")
    one_line_error(code, err, "clinic.yaml:")
    assert ("invisible or control character" in err) or ("unknown setting" in err)


@pytest.mark.parametrize("phone", ["022345670", "12:34:56", "+886223456789"])
def test_a_phone_number_must_be_quoted_text(cli, project_copy, phone):
    config = project_copy / "clinic.yaml"
    text = re.sub(r'(?m)^  phone: .*$', f"  phone: {phone}", config.read_text(encoding="utf-8"))
    config.write_text(text, encoding="utf-8")
    code, out, err = cli("status")
    one_line_error(code, err, "clinic.yaml:")
    assert "must be text in quotes" in err


def test_review_records_with_a_bad_date_or_name_are_a_clean_error(cli, project_copy):
    with (project_copy / "clinic.yaml").open("a", encoding="utf-8") as config:
        config.write('\nreviewers: ["Dr. Chen"]\n')
    assert cli("review", "--locale", "zh-TW", "--by", "Dr. Chen")[0] == 0
    path = project_copy / "locales/zh_TW/reviews.json"
    for field, value in (("date", "garbage"), ("by", "Dr. \u202eneh\u202c")):
        data = json.loads(path.read_text(encoding="utf-8"))
        record = next(iter(data["reviews"].values()))
        saved = record[field]
        record[field] = value
        path.write_text(json.dumps(data), encoding="utf-8")
        code, out, err = cli("pdf", SEED_SLUG, "--locale", "zh-TW")
        one_line_error(code, err, "locales/zh_TW/reviews.json: malformed review records")
        record[field] = saved
        path.write_text(json.dumps(data), encoding="utf-8")


def test_a_glossary_fifo_does_not_hang(cli, project_copy):
    path = project_copy / "locales/zh_TW/glossary.csv"
    path.unlink()
    os.mkfifo(path)
    code, out, err = cli("pdf", SEED_SLUG, "--locale", "zh-TW", timeout=30)
    one_line_error(code, err, "locales/zh_TW/glossary.csv: expected a glossary, found a special")


def test_images_in_an_article_are_an_error_at_their_line(cli, project_copy):
    path = project_copy / SEED_MD
    path.write_text(path.read_text(encoding="utf-8") + "\n![pixel](https://tracker.example/p.png)\n",
                    encoding="utf-8")
    line = len(path.read_text(encoding="utf-8").splitlines())
    code, out, err = cli("extract")
    one_line_error(code, err, f"{SEED_MD}:{line}: images are not supported")


def test_a_fifo_where_the_library_page_goes_is_refused_without_hanging(tmp_path):
    import os
    import time

    from i18n.errors import OutputError
    from i18n.fileio import write_if_changed
    fifo = tmp_path / "index.html"
    os.mkfifo(fifo)
    start = time.monotonic()
    with pytest.raises(OutputError, match="not a regular file"):
        write_if_changed(fifo, "<html></html>")
    assert time.monotonic() - start < 5
    page = tmp_path / "page.html"
    assert write_if_changed(page, "<p>a</p>") and not write_if_changed(page, "<p>a</p>")
    assert write_if_changed(page, "<p>b</p>") and page.read_text() == "<p>b</p>"
