"""Issue 22's hostile run: new hostile inputs, each run through the command line.

Every case changes a copy of a small project (:func:`build_base`: the seed
project plus ``articles/hostile-sample.md`` and its complete zh-TW catalog)
and runs one command.  Every case must be refused: ``tests/test_hostile_run.py``
asserts for each one a non-zero exit with a one-line error and no traceback,
no hang (a time limit), no file written or changed in the project or outside
it (so no wrong handout printed), no read outside the project (an audit hook
in the command's process), and the expected words in the error.

The families are those of issue 22: text decoded after the check, numbers
the check did not see, links and URLs, placeholders, silent loss, writes
where they must not go, reads through links out of the project, tracebacks
and hangs, config.
"""

from __future__ import annotations

import os
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

import polib

SAMPLE = "hostile-sample"
SAMPLE_PO = f"locales/zh_TW/LC_MESSAGES/{SAMPLE}.po"
SEED = "prp-basement-membrane"
SEED_PO = f"locales/zh_TW/LC_MESSAGES/{SEED}.po"

SAMPLE_ARTICLE = """---
title: "Home care after a procedure"
description: "What to do in the first days."
author:
  name: "Dr. Test"
  affiliation: "Test Clinic"
  bio: "A dermatologist."
date_published: 2026-01-15
---

## Care

Store the gel at −20 °C until use.

Use it 2 times a day for 3 days.

Give 0.300 mg per kilogram.

Redness fades within 24 to 48 hours.

See https://www.example.com/care for details.

Read [our care page](https://www.example.com/care).

Most patients need 4 to 6 sessions.
"""

#: The zh-TW translation of every segment of the sample: it passes every check.
SAMPLE_TRANSLATION = {
    "Home care after a procedure": "術後居家照護",
    "What to do in the first days.": "最初幾天該做的事。",
    "Dr. Test": "Dr. Test",
    "Test Clinic": "測試診所",
    "A dermatologist.": "皮膚科醫師。",
    "Care": "照護",
    "Store the gel at −20 °C until use.": "使用前請將凝膠存放於−20 °C。",
    "Use it 2 times a day for 3 days.": "每天使用2次，持續3天。",
    "Give 0.300 mg per kilogram.": "每公斤給予0.300毫克。",
    "Redness fades within 24 to 48 hours.": "紅腫在24至48小時內消退。",
    "See https://www.example.com/care for details.": "詳情請見 https://www.example.com/care 。",
    "Read [our care page](https://www.example.com/care).":
        "請閱讀[我們的照護頁面](https://www.example.com/care)。",
    "Most patients need 4 to 6 sessions.": "大多數患者需要4至6次治療。",
}


def set_msgstr(root: Path, catalog: str, msgid: str, msgstr: str, flags=None) -> None:
    """Give the entry *msgid* of *catalog* (a path in the project) the translation *msgstr*."""
    path = root / catalog
    po = polib.pofile(str(path), wrapwidth=79)
    entry = po.find(msgid)
    assert entry is not None, msgid
    if entry.msgid_plural:
        entry.msgstr_plural = {0: msgstr}
    else:
        entry.msgstr = msgstr
    if flags is not None:
        entry.flags = list(flags)
    po.save(str(path))


def build_base(root: Path, run_cli: Callable) -> Path:
    """The seed project plus the sample article, its catalogs made by ``extract`` and
    ``update`` and translated in full, and ``require_review`` off."""
    article = root / "articles" / f"{SAMPLE}.md"
    article.write_text(SAMPLE_ARTICLE, encoding="utf-8")
    for args in (("extract",), ("update", "--locale", "zh-TW")):
        code, out, err = run_cli(*args, cwd=root)
        assert code == 0, err
    po = polib.pofile(str(root / SAMPLE_PO), wrapwidth=79)
    for entry in po:
        entry.msgstr = SAMPLE_TRANSLATION[entry.msgid]
        if "fuzzy" in entry.flags:
            entry.flags.remove("fuzzy")
    po.save(str(root / SAMPLE_PO))
    return root


@dataclass(frozen=True)
class Case:
    """One hostile input: how to make it, what to run, what the error must say."""

    id: str
    family: str
    setup: Callable[[Path, Path], None]   #: (project root, a folder outside it)
    command: tuple[str, ...]
    expect: str                           #: words the error output must hold


PDF_ZH = ("pdf", SAMPLE, "--locale", "zh-TW")
CASES: list[Case] = []


