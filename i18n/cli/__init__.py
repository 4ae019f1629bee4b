"""The command line that ``export.py`` runs: it only parses, calls the library and prints.

Commands are grouped by who uses them, one module each: :mod:`.translate`
(extract, update, init, check, status), :mod:`.exchange` (xliff,
import-xliff, tm, glossary: files for translation agencies' CAT tools),
:mod:`.review` (review) and :mod:`.publish` (pdf, preview, all, web);
:mod:`.base` holds the group and the one-line error handling they share.

The last stage: it may import every other one.  Heavy modules (WeasyPrint,
the batch) are imported inside the commands, so ``pdf`` can start its
renderer before anything else loads.
"""

from __future__ import annotations

from . import exchange, publish, review, translate  # noqa: F401  (each registers its commands)
from .base import cli


def main() -> None:
    """Run the command line: ``export.py``, or the installed ``clinic-handouts``."""
    import os
    import sys
    name = os.path.basename(sys.argv[0]) if sys.argv and sys.argv[0] else ""
    cli(prog_name="export.py" if name.endswith(".py") or not name else name)
