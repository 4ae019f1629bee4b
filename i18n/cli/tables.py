"""The status table, readable on an 80-column terminal.

Locale codes are never cut (zh-TW and zh-CN must not both read ``zh-…``)
and the status word is always shown; the reasons a handout is blocked are
long, so they follow the table, one line each, never squeezed into a cell.
The article's own strings ("own") and the template strings every handout
shares ("template") are counted in columns of their own; "missing" counts
the untranslated strings and "words" their words.  Each article's reading
grade and claims count (``check --source``) follow, one line per article: they
are the source's, the same in every row.
"""

from __future__ import annotations

import os

import click

from ..content.extract import HANDOUT_DOMAIN


def _count(catalog) -> str:
    return f"{catalog.translated}/{catalog.total}" if catalog is not None else "-"


def print_status(rows) -> None:
    """Print *rows* (:class:`~i18n.publish.status.HandoutStatus`) as a table, then the reasons."""
    from rich import box
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    console = Console()
    if not console.is_terminal and "COLUMNS" not in os.environ:
        console = Console(width=160)   # a pipe or a file: no terminal to fit
    table = Table(title="Translation status", box=box.SIMPLE_HEAD, show_edge=False,
                  padding=0)
    cells, reasons = [], []
    for row in rows:
        own = next((c for c in row.catalogs if c.domain == row.slug), None)
        shared = next((c for c in row.catalogs if c.domain == HANDOUT_DOMAIN), None)
        cells.append((row.slug, row.locale, "ready" if row.ready else "blocked", _count(own),
                      _count(shared), f"{row.reviewed}/{row.translated}", str(row.fuzzy),
                      str(row.untranslated), str(row.untranslated_words)))
        if not row.ready:
            reasons.append(f"{row.slug} {row.locale}: blocked: {row.reason}")
    # The counts' columns have the width of their widest cell, given, so that Rich
    # need not measure 8,000 rows' cells (its layout is the same).
    names = ("locale", "status", "own", "template", "reviewed", "fuzzy", "missing", "words")
    widths = [max([len(name), *(len(row[i]) for row in cells)])
              for i, name in enumerate(names, start=1)]
    table.add_column("article", overflow="fold", ratio=1, min_width=8)
    table.add_column("locale", no_wrap=True, min_width=max(widths[0], 6))
    # Right after the locale: on a narrow terminal rich drops columns from the right.
    table.add_column("status", no_wrap=True, min_width=7)
    for name, width in zip(names[2:], widths[2:]):
        table.add_column(name, justify="right", no_wrap=True, width=width)
    for row in cells:
        # Text, not str: no markup to parse in 72,000 cells (and a slug is never markup).
        table.add_row(Text(row[0]), Text(row[1]),
                      Text(row[2], style="green" if row[2] == "ready" else "red"),
                      *map(Text, row[3:]))
    console.print(table)
    for reason in reasons:   # plain lines: a terminal wraps them, nothing is cut
        click.echo(reason)
    for slug, row in {row.slug: row for row in rows}.items():
        grade = "" if row.reading_grade is None else f"reading grade {row.reading_grade:.1f}, "
        click.echo(f"{slug}: {grade}{row.claims} claim(s) (check --source)")