def case(id: str, family: str, command: tuple[str, ...], expect: str):
    def register(setup):
        CASES.append(Case(id, family, setup, command, expect))
        return setup
    return register


def translation_case(id: str, family: str, msgid: str, msgstr: str, expect: str,
                     catalog: str = SAMPLE_PO, command=PDF_ZH, flags=None) -> None:
    """A hostile msgstr: the gate of ``pdf`` must refuse it, naming the catalog and line
    (and *expect*, the check, when ``check`` runs: the gate names the first finding)."""
    if command[0] == "pdf":
        expect = Path(catalog).name + ":"
    def setup(root: Path, outside: Path) -> None:
        set_msgstr(root, catalog, msgid, msgstr, flags)
    CASES.append(Case(id, family, setup, command, expect))


HOURS = "Redness fades within 24 to 48 hours."
HOURS_ZH = SAMPLE_TRANSLATION[HOURS]
COLD = "Store the gel at −20 °C until use."
DOSE = "Use it 2 times a day for 3 days."
MG = "Give 0.300 mg per kilogram."
BARE = "See https://www.example.com/care for details."
LINK = "Read [our care page](https://www.example.com/care)."
SESSIONS = "Most patients need 4 to 6 sessions."

# --- text decoded after the check: character references -------------------------------
for n, reference in enumerate(["&#48;", "&#x30;", "&#52;&#56;", "&#x34;8", "&#0052;8"]):
    translation_case(f"reference-digit-{n}", "one text", HOURS,
                     HOURS_ZH.replace("48", reference), "[")
for name, reference in [("rlm", "&rlm;"), ("lrm", "&lrm;"), ("zwj", "&zwj;"),
                        ("zwnj", "&zwnj;"), ("rlo-hex", "&#x202E;"), ("rlo-dec", "&#8238;"),
                        ("lri", "&#x2066;"), ("nbsp", "&nbsp;"), ("shy", "&shy;"),
                        ("bel", "&#7;"), ("nul", "&#0;"), ("frac", "&frac12;"),
                        ("minus", "&minus;")]:
    translation_case(f"reference-{name}", "one text", HOURS,
                     HOURS_ZH.replace("24", "2" + reference + "4"), "[references]")
translation_case("reference-in-url", "one text", BARE,
                 "詳情請見 https://www.ex&#97;mple.org/care 。", "[")

# --- numbers the check did not see ----------------------------------------------------
for name, digits in [("bengali", "৪৮"), ("thai", "๔๘"), ("devanagari", "४८"),
                     ("math-bold", "𝟒𝟖"), ("arabic-indic", "٤٨"), ("fullwidth-other", "４９"),
                     ("mixed", "4৮"), ("tibetan", "༤༨"), ("myanmar", "၄၈")]:
    translation_case(f"digits-{name}", "numbers", HOURS, HOURS_ZH.replace("48", digits),
                     "[numbers]")
for name, char in [("circled", "④"), ("roman", "Ⅳ"), ("superscript", "⁴"), ("fraction", "½"),
                   ("parenthesized", "⑷"), ("dingbat", "➍"), ("fullstop", "⒋")]:
    translation_case(f"numeric-{name}", "numbers", SESSIONS,
                     SAMPLE_TRANSLATION[SESSIONS].replace("4", char), "[numbers]")
for name, text in [("dropped", "使用前請將凝膠存放於20 °C。"),
                   ("plus", "使用前請將凝膠存放於+20 °C。"),
                   ("hyphen-after-word", "使用前請將凝膠存放於溫度20 °C。")]:
    translation_case(f"sign-{name}", "numbers", COLD, text, "[numbers]")
for name, text in [("leading-zero", "每公斤給予0,300毫克。"), ("short-group", "每公斤給予1,000,00毫克。"),
                   ("comma-decimal", "每公斤給予0,3毫克。")]:
    translation_case(f"group-{name}", "numbers", MG, text, "[numbers]")
for name, text in [("swapped", "每天使用3次，持續2天。"), ("swapped-long", "每天使用3次，共2天。")]:
    translation_case(f"units-{name}", "numbers", DOSE, text, "[units]")

