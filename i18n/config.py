"""The clinic configuration: one YAML file at the top of the project."""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from .errors import ConfigError
from .fileio import PROJECT_FILE, read_input
from .identity import Contact, check_contact, check_logo, check_web_url
from .text import LINE_CONTROLS, first_hidden
from .variants import Variant, parse_variant

CONFIG_FILENAME = PROJECT_FILE
#: Every top-level setting: a misspelled one (``requires_review``) is an error,
#: never silently ignored.
KNOWN_SETTINGS = ("clinic_name", "standard_disclaimer", "source_locale", "locales", "paper",
                  "locale_paper", "do_not_translate", "render_timeout", "library_locale",
                  "logo", "contact", "site_url", "variants", "require_review", "translators",
                  "claims", "reading_grade", "reviewers")
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
    library_locale: str = ""             #: the library page's default interface language
    logo: Path | None = None             #: an SVG or PNG inside the project, validated
    contact: Contact = field(default_factory=Contact)
    site_url: str = ""                   #: where the web pages are published, for canonical URLs
    variants: tuple[Variant, ...] = ()   #: extra variants 'all' builds besides the standard one
    require_review: tuple[str, ...] = ()  #: locales exported only once every entry is reviewed
    translators: dict[str, str] = field(default_factory=dict)  #: locale -> credited translator
    #: ``claims:``: severity by locale tag ("*" for every locale), phrases added
    #: (language -> category -> phrases) and relaxed (language -> phrases)
    claims_severity: dict[str, str] = field(default_factory=dict)
    claims_add: dict[str, dict[str, tuple[str, ...]]] = field(default_factory=dict)
    claims_allow: dict[str, tuple[str, ...]] = field(default_factory=dict)
    reading_grade: float = 8.0           #: the plain-language target (US school grade)
    reviewers: tuple[str, ...] = ()      #: who may sign translations off (export.py review)
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


# --- YAML, bounded -------------------------------------------------------------------

#: How many nodes a YAML document may stand for, with every alias expanded: an
#: "alias bomb" (nine lists of nine aliases) stands for hundreds of millions.
MAX_YAML_NODES = 100_000


class BoundedLoader(yaml.SafeLoader):
    """PyYAML's SafeLoader for untrusted files (``clinic.yaml``, front matter).

    It refuses a key given twice in one mapping (YAML would silently keep the
    last), a recursive alias, and a document whose aliases expand past
    :data:`MAX_YAML_NODES` nodes, each as a :class:`yaml.MarkedYAMLError` at
    its line, before anything is constructed.
    """

    def compose_document(self):
        node = super().compose_document()
        if node is not None:
            _check_expansion(node)
        return node

    def construct_mapping(self, node, deep=False):
        seen = set()
        for key, _ in node.value:
            if isinstance(key, yaml.ScalarNode) and key.tag != "tag:yaml.org,2002:merge":
                if key.value in seen:
                    raise yaml.MarkedYAMLError(None, None, f"key '{key.value[:80]}' is given "
                                               "twice", key.start_mark)
                seen.add(key.value)
        return super().construct_mapping(node, deep)


def _children(node) -> list:
    if isinstance(node, yaml.SequenceNode):
        return list(node.value)
    if isinstance(node, yaml.MappingNode):
        return [part for pair in node.value for part in pair]
    return []


def _check_expansion(root) -> None:
    """Refuse a recursive alias, or aliases expanding *root* past MAX_YAML_NODES nodes.

    Iterative, so a deep document cannot exhaust the stack here; sizes are
    counted once per node, so a bomb is measured without being expanded.
    """
    sizes: dict[int, int] = {}
    open_nodes: set[int] = set()
    stack = [(root, False)]
    while stack:
        node, closing = stack.pop()
        if closing:
            open_nodes.discard(id(node))
            size = 1 + sum(sizes[id(child)] for child in _children(node))
            if size > MAX_YAML_NODES:
                raise yaml.MarkedYAMLError(None, None, f"aliases expand to more than "
                                           f"{MAX_YAML_NODES:,} values (an alias bomb?)",
                                           node.start_mark)
            sizes[id(node)] = size
            continue
        if id(node) in sizes:
            continue
        open_nodes.add(id(node))
        stack.append((node, True))
        for child in _children(node):
            if id(child) in open_nodes:
                raise yaml.MarkedYAMLError(None, None, "recursive alias (a value that "
                                           "contains itself)", child.start_mark)
            if id(child) not in sizes:
                stack.append((child, False))


