"""How the published pages word things in their interface language.

The library page, the bundles' index and the web pages share these: a
variant's localized name (``large-print.letter`` -> "大字版、Letter 紙張"),
dates in the page's language (not the handout's), the separator of a list
of languages, and messages with an element in them ("發布日期：{date}",
where ``{date}`` is a ``<time>``).  Fields are substituted by name, never
with ``str.format``: a translator's text is data.
"""

from __future__ import annotations

import re
from datetime import date

from babel import Locale
from babel.dates import format_date
from markupsafe import Markup, escape

from ..locales import parse_locale

#: The parts of a variant's name (:meth:`i18n.catalogs.project.Project.variant_name`)
#: and the ``library`` domain's msgid naming each.
VARIANT_PARTS = {
    "large-print": "Large print",
    "letter": "Letter paper",
    "a4": "A4 paper",
    "pdfua-1": "Accessible PDF (PDF/UA)",
    "pdfa-3b": "Archival PDF (PDF/A)",
}

#: Where CLDR's list pattern carries a conjunction or no mark at all ("{0} و{1}",
#: "{0} {1}"), a list of language names reads better with the script's comma.
_SEPARATORS = {"ar": "، ", "fa": "، ", "ur": "، ", "he": ", ", "th": ", "}

_FIELD = re.compile(r"\{(\w+)\}")


def variant_msgids(variant: str) -> list[str]:
    """The msgids naming *variant*'s parts, in order; an unknown part as itself."""
    return [VARIANT_PARTS.get(part, part) for part in variant.split(".") if part]


def list_separator(locale_tag: str) -> str:
    """What separates the items of a list in *locale_tag* ("、" in Chinese, ", " in English)."""
    locale = parse_locale(locale_tag)
    if locale.babel.language in _SEPARATORS:
        return _SEPARATORS[locale.babel.language]
    try:
        middle = Locale.parse(locale.babel).list_patterns["standard"]["middle"]
    except (KeyError, ValueError, LookupError):
        return ", "
    found = re.fullmatch(r"\{0\}(.*)\{1\}", middle)
    return found.group(1) if found and found.group(1).strip(" ") else ", "


def long_date(iso: str, locale_tag: str) -> str:
    """An ISO date as *locale_tag* writes it in full (CLDR's long format); "" for ""."""
    if not iso:
        return ""
    try:
        return format_date(date.fromisoformat(iso), format="long",
                           locale=parse_locale(locale_tag).babel)
    except (ValueError, LookupError):
        return iso


def fill(text: str, fields: dict) -> Markup:
    """*text* (a translation: plain text) escaped, with each ``{name}`` replaced by
    ``fields[name]`` (escaped unless it is :class:`Markup`); an unknown field stays."""
    out, last = [], 0
    for match in _FIELD.finditer(text):
        out.append(escape(text[last:match.start()]))
        name = match.group(1)
        out.append(escape(fields[name]) if name in fields else escape(match.group(0)))
        last = match.end()
    out.append(escape(text[last:]))
    return Markup("").join(out)


def fields_of(text: str) -> set[str]:
    return set(_FIELD.findall(text))
