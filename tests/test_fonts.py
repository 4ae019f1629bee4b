"""The font map, glyph coverage and per-handout CJK subsets."""

from __future__ import annotations

import base64
import re

import pytest
import uharfbuzz as hb

from i18n.errors import RenderError
from i18n.fonts import font_file, font_stack, missing_glyphs, subset_font_faces


def test_font_map():
    assert font_stack("Hant").families == ("Noto Sans", "Noto Sans CJK TC")
    assert font_stack("Hans").families == ("Noto Sans", "Noto Sans CJK SC")
    assert font_stack("Jpan").families == ("Noto Sans", "Noto Sans CJK JP")
    assert font_stack("Latn").families == ("Noto Sans",)
    assert font_stack("Hant", "serif").families == ("Noto Serif", "Noto Serif CJK TC")


@pytest.mark.parametrize("script", ["Arab", "Hebr", "Mong"])
def test_unsupported_scripts_are_refused(script):
    with pytest.raises(RenderError, match="not supported"):
        font_stack(script)


def test_every_face_is_installed_with_a_real_bold():
    for family in ("Noto Sans", "Noto Serif", "Noto Sans CJK TC", "Noto Serif CJK TC"):
        regular, bold = font_file(family), font_file(family, bold=True)
        assert regular != bold, family


def test_missing_glyphs():
    stack = font_stack("Hant")
    assert missing_glyphs("富血小板血漿（PRP）治療後24至48小時。", stack) == []
    assert missing_glyphs("ok \U0001F600 \u0BF5", stack) == ["\U0001F600", "\u0BF5"]


def test_cjk_subsets_cover_the_text_and_nothing_much_else():
    text = "肝斑的治療 PRP"
    css = subset_font_faces(font_stack("Hant"), text)
    faces = re.findall(r'font-family: "([^"]+)"; font-weight: (\d+); '
                       r'src: url\(data:font/otf;base64,([A-Za-z0-9+/=]+)\)', css)
    assert [(name, weight) for name, weight, _ in faces] == [
        ("Noto Sans CJK TC Handout Subset", "400"), ("Noto Sans CJK TC Handout Subset", "700")]
    for _, _, data in faces:
        face = hb.Face(hb.Blob(base64.b64decode(data)))
        covered = set(face.unicodes)
        assert {ord(c) for c in text if not c.isspace()} <= covered
        assert len(covered) < 50
    assert subset_font_faces(font_stack("Latn"), text) == ""