def load_yaml(text: str, loader: type[BoundedLoader] = BoundedLoader):
    """(node, data) of a YAML document through *loader*; raises :class:`yaml.YAMLError`
    (with a ``problem_mark`` where there is a line) or :class:`RecursionError`."""
    reader = loader(text)
    try:
        node = reader.get_single_node()
        return node, (reader.construct_document(node) if node is not None else None)
    finally:
        reader.dispose()


def _hidden_characters(value, depth: int = 0) -> str:
    """``U+202E`` for the first bidi control, format or control character in *value*
    (text, or lists and mappings of it); ``""`` when there is none."""
    if depth > 20:
        return ""
    if isinstance(value, str):
        found = first_hidden(value, allow=LINE_CONTROLS, controls=True)
        return f"U+{ord(found[1]):04X}" if found else ""
    if isinstance(value, dict):
        value = [*value.keys(), *value.values()]
    if isinstance(value, list):
        return next((found for item in value
                     if (found := _hidden_characters(item, depth + 1))), "")
    return ""


def load_config(path: str | Path = CONFIG_FILENAME) -> ClinicConfig:
    """Read and validate the clinic configuration file."""
    path = Path(path)
    raw = read_input(path, ConfigError, "clinic configuration file")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ConfigError(f"not UTF-8 text ({exc.reason}, byte 0x{raw[exc.start]:02X})", path,
                          raw[:exc.start].count(b"\n") + 1) from None
    try:
        node, data = load_yaml(text)
    except RecursionError:
        raise ConfigError("malformed YAML: nested too deeply (a recursive alias?)", path) from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        raise ConfigError(f"malformed YAML: {getattr(exc, 'problem', exc)}", path,
                          mark.line + 1 if mark else None) from None
    if not isinstance(data, dict):
        raise ConfigError("expected a mapping of settings", path, 1)
    lines = {key.value: key.start_mark.line + 1 for key, _ in node.value} if node else {}
    for key, value in data.items():
        if key not in KNOWN_SETTINGS:
            raise ConfigError(f"unknown setting '{key}' (known: {', '.join(KNOWN_SETTINGS)})",
                              path, lines.get(key))
        if hidden := _hidden_characters(value):
            raise ConfigError(f"setting '{key}' holds an invisible or control character "
                              f"({hidden}): delete it", path, lines.get(key))

    def need(key: str, kind: type | tuple[type, ...], default=None):
        value = data.get(key, default)
        if value is None:
            raise ConfigError(f"missing setting '{key}'", path)
        if not isinstance(value, kind) or isinstance(value, bool) and kind is not bool:
            name = kind.__name__ if isinstance(kind, type) else "number"
            raise ConfigError(f"setting '{key}' must be a {name}", path, lines.get(key))
        return value

    def strings(key: str, default: list) -> tuple[str, ...]:
        values = need(key, list, default)
        if not all(isinstance(v, str) for v in values):
            raise ConfigError(f"setting '{key}' must be a list of text values", path,
                              lines.get(key))
        return tuple(values)

    timeout = need("render_timeout", (int, float), 120)
    if not (math.isfinite(timeout) and timeout > 0):
        raise ConfigError(f"setting 'render_timeout' must be a positive number of seconds, "
                          f"not {timeout}", path, lines.get("render_timeout"))

    paper = need("paper", str, "a4").lower()
    locale_paper = {str(k): str(v).lower() for k, v in need("locale_paper", dict, {}).items()}
    for value in (paper, *locale_paper.values()):
        if value not in PAPER_SIZES:
            raise ConfigError(f"unknown paper size '{value}' (use a4 or letter)", path,
                              lines.get("paper"))
    return ClinicConfig(
        clinic_name=need("clinic_name", str),
        standard_disclaimer=" ".join(need("standard_disclaimer", str).split()),
        source_locale=_locale_setting(need("source_locale", str, "en"), "source_locale", path,
                                      lines),
        locales=strings("locales", ["en"]),
        paper=paper,
        locale_paper=locale_paper,
        do_not_translate=strings("do_not_translate", []),
        render_timeout=float(timeout),
        path=path.resolve(),
        lines=lines,
        **_publishing_settings(data, node, path, lines),
        **_review_settings(data, path, lines),
        **_claims_settings(data, path, lines),
    )


