#!/usr/bin/env python3
"""Command line of the clinic handout toolkit (the commands live in ``i18n/cli/``).

It only parses arguments, calls the library (``i18n``) and prints: every
user error becomes one ``file:line: message`` line and a non-zero exit.
"""

from i18n.cli import main

if __name__ == "__main__":
    main()
