"""Page-1 thumbnails of the built PDFs, for the library page and web pages."""

from __future__ import annotations

import os
import shutil
import struct
import subprocess
import tempfile
from pathlib import Path

THUMB_WIDTH = 240


def thumbnail_path(dist_dir: Path, locale_tag: str, slug: str) -> Path:
    return dist_dir / "thumbs" / locale_tag / f"{slug}.png"


def make_thumbnail(pdf: Path, png: Path, width: int = THUMB_WIDTH) -> bool:
    """Render page 1 of *pdf* to *png* (``pdftoppm``), atomically.

    Returns ``False`` (and leaves no file) when poppler is missing or fails:
    the library then shows the card without a picture.
    """
    pdftoppm = shutil.which("pdftoppm")
    if pdftoppm is None:
        return False
    png.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix=f".{png.stem}.", dir=png.parent) as tmp:
        root = Path(tmp) / "page"
        result = subprocess.run([pdftoppm, "-png", "-f", "1", "-l", "1", "-scale-to", str(width),
                                 "-singlefile", str(pdf), str(root)], capture_output=True)
        made = root.with_suffix(".png")
        if result.returncode or not made.is_file():
            return False
        os.chmod(made, 0o644)
        os.replace(made, png)
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
