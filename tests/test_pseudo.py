"""The en-XA pseudo-locale: accented, longer, bracketed; markup and numbers kept."""

from __future__ import annotations

import re

from conftest import SEED_SLUG
from hypothesis import given
from hypothesis import strategies as st
from pdfutil import pdf_text

from i18n.catalogs.pseudo import pseudo_translate


def test_accented_longer_bracketed():
    text = "Apply sunscreen every 2 hours."
    pseudo = pseudo_translate(text)
    assert pseudo.startswith("[") and pseudo.endswith("]")
    assert "Àþþĺý" in pseudo and "2" in pseudo
    assert len(pseudo) >= 1.3 * len(text)


def test_markup_links_and_placeholders_are_kept():
    pseudo = pseudo_translate("**Bold** and [a link](https://example.org/x) on page {page}")
    assert pseudo.count("**") == 2
    assert "](https://example.org/x)" in pseudo
    assert "{page}" in pseudo


@given(st.text(alphabet=st.characters(codec="ascii", categories=("L", "N", "Zs", "P")),
               min_size=1, max_size=80))
def test_numbers_survive(text):
    assert re.findall(r"\d+", pseudo_translate(text)) == re.findall(r"\d+", text)


def test_pseudo_handout_shows_no_untranslated_template_text(cli, project_copy):
    code, out, err = cli("update", "--locale", "en-XA")
    assert code == 0, err
    code, out, err = cli("pdf", SEED_SLUG, "--locale", "en-XA")
    assert code == 0, err
    text = " ".join(pdf_text(project_copy / "dist" / "en-XA" / f"{SEED_SLUG}.pdf").split())
    for label in ("Contents", "About the Author", "Disclaimer", "Published:", "Page 1 of"):
        assert label not in text, f"template text escaped translation: {label}"
    assert "[Çöñţéñţš" in text
    assert "24 ţö 48" in text  # numbers kept


def test_ar_xb_mirrors_each_word_and_keeps_markup_placeholders_numbers():
    from i18n.catalogs.pseudo import PDF, RLO, pseudo_mirror

    mirrored = pseudo_mirror("Apply **evidence-based** care every {n} hours, 24 to 48 "
                             "[the guide](https://example.org/a-b)")
    assert f"{RLO}Apply{PDF} **{RLO}evidence{PDF}-{RLO}based{PDF}**" in mirrored
    assert "{n}" in mirrored and " 24 " in mirrored and " 48 " in mirrored
    assert "](https://example.org/a-b)" in mirrored
    # what is printed: each word reversed, numbers as they are
    from i18n.checks.invisible import as_printed
    assert as_printed(mirrored).startswith("ylppA **ecnedive-desab** erac")
    assert "24 ot 48" in as_printed(mirrored)


def test_ar_xb_handout_renders_right_to_left_and_mirrored(cli, project_copy):
    assert cli("extract")[0] == 0
    code, out, err = cli("update", "--locale", "ar-XB")
    assert code == 0, err
    code, out, err = cli("check", "--locale", "ar-XB")
    # the invisible-character check exempts pseudo-locales: no finding on the overrides
    assert "[invisible]" not in out + err and f"{SEED_SLUG}.po" not in out + err
    code, out, err = cli("pdf", SEED_SLUG, "--locale", "ar-XB", "--html", "arxb.html")
    assert code == 0, err
    html = (project_copy / "arxb.html").read_text(encoding="utf-8")
    assert '<html lang="ar-XB" dir="rtl"' in html
    pdf = project_copy / "dist" / "ar-XB" / f"{SEED_SLUG}.pdf"
    text = " ".join(pdf_text(pdf).split())
    assert "stnetnoC" in text and "Contents" not in text     # mirrored, not left as English
    words = text.split()
    assert "24" in words and "48" in words and "300" in words  # numbers keep their digit order
    assert "42" not in words and "84" not in words and "003" not in words
