"""Translator flags that silence a check on one entry: ``no-<name>-check``.

Read by the checks (a silenced warning is not reported) and by the review
records (a waiver is part of what a reviewer signs off).
"""

from __future__ import annotations

import re

import polib

_SILENCER = re.compile(r"(?<![\w-])no-([a-z]+(?:-[a-z]+)*)-check(?![\w-])")


def silenced_checks(entry: polib.POEntry) -> frozenset[str]:
    """The checks a translator silenced on *entry*: ``no-<name>-check``, as a
    ``#,`` flag or in a translator comment (``# no-numbers-check``).

    GNU msgmerge and msgcat drop flags they do not know, but keep comments.
    """
    names = {match[1] for flag in entry.flags if (match := _SILENCER.fullmatch(flag.strip()))}
    names.update(_SILENCER.findall(entry.tcomment or ""))
    return frozenset(names)