# --- links and URLs -------------------------------------------------------------------
for name, text in [("other-domain", "詳情請見 https://evil.example/care 。"),
                   ("cyrillic-host", "詳情請見 https://www.еxample.com/care 。"),
                   ("greek-host", "詳情請見 https://www.exαmple.com/care 。"),
                   ("www-only", "詳情請見 www.evil.example/care 。"),
                   ("punycode", "詳情請見 https://xn--xample-9of.com/care 。"),
                   ("added-path", "詳情請見 https://www.example.org/care 。")]:
    translation_case(f"url-{name}", "urls", BARE, text, "[urls]")
for name, text in [("lookalike-text", "請閱讀[https://www.example.com/care](https://evil.example/care)。"),
                   ("text-shows-other", "請閱讀[www.example.com](https://www.example.com.evil.example/care)。"),
                   ("autolink-changed", "請閱讀<https://evil.example/care>。"),
                   ("javascript", "請閱讀[我們的照護頁面](javascript:alert(1))。")]:
    translation_case(f"link-{name}", "urls", LINK, text, "[")

# --- placeholders ---------------------------------------------------------------------
HANDOUT_PO = "locales/zh_TW/LC_MESSAGES/handout.po"
LIBRARY_PO = "locales/zh_TW/LC_MESSAGES/library.po"
translation_case("placeholder-dropped-flag", "placeholders", "Published: {date}", "發布日期：",
                 "[placeholders]", catalog=HANDOUT_PO, flags=[])
translation_case("placeholder-dropped", "placeholders", "Published: {date}", "發布日期：",
                 "[placeholders]", catalog=HANDOUT_PO)
translation_case("placeholder-attribute", "placeholders", "Published: {date}",
                 "發布日期：{date.__class__.__mro__}", "[placeholders]", catalog=HANDOUT_PO,
                 flags=[])
translation_case("placeholder-spec", "placeholders", "Page {page} of {pages}",
                 "第 {page:>20000000} 頁", "[placeholders]", catalog=HANDOUT_PO)
CHECK_ZH = ("check", "--locale", "zh-TW")
for name, text, flags in [("mro", "{n.__class__.__mro__}", None), ("spec", "{n:>20000000}", None),
                          ("dropped", "篇文章", None), ("mro-no-flag", "{n.__class__}", []),
                          ("dropped-no-flag", "篇文章", [])]:
    translation_case(f"library-placeholder-{name}", "placeholders", "{n} article", text,
                     "library.po:", catalog=LIBRARY_PO, command=CHECK_ZH, flags=flags)

# --- silent loss: control characters in catalogs ------------------------------------------
for name, char in [("bel", "\x07"), ("esc", "\x1b"), ("del", "\x7f"), ("nel", "\x85"),
                   ("csi", "\x9b"), ("vt", "\x0b"), ("ff", "\x0c"), ("backspace", "\x08")]:
    translation_case(f"control-{name}", "silent loss", HOURS,
                     HOURS_ZH.replace("24", "2" + char + "4"), "U+00")


# --- articles: one text, silent loss, limits ------------------------------------------------
def article_case(id: str, family: str, edit: Callable[[str], str], expect: str,
                 command=("pdf", SAMPLE)) -> None:
    def setup(root: Path, outside: Path) -> None:
        path = root / "articles" / f"{SAMPLE}.md"
        path.write_text(edit(path.read_text(encoding="utf-8")), encoding="utf-8")
    CASES.append(Case(id, family, setup, command, expect))


def body(text: str) -> Callable[[str], str]:
    return lambda article: article + "\n" + text + "\n"


def front(line: str) -> Callable[[str], str]:
    return lambda article: article.replace("date_published:", line + "\ndate_published:", 1)


for name, text in [("rlo", "Take it &#x202E;24-48 hours."), ("rlm", "Wait 2&rlm;4 hours."),
                   ("bel", "Ring &#7; twice."), ("nul", "A &#0; here."),
                   ("lri", "A &#x2067;range&#x2069; here."), ("raw-esc", "Raw \x1b[31m red."),
                   ("raw-nul", "Raw \x00 here."), ("raw-rlo", "Raw \u202e here.")]:
    article_case(f"article-body-{name}", "one text", body(text), f"{SAMPLE}.md:")
