"""Page-1 thumbnails of the built PDFs, for the library page and web pages."""

from __future__ import annotations

import shutil
import struct
import subprocess
import tempfile
from pathlib import Path

from ..errors import HandoutError
from ..fileio import write_atomic

THUMB_WIDTH = 240


def thumbnail_path(dist_dir: Path, locale_tag: str, slug: str) -> Path:
    return dist_dir / "thumbs" / locale_tag / f"{slug}.png"


def make_thumbnail(pdf: Path, png: Path, width: int = THUMB_WIDTH,
                   within: Path | None = None) -> bool:
    """Render page 1 of *pdf* to *png* (``pdftoppm``), written like every output
    (:func:`~i18n.fileio.write_atomic`: atomically, never over a FIFO or a folder,
    and with *within*, never through a link out of that folder).

    Returns ``False`` (and leaves no file) when poppler is missing or fails, or the
    thumbnail cannot be written there: the library then shows the card without a
    picture, and the batch goes on.
    """
    pdftoppm = shutil.which("pdftoppm")
    if pdftoppm is None:
        return False
    with tempfile.TemporaryDirectory(prefix="handout-thumb.") as tmp:
        root = Path(tmp) / "page"
        result = subprocess.run([pdftoppm, "-png", "-f", "1", "-l", "1", "-scale-to", str(width),
                                 "-singlefile", str(pdf), str(root)], capture_output=True)
        made = root.with_suffix(".png")
        if result.returncode or not made.is_file():
            return False
        try:
            write_atomic(png, made.read_bytes(), within=within)
        except HandoutError:
            return False
    return True


def png_size(path: Path) -> tuple[int, int] | None:
    """(width, height) from a PNG's header, so the page reserves the image's space."""
    try:
        with path.open("rb") as handle:
            head = handle.read(24)
    except OSError:
        return None
    if len(head) < 24 or head[:8] != b"\x89PNG\r\n\x1a\n":
        return None
    return struct.unpack(">II", head[16:24])
