"""What every command shares: the command group, the project and one-line errors.

Every :class:`~i18n.errors.HandoutError` becomes one ``file:line: message``
line and a non-zero exit; Ctrl-C exits 130 without a traceback.
"""

from __future__ import annotations

import sys
from pathlib import Path

import click

from ..errors import HandoutError


def parse_locale(name: str):
    """``i18n.locales.parse_locale``, imported late: ``pdf`` starts its renderer first."""
    from ..locales import parse_locale as parse
    return parse(name)


def _project():
    from ..catalogs.project import Project
    return Project.load(Path.cwd())


def _fail(error: HandoutError) -> None:
    click.echo(f"error: {error}" if error.filename is None else str(error), err=True)
    sys.exit(error.exit_code)


class _Group(click.Group):
    def invoke(self, ctx):
        try:
            return super().invoke(ctx)
        except HandoutError as error:
            _fail(error)
        except KeyboardInterrupt:
            click.echo("interrupted", err=True)
            sys.exit(130)


@click.group(cls=_Group)
def cli() -> None:
    """Health articles -> gettext catalogs -> translated PDF patient handouts."""


def _target_locales(project, names):
    return [parse_locale(name) for name in names] if names else project.locales()
