"""The clinic's identity as clinic.yaml gives it: its logo and contact block, validated.

``clinic.yaml`` names a logo (an SVG or PNG file inside the project) and a
contact block (``address``, ``phone``, ``website``).  The logo is validated
when the config is read and reaches the renderer only as a ``data:`` URI, so
WeasyPrint's restricted URL fetcher never needs to serve the project folder;
an SVG's own references to other files still go through that fetcher and are
refused.  The address is clinic text: it is extracted into the ``handout``
domain and translated like the clinic name.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlparse
from xml.etree import ElementTree

from .errors import ConfigError
from .fileio import read_input

LOGO_TYPES = {".svg": "image/svg+xml", ".png": "image/png"}
MAX_LOGO_BYTES = 512 * 1024
_PNG_MAGIC = b"\x89PNG\r\n\x1a\n"
_SVG_ROOT = re.compile(rb"^\s*(?:<\?xml[^>]*\?>\s*)?(?:<!--.*?-->\s*)*(?:<!DOCTYPE[^>]*>\s*)?"
                       rb"(?:<!--.*?-->\s*)*<svg[\s>]", re.S)
_PHONE = re.compile(r"^\+?[0-9][0-9 ()./-]{2,30}[0-9]$")
#: The longest contact values a handout's contact block can print.
MAX_CONTACT_CHARS = {"address": 200, "phone": 40, "website": 200}


@dataclass(frozen=True)
class Contact:
    """The clinic's contact block (every part optional)."""

    address: str = ""
    phone: str = ""
    website: str = ""

    def __bool__(self) -> bool:
        return bool(self.address or self.phone or self.website)

    @property
    def website_text(self) -> str:
        """The website as printed: ``www.example.com`` (no scheme, no final slash)."""
        return self.website.split("://", 1)[-1].rstrip("/")


def check_web_url(value, what: str, path: Path | None, line: int | None) -> str:
    """An ``http(s)://host/...`` URL, or a :class:`ConfigError` at *line*."""
    if not isinstance(value, str):
        raise ConfigError(f"setting '{what}' must be a str", path, line)
    parsed = urlparse(value.strip())
    if parsed.scheme not in ("http", "https") or not parsed.netloc or any(
            c.isspace() or c in "<>\"'" for c in value.strip()):
        raise ConfigError(f"setting '{what}' must be an http:// or https:// URL, "
                          f"not {value!r}", path, line)
    return value.strip()


def check_contact(value, path: Path | None, lines: dict[str, int], line: int | None) -> Contact:
    """The ``contact`` mapping of ``clinic.yaml``; *lines* has its keys' lines."""
    if value is None:
        return Contact()
    if not isinstance(value, dict):
        raise ConfigError("setting 'contact' must be a mapping with address, phone and website",
                          path, line)
    unknown = sorted(set(map(str, value)) - {"address", "phone", "website"})
    if unknown:
        raise ConfigError(f"unknown contact setting '{unknown[0]}' (use address, phone, "
                          "website)", path, lines.get(unknown[0], line))
    _check_lengths(value, path, lines, line)
    parts = {}
    for key in ("address", "phone"):
        item = value.get(key)
        if item is None:
            parts[key] = ""
            continue
        if not isinstance(item, str):   # YAML reads 022345670 as octal, 12:34 as base 60
            raise ConfigError(f"setting 'contact.{key}' must be text in quotes, e.g. "
                              f"{key}: \"+886 2 2345 6789\"", path, lines.get(key, line))
        parts[key] = " ".join(str(item).split())
    if parts["phone"] and not _PHONE.match(parts["phone"]):
        raise ConfigError(f"setting 'contact.phone' is not a phone number: {parts['phone']!r} "
                          "(digits, spaces, + ( ) - . /)", path, lines.get("phone", line))
    website = value.get("website")
    parts["website"] = "" if website is None else check_web_url(
        website, "contact.website", path, lines.get("website", line))
    return Contact(**parts)


def _check_lengths(value: dict, path: Path | None, lines: dict[str, int],
                   line: int | None) -> None:
    """A contact value longer than the contact block can print is an error at its line
    (a 100,000-character address would only end at the render time limit)."""
    for key, limit in MAX_CONTACT_CHARS.items():
        item = value.get(key)
        length = len(" ".join(item.split())) if isinstance(item, str) else 0
        if length > limit:
            raise ConfigError(f"setting 'contact.{key}' is longer than {limit} characters "
                              f"({length:,}): shorten it", path, lines.get(key, line))


def check_logo(value, root: Path, path: Path | None, line: int | None) -> Path | None:
    """The logo file: an SVG or PNG inside the project folder *root*.

    A path outside the project (``../x.svg``, ``/etc/passwd``, a symlink out),
    a missing file, another file type or content that is not what its name
    says is a :class:`ConfigError` at *line*.
    """
    if value is None:
        return None
    if not isinstance(value, str) or not value.strip():
        raise ConfigError("setting 'logo' must be the path of an SVG or PNG file", path, line)
    root = root.resolve()
    logo = (root / value.strip()).resolve()
    if not logo.is_relative_to(root):
        raise ConfigError(f"logo '{value}' is outside the project folder", path, line)
    if logo.suffix.lower() not in LOGO_TYPES:
        raise ConfigError(f"logo '{value}' must be an .svg or .png file", path, line)
    if not logo.exists():
        raise ConfigError(f"logo '{value}' not found", path, line)
    if logo.is_file() and logo.stat().st_size > MAX_LOGO_BYTES:
        raise ConfigError(f"logo '{value}' is larger than {MAX_LOGO_BYTES // 1024} KB", path, line)
    data = read_input(logo, ConfigError, "logo file")   # refuses a folder or a FIFO
    if len(data) > MAX_LOGO_BYTES:
        raise ConfigError(f"logo '{value}' is larger than {MAX_LOGO_BYTES // 1024} KB", path, line)
    if logo.suffix.lower() == ".png" and not data.startswith(_PNG_MAGIC):
        raise ConfigError(f"logo '{value}' is not a PNG image", path, line)
    if logo.suffix.lower() == ".svg" and not _SVG_ROOT.match(data.removeprefix(b"\xef\xbb\xbf")):
        raise ConfigError(f"logo '{value}' is not an SVG image", path, line)
    if logo.suffix.lower() == ".svg":
        problem = svg_problem(data)
        if problem:
            raise ConfigError(f"logo '{value}' {problem}", path, line)
    return logo


