"""The en-XA pseudo-locale: accented, longer, bracketed; markup and numbers kept."""

from __future__ import annotations

import re

from hypothesis import given, strategies as st

from conftest import SEED_SLUG
from i18n.pseudo import pseudo_translate
from pdfutil import pdf_text


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