for name, line in [("title-rlo", 'short_title: "\\u202eTitle"'), ("about-bel", 'about: "\\a"'),
                   ("specialty-fs", 'specialty: "a\\x1cb"'),
                   ("about-entity", 'about: "a &#x202e; b"'),
                   ("url-escape", 'url: "https://www.example.com/\\u202e"'),
                   ("url-reference", 'url: "https://www.example.com/&#x202e;"'),
                   ("url-cyrillic", 'url: "https://www.еxample.com/care"'),
                   ("url-nul", 'url: "https://www.example.com/\\0"')]:
    article_case(f"article-front-{name}", "one text", front(line), f"{SAMPLE}.md:")
for depth in (40, 200, 2000):
    article_case(f"article-emphasis-{depth}", "limits",
                 body("*" * depth + "deep" + "*" * depth), "nested")
article_case("article-links-in-emphasis", "limits",
             body("_" * 40 + "[a](https://www.example.com/)" + "_" * 40), "nested")
for columns in (13, 40, 300):
    article_case(f"article-table-{columns}", "silent loss",
                 body("|" + "|".join(f"c{i}" for i in range(columns)) + "|\n|"
                      + "|".join("---" for _ in range(columns)) + "|\n|"
                      + "|".join(str(i) for i in range(columns)) + "|"), "table of")
article_case("article-alias-recursive", "limits", front("about: &a [*a]"), "recursive alias")
article_case("article-alias-bomb", "limits",
             front("about: &a [a,a,a,a,a,a,a,a,a,a]\nspecialty: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a,*a]"
                   "\nx: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b,*b]\ny: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c,*c]"
                   "\nz: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d,*d]\nw: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e,*e]"),
             "alias bomb")
article_case("article-duplicate-key", "config", front('title: "Again"'), "given twice")


# --- config -----------------------------------------------------------------------------
def config_case(id: str, edit: Callable[[str], str], expect: str,
                command=("pdf", SAMPLE)) -> None:
    def setup(root: Path, outside: Path) -> None:
        path = root / "clinic.yaml"
        path.write_text(edit(path.read_text(encoding="utf-8")), encoding="utf-8")
        (root / "dist" / "zh-TW").mkdir(parents=True, exist_ok=True)   # must survive
        (root / "dist" / "zh-TW" / f"{SAMPLE}.pdf").write_bytes(b"%PDF-1.7 an old handout")
    CASES.append(Case(id, "config", setup, command, expect))


config_case("config-duplicate-key", lambda t: t + "\nrender_timeout: 5\n", "given twice")
config_case("config-alias-bomb", lambda t: t + "\nx: &a [1,1,1,1,1,1,1,1,1,1]\n"
            + "".join(f"x{i}: &{chr(98 + i)} [" + ",".join([f"*{chr(97 + i)}"] * 10) + "]\n"
                      for i in range(6)), "alias bomb")
config_case("config-recursive-alias", lambda t: t + "\ndo_not_translate_x: &r [*r]\n",
            "recursive alias")
config_case("config-invalid-source-locale", lambda t: t.replace("source_locale: en",
                                                                "source_locale: xx-!!"),
            "source_locale", command=("all",))
config_case("config-invalid-source-locale-pdf", lambda t: t.replace("source_locale: en",
                                                                    "source_locale: 12"),
            "source_locale")


def logo_case(id: str, svg_inside: str) -> None:
    def setup(root: Path, outside: Path) -> None:
        (root / "assets" / "logo.svg").write_text(
            '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10">'
            f'{svg_inside}<rect width="10" height="10"/></svg>', encoding="utf-8")
    CASES.append(Case(id, "config", setup, ("pdf", SAMPLE), "logo"))


for n, inside in enumerate([r"<style>rect{fill:u\72l(http://e.invalid/a)}</style>",
                            r'<style>@\69mport "http://e.invalid/a.css";</style>',
                            r"<style>rect{fill:\75rl(http://e.invalid/a)}</style>",
                            r"<style>rect{fill:u\000072 l(http://e.invalid/a)}</style>",
                            r'<rect style="fill:u\72l(http://e.invalid/a)"/>',
                            r"<style>rect{fill:image-set('http://e.invalid/a.png' 1x)}</style>",
                            r"<style>@imp\ort 'x.css';</style>"]):
    logo_case(f"logo-css-escape-{n}", inside)


# --- writes where they must not go ------------------------------------------------------------
def write_case(id: str, command: tuple[str, ...], expect: str = "refusing",
               prepare: Callable[[Path, Path], None] | None = None) -> None:
    def setup(root: Path, outside: Path) -> None:
        if prepare is not None:
            prepare(root, outside)
    CASES.append(Case(id, "writes", setup, command, expect))


