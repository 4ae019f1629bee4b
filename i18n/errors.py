"""The one family of user-facing errors.

Like Jinja2's ``TemplateSyntaxError``, every error carries the file and, where
there is one, the line it is about.  The command line turns it into a single
``path:line: message`` line on stderr and a non-zero exit code.
"""

from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path


class HandoutError(Exception):
    """A problem with the user's input: an article, a catalog, a locale, ..."""

    exit_code = 1

    def __init__(self, message: str, filename: str | os.PathLike | None = None,
                 lineno: int | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.filename = display_path(filename) if filename is not None else None
        self.lineno = lineno

    def __str__(self) -> str:
        if self.filename is None:
            return self.message
        if self.lineno is None:
            return f"{self.filename}: {self.message}"
        return f"{self.filename}:{self.lineno}: {self.message}"


class ArticleError(HandoutError):
    """An article is missing, or its front matter or body is invalid."""


class ConfigError(HandoutError):
    """The clinic configuration file is missing or invalid."""


class LocaleError(HandoutError):
    """A locale name that neither BCP 47 nor POSIX nor CLDR knows."""


class CatalogError(HandoutError):
    """A .po/.pot file that cannot be parsed or fails ``msgfmt --check``."""


class ExportBlockedError(HandoutError):
    """A strict export refused a handout: it must not reach a patient as it is."""


class IncompleteTranslationError(ExportBlockedError):
    """A strict export met untranslated or fuzzy strings."""


class ReviewRequiredError(ExportBlockedError):
    """A ``require_review`` locale's handout uses translations no reviewer approved."""


class CheckFailedError(ExportBlockedError):
    """A string the handout uses fails an error-level check (a changed number ...)."""


class OutputError(HandoutError):
    """An output file cannot be written (a missing folder, no permission, ...)."""


class RenderError(HandoutError):
    """The renderer failed, ran out of time, or a glyph is missing."""


def display_path(path: str | os.PathLike) -> str:
    """Show *path* relative to the working directory when it lies below it."""
    try:
        cwd = os.getcwd()
    except OSError:
        return str(path)
    return _displayed(os.fspath(path), cwd)


@lru_cache(maxsize=16384)    # a check of 8,000 catalogs names each many times
def _displayed(path: str, cwd: str) -> str:
    try:
        return str(Path(path).resolve().relative_to(Path(cwd).resolve()))
    except (ValueError, OSError):
        return path


# --- errors kept as data (the validation cache) --------------------------------------------

def _families(cls: type = HandoutError) -> dict[str, type]:
    found = {cls.__name__: cls}
    for sub in cls.__subclasses__():
        found.update(_families(sub))
    return found


def error_record(error: HandoutError) -> dict:
    """*error* as plain data: its class, message, file (as shown) and line."""
    return {"type": type(error).__name__, "message": error.message,
            "filename": error.filename, "lineno": error.lineno}


def is_error_record(value) -> bool:
    """Whether *value* is what :func:`error_record` writes, of a known error class."""
    return (isinstance(value, dict) and set(value) == {"type", "message", "filename", "lineno"}
            and value["type"] in _families() and isinstance(value["message"], str)
            and (value["filename"] is None or isinstance(value["filename"], str))
            and (value["lineno"] is None or type(value["lineno"]) is int))


def error_from_record(record: dict) -> HandoutError:
    """The error :func:`error_record` wrote (checked by :func:`is_error_record`)."""
    error = _families()[record["type"]](record["message"], None, record["lineno"])
    error.filename = record["filename"]     # as it was shown: not made relative again
    return error
