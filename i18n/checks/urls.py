"""URLs: a translation sends the patient only where the source does, or to the clinic.

The markup check compares link targets; this one reads the printed text: a
bare URL (``https://…`` or ``www.…``) changed to another domain, a host with a
Cyrillic letter that looks Latin, and link text that shows one address while
the link goes to another.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Iterator

import polib

from ..content.links import printed
from ..text import describe
from .base import ERROR, CheckContext, pairs

# Each match starts at "http" or "www." and runs to a space or a bracket, so a
# text is scanned once whatever it holds.  The host may hold any letter (a
# Cyrillic one is what must be caught) but no CJK character, which follows a
# URL in Chinese or Japanese text without a space; the path is ASCII.
_CJK = "\u2e80-\u9fff\uac00-\ud7af\uf900-\ufaff\uff00-\uffef"
_PATH = re.escape("".join(chr(c) for c in range(0x21, 0x7f) if chr(c) not in "<>\"'`()[]{}"))
_URL = re.compile(rf"(?:https?://|www\.)[^\s/?#<>\"'`()\[\]{{}}{_CJK}]+(?:[/?#][{_PATH}]*)?",
                  re.IGNORECASE)
_TRAILING = ".,;:!?。，、；：！？…"
#: Link text that reads as an address: a host of two or more labels, the last a word.
_ADDRESS = re.compile(r"(?:https?://)?(?:[^\W_][\w-]*\.)+[^\W\d_]{2,}\.?(?::[0-9]+)?(?:[/?#]\S*)?",
                      re.IGNORECASE)


def urls_in(text: str) -> list[str]:
    """The bare URLs of printed *text*, without trailing punctuation."""
    return [match.group().rstrip(_TRAILING) for match in _URL.finditer(text)]


def split_url(url: str) -> tuple[str, str]:
    """(host, rest) of a URL or address, the host lowercased, without scheme or ``www.``."""
    rest = re.sub(r"^[a-z][a-z0-9+.-]*://", "", url.strip(), flags=re.IGNORECASE)
    host, _, path = rest.partition("/")
    host = host.split("?", 1)[0].split("#", 1)[0].split("@")[-1].rstrip(".").lower()
    return host.removeprefix("www."), path.rstrip("/")


def _key(url: str) -> tuple[str, str]:
    return split_url(url)


def _non_ascii(host: str) -> str:
    return next((char for char in host if not char.isascii() and
                 unicodedata.category(char)[0] in "LN"), "")


def check_urls(entry: polib.POEntry, context: CheckContext) -> Iterator[tuple[str, str]]:
    """Every URL of the translation, bare or linked, is one of the source's or the
    clinic's own (``contact.website``, ``site_url``); link text that looks like an
    address shows the link's own host; a non-ASCII letter in a host is an error
    unless the source has that host."""
    for source, translation in pairs(entry):
        shown = printed(translation)
        if not (shown.links or "http" in shown.text.lower() or "www." in shown.text.lower()):
            continue
        original = printed(source)
        known = {_key(url) for url in urls_in(original.text)}
        known |= {_key(href) for href, _ in original.links}
        source_hosts = {host for host, _ in known}
        own = set(context.own_hosts)
        reported = set()
        for url in [*urls_in(shown.text), *(href for href, _ in shown.links
                                             if href.lower().startswith(("http:", "https:")))]:
            host, path = _key(url)
            odd = _non_ascii(host)
            if odd and host not in source_hosts and url not in reported:
                reported.add(url)
                yield ERROR, (f"the address {url[:80]} has a non-ASCII letter in its host "
                              f"({describe(odd)}), which can pass for another site's")
            elif (host, path) not in known and host not in own and url not in reported:
                reported.add(url)
                yield ERROR, (f"URL {url[:80]} is not in the source (nor the clinic's own "
                              "site): keep the source's address")
        for href, text in shown.links:
            label = text.strip()
            if not _ADDRESS.fullmatch(label) or href.lower().startswith("mailto:"):
                continue
            if split_url(label)[0] != split_url(href)[0] or (
                    split_url(label)[1] and split_url(label)[1] != split_url(href)[1]):
                yield ERROR, (f"link text {label[:80]!r} shows another address than the "
                              f"link goes to ({href[:80]})")