def _claims_settings(data: dict, path: Path, lines: dict[str, int]) -> dict:
    """``claims`` (severity, added and allowed phrases) and ``reading_grade``, validated.

    ``claims: error`` makes every claims finding an error; the long form is
    ``claims: {severity: warning or error or {default: warning, zh-TW: error},
    add: {en: {guarantee: [...]}}, allow: {en: [painless]}}``.
    """
    from .errors import LocaleError
    from .locales import parse_locale

    line = lines.get("claims")

    def fail(what: str):
        raise ConfigError(f"setting 'claims': {what}", path, line)

    def tag(value) -> str:
        if str(value) in ("*", "default"):
            return "*"
        try:
            return parse_locale(str(value)).tag
        except LocaleError as error:
            fail(error.message)

    def phrases(value, where: str) -> tuple[str, ...]:
        if not isinstance(value, list) or not all(isinstance(v, str) and v.strip()
                                                  and len(v) <= 200 for v in value):
            fail(f"'{where}' must be a list of phrases")
        return tuple(" ".join(v.split()) for v in value)

    settings: dict = {}
    grade = data.get("reading_grade", 8)
    if isinstance(grade, bool) or not isinstance(grade, (int, float)) or \
            not (math.isfinite(grade) and 1 <= grade <= 20):
        raise ConfigError("setting 'reading_grade' must be a school grade from 1 to 20, "
                          "e.g. 8", path, lines.get("reading_grade"))
    settings["reading_grade"] = float(grade)
    claims = data.get("claims")
    if claims is None:
        return settings
    if isinstance(claims, str):
        claims = {"severity": claims}
    if not isinstance(claims, dict) or set(claims) - {"severity", "add", "allow"}:
        fail("use 'claims: error', or a mapping of severity, add and allow")
    severity = claims.get("severity", "warning")
    if not isinstance(severity, dict):
        severity = {"*": severity}
    levels = {tag(key): value for key, value in severity.items()}
    if not all(value in ("warning", "error") for value in levels.values()):
        fail("a severity is 'warning' or 'error'")
    settings["claims_severity"] = levels
    added = claims.get("add", {})
    if not isinstance(added, dict):
        fail("'add' must map languages to categories and phrases, e.g. "
             "{en: {guarantee: [money-back]}}")
    settings["claims_add"] = {}
    for language, groups in added.items():
        if not isinstance(groups, dict):
            fail(f"'add: {language}' must map categories to phrases, e.g. {{guarantee: [...]}}")
        settings["claims_add"][tag(language)] = {
            str(category): phrases(value, f"add: {language}: {category}")
            for category, value in groups.items()}
    allowed = claims.get("allow", {})
    if not isinstance(allowed, dict):
        fail("'allow' must map languages to phrases, e.g. {en: [painless]}")
    settings["claims_allow"] = {tag(language): phrases(value, f"allow: {language}")
                                for language, value in allowed.items()}
    return settings


def _locale_setting(value: str, key: str, path: Path, lines: dict[str, int]) -> str:
    """A locale setting as its BCP 47 tag, or a :class:`ConfigError` at its line
    (before any command acts on it: an invalid ``source_locale`` must not
    remove a PDF first)."""
    from .errors import LocaleError
    from .locales import parse_locale
    try:
        return parse_locale(value).tag
    except LocaleError as error:
        raise ConfigError(f"setting '{key}': {error.message}", path, lines.get(key)) from None


