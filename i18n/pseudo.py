"""The pseudo-locale ``en-XA``: accented, about 30% longer, bracketed.

It shows template text that escaped translation (it stays plain English)
and layouts that break with longer text.  Markup, URLs, placeholders and
numbers are kept as they are.
"""

from __future__ import annotations

import re

_ACCENTED = str.maketrans(
    "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ",
    "àƀçđéƒĝĥîĵķĺɱñöþǫŕšţûṽŵẋýžÀßÇĐÉƑĜĤÎĴĶĹṀÑÖÞǪŔŠŢÛṼŴẊÝŽ",
)
# Kept verbatim: link targets, format fields, inline code, HTML-like tags.
_PROTECTED = re.compile(r"\]\([^)]*\)|\{[^{}]*\}|`[^`]*`|<[^>]*>|%\([a-z_]+\)[sd]|https?://\S+")
_PADDING = "~"


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
