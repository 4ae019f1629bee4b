"""The WeasyPrint side: what the renderer may read, and a renderer started early."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from conftest import REPO
from pdfutil import pdf_fonts, pdf_text

from i18n.render.fonts import font_file
from i18n.render.pdf import Renderer, restricted_url_fetcher

FONT_URL = "handout-font:" + "0" * 64 + ".otf"


def html_with_font(url: str) -> str:
    return (f'<html lang="en"><head><style>@font-face {{ font-family: Served; src: url({url}); }}'
            f' body {{ font-family: Served; }}</style></head><body><p>Take 2 tablets</p></body>'
            '</html>')


def test_fetcher_serves_its_fonts_and_refuses_other_files(tmp_path):
    refused: list[str] = []
    fetcher = restricted_url_fetcher((tmp_path,), refused, {FONT_URL: b"OTTO font"})
    assert fetcher.fetch(FONT_URL).read() == b"OTTO font"
    other = "handout-font:" + "1" * 64 + ".otf"
    for url in (other, "file:///etc/passwd", "http://example.org/x.css"):
        with pytest.raises(ValueError, match="refused URL"):
            fetcher.fetch(url)
    assert refused == [other, "file:///etc/passwd", "http://example.org/x.css"]


def test_renderer_embeds_the_fonts_it_is_given(tmp_path):
    path, _ = font_file("Noto Serif")
    fonts = {FONT_URL: Path(path).read_bytes()}
    with Renderer() as renderer:
        data, pages, warnings = renderer.render(html_with_font(FONT_URL), pdf_variant=None,
                                                base_dir=tmp_path, fonts=fonts, timeout=60,
                                                what="served.pdf")
    target = tmp_path / "served.pdf"
    target.write_bytes(data)
    assert pages == 1 and warnings == []
    assert "Take 2 tablets" in pdf_text(target)
    assert [font.name for font in pdf_fonts(target)] == ["Served"]   # not a fallback face


def test_export_keeps_weasyprint_out_of_the_process_that_reads_the_handout(tmp_path):
    # WeasyPrint loads in the renderer child while the parent reads and checks
    # the handout: that overlap is what brings a cold start near bare WeasyPrint.
    script = textwrap.dedent(f"""
        import sys
        from i18n.render.pdf import Renderer
        with Renderer() as renderer:
            from i18n.locales import parse_locale
            from i18n.catalogs.project import Project
            from i18n.render.pipeline import export_pdf
            project = Project.load({str(REPO)!r})
            result = export_pdf(project, project.article("prp-basement-membrane"),
                                parse_locale("zh-TW"), output={str(tmp_path / "h.pdf")!r},
                                renderer=renderer)
        print(result.pages, "weasyprint" in sys.modules)
    """)
    done = subprocess.run([sys.executable, "-c", script], cwd=REPO, capture_output=True,
                          text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    pages, loaded = done.stdout.split()
    assert int(pages) >= 5 and loaded == "False"
    assert "基底膜" in pdf_text(tmp_path / "h.pdf")
