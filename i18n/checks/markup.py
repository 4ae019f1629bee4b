"""Markup and placeholders: links, emphasis and fields the translation must keep."""

from __future__ import annotations

import re
from collections import Counter
from functools import lru_cache
from typing import Iterator

import polib

from ..content.links import inline_tokens, refused_link_message, refused_links
from .base import ERROR, CheckContext, pairs



_MARKUP_KINDS = {"strong_open": "bold (**...**)", "em_open": "emphasis (*...*)",
                 "code_inline": "code (`...`)"}


@lru_cache(maxsize=4096)   # a source string is checked again in every locale
def _markup(text: str) -> tuple[Counter, Counter]:
    """(counts of bold/emphasis/code, multiset of link and image URLs) of inline Markdown."""
    kinds: Counter = Counter()
    urls: Counter = Counter()
    for child in inline_tokens(text):
        if child.type in _MARKUP_KINDS:
            kinds[child.type] += 1
        elif child.type == "link_open":
            urls[str(child.attrs.get("href", ""))] += 1
        elif child.type == "image":
            urls[str(child.attrs.get("src", ""))] += 1
    return kinds, urls


def check_markup(entry: polib.POEntry, context: CheckContext) -> Iterator[tuple[str, str]]:
    """The same bold, emphasis and code spans, exactly the same link URLs, and no link
    the handout refuses (``javascript:``, ``file:``, ``data:`` ...)."""
    for source, translation in pairs(entry):
        source_kinds, source_urls = _markup(source)
        kinds, urls = _markup(translation)
        for kind, name in _MARKUP_KINDS.items():
            if source_kinds[kind] != kinds[kind]:
                hint = ""
                if kind == "strong_open" and kinds[kind] < source_kinds[kind] and \
                        translation.count("**") > 2 * kinds[kind]:
                    # CommonMark's flanking rules: "文字**（PDGF）**能" is not bold.
                    hint = ("; a '**' between a letter and punctuation such as '（' or '）' "
                            "is not read as bold: move the punctuation outside the '**'")
                yield ERROR, (f"{name}: {source_kinds[kind]} in the source, "
                              f"{kinds[kind]} in the translation{hint}")
        for url in sorted((source_urls - urls).elements()):
            yield ERROR, f"link {url} is missing or changed in the translation"
        for url in sorted((urls - source_urls).elements()):
            yield ERROR, f"link {url} is not in the source"
        for url in refused_links(translation):
            yield ERROR, refused_link_message(url)


# --- placeholders ---------------------------------------------------------------

# "[^)%(]": a name never holds these, and a text of "%(%(%(" is read once, not once a "%(".
_PYTHON_FORMAT = re.compile(r"%(?:\((?P<name>[^)%(]*)\))?[-#0 +]*(?:\*|\d+)?(?:\.(?:\*|\d+))?"
                            r"[hlL]?(?P<type>[diouxXeEfFgGcrsa%])")


#: Without the flag, only what is certainly a placeholder: ``%(name)s``, no flags or
#: width (prose like "40%(n=20) after 3 sessions" is not one).
_STRICT_NAMED = re.compile(r"%\(([A-Za-z_]\w*)\)([diouxXeEfFgGcrsa])")

_BRACE_FIELD = re.compile(r"\{([^{}]*)\}")
_FIELD_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*\Z")


def brace_fields(text: str) -> list[str]:
    """The ``{field}`` contents of *text* (``{{`` and ``}}`` are literal braces).

    Raises :class:`ValueError` for a lone ``{`` or ``}``.
    """
    fields = []
    rest = _BRACE_FIELD.sub(lambda m: fields.append(m[1]) or "", text.replace("{{", "").replace("}}", ""))
    if "{" in rest or "}" in rest:
        raise ValueError("a single '{' or '}' (write '{{' or '}}' for a brace)")
    return fields


def unsafe_field(field: str) -> bool:
    """A field that does more than name a value: ``{date.x}``, ``{date[0]}``,
    ``{date:>9}``, ``{date!r}``, ``{}``."""
    return not _FIELD_NAME.match(field)


def _percent_fields(text: str) -> tuple[set[tuple[str, str]], list[str]]:
    named, positional = set(), []
    for match in _PYTHON_FORMAT.finditer(text):
        if match["type"] == "%":
            continue
        if match["name"] is not None:
            named.add((match["name"], match["type"]))
        else:
            positional.append(match["type"])
    return named, positional


def _show(kinds: list[str]) -> str:
    return ", ".join(f"%{kind}" for kind in kinds) or "none"


def _check_brace_fields(source: str, translation: str,
                        formatted: bool) -> Iterator[tuple[str, str]]:
    """``{name}`` fields are data, never code: only plain names, only the source's.

    Whatever the entry's flags say, a field with attribute access, an index,
    a format spec or a conversion is an error, and so is one the source lacks,
    and one of the source that the translation drops (a translator's tool may
    have dropped the ``python-brace-format`` flag; the date still vanishes).
    """
    try:
        expected = set(brace_fields(source))
    except ValueError:
        expected = set()
        if formatted:
            yield ERROR, "the source has broken placeholder syntax"
    try:
        actual = brace_fields(translation)
    except ValueError as exc:
        if formatted or expected:
            yield ERROR, f"broken placeholder syntax: {exc}"
        return
    for field in sorted(set(actual)):
        if unsafe_field(field):
            yield ERROR, (f"placeholder {{{field}}} is not a plain name: attribute access, "
                          "indexes, format specs and conversions are not allowed")
        elif field not in expected:
            yield ERROR, f"placeholder {{{field}}} is not in the source"
    for name in sorted(expected - set(actual)):
        if formatted or not unsafe_field(name):
            yield ERROR, f"placeholder {{{name}}} is missing from the translation"


def check_placeholders(entry: polib.POEntry, context: CheckContext) -> Iterator[tuple[str, str]]:
    """The same ``{name}`` fields and ``%(name)s`` fields, with or without the format
    flags; positional ``%s`` fields with ``python-format``."""
    for source, translation in pairs(entry):
        yield from _check_brace_fields(source, translation,
                                       "python-brace-format" in entry.flags)
        if "python-format" not in entry.flags:
            named = {name for name, _ in _STRICT_NAMED.findall(translation)}
            for name, kind in sorted(set(_STRICT_NAMED.findall(source))):
                if name not in named:
                    yield ERROR, f"placeholder %({name}){kind} is missing from the translation"
        else:
            (expected_named, expected_pos), (named, pos) = (_percent_fields(source),
                                                            _percent_fields(translation))
            for name, kind in sorted(expected_named - named):
                yield ERROR, f"placeholder %({name}){kind} is missing from the translation"
            for name, kind in sorted(named - expected_named):
                yield ERROR, f"placeholder %({name}){kind} is not in the source"
            if expected_pos != pos:
                yield ERROR, (f"positional placeholders differ: {_show(expected_pos)} in the "
                              f"source, {_show(pos)} in the translation")


# --- same as source -------------------------------------------------------------

# One token that is a code rather than a word: it has a digit or a field
