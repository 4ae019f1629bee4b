"""Clinic branding: the logo and contact block of clinic.yaml, validated and on every handout."""

from __future__ import annotations

import subprocess

import pytest
from conftest import REPO
from pypdf import PdfReader

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
    from i18n.render.branding import branding
    path = _config(tmp_path, "")
    config = load_config(path)
    assert branding(config) == {"logo": "", "contact": config.contact}
    assert not config.contact


# --- contact values that no contact block can print ----------------------------------

@pytest.mark.parametrize("key, value, limit", [
    ("address", "No. 100, " + "Section 1, " * 10_000 + "Taipei", 200),
    ("phone", '+886 ' + "2 " * 30 + '9', 40),
    ("website", "https://www.example.com/" + "a" * 300, 200),
])
def test_an_overlong_contact_value_is_an_error_at_its_line(tmp_path, key, value, limit):
    path = _config(tmp_path, f'contact:\n  phone: "+886 2 2345 6789"\n' if key != "phone"
                   else "contact:\n")
    with path.open("a", encoding="utf-8") as config:
        config.write(f'  {key}: "{value}"\n')
    with pytest.raises(ConfigError) as info:
        load_config(path)
    assert info.value.message.startswith(f"setting 'contact.{key}' is longer than {limit} "
                                         "characters")
    assert info.value.filename.endswith("clinic.yaml")
    assert info.value.lineno == _line_of(path, f"  {key}:")


def test_contact_values_at_the_limit_are_accepted(tmp_path):
    address = ("No. 100, Section 1, Zhongxiao East Road " * 5)[:200]
    path = _config(tmp_path, f'contact:\n  address: "{address}"\n'
                             f'  phone: "+886 {"2" * 28}"\n')
    contact = load_config(path).contact
    assert contact.address == " ".join(address.split()) and len(contact.phone) == 33


# --- SVG logos: a picture, nothing that runs or fetches ----------------------------------

SVG = '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" ' \
      'viewBox="0 0 10 10">{}</svg>'


@pytest.mark.parametrize("svg, message", [
    (SVG.format("<script>alert(1)</script>"), "holds a <script> element"),
    (SVG.format('<s:script xmlns:s="http://www.w3.org/2000/svg">x</s:script>'),
     "holds a <script> element"),
    (SVG.format("<foreignObject><div>x</div></foreignObject>"),
     "holds a <foreignObject> element"),
    (SVG.format('<rect width="1" height="1" onload="alert(1)"/>'), "event attribute (onload"),
    (SVG.replace("<svg ", '<svg onLoad="alert(1)" ').format(""), "event attribute (onload"),
    (SVG.format('<image href="http://tracker.example/p.png"/>'), "another file or address"),
    (SVG.format('<image xlink:href="file:///etc/passwd"/>'), "another file or address"),
    (SVG.format('<use href="other.svg#shape"/>'), "another file or address"),
    (SVG.format('<a href="javascript:alert(1)"><rect width="1" height="1"/></a>'),
     "another file or address"),
    (SVG.format('<style>@import url("https://x.example/a.css");</style>'), "style sheet"),
    (SVG.format('<rect style="fill: url(http://x.example/p)" width="1" height="1"/>'),
     "from its style attribute"),
    ('<?xml version="1.0"?>\n<!DOCTYPE svg [<!ENTITY a "aaaaaaaa"><!ENTITY b "&a;&a;&a;">]>\n'
     + SVG.format("<title>&b;</title>"), "is not an SVG image"),   # the root check stops it
    (SVG.format('<title>x</title><!ENTITY b "x">'), "DOCTYPE or ENTITY"),
    ('<!DOCTYPE svg SYSTEM "file:///etc/passwd">' + SVG.format(""), "DOCTYPE or ENTITY"),
    ('<?xml version="1.0" encoding="UTF-7"?>' + SVG.format(""), "must be saved as UTF-8"),
    ('<?xml-stylesheet href="https://x.example/a.css"?>' + SVG.format(""), "style sheet"),
    (SVG.format("<rect>"), "not well-formed XML"),
])
def test_an_svg_logo_that_runs_or_fetches_is_refused(tmp_path, svg, message):
    path = _config(tmp_path, "logo: assets/evil.svg\n")
    (tmp_path / "assets" / "evil.svg").write_text(svg, encoding="utf-8")
    with pytest.raises(ConfigError) as info:
        load_config(path)
    assert info.value.message.startswith("logo 'assets/evil.svg' ")
    assert message in info.value.message and "\n" not in str(info.value)
    assert info.value.lineno == _line_of(path, "logo:")


def test_an_svg_logo_may_use_its_own_parts_and_embedded_images(tmp_path):
    svg = SVG.format('<defs><linearGradient id="g"/><path id="p" d="M0 0h5"/></defs>'
                     '<rect fill="url(#g)" style="fill: url(\'#g\')" width="5" height="5"/>'
                     '<use href="#p"/><use xlink:href="#p"/>'
                     '<image href="data:image/png;base64,iVBORw0KGgo=" width="1" height="1"/>')
    path = _config(tmp_path, "logo: assets/ok.svg\n")
    (tmp_path / "assets" / "ok.svg").write_text('<?xml version="1.0" encoding="utf-8"?>\n' + svg,
                                                encoding="utf-8")
    assert load_config(path).logo == (tmp_path / "assets" / "ok.svg").resolve()
    assert load_config(_config(tmp_path, "logo: assets/logo.svg\n")).logo.name == "logo.svg"


def test_an_svg_logo_with_the_w3c_doctype_of_inkscape_or_illustrator_is_accepted(tmp_path):
    doctype = ('<!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN" '
               '"http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd">\n')
    (tmp_path / "assets").mkdir(exist_ok=True)
    (tmp_path / "assets" / "w3c.svg").write_text('<?xml version="1.0" encoding="UTF-8"?>\n'
                                                 + doctype + SVG.format("<rect/>"),
                                                 encoding="utf-8")
    path = _config(tmp_path, "logo: assets/w3c.svg\n")
    assert load_config(path).logo.name == "w3c.svg"
