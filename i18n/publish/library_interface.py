"""The library's interface language: its own text (the ``library`` gettext domain),
gated like every translation, and the template helpers that write it.

The page opens in ``clinic.yaml``'s ``library_locale`` and carries every
translated interface language as JSON, so a switch on the page changes the
language offline, without a reload.  Messages with an element in them
("發布日期：{date}") are filled by name on both sides.  The bundles' index and
the web pages use the same text and helpers.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable

import jinja2
from markupsafe import Markup, escape

from ..errors import HandoutError
from ..fileio import read_input
from ..locales import parse_locale
from .wording import fields_of, fill, list_separator, long_date, variant_msgids


# --- the interface language ------------------------------------------------------------

@dataclass(frozen=True)
class Interface:
    """The page's own text in one language: the ``library`` domain's translations."""

    locale: str                          #: BCP 47
    language: str                        #: its name in itself
    direction: str
    plural: str                          #: gettext plural expression (Babel's, from CLDR)
    messages: dict                       #: msgid -> msgstr, or [forms] for plural entries

    def gettext(self, msgid: str) -> str:
        found = self.messages.get(msgid)
        return found if isinstance(found, str) and found else msgid

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        forms = self.messages.get(singular)
        if isinstance(forms, list) and forms:
            index = _plural_index(self.plural, n)
            if 0 <= index < len(forms) and forms[index]:
                return forms[index]
        return singular if n == 1 else plural

    def as_json(self) -> dict:
        return {"language": self.language, "dir": self.direction, "plural": self.plural,
                "messages": self.messages}


def _plural_index(expression: str, n: int) -> int:
    """Evaluate a gettext plural expression (Babel's own, never a catalog's) for *n*."""
    return int(_c_ternary(expression, n))


def _c_ternary(expr: str, n: int) -> int:
    """A tiny evaluator for C plural expressions: ``cond ? a : b``, ``== != < > <= >= % && ||``."""
    tokens = re.findall(r"\d+|n|==|!=|<=|>=|&&|\|\||[()?:<>%!]", expr)
    pos = 0

    def peek():
        return tokens[pos] if pos < len(tokens) else None

    def take():
        nonlocal pos
        pos += 1
        return tokens[pos - 1]

    def primary():
        tok = take()
        if tok == "(":
            value = ternary()
            take()
            return value
        if tok == "!":
            return int(not primary())
        return n if tok == "n" else int(tok)

    def binary(level):
        ops = [("||",), ("&&",), ("==", "!="), ("<", ">", "<=", ">="), ("%",)]
        if level == len(ops):
            return primary()
        value = binary(level + 1)
        while peek() in ops[level]:
            op = take()
            right = binary(level + 1)
            value = {"||": lambda a, b: int(bool(a or b)), "&&": lambda a, b: int(bool(a and b)),
                     "==": lambda a, b: int(a == b), "!=": lambda a, b: int(a != b),
                     "<": lambda a, b: int(a < b), ">": lambda a, b: int(a > b),
                     "<=": lambda a, b: int(a <= b), ">=": lambda a, b: int(a >= b),
                     "%": lambda a, b: a % b if b else 0}[op](value, right)
        return value

    def ternary():
        cond = binary(0)
        if peek() == "?":
            take()
            yes = ternary()
            take()  # ":"
            no = ternary()
            return yes if cond else no
        return cond

    return ternary()


def interfaces(project) -> dict[str, Interface]:
    """The page's text in the source language and in every locale with a ``library`` catalog.

    Only translated, non-fuzzy entries that pass the release gate (no
    error-level finding of the checks) are used; any other shows the English.
    """
    from babel.messages.plurals import get_plural

    from ..catalogs.repository import load_po
    from ..checks import ERROR, check_entry
    from ..checks.context import check_context
    from ..content.extract import LIBRARY_DOMAIN

    found: dict[str, Interface] = {}
    tags = [project.config.source_locale, *project.config.locales]
    if project.config.library_locale:
        tags.append(project.config.library_locale)
    for tag in dict.fromkeys(tags):
        try:
            locale = parse_locale(tag)
        except HandoutError:
            continue
        messages: dict = {}
        path = project.repo.po_path(locale, LIBRARY_DOMAIN)
        if not project.is_source(locale):
            if not path.is_file():
                continue
            try:
                contents = read_input(path, HandoutError, "catalog", confine=True)
                context = check_context(locale, project.config)
                known = _INTERFACES.get((locale.tag, contents), [])
                messages = next((dict(m) for c, m in known if c == context), None)
                catalog = load_po(path) if messages is None else ()
            except HandoutError:
                continue
            if messages is not None:   # every web page asks again: checked once a run
                plural = get_plural(locale.babel).plural_expr
                found[locale.tag] = Interface(locale.tag, locale.display_name,
                                              locale.direction, plural, messages)
                continue
            messages = {}
            for entry in catalog.translated_entries():
                if any(severity == ERROR for _, severity, _ in check_entry(entry, context)):
                    continue   # the gate: the English rather than a changed number
                if entry.msgid_plural:
                    messages[entry.msgid] = [entry.msgstr_plural[i]
                                             for i in sorted(entry.msgstr_plural)]
                else:
                    messages[entry.msgid] = entry.msgstr
            if len(_INTERFACES) > 64:
                _INTERFACES.clear()
            _INTERFACES.setdefault((locale.tag, contents), []).append(
                (context, dict(sorted(messages.items()))))
        plural = get_plural(locale.babel).plural_expr
        found[locale.tag] = Interface(locale.tag, locale.display_name, locale.direction,
                                      plural, dict(sorted(messages.items())))
    return found


#: The gated interface texts of a library catalog, by (locale, its bytes), with the
#: check context they were gated in: a run that writes 9,000 web pages asks for them
#: on every page.
_INTERFACES: dict[tuple[str, bytes], list[tuple[object, dict]]] = {}


def _format(text: str, fallback: str, fields: dict) -> str:
    """*text* with its ``{fields}`` substituted by name, as the handout does (never
    ``str.format`` on translated text); the English if a translation has a field
    the page does not fill."""
    from ..render.html import substitute_fields
    try:
        return substitute_fields(text, **fields)
    except HandoutError:
        return substitute_fields(fallback, **fields)


def _markup_helpers(ui: Interface, live: bool = True) -> dict:
    """``t``, ``tn`` and ``attr``: text the page's script can translate again in place
    (or, not *live*, only the text: the bundles' index and the web pages)."""

    def fields_json(fields: dict) -> str:
        return json.dumps(fields, ensure_ascii=False, sort_keys=True)

    def t(msgid: str, **fields) -> Markup:
        text = _format(ui.gettext(msgid), msgid, fields)
        if not live:
            return escape(text)
        args = Markup(' data-i18n-args="{}"').format(fields_json(fields)) if fields else ""
        return Markup('<span data-i18n="{}"{}>{}</span>').format(msgid, args, text)

    def tn(singular: str, plural: str, n: int, **fields) -> Markup:
        fields = {"n": n, **fields}
        text = _format(ui.ngettext(singular, plural, n), singular if n == 1 else plural, fields)
        if not live:
            return escape(text)
        return Markup('<span data-i18n="{}" data-i18n-plural="{}" data-i18n-args="{}">{}</span>'
                      ).format(singular, plural, fields_json(fields), text)

    def attr(name: str, msgid: str) -> Markup:
        return Markup('{0}="{1}" data-i18n-{0}="{2}"').format(name, ui.gettext(msgid), msgid)

    def ts(msgid: str, **slots) -> Markup:
        """A message with elements in it (``"Published: {date}"``, the date a ``<time>``):
        the translator places them, punctuation and all; the script moves them on a switch."""
        text = ui.gettext(msgid)
        if fields_of(text) != fields_of(msgid):   # a lost or invented field: the English
            text = msgid
        if not live:
            return fill(text, slots)
        elements = {name: Markup('<span data-slot="{}">{}</span>').format(name, html)
                    for name, html in slots.items()}
        return Markup('<span data-i18n="{}" data-i18n-slots="">{}</span>').format(
            msgid, fill(text, elements))

    def date(iso: str) -> Markup:
        """A date in the page's language; the script rewrites it from the page's date table."""
        return Markup('<time datetime="{}"{}>{}</time>').format(
            iso, Markup(' data-date=""') if live else "", long_date(iso, ui.locale))

    def joined(items) -> Markup:
        """Items (markup) separated as the page's language separates a list."""
        separator = Markup('<span class="sep" aria-hidden="true">{}</span>').format(
            list_separator(ui.locale))
        return separator.join(items)

    def variant_name(variant: str) -> Markup:
        """A variant's localized name: "大字版", "大字版、Letter 紙張"."""
        return joined(t(msgid) for msgid in variant_msgids(variant))

    def language_list(versions) -> Markup:
        """Languages named in themselves, each isolated, as a list of the page's language."""
        return joined(Markup('<bdi class="lang-item" data-lang="{0}" lang="{0}">{1}</bdi>').format(
            v.locale, v.language) for v in versions)

    return {"t": t, "tn": tn, "attr": attr, "ts": ts, "date": date, "joined": joined,
            "variant_name": variant_name, "language_list": language_list}


def markup_helpers(ui: Interface, live: bool = True) -> dict:
    """The template helpers of a page in *ui*'s language (see :func:`_markup_helpers`)."""
    return _markup_helpers(ui, live)


def page_data(uis: dict[str, Interface], dates: Iterable[str]) -> dict:
    """What the page's script needs to switch language: each interface's messages,
    plural rule, list separator, and every date of the page written in it."""
    dates = sorted(set(filter(None, dates)))
    return {tag: {**ui.as_json(), "sep": list_separator(tag),
                  "dates": {iso: long_date(iso, tag) for iso in dates}}
            for tag, ui in uis.items()}


def script_json(data) -> Markup:
    """JSON safe inside ``<script>``: no ``<``, ``>`` or ``&`` that could end it."""
    text = json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return Markup(text.replace("\u2028", "\\u2028").replace("\u2029", "\\u2029"))


def library_environment(templates_dir: Path) -> jinja2.Environment:
    """The project's ``library.html`` if it has one, else the toolkit's."""
    from ..config import TEMPLATES_DIR
    loader = jinja2.ChoiceLoader([jinja2.FileSystemLoader(str(templates_dir)),
                                  jinja2.FileSystemLoader(str(TEMPLATES_DIR))])
    env = jinja2.Environment(loader=loader,
                             autoescape=True, undefined=jinja2.StrictUndefined,
                             trim_blocks=True, lstrip_blocks=True)
    # Fields by name, never str.format on a translation ({clinic.__class__}).
    env.filters["fmt"] = lambda text, **fields: _format(text, text, fields)
    return env
