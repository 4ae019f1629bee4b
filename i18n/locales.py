"""Locale names: BCP 47 for people and folders of PDFs, POSIX for catalogs.

``str(Locale.parse("zh_TW"))`` is ``zh_Hant_TW``, but gettext folders use
the plain POSIX name, so a :class:`HandoutLocale` keeps both spellings.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from babel import Locale, UnknownLocaleError
from babel.core import get_global

from .errors import LocaleError

#: Pseudo-locales (CLDR reserves the XA and XB regions for them): tag -> base language.
#: ``ar-XB`` is English mirrored right to left, as Android's pseudo-locale.
PSEUDO_LOCALES = {"en-XA": "en", "ar-XB": "en"}
#: Pseudo-locales set right to left although their base language is not.
RTL_PSEUDO_LOCALES = frozenset({"ar-XB"})

_LOCALE_RE = re.compile(r"^[A-Za-z]{2,3}(?:[-_][A-Za-z0-9]{2,8})*$")


@dataclass(frozen=True)
class HandoutLocale:
    """A locale a handout can be made in."""

    tag: str           #: BCP 47, e.g. ``zh-TW``: output folders, ``<html lang>``
    posix: str         #: POSIX, e.g. ``zh_TW``: ``locales/<posix>/LC_MESSAGES``
    babel: Locale      #: CLDR data: dates, plural forms, language names
    pseudo: bool = False

    @property
    def script(self) -> str:
        """The CLDR script of the locale (``Hant``, ``Latn``, ``Jpan`` ...)."""
        if self.babel.script:
            return self.babel.script
        likely = get_global("likely_subtags").get(self.babel.language, "")
        return next((p for p in likely.split("_") if len(p) == 4), "Latn")

    @property
    def direction(self) -> str:
        """``rtl`` for a right-to-left language (Arabic, Hebrew, ``ar-XB``), else ``ltr``."""
        if self.tag in RTL_PSEUDO_LOCALES:
            return "rtl"
        return "rtl" if self.babel.character_order == "right-to-left" else "ltr"

    @property
    def display_name(self) -> str:
        """The language's name in its own language, e.g. ``中文（台灣）``."""
        if self.pseudo:
            return f"Pseudo ({self.tag})"
        own = self.babel
        language = own.languages.get(own.language, self.tag)
        if not own.territory:
            return language
        territory = own.territories.get(own.territory, own.territory)
        if own.language in ("zh", "ja", "ko"):
            return f"{language}（{territory}）"
        return f"{language} ({territory})"

    def __str__(self) -> str:
        return self.tag


@cache
def parse_locale(name: str) -> HandoutLocale:
    """Parse ``zh-TW`` or ``zh_TW`` (or ``en``) into a :class:`HandoutLocale`.

    Raises :class:`LocaleError` for a name that CLDR does not know.
    """
    name = name.strip()
    if not _LOCALE_RE.match(name):
        raise LocaleError(f"'{name}' is not a locale name (expected e.g. zh-TW or zh_TW)")
    parts = re.split(r"[-_]", name)
    language, rest = parts[0].lower(), parts[1:]
    region = next((p.upper() for p in rest if len(p) == 2 or p.isdigit()), None)
    script = next((p.title() for p in rest if len(p) == 4 and p.isalpha()), None)
    if script and region:
        try:  # zh-Hant-TW is plain zh-TW: drop a script the region implies
            if Locale.parse(f"{language}_{region}").script == script:
                script = None
        except (UnknownLocaleError, ValueError):
            pass
    tag = "-".join(p for p in (language, script, region) if p)
    posix = "_".join(p for p in (language, region) if p)
    if script and not region:
        posix = f"{language}_{script}"
    if tag in PSEUDO_LOCALES:
        return HandoutLocale(tag, posix, Locale.parse(PSEUDO_LOCALES[tag]), pseudo=True)
    try:
        babel_locale = Locale.parse("_".join(p for p in (language, script, region) if p))
    except (UnknownLocaleError, ValueError):
        raise LocaleError(f"unknown locale '{name}'") from None
    return HandoutLocale(tag, posix, babel_locale)


#: Scripts the renderer cannot set, and why.
UNSUPPORTED_SCRIPTS = {"Mong": "vertical"}


def unsupported_reason(script: str) -> str | None:
    """Why text in *script* cannot be rendered (``None`` when it can)."""
    if script in UNSUPPORTED_SCRIPTS:
        return (f"{UNSUPPORTED_SCRIPTS[script]} writing ({script}) is not supported by the PDF "
                "renderer (WeasyPrint has no writing-mode)")
    return None


def require_supported_script(locale) -> None:
    """Refuse, before any catalog is made, a locale whose script cannot be rendered.

    Raises :class:`LocaleError`, e.g. for Mongolian in its vertical script.
    """
    reason = unsupported_reason(locale.script)
    if reason:
        raise LocaleError(f"{locale.tag}: {reason}; no handout can be made in it")