for target in (f"articles/{SAMPLE}.md", SAMPLE_PO, "clinic.yaml", "templates/handout.css",
               "templates/handout.html", "locales/handout.pot", "assets/logo.svg"):
    name = target.replace("/", "-")
    write_case(f"output-over-{name}", (*PDF_ZH, "-o", target))
    write_case(f"html-over-{name}", (*PDF_ZH, "--html", target))
write_case("output-into-articles", (*PDF_ZH, "-o", "articles/new.pdf"))


def link_dist_out(root: Path, outside: Path) -> None:
    (root / "dist").mkdir(exist_ok=True)
    os.symlink(outside, root / "dist" / "zh-TW")


def link_drafts_out(root: Path, outside: Path) -> None:
    (root / "drafts").mkdir(exist_ok=True)
    os.symlink(outside, root / "drafts" / "zh-TW")


write_case("pdf-through-dist-link", PDF_ZH, prepare=link_dist_out)
write_case("pdf-o-through-dist-link", (*PDF_ZH, "-o", f"dist/zh-TW/{SAMPLE}.pdf"),
           prepare=link_dist_out)
write_case("draft-through-drafts-link", (*PDF_ZH, "--draft"), prepare=link_drafts_out)


def link_dist_file_out(root: Path, outside: Path) -> None:
    (root / "dist" / "zh-TW").mkdir(parents=True)
    os.symlink(outside / "victim.pdf", root / "dist" / "zh-TW" / f"{SAMPLE}.pdf")


write_case("pdf-over-file-link", PDF_ZH, prepare=link_dist_file_out)


# --- reads through links out of the project ----------------------------------------------------
def read_case(id: str, command: tuple[str, ...], link: str, target: str,
              expect: str = "symbolic link") -> None:
    def setup(root: Path, outside: Path) -> None:
        path = root / link
        source = outside / target
        source.parent.mkdir(parents=True, exist_ok=True)
        if path.is_dir() and not path.is_symlink():
            shutil.copytree(path, source)
            shutil.rmtree(path)
        else:
            shutil.copy2(path, source) if path.exists() else source.write_text("x\n")
            path.unlink(missing_ok=True)
        os.symlink(source, path)
    CASES.append(Case(id, "reads", setup, command, expect))


read_case("read-article-link", ("pdf", SAMPLE), f"articles/{SAMPLE}.md", "article.md")
read_case("read-article-link-zh", PDF_ZH, f"articles/{SAMPLE}.md", "article.md")
read_case("read-catalog-link", PDF_ZH, SAMPLE_PO, "catalog.po")
read_case("read-catalog-link-check", CHECK_ZH, SAMPLE_PO, "catalog.po")
read_case("read-glossary-link", CHECK_ZH, "locales/zh_TW/glossary.csv", "glossary.csv")
read_case("read-reviews-link", CHECK_ZH, "locales/zh_TW/reviews.json", "reviews.json")
read_case("read-locale-folder-link", CHECK_ZH, "locales/zh_TW", "zh_TW")
read_case("read-handout-catalog-link", PDF_ZH, HANDOUT_PO, "handout.po")


# --- hangs: a 480 KB catalog of text that made regular expressions rescan --------------------------
def huge_catalog(root: Path, outside: Path) -> None:
    po = polib.pofile(str(root / SAMPLE_PO), wrapwidth=79)
    patterns = ["1," * 4900 + "1111", "](" * 4900, "<a:" * 3300, "%(" * 4900, "[" * 9900,
                "*a" * 4900, "-1" * 4900, "a" * 9900 + "@", "&#48;" * 1980, "½" * 9900]
    for index in range(50):   # 50 entries of 9,900 characters: 480 KB
        po.append(polib.POEntry(msgid=f"Hostile paragraph {index} of 24 to 48 hours.",
                                msgstr=patterns[index % len(patterns)],
                                occurrences=[(f"articles/{SAMPLE}.md", "1")]))
    po.save(str(root / SAMPLE_PO))


CASES.append(Case("catalog-480kb", "hangs", huge_catalog, CHECK_ZH, "[numbers]"))


def overlong_entry(root: Path, outside: Path) -> None:
    set_msgstr(root, SAMPLE_PO, HOURS, HOURS_ZH + "](" * 200_000)


CASES.append(Case("entry-400kb", "hangs", overlong_entry, PDF_ZH, "[length]"))
