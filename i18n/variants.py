"""Handout variants: large print, another paper size, PDF/UA or PDF/A, side by side.

A variant is named by the parts that tell it from the locale's standard
handout (``large-print``, ``letter``, ``pdfua-1``), joined with dots; the
standard handout's name is empty.  Its file is
``dist/<locale>/<slug>.<variant>.pdf`` and its download name
``<slug>.<locale>.<variant>.pdf``, so handouts gathered in one folder never
collide.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .fileio import command_memo

PAPERS = ("a4", "letter")
PDF_VARIANTS = ("pdf/ua-1", "pdf/a-3b")


@dataclass(frozen=True, order=True)
class Variant:
    """How one variant differs from the standard handout (all empty: the standard one)."""

    large_print: bool = False
    paper: str = ""          #: "" = the locale's default paper
    pdf_variant: str = ""    #: "" = a plain PDF

    @property
    def is_standard(self) -> bool:
        return self == Variant()


STANDARD = Variant()


def parse_variant(text: str) -> Variant:
    """``"large-print"``, ``"letter"``, ``"large-print letter pdf/ua-1"`` -> a :class:`Variant`.

    Parts are separated by spaces, ``+`` or ``,``; raises :class:`ValueError`
    naming the unknown part.
    """
    large_print, paper, pdf_variant = False, "", ""
    for part in (p for p in re.split(r"[\s+,]+", str(text).strip().lower()) if p):
        if part in ("large-print", "large_print", "largeprint"):
            large_print = True
        elif part in PAPERS:
            paper = part
        elif part in PDF_VARIANTS:
            pdf_variant = part
        else:
            raise ValueError(f"unknown variant part '{part}' (use large-print, "
                             f"{', '.join(PAPERS)}, {', '.join(PDF_VARIANTS)})")
    return Variant(large_print, paper, pdf_variant)


def variant_spec(variant: Variant) -> str:
    """The name a variant is asked for by: ``"large-print+letter"`` (``parse_variant``'s inverse)."""
    parts = [*(["large-print"] if variant.large_print else []), variant.paper,
             variant.pdf_variant]
    return "+".join(p for p in parts if p)


def variant_from_name(name: str) -> Variant:
    """The variant of a file-name part (``large-print.letter``, ``pdfua-1``), as the
    manifest records it; raises :class:`ValueError` for anything else."""
    spelled = {v.replace("/", ""): v for v in PDF_VARIANTS}
    parts = [spelled.get(part, part) for part in name.split(".")]
    if not name or any(part in ("", "pdf/", "+", ",") for part in parts):
        raise ValueError(f"'{name}' is not a variant name")
    return parse_variant("+".join(parts))


def variant_label(name: str) -> str:
    """How an output line names a variant: ``" (large-print)"``, or nothing for the
    standard handout."""
    return f" ({name})" if name else ""


def download_name(slug: str, locale_tag: str, variant_name: str = "") -> str:
    """The name a PDF is saved under: ``<slug>.<locale>[.<variant>].pdf``."""
    return ".".join(p for p in (slug, locale_tag, variant_name, "pdf") if p)


_VARIANT_NAME = re.compile(r"^(?:[a-z0-9-]+(?:\.[a-z0-9-]+)*)?$")


def built_pdf(project, result):
    """The PDF of a manifest entry, if the entry says it is built and it checks out.

    The manifest is untrusted input: the entry's article must exist, its locale
    parse, its variant be a plain name, its path be exactly where the handout
    goes (inside ``dist/``), and the file be there with the recorded size and
    the recorded sha256 of its bytes.  Returns ``None`` otherwise.
    """
    try:
        known = _BUILT.get((str(project.dist_dir), result))
    except TypeError:      # a field that is not hashable: not an entry the manifest gives
        return None
    if known is not None and file_state(known[0]) == known[1]:
        return known[0]      # (the batch, the library, bundles and web pages all ask)
    found = _built_pdf(project, result)
    if found is not None:
        _BUILT[(str(project.dist_dir), result)] = (found, file_state(found))
    return found


def _built_pdf(project, result):
    from .errors import HandoutError
    from .fileio import is_inside
    from .locales import parse_locale

    try:
        if result.status not in ("built", "skipped") or not result.path:
            return None
        if not isinstance(result.slug, str) or "/" in result.slug or "\\" in result.slug \
                or result.slug.startswith(".") or not isinstance(result.variant, str) \
                or not _VARIANT_NAME.match(result.variant):
            return None
        if not (project.articles_dir / f"{result.slug}.md").is_file():
            return None
        tag = parse_locale(str(result.locale)).tag
        if tag != result.locale:
            return None
        pdf = project.pdf_path(result.slug, tag, result.variant)
        if result.path != pdf.relative_to(project.dist_dir).as_posix():
            return None
        if not is_inside(pdf, project.dist_dir):
            return None
        if pdf.stat().st_size != result.size or not result.sha256 \
                or file_sha256(pdf) != result.sha256:
            return None
        return pdf
    except (HandoutError, OSError, TypeError, ValueError, AttributeError):
        return None


#: What built_pdf found, by dist/ and entry, with the file's state then (per command).
_BUILT: dict = command_memo()

#: sha256 by (path, size, mtime, ctime, inode, device): any write to a file, or a
#: file put in its place, changes one of them (a write sets the ctime, and so does
#: setting the mtime back).  Filled in a run, and by :mod:`i18n.publish.digests`.
_DIGESTS: dict[tuple, str] = {}


def file_state(path) -> tuple | None:
    """The key of :data:`_DIGESTS` for *path*, or ``None`` if it is not a regular file."""
    import os
    import stat

    try:
        info = os.stat(path)
    except OSError:
        return None
    if not stat.S_ISREG(info.st_mode):
        return None
    return (str(path), info.st_size, info.st_mtime_ns, info.st_ctime_ns, info.st_ino,
            info.st_dev)


def file_sha256(path) -> str:
    """The sha256 of a file's bytes (hex); ``""`` if it cannot be read as a regular file.

    Remembered per file state (:func:`file_state`): the library page, the bundles
    and the web pages each ask for the same PDFs.
    """
    import hashlib

    try:
        key = file_state(path)
        if key is None:
            return ""
        if key not in _DIGESTS:
            digest = hashlib.sha256()
            with open(path, "rb") as handle:
                for block in iter(lambda: handle.read(1 << 20), b""):
                    digest.update(block)
            _DIGESTS[key] = digest.hexdigest()
        return _DIGESTS[key]
    except OSError:
        return ""
