"""The font map: which installed faces set each script, and the tofu check.

Latin text uses Noto Sans (or Noto Serif); Chinese, Japanese and Korean use
the Noto CJK face of their region, behind the Latin face so that Latin words
inside CJK text keep a matching Latin design.  Every face has a real bold.
"""

from __future__ import annotations

import base64
import subprocess
import unicodedata
from dataclasses import dataclass
from functools import cache

import uharfbuzz as hb

from .errors import RenderError

CJK_FACES = {"Hant": "TC", "Hans": "SC", "Jpan": "JP", "Kore": "KR"}
UNSUPPORTED_SCRIPTS = {"Arab": "right-to-left", "Hebr": "right-to-left", "Thaa": "right-to-left",
                       "Syrc": "right-to-left", "Nkoo": "right-to-left", "Mong": "vertical"}


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


def font_stack(script: str, style: str = "sans") -> FontStack:
    """The font families for a CLDR script code (``Hant``, ``Latn`` ...)."""
    if script in UNSUPPORTED_SCRIPTS:
        raise RenderError(f"{UNSUPPORTED_SCRIPTS[script]} text ({script}) is not supported "
                          "by the PDF renderer")
    latin = "Noto Serif" if style == "serif" else "Noto Sans"
    if script in CJK_FACES:
        cjk = f"Noto {'Serif' if style == 'serif' else 'Sans'} CJK {CJK_FACES[script]}"
        return FontStack((latin, cjk))
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
    codepoints = {ord(char) for char in text}
    rules = []
    for family in stack.cjk_families:
        for weight, bold in ((400, False), (700, True)):
            path, index = font_file(family, bold)
            face = hb.Face(hb.Blob.from_file_path(path), index)
            wanted = hb.SubsetInput()
            wanted.unicode_set.update(codepoints)
            data = hb.subset(face, wanted).blob.data
            uri = "data:font/otf;base64," + base64.b64encode(data).decode("ascii")
            rules.append(f'@font-face {{ font-family: "{family}{SUBSET_SUFFIX}"; '
                         f'font-weight: {weight}; src: url({uri}); }}')
    return "\n".join(rules)
