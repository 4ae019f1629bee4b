"""Pseudo-locales: machine-made "translations" that show what a layout gets wrong.

``en-XA`` is accented, about 30% longer and bracketed: it shows template text
that escaped translation (it stays plain English) and layouts that break
with longer text.

``ar-XB`` is English mirrored right to left, as Android's pseudo-locale of
the same name: each word is wrapped in a right-to-left override
(U+202E ... U+202C), and the handout is set with ``dir="rtl"``.  Every line
then reads from the right, mirrored, and any part of the page that fails to
mirror (a box on the wrong side, a number in the wrong order, an
untranslated label) stands out.  The invisible-character check exempts
pseudo-locales (``locale.pseudo``) on purpose; real translations may never
carry these controls.

Both keep markup, URLs, placeholders and numbers exactly as they are; in
``ar-XB`` numbers stay outside the overrides, so "24" never prints as "42".
"""

from __future__ import annotations

import re
from typing import Callable

_ACCENTED = str.maketrans(
    "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ",
    "àƀçđéƒĝĥîĵķĺɱñöþǫŕšţûṽŵẋýžÀßÇĐÉƑĜĤÎĴĶĹṀÑÖÞǪŔŠŢÛṼŴẊÝŽ",
)
# Kept verbatim: link targets, format fields, inline code, HTML-like tags.
_PROTECTED = re.compile(r"\]\([^)]*\)|\{[^{}]*\}|`[^`]*`|<[^>]*>|%\([a-z_]+\)[sd]|https?://\S+")
# ar-XB also keeps numbers and Markdown's delimiters outside the overrides.
_PROTECTED_RTL = re.compile(_PROTECTED.pattern + r"|\d+(?:[.,:]\d+)*|\*+|_+|\[|\]")
_PADDING = "~"
RLO, PDF = "\u202e", "\u202c"


def pseudo_translate(text: str) -> str:
    """Pseudo-translate *text*: ``[Ţĥîš îš ~~~]`` for ``This is``."""
    out, last = [], 0
    for match in _PROTECTED.finditer(text):
        out.append(text[last:match.start()].translate(_ACCENTED))
        out.append(match.group())
        last = match.end()
    out.append(text[last:].translate(_ACCENTED))
    body = "".join(out)
    extra = max(1, round(len(text) * 0.3))
    padding = " ".join(_PADDING * min(5, extra - i) for i in range(0, extra, 5))
    return f"[{body} {padding}]"


def _override(chunk: str) -> str:
    """Each word of *chunk* mirrored in its own override.

    One override per word, not per sentence: WeasyPrint lays out each line
    of a paragraph afresh from its first character, so an override opened on
    one line would not reach the next.
    """
    return re.sub(r"[^\s/-]+", lambda m: f"{RLO}{m.group()}{PDF}"
                  if any(char.isalpha() for char in m.group()) else m.group(), chunk)


def pseudo_mirror(text: str) -> str:
    """Mirror *text* right to left (``ar-XB``): each word in its own override.

    ``Apply 2 times`` becomes RLO Apply PDF 2 RLO times PDF; markup, URLs,
    placeholders and numbers stay outside the overrides.
    """
    out, last = [], 0
    for match in _PROTECTED_RTL.finditer(text):
        out.append(_override(text[last:match.start()]))
        out.append(match.group())
        last = match.end()
    out.append(_override(text[last:]))
    return "".join(out)


#: The pseudo-translation of each pseudo-locale (see i18n.locales.PSEUDO_LOCALES).
PSEUDO_TRANSLATIONS: dict[str, Callable[[str], str]] = {
    "en-XA": pseudo_translate,
    "ar-XB": pseudo_mirror,
}


def pseudo_filler(tag: str) -> Callable[[str], str]:
    """The function that pseudo-translates a msgid for the pseudo-locale *tag*."""
    return PSEUDO_TRANSLATIONS[tag]
