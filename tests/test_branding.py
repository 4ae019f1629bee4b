"""Clinic branding: the logo and contact block of clinic.yaml, validated and on every handout."""

from __future__ import annotations

import subprocess

import pytest
from pypdf import PdfReader

from conftest import REPO
from i18n.config import load_config
from i18n.errors import ConfigError

BASE = (REPO / "clinic.yaml").read_text(encoding="utf-8")


def _config(tmp_path, extra: str):
    (tmp_path / "assets").mkdir(exist_ok=True)
    (tmp_path / "assets" / "logo.svg").write_bytes((REPO / "assets" / "logo.svg").read_bytes())
    text = "\n".join(line for line in BASE.splitlines()
                     if not line.startswith(("logo:", "contact:", "  address:", "  phone:",
                                             "  website:", "site_url:", "library_locale:",
                                             "variants:")))
    path = tmp_path / "clinic.yaml"
    path.write_text(text + "\n" + extra, encoding="utf-8")
    return path


def _line_of(path, key: str) -> int:
    return next(i for i, line in enumerate(path.read_text().splitlines(), 1) if key in line)


def test_seed_config_has_branding():
    config = load_config(REPO / "clinic.yaml")
    assert config.logo == (REPO / "assets" / "logo.svg").resolve()
    assert config.contact.phone and config.library_locale == "zh-TW"
    assert config.site_url.endswith("/")


@pytest.mark.parametrize("value, message", [
    ("../outside.svg", "outside the project folder"),
    ("/etc/passwd", "outside the project folder"),
    ("clinic.yaml", "must be an .svg or .png file"),
    ("assets/missing.svg", "not found"),
    ("assets/fake.png", "is not a PNG image"),
    ("assets/fake.svg", "is not an SVG image"),
])
def test_bad_logo_is_refused_at_its_line(tmp_path, value, message):
    path = _config(tmp_path, f"logo: {value}\n")
    (tmp_path / "assets" / "fake.png").write_text("not a png")
    (tmp_path / "assets" / "fake.svg").write_text("#!/bin/sh\necho no\n")
    (tmp_path.parent / "outside.svg").write_bytes((REPO / "assets" / "logo.svg").read_bytes())
    with pytest.raises(ConfigError) as info:
        load_config(path)
    assert message in info.value.message
    assert info.value.filename.endswith("clinic.yaml")
    assert info.value.lineno == _line_of(path, "logo:")


@pytest.mark.parametrize("extra, key, message", [
    ("contact:\n  phone: call us\n", "phone:", "not a phone number"),
    ("contact:\n  website: javascript:alert(1)\n", "website:", "http:// or https://"),
    ("contact:\n  fax: 123\n", "fax:", "unknown contact setting 'fax'"),
    ("contact: [1, 2]\n", "contact:", "must be a mapping"),
    ("site_url: ftp://x.example/\n", "site_url:", "http:// or https://"),
    ("library_locale: xx-!!\n", "library_locale:", "library_locale"),
    ("variants: large-print\n", "variants:", "must be a list"),
])
def test_bad_publishing_settings(tmp_path, extra, key, message):
    path = _config(tmp_path, extra)
    with pytest.raises(ConfigError) as info:
        load_config(path)
    assert message in info.value.message
    assert info.value.lineno == _line_of(path, key)


@pytest.mark.parametrize("logo", ["svg", "png"])
def test_handout_shows_logo_and_phone(cli, project_copy, logo):
    if logo == "png":  # a raster logo: an image XObject on every page
        from PIL import Image
        Image.new("RGB", (64, 64), (29, 79, 115)).save(project_copy / "assets" / "logo.png")
        config_file = project_copy / "clinic.yaml"
        config_file.write_text(config_file.read_text(encoding="utf-8").replace(
            "logo: assets/logo.svg", "logo: assets/logo.png"), encoding="utf-8")
    # --draft: the branding is the same, and the test does not depend on every
    # other template string of the shipped catalogs being translated.
    code, out, err = cli("pdf", "prp-basement-membrane", "--locale", "zh-TW", "--draft",
                         "--html", "handout.html")
    assert code == 0, err
    pdf = project_copy / "drafts" / "zh-TW" / "prp-basement-membrane.pdf"
    config = load_config(project_copy / "clinic.yaml")
    reader = PdfReader(pdf)
    pages = [subprocess.run(["pdftotext", "-f", str(n), "-l", str(n), str(pdf), "-"],
                            capture_output=True, text=True, check=True).stdout
             for n in range(1, len(reader.pages) + 1)]
    # Page 1: the contact block, its address translated; every page: the phone in the footer.
    assert "臺北市中正區忠孝東路1段100號" in pages[0]
    assert "example.com" in pages[0]
    assert all(config.contact.phone in page for page in pages)
    if logo == "png":
        for page in reader.pages:
            images = [x.get_object() for x in page["/Resources"]["/XObject"].values()]
            assert any(x["/Subtype"] == "/Image" and x["/Width"] == 64 for x in images)
    else:  # WeasyPrint draws an SVG as vector paths, not an XObject: check what it was given
        html = (project_copy / "handout.html").read_text(encoding="utf-8")
        assert html.count('src="data:image/svg+xml;base64,') == 2   # page 1 and the footer
    assert "refused URL" not in err


def test_no_branding_without_settings(tmp_path, monkeypatch):
    from i18n.branding import branding
    path = _config(tmp_path, "")
    config = load_config(path)
    assert branding(config) == {"logo": "", "contact": config.contact}
    assert not config.contact
