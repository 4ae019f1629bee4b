"""Findings as the validation cache keeps them (:mod:`i18n.catalogs.cache`).

A finding is kept as a row of its fields without its file (the file is part
of the key); what is read back must be rows of the right kinds, or it is
ignored and the checks run again.  The settings a finding depends on are
written out by :func:`stable` the same way in every process.
"""

from __future__ import annotations

import re
from dataclasses import fields, is_dataclass
from pathlib import Path

from babel import Locale

from .base import Problem

#: What a finding holds besides its file, as the cache keeps it.
FIELDS = tuple(spec.name for spec in fields(Problem) if spec.name != "path")
_KINDS = {spec.name: spec.type for spec in fields(Problem) if spec.name != "path"}


def stable(value):
    """*value* as plain tuples, with sets sorted and objects by their attributes, so that
    its ``repr`` is the same in every process (a ``repr`` with an address only makes the
    cache miss)."""
    if is_dataclass(value) and not isinstance(value, type):
        return (type(value).__name__,
                tuple((spec.name, stable(getattr(value, spec.name))) for spec in fields(value)))
    if isinstance(value, (set, frozenset)):
        return ("set", tuple(sorted(repr(stable(item)) for item in value)))
    if isinstance(value, dict):
        return ("dict", tuple((repr(k), stable(v)) for k, v in value.items()))
    if isinstance(value, (list, tuple)):
        return tuple(stable(item) for item in value)
    if isinstance(value, Locale):   # CLDR data it may have loaded is not part of it
        return ("Locale", str(value))
    if isinstance(value, re.Pattern):
        return ("re", value.pattern, value.flags)
    if value is None or isinstance(value, (str, int, float, bool, Path)):
        return value
    if hasattr(value, "__dict__") and not isinstance(value, type):
        return (type(value).__name__, stable(vars(value)))
    return repr(value)


def problem_rows(problems) -> list[list]:
    """*problems* as the cache keeps them."""
    return [[getattr(p, name) for name in FIELDS] for p in problems]


def problems_from_rows(rows: list[list], path: Path) -> list[Problem]:
    """The findings in *rows* (:func:`valid_rows`), in the file at *path*."""
    return [Problem(path=path, **dict(zip(FIELDS, row))) for row in rows]


def valid_rows(value) -> bool:
    """Rows of the fields of :class:`Problem` (after ``path``): texts, then the line."""
    if type(value) is not list:
        return False
    for row in value:    # (a loop, not nested generators: 100,000 rows are read at once)
        if type(row) is not list or len(row) != len(FIELDS) \
                or row[_SEVERITY] not in ("error", "warning"):
            return False
        for v, number in zip(row, _NUMBERS):
            if not ((v is None or type(v) is int) if number else type(v) is str):
                return False
    return True


_NUMBERS = tuple(_KINDS[name] in ("int | None", int) for name in FIELDS)
_SEVERITY = FIELDS.index("severity")