# --- SVG content -------------------------------------------------------------------

#: Elements that run code or embed another document: never in a logo.
_ACTIVE_ELEMENTS = {"script", "foreignobject", "handler", "iframe", "embed", "object"}
#: What an ``href`` may point at: a part of the logo itself, or an embedded raster image.
_INTERNAL_REF = re.compile(r"#|data:image/(?:png|jpeg|gif|webp)[;,]", re.I)
_CSS_URL = re.compile(r"(?:url|src|image-set|image)\(\s*(?!['\"]?\s*#)|@import", re.I)
# A CSS escape: a backslash and 1-6 hex digits (and one optional space), or a
# backslash and any other character; "u\72l(" is "url(", "@\69mport" "@import".
_CSS_ESCAPE = re.compile(r"\\(?:([0-9a-fA-F]{1,6})[ \t\n\r\f]?|(.))", re.S)
#: The W3C SVG doctype that Inkscape and Illustrator may write: no internal subset,
#: nothing a parser fetches.  Any other DOCTYPE is refused.
_W3C_DOCTYPE = re.compile(r'<!DOCTYPE\s+svg\s+PUBLIC\s+"-//W3C//DTD SVG [0-9.]+(?: Tiny| Basic)?//EN"'
                          r'\s+"http://www\.w3\.org/Graphics/SVG/[0-9.]+/DTD/[a-z0-9-]+\.dtd"\s*>')
_XML_ENCODING = re.compile(rb"^\s*<\?xml[^>]*encoding\s*=\s*[\"']([^\"']*)", re.I)


def svg_problem(data: bytes) -> str:
    """Why an SVG logo is refused (``""`` when it is fine): a script, an event
    attribute, a ``<foreignObject>``, a reference to another file or address, or a
    DOCTYPE/ENTITY declaration (entity expansion, external entities).

    The logo is shown in every handout and on the web pages: it must be a picture,
    nothing that runs or fetches.
    """
    data = data.removeprefix(b"\xef\xbb\xbf")
    declared = _XML_ENCODING.match(data)
    if declared and declared[1].lower().replace(b"_", b"-") not in (b"utf-8", b"us-ascii",
                                                                   b"ascii"):
        return "must be saved as UTF-8 (plain SVG)"
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        return "must be saved as UTF-8 (plain SVG)"
    upper = _W3C_DOCTYPE.sub("", text, count=1).upper()
    if "<!DOCTYPE" in upper or "<!ENTITY" in upper:
        return "has a DOCTYPE or ENTITY declaration: save it as plain SVG without one"
    if "<?XML-STYLESHEET" in upper:
        return "refers to a style sheet (<?xml-stylesheet?>): delete it"
    try:
        root = ElementTree.fromstring(text)   # a str: its encoding declaration is moot
    except ElementTree.ParseError as error:
        return f"is not well-formed XML ({error})"
    for element in root.iter():
        problem = _element_problem(element)
        if problem:
            return problem
    return ""


def css_unescaped(text: str) -> str:
    """*text* with its CSS escapes decoded, as a style sheet reads it; comments removed."""
    def decode(match: re.Match) -> str:
        if match[1]:
            code = int(match[1], 16)
            return chr(code) if 0 < code <= 0x10FFFF and not 0xD800 <= code <= 0xDFFF \
                else "\ufffd"
        return match[2]
    return _CSS_ESCAPE.sub(decode, re.sub(r"/\*.*?\*/", "", text, flags=re.S))


def _loads(css: str) -> bool:
    """Whether CSS (a style sheet or a style attribute) loads anything."""
    return bool(_CSS_URL.search(css) or _CSS_URL.search(css_unescaped(css)))


def _local(name: str) -> str:
    """``{http://www.w3.org/1999/xlink}href`` -> ``href``."""
    return name.rsplit("}", 1)[-1].lower()


def _element_problem(element: ElementTree.Element) -> str:
    tag = _local(str(element.tag))
    if tag in _ACTIVE_ELEMENTS:
        written = str(element.tag).rsplit("}", 1)[-1]
        return f"holds a <{written}> element: a logo must be a picture, with nothing that runs"
    if tag == "style" and _loads(element.text or ""):
        return "loads something from its style sheet (url(...) or @import): delete it"
    for name, value in element.attrib.items():
        attribute = _local(name)
        if attribute.startswith("on"):
            return f"has an event attribute ({attribute}=...): a logo must run nothing"
        if attribute in ("href", "src") and not _INTERNAL_REF.match(value.strip()):
            shown = value.strip()[:60]
            return (f"refers to another file or address ({attribute}=\"{shown}\"): embed "
                    "the picture or delete the reference")
        if _loads(value) or value.strip().lower().startswith("javascript:"):
            return f"loads or runs something from its {attribute} attribute: delete it"
    return ""


