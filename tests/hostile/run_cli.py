"""``export.py`` under an audit hook: every file opened outside the project is reported.

Usage: ``python run_cli.py OUTSIDE_DIR ARGS...`` in the project folder.  Each
``open`` of a path that resolves into OUTSIDE_DIR prints one
``hostile-audit: read outside the project: PATH`` line on stderr.
"""

import os
import runpy
import sys

OUTSIDE = os.path.realpath(sys.argv[1])
EXPORT = os.path.join(os.path.dirname(os.path.dirname(os.path.dirname(
    os.path.abspath(__file__)))), "export.py")


def _hook(event, args):
    if event != "open" or not args or isinstance(args[0], int) or args[0] is None:
        return
    try:
        path = os.path.realpath(os.fsdecode(args[0]))
    except (TypeError, ValueError):
        return
    if path == OUTSIDE or path.startswith(OUTSIDE + os.sep):
        sys.stderr.write(f"hostile-audit: read outside the project: {path}\n")


sys.addaudithook(_hook)
sys.argv = [EXPORT, *sys.argv[2:]]
sys.path.insert(0, os.path.dirname(EXPORT))
runpy.run_path(EXPORT, run_name="__main__")