def _review_settings(data: dict, path: Path, lines: dict[str, int]) -> dict:
    """``require_review`` (locales), ``translators`` (locale -> name) and ``reviewers``
    (the names a review record may carry), validated."""
    from .errors import LocaleError
    from .locales import parse_locale

    def locale_tag(value, key: str) -> str:
        try:
            return parse_locale(str(value)).tag
        except LocaleError as error:
            raise ConfigError(f"setting '{key}': {error.message}", path, lines.get(key)) from None

    required = data.get("require_review", [])
    if not isinstance(required, list):
        raise ConfigError("setting 'require_review' must be a list of locales, e.g. [zh-TW]",
                          path, lines.get("require_review"))
    translators = data.get("translators", {})
    if not isinstance(translators, dict) or not all(
            isinstance(v, str) and v.strip() and len(v) <= 200 for v in translators.values()):
        raise ConfigError("setting 'translators' must map locales to names, e.g. "
                          "{zh-TW: Lin Mei-Hua}", path, lines.get("translators"))
    reviewers = data.get("reviewers", [])
    if not isinstance(reviewers, list) or not all(
            isinstance(v, str) and v.strip() and len(v) <= 200 and v.isprintable()
            for v in reviewers):
        raise ConfigError("setting 'reviewers' must be a list of names, e.g. "
                          "[\"Dr. Chen Ya-Ting\"]", path, lines.get("reviewers"))
    return {"reviewers": tuple(dict.fromkeys(" ".join(v.split()) for v in reviewers)),
            "require_review": tuple(locale_tag(v, "require_review") for v in required),
            "translators": {locale_tag(k, "translators"): " ".join(v.split())
                            for k, v in translators.items()}}


def _publishing_settings(data: dict, node, path: Path, lines: dict[str, int]) -> dict:
    """``library_locale``, ``logo``, ``contact``, ``site_url`` and ``variants``, validated."""
    from .errors import LocaleError
    from .locales import parse_locale

    settings: dict = {}
    library_locale = data.get("library_locale")
    if library_locale is not None:
        try:
            settings["library_locale"] = parse_locale(str(library_locale)).tag
        except LocaleError as error:
            raise ConfigError(f"setting 'library_locale': {error.message}", path,
                              lines.get("library_locale")) from None
    settings["logo"] = check_logo(data.get("logo"), path.resolve().parent, path,
                                  lines.get("logo"))
    contact_node = next((v for k, v in (node.value if node else ()) if k.value == "contact"), None)
    contact_lines = ({k.value: k.start_mark.line + 1 for k, _ in contact_node.value}
                     if isinstance(contact_node, yaml.MappingNode) else {})
    if "address" in contact_lines:  # the address is extracted for translation
        lines["contact.address"] = contact_lines["address"]
    settings["contact"] = check_contact(data.get("contact"), path, contact_lines,
                                        lines.get("contact"))
    if data.get("site_url") is not None:
        settings["site_url"] = check_web_url(data["site_url"], "site_url", path,
                                             lines.get("site_url")).rstrip("/") + "/"
    variants = data.get("variants", [])
    if not isinstance(variants, list):
        raise ConfigError("setting 'variants' must be a list, e.g. [large-print]", path,
                          lines.get("variants"))
    parsed = []
    for item in variants:
        try:
            parsed.append(parse_variant(item if isinstance(item, str) else ""))
        except ValueError as error:
            raise ConfigError(f"setting 'variants': {error}", path,
                              lines.get("variants")) from None
        if not isinstance(item, str) or parsed[-1].is_standard:
            raise ConfigError(f"setting 'variants': {item!r} is not a variant (e.g. "
                              "large-print, letter, pdf/ua-1)", path, lines.get("variants"))
    settings["variants"] = tuple(dict.fromkeys(parsed))
    return settings


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
    node, _ = load_yaml(text)
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


TEMPLATES_DIR = Path(__file__).resolve().parent.parent / "templates"
