"""Which links a handout may carry: http, https and mailto, nothing else.

The article parser drops any other link silently (markdown-it's
``validateLink``), which would print ``[x](javascript:...)`` as literal text;
the functions here find such links, so that they are reported instead.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path
from typing import Iterator

from markdown_it import MarkdownIt
from markdown_it.token import Token

from ..errors import ArticleError

SAFE_URL_SCHEMES = ("http:", "https:", "mailto:")


def is_safe_url(url: str) -> bool:
    """Whether a link may point at *url*: http, https and mailto only."""
    return url.strip().lower().startswith(SAFE_URL_SCHEMES)


def commonmark(validate_link) -> MarkdownIt:
    """The toolkit's Markdown dialect: CommonMark plus tables, raw HTML off, and
    links kept where *validate_link* (url -> bool) says so."""
    md = MarkdownIt("commonmark", {"html": False, "typographer": False}).enable("table")
    md.validateLink = validate_link
    return md


@cache
def strict_parser() -> MarkdownIt:
    """The one Markdown parser of handouts (``markdown_parser`` of the article module)."""
    return commonmark(is_safe_url)


@lru_cache(maxsize=1024)   # the checks of one entry all read the same parse
def inline_tokens(text: str) -> tuple:
    """The inline tokens of *text* by the handout's parser (shared: do not change them)."""
    return tuple(child for token in strict_parser().parseInline(text)
                 for child in token.children or ())


@dataclass(frozen=True)
class Printed:
    """Inline Markdown as a reader sees it: the characters printed, and the links."""

    text: str                                #: markup gone, references and escapes decoded
    links: tuple[tuple[str, str], ...] = ()  #: (target, the link's printed text)


@lru_cache(maxsize=8192)   # a source string is read again in every locale
def printed(text: str) -> Printed:
    """What inline Markdown *text* prints: ``&#48;`` as ``0``, ``\\-20`` as ``-20``,
    ``**2**`` as ``2``, a link as its text (its target in :attr:`Printed.links`).

    The checks read this, never the raw text: a number or a control character
    written as a character reference prints all the same.
    """
    out: list[str] = []
    links: list[tuple[str, str]] = []
    open_links: list[tuple[str, int]] = []
    for child in inline_tokens(text):
        if child.type in ("text", "code_inline", "html_inline"):
            out.append(child.content)
        elif child.type == "softbreak":
            out.append(" ")
        elif child.type == "hardbreak":
            out.append("\n")
        elif child.type == "image":
            out.append(child.content)
        elif child.type == "link_open":
            open_links.append((str(child.attrs.get("href", "")), len(out)))
        elif child.type == "link_close" and open_links:
            href, start = open_links.pop()
            links.append((href, "".join(out[start:])))
    return Printed("".join(out), tuple(links))


@cache
def _any_link_parser() -> MarkdownIt:
    """The article parser, but keeping every link, to find the ones it refuses.

    The strict parser shows a ``javascript:`` link as literal Markdown text, silently;
    this one reads it as a link, so that it can be reported.
    """
    return commonmark(lambda url: True)


def _refused_in(children) -> Iterator[tuple[int, str]]:
    """(line within the inline text, URL) of every refused link among inline tokens."""
    line = 0
    for child in children or []:
        if child.type in ("softbreak", "hardbreak"):
            line += 1
        elif child.type == "link_open" and not is_safe_url(str(child.attrs.get("href", ""))):
            yield line, str(child.attrs.get("href", ""))


@lru_cache(maxsize=1024)
def _refused_links(text: str) -> tuple[str, ...]:
    return tuple(url for token in _any_link_parser().parseInline(text)
                 for _, url in _refused_in(token.children))


def refused_links(text: str) -> list[str]:
    """The URLs of the links of inline Markdown *text* (a msgstr) that
    :func:`markdown_parser` refuses: ``javascript:``, ``file:``, ``data:``, relative ..."""
    return list(_refused_links(text))


def refused_link_message(url: str) -> str:
    """Why a link is an error, naming it (shortened)."""
    shown = url if len(url) <= 60 else url[:57] + "..."
    return (f"link to {shown!r} is not allowed: only http, https and mailto links are "
            "allowed (it would print as literal Markdown)")


def parse_keeping_links(body: str) -> tuple[list[Token], dict]:
    """The tokens of a Markdown *body* with every link kept, and the parser's env
    (its reference definitions).  For a body that :func:`refuse_unsafe_links`
    accepts, they are exactly the tokens of the article parser."""
    env: dict = {}
    return _any_link_parser().parse(body, env), env


def refuse_unsafe_links(tokens: list[Token], env: dict, path: Path, line_offset: int) -> None:
    """A link the handout refuses (``javascript:``, ``file:``, ``data:``, a relative
    path), inline, autolinked or by reference, is an error at its line; so is any
    reference-style link.  *tokens* and *env* come from :func:`parse_keeping_links`."""
    line = 0
    for token in tokens:
        line = token.map[0] if token.map else line
        if token.type == "inline":
            for offset, url in _refused_in(token.children):
                raise ArticleError(refused_link_message(url), path, line + offset + line_offset)
    for reference in env.get("references", {}).values():
        where = (reference.get("map") or [0])[0] + line_offset
        if not is_safe_url(str(reference.get("href", ""))):
            raise ArticleError(refused_link_message(str(reference["href"])), path, where)
        # Segments are translated and printed one by one, without the definitions:
        # "[our guide][g]" would print as it is written.
        raise ArticleError("reference-style links are not supported: write the link "
                           "inline where it is used, [text](url)", path, where)
