"""The font map, glyph coverage and per-handout CJK subsets."""

from __future__ import annotations

import hashlib
import re

import pytest
import uharfbuzz as hb

from i18n.errors import LocaleError, RenderError
from i18n.locales import parse_locale, require_supported_script
from i18n.render.fonts import font_file, font_stack, missing_glyphs, subset_data, subset_font_faces


def test_font_map():
    assert font_stack("Hant").families == ("Noto Sans", "Noto Sans CJK TC")
    assert font_stack("Hans").families == ("Noto Sans", "Noto Sans CJK SC")
    assert font_stack("Jpan").families == ("Noto Sans", "Noto Sans CJK JP")
    assert font_stack("Latn").families == ("Noto Sans",)
    assert font_stack("Hant", "serif").families == ("Noto Serif", "Noto Serif CJK TC")
    assert font_stack("Kore").families == ("Noto Sans", "Noto Sans CJK KR")
    assert font_stack("Thai").families == ("Noto Sans", "Noto Sans Thai")
    assert font_stack("Arab").families == ("Noto Sans", "Noto Naskh Arabic")
    assert font_stack("Hebr").families == ("Noto Sans", "Noto Sans Hebrew")


@pytest.mark.parametrize("tag, family", [
    ("ja", "Noto Sans CJK JP"), ("ko", "Noto Sans CJK KR"), ("zh-CN", "Noto Sans CJK SC"),
    ("zh-TW", "Noto Sans CJK TC"), ("th", "Noto Sans Thai"), ("ar", "Noto Naskh Arabic"),
    ("vi", "Noto Sans"), ("id", "Noto Sans")])
def test_each_language_gets_its_face(tag, family):
    assert font_stack(parse_locale(tag).script).families[-1] == family


def test_vertical_writing_is_refused_early():
    with pytest.raises(RenderError, match="vertical"):
        font_stack("Mong")
    with pytest.raises(LocaleError, match="vertical"):
        require_supported_script(parse_locale("mn-Mong"))
    require_supported_script(parse_locale("ar"))   # right to left is supported


def test_every_face_is_installed_with_a_real_bold():
    for family in ("Noto Sans", "Noto Serif", "Noto Sans CJK TC", "Noto Serif CJK TC",
                   "Noto Sans CJK JP", "Noto Sans CJK KR", "Noto Sans CJK SC", "Noto Sans Thai",
                   "Noto Naskh Arabic", "Noto Sans Hebrew"):
        regular, bold = font_file(family), font_file(family, bold=True)
        assert regular != bold, family


def test_vietnamese_stacked_diacritics_and_thai_and_arabic_are_covered():
    assert missing_glyphs("Tiếng Việt: Bác sĩ dặn uống thuốc đều đặn, ợ, ỗ, ặ", font_stack("Latn")) == []
    assert missing_glyphs("ครีมกันแดด SPF 50 ทุก 2 ชั่วโมง", font_stack("Thai")) == []
    assert missing_glyphs("استخدم واقي الشمس SPF 50 كل ٢ ساعة، ؟", font_stack("Arab")) == []
    assert missing_glyphs("ครีม", font_stack("Latn")) == ["ค", "ร", "ม"]


def test_missing_glyphs():
    stack = font_stack("Hant")
    assert missing_glyphs("富血小板血漿（PRP）治療後24至48小時。", stack) == []
    assert missing_glyphs("ok \U0001F600 \u0BF5", stack) == ["\U0001F600", "\u0BF5"]


def test_cjk_subsets_cover_the_text_and_nothing_much_else():
    text = "肝斑的治療 PRP"
    css = subset_font_faces(font_stack("Hant"), text)
    faces = re.findall(r'font-family: "([^"]+)"; font-weight: (\d+); '
                       r'src: url\((handout-font:[0-9a-f]{64}\.otf)\)', css)
    assert [(name, weight) for name, weight, _ in faces] == [
        ("Noto Sans CJK TC Handout Subset", "400"), ("Noto Sans CJK TC Handout Subset", "700")]
    for _, _, url in faces:
        data = subset_data(url)          # served from memory by the render's URL fetcher
        assert hashlib.sha256(data).hexdigest() in url
        face = hb.Face(hb.Blob(data))
        covered = set(face.unicodes)
        assert {ord(c) for c in text if not c.isspace()} <= covered
        assert len(covered) < 50
    assert subset_font_faces(font_stack("Latn"), text) == ""
