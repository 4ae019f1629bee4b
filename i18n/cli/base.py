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


def version() -> str:
    """The installed toolkit's version (``pyproject.toml``), or ``unknown`` if not installed."""
    from importlib.metadata import PackageNotFoundError
    from importlib.metadata import version as installed
    try:
        return installed("clinic-handouts")
    except PackageNotFoundError:
        return "unknown (not installed: pip install -e .)"


def _print_version(ctx, param, value) -> None:
    # A callback, not click.version_option(version=...): the look-up costs every
    # command its time at start-up (pdf races its renderer then).
    if value and not ctx.resilient_parsing:
        click.echo(f"clinic-handouts {version()}")
        ctx.exit()


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--version", is_flag=True, expose_value=False, is_eager=True,
              callback=_print_version, help="Show the version and exit.")
def cli() -> None:
    """Health articles -> gettext catalogs -> translated PDF patient handouts.

    Run from the project folder (the one holding clinic.yaml). Every
    command has examples in its --help.

    
    The translator's day:
      clinic-handouts update              # extract and merge, every locale
      clinic-handouts check -l zh-TW --errors-only
      clinic-handouts status
      clinic-handouts pdf SLUG -l zh-TW
    """


def _target_locales(project, names):
    return [parse_locale(name) for name in names] if names else project.locales()
