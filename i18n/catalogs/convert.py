"""Draft one Chinese locale from another with OpenCC.

``update --locale zh-CN --from zh-TW`` pre-fills the empty entries of the
zh-CN catalogs with OpenCC's Taiwan-to-Mainland conversion of the zh-TW
translations: characters and the phrases that differ (雷射 -> 激光,
資訊 -> 信息, 軟體 -> 软件).  A converted entry is a draft, marked fuzzy, so
that a translator confirms each one; it never reaches a handout before that.
"""

from __future__ import annotations

from functools import cache
from typing import Callable

from ..errors import LocaleError
from ..locales import HandoutLocale
from .repository import CatalogRepository, load_po

#: (from, to) -> OpenCC configuration.  The "p" configurations convert
#: phrases as well as characters.
OPENCC_CONFIGS = {
    ("zh-TW", "zh-CN"): "tw2sp",
    ("zh-HK", "zh-CN"): "hk2s",
    ("zh-CN", "zh-TW"): "s2twp",
    ("zh-CN", "zh-HK"): "s2hk",
}


@cache
def converter(config: str) -> Callable[[str], str]:
    """OpenCC's conversion for *config* (``tw2sp`` ...), as a function."""
    import opencc  # only conversions need it

    return opencc.OpenCC(config).convert


def conversion_for(source: HandoutLocale, target: HandoutLocale) -> Callable[[str], str]:
    """The text conversion from *source* to *target*; :class:`LocaleError` if there is none."""
    config = OPENCC_CONFIGS.get((source.tag, target.tag))
    if config is None:
        pairs = ", ".join(f"{a} -> {b}" for a, b in OPENCC_CONFIGS)
        raise LocaleError(f"cannot draft {target.tag} from {source.tag}: OpenCC converts "
                          f"only {pairs}")
    return converter(config)


def draft_filler(repo: CatalogRepository, source: HandoutLocale, target: HandoutLocale,
                 domain: str) -> Callable[[str], str | None]:
    """``msgid -> draft``: the converted *source* translation of a msgid, or ``None``.

    Only confirmed (translated, not fuzzy) entries of *source* are converted.
    """
    convert = conversion_for(source, target)
    path = repo.po_path(source, domain)
    translations: dict[str, str] = {}
    if path.exists():
        for entry in load_po(path):
            if entry.msgstr and not entry.fuzzy and not entry.obsolete and \
                    not entry.msgid_plural:
                translations[entry.msgid] = entry.msgstr

    def fill(msgid: str) -> str | None:
        found = translations.get(msgid)
        return convert(found) if found else None

    return fill
