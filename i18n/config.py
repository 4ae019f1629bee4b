"""The clinic configuration: one YAML file at the top of the project."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import yaml

from .errors import ConfigError

CONFIG_FILENAME = "clinic.yaml"
PAPER_SIZES = ("a4", "letter")


@dataclass(frozen=True)
class ClinicConfig:
    """Settings that apply to every article and handout."""

    clinic_name: str
    standard_disclaimer: str
    source_locale: str = "en"
    locales: tuple[str, ...] = ("en",)
    paper: str = "a4"
    locale_paper: dict[str, str] = field(default_factory=dict)
    do_not_translate: tuple[str, ...] = ()
    render_timeout: float = 120.0
    path: Path | None = None
    #: 1-based lines of the translatable settings, for ``#:`` references.
    lines: dict[str, int] = field(default_factory=dict)

    @property
    def root(self) -> Path:
        """The project folder: the one holding the config file."""
        return self.path.parent if self.path else Path.cwd()

    def paper_for(self, locale_tag: str, override: str | None = None) -> str:
        """The paper size for a locale: ``--paper``, then the locale, then the clinic."""
        if override:
            return override
        return self.locale_paper.get(locale_tag, self.paper)


def load_config(path: str | Path = CONFIG_FILENAME) -> ClinicConfig:
    """Read and validate the clinic configuration file."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ConfigError("clinic configuration file not found", path) from None
    try:
        node = yaml.compose(text)
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        raise ConfigError(f"malformed YAML: {getattr(exc, 'problem', exc)}", path,
                          mark.line + 1 if mark else None) from None
    if not isinstance(data, dict):
        raise ConfigError("expected a mapping of settings", path, 1)
    lines = {key.value: key.start_mark.line + 1 for key, _ in node.value} if node else {}

    def need(key: str, kind: type, default=None):
        value = data.get(key, default)
        if value is None:
            raise ConfigError(f"missing setting '{key}'", path)
        if not isinstance(value, kind):
            raise ConfigError(f"setting '{key}' must be a {kind.__name__}", path, lines.get(key))
        return value

    paper = need("paper", str, "a4").lower()
    locale_paper = {k: str(v).lower() for k, v in need("locale_paper", dict, {}).items()}
    for value in (paper, *locale_paper.values()):
        if value not in PAPER_SIZES:
            raise ConfigError(f"unknown paper size '{value}' (use a4 or letter)", path,
                              lines.get("paper"))
    return ClinicConfig(
        clinic_name=need("clinic_name", str),
        standard_disclaimer=" ".join(need("standard_disclaimer", str).split()),
        source_locale=need("source_locale", str, "en"),
        locales=tuple(need("locales", list, ["en"])),
        paper=paper,
        locale_paper=locale_paper,
        do_not_translate=tuple(need("do_not_translate", list, [])),
        render_timeout=float(need("render_timeout", (int, float), 120)),
        path=path.resolve(),
        lines=lines,
    )


def add_locale(config: ClinicConfig, tag: str) -> bool:
    """Add *tag* to the ``locales`` list of the config file, in place.

    The file is edited as text, after its last list item, so the comments and
    layout stay as the clinic wrote them.  Returns ``False`` when *tag* is
    already listed; raises :class:`ConfigError` naming the exact edit to make
    when the list is not a plain block list.
    """
    if tag in config.locales:
        return False
    path = config.path or Path(CONFIG_FILENAME)
    text = path.read_text(encoding="utf-8")
    lines = text.splitlines(keepends=True)
    node = yaml.compose(text)
    entry = next(((k, v) for k, v in node.value if k.value == "locales"), None) if node else None
    if entry is None:
        listed = "\n".join(f"  - {name}" for name in (*config.locales, tag))
        new_text = text.rstrip("\n") + f"\n\nlocales:\n{listed}\n"
    else:
        key, value = entry
        if not isinstance(value, yaml.SequenceNode) or value.flow_style or not value.value:
            raise ConfigError(f"add '{tag}' to the 'locales' list by hand, e.g. "
                              f"'locales: [{', '.join((*config.locales, tag))}]'",
                              path, key.start_mark.line + 1)
        last = value.value[-1]
        prefix = lines[last.start_mark.line][:last.start_mark.column]   # "  - "
        if prefix.strip() != "-":
            prefix = " " * max(last.start_mark.column - 2, 0) + "- "
        end = last.end_mark.line + (1 if last.end_mark.column else 0)
        lines.insert(end, f"{prefix}{tag}\n")
        new_text = "".join(lines)
    from .fileio import write_atomic
    write_atomic(path, new_text)
    return True
