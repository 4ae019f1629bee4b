"""The font map: which installed faces set each script, and the tofu check.

Latin, Greek and Cyrillic text (English, Vietnamese, Indonesian ...) uses
Noto Sans (or Noto Serif); Chinese, Japanese and Korean use the Noto CJK face
of their region (Japanese glyph forms for ``Jpan``, never the TC ones); Thai,
Arabic, Hebrew and the other right-to-left scripts use their own Noto face.
The script's face stands behind the Latin face, so that Latin words inside
the text ("PRP", URLs) keep one Latin design.  Every face has a real bold.
All of them come from Debian's ``fonts-noto-core`` and ``fonts-noto-cjk``.

Vertical scripts (Mongolian) are refused: WeasyPrint has no ``writing-mode``.
"""

from __future__ import annotations

import hashlib
import subprocess
import unicodedata
from dataclasses import dataclass
from functools import cache, lru_cache

import uharfbuzz as hb

from ..errors import RenderError
from ..locales import unsupported_reason
from .pdf import SUBSET_SCHEME

CJK_FACES = {"Hant": "TC", "Hans": "SC", "Jpan": "JP", "Kore": "KR"}
#: Script -> (sans face, serif face).  Naskh is the Arabic book hand, the
#: most readable face for body text; it serves both styles.
SCRIPT_FACES = {
    "Thai": ("Noto Sans Thai", "Noto Serif Thai"),
    "Arab": ("Noto Naskh Arabic", "Noto Naskh Arabic"),
    "Hebr": ("Noto Sans Hebrew", "Noto Serif Hebrew"),
    "Thaa": ("Noto Sans Thaana", "Noto Sans Thaana"),
    "Syrc": ("Noto Sans Syriac", "Noto Sans Syriac"),
    "Nkoo": ("Noto Sans NKo", "Noto Sans NKo"),
}


SUBSET_SUFFIX = " Handout Subset"


@dataclass(frozen=True)
class FontStack:
    families: tuple[str, ...]

    @property
    def css(self) -> str:
        return ", ".join(f'"{family}"' for family in self.families) + ", sans-serif"

    @property
    def cjk_families(self) -> tuple[str, ...]:
        return tuple(f for f in self.families if " CJK " in f)

    @property
    def css_with_subsets(self) -> str:
        """The stack with each CJK face preceded by its per-handout subset."""
        names = []
        for family in self.families:
            if family in self.cjk_families:
                names.append(family + SUBSET_SUFFIX)
            names.append(family)
        return ", ".join(f'"{name}"' for name in names) + ", sans-serif"

    @property
    def cjk_css_with_subsets(self) -> str:
        """The CJK faces alone (quotes and dashes of Chinese and Japanese text),
        or the whole stack when it has none."""
        if not self.cjk_families:
            return self.css_with_subsets
        return FontStack(self.cjk_families).css_with_subsets


def font_stack(script: str, style: str = "sans") -> FontStack:
    """The font families for a CLDR script code (``Hant``, ``Latn``, ``Arab`` ...)."""
    reason = unsupported_reason(script)
    if reason:
        raise RenderError(reason)
    latin = "Noto Serif" if style == "serif" else "Noto Sans"
    if script in CJK_FACES:
        cjk = f"Noto {'Serif' if style == 'serif' else 'Sans'} CJK {CJK_FACES[script]}"
        return FontStack((latin, cjk))
    if script in SCRIPT_FACES:
        return FontStack((latin, SCRIPT_FACES[script][style == "serif"]))
    return FontStack((latin,))


@cache
def font_file(family: str, bold: bool = False) -> tuple[str, int]:
    """The file and face index fontconfig uses for *family*.

    Raises :class:`RenderError` when the family is not installed (fontconfig
    would silently substitute another one).
    """
    pattern = f"{family}:weight={'bold' if bold else 'regular'}"
    try:
        out = subprocess.run(["fc-match", "--format", "%{family}\n%{file}\n%{index}", pattern],
                             capture_output=True, text=True, check=True).stdout.split("\n")
    except (OSError, subprocess.CalledProcessError):
        raise RenderError("fontconfig's fc-match is not available") from None
    families = [name.strip() for name in out[0].split(",")]
    if family not in families:
        raise RenderError(f"font '{family}' is not installed (see README: set-up)")
    return out[1], int(out[2] or 0)


@cache
def covered_codepoints(families: tuple[str, ...]) -> frozenset[int]:
    """Every code point that at least one of *families* has a glyph for."""
    codepoints: set[int] = set()
    for family in families:
        path, index = font_file(family)
        codepoints.update(hb.Face(hb.Blob.from_file_path(path), index).unicodes)
    return frozenset(codepoints)


def missing_glyphs(text: str, stack: FontStack) -> list[str]:
    """The characters of *text* that no font of *stack* can draw."""
    covered = covered_codepoints(stack.families)
    missing = []
    for char in dict.fromkeys(text):
        if ord(char) in covered or char.isspace():
            continue
        if unicodedata.category(char) in ("Cc", "Cf", "Mn"):
            continue  # controls, joiners and combining marks are not drawn on their own
        missing.append(char)
    return missing


def subset_font_faces(stack: FontStack, text: str) -> str:
    """``@font-face`` rules embedding the CJK faces cut down to *text*.

    WeasyPrint subsets fonts keeping their glyph ids, so a CJK font, whose
    ideographs sit at ids up to 65,000, carries tables sized for every id:
    about 100 KB per face in the PDF.  Cutting the face down to the
    handout's characters first (HarfBuzz, ~25 ms) renumbers the glyphs and
    keeps the PDF small.  The installed face stays in the stack behind the
    subset for anything the subset lacks.
    """
    codepoints = frozenset(ord(char) for char in text)
    rules = []
    for family in stack.cjk_families:
        for weight, bold in ((400, False), (700, True)):
            data = _subset(*font_file(family, bold), codepoints)
            rules.append(f'@font-face {{ font-family: "{family}{SUBSET_SUFFIX}"; '
                         f'font-weight: {weight}; src: url({register_subset(data)}); }}')
    return "\n".join(rules)


@lru_cache(maxsize=8)
def _subset(path: str, index: int, codepoints: frozenset[int]) -> bytes:
    """The face cut down to *codepoints*, kept for the next render with the same
    characters (a preview save that adds none, another variant of one handout)."""
    wanted = hb.SubsetInput()
    wanted.unicode_set.update(codepoints)
    return hb.subset(hb.Face(hb.Blob.from_file_path(path), index), wanted).blob.data


#: Subset fonts of this process by URL.  They are served to WeasyPrint from
#: memory by the render's URL fetcher: a 1 MB base64 ``data:`` URI in the CSS
#: costs WeasyPrint's CSS tokenizer about a second per render.
_SUBSETS: dict[str, bytes] = {}
_MAX_SUBSETS = 32


def register_subset(data: bytes) -> str:
    """Keep *data* for the renderer; its URL, named by its hash (so HTML stays deterministic)."""
    url = f"{SUBSET_SCHEME}:{hashlib.sha256(data).hexdigest()}.otf"
    _SUBSETS.pop(url, None)
    _SUBSETS[url] = data
    while len(_SUBSETS) > _MAX_SUBSETS:           # a preview or a batch worker lives long
        del _SUBSETS[next(iter(_SUBSETS))]
    return url


def subset_data(url: str) -> bytes | None:
    """The font registered under *url*, or ``None``."""
    return _SUBSETS.get(url)
