"""i18n.publish.wording, and the library page's helpers built on it: a translator's
text placed around elements by name, escaped, never run through str.format."""

from __future__ import annotations

from markupsafe import Markup

from i18n.publish.library import Interface, markup_helpers
from i18n.publish.wording import fill, list_separator, long_date, variant_msgids


def test_fill_escapes_the_text_and_places_elements_by_name():
    time = Markup('<time datetime="2026-02-28">2026年2月28日</time>')
    assert fill("發布日期：{date}", {"date": time}) == f"發布日期：{time}"
    assert fill("<b>{date}</b> {date.__class__} {0} {other}", {"date": "x<y"}) == \
        "&lt;b&gt;x&lt;y&lt;/b&gt; {date.__class__} {0} {other}"


def test_list_separators_and_dates_follow_the_page_language():
    assert [list_separator(t) for t in ("en", "zh-TW", "ja", "ar", "th", "ko")] == \
        [", ", "、", "、", "، ", ", ", ", "]
    assert long_date("2026-02-28", "zh-TW") == "2026年2月28日"
    assert long_date("2026-02-28", "en") == "February 28, 2026"
    assert long_date("", "en") == ""
    assert variant_msgids("large-print.letter") == ["Large print", "Letter paper"]
    assert variant_msgids("pdfua-1") == ["Accessible PDF (PDF/UA)"]


def _ui(messages: dict) -> Interface:
    return Interface("zh-TW", "中文（台灣）", "ltr", "0", messages)


def test_a_message_with_an_element_in_it():
    h = markup_helpers(_ui({"Published: {date}": "發布日期：{date}"}))
    html = h["ts"]("Published: {date}", date=h["date"]("2026-02-28"))
    assert html == ('<span data-i18n="Published: {date}" data-i18n-slots="">發布日期：'
                    '<span data-slot="date"><time datetime="2026-02-28" data-date="">'
                    '2026年2月28日</time></span></span>')
    static = markup_helpers(_ui({"Published: {date}": "發布日期：{date}"}), live=False)
    assert static["ts"]("Published: {date}", date=static["date"]("2026-02-28")) == \
        '發布日期：<time datetime="2026-02-28">2026年2月28日</time>'


def test_a_hostile_or_broken_translation_stays_text():
    h = markup_helpers(_ui({"Published: {date}": "<script>alert(1)</script>{date}",
                            "Last reviewed: {date}": "最後審閱",          # lost its field
                            "Large print": "大字版", "Letter paper": "Letter 紙張"}), live=False)
    html = h["ts"]("Published: {date}", date=Markup("<time>d</time>"))
    assert "<script>" not in html and "&lt;script&gt;" in html and "<time>d</time>" in html
    assert h["ts"]("Last reviewed: {date}", date="d") == "Last reviewed: d"   # the English
    assert h["variant_name"]("large-print.letter") == \
        '大字版<span class="sep" aria-hidden="true">、</span>Letter 紙張'
