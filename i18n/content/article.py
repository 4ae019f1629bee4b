"""Read an article: YAML front matter and a CommonMark body.

An article is ``articles/<slug>.md``.  Its body is parsed with markdown-it-py
into a small tree of typed blocks whose leaves are :class:`Segment` objects:
one per heading, paragraph, list item paragraph and table cell.  A segment's
text is the block's *inline* Markdown (``**bold**``, ``[link](url)``), which
translators can keep, without its block markup (``#``, ``- ``, ``1. ``).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date
from functools import cache, lru_cache
from pathlib import Path
from typing import Iterator, Union

import yaml
from markdown_it import MarkdownIt
from markdown_it.tree import SyntaxTreeNode

from ..config import BoundedLoader
from ..errors import ArticleError
from ..fileio import read_input
from ..text import LINE_CONTROLS, describe, first_hidden
from .guards import (MAX_TABLE_COLUMNS, check_url, refuse_deep_nesting, refuse_hidden_printed,
                     refuse_invisible)
from .links import (parse_keeping_links, refuse_unsafe_links, refused_link_message, refused_links,
                    strict_parser)
from .references import Reference, parse_references

FAQ_HEADINGS = {"frequently asked questions", "faq", "faqs"}
_QUESTION_PREFIX = re.compile(r"^Q(\d+)\s*[:.．：]\s*", re.IGNORECASE)
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


@cache
def markdown_parser() -> MarkdownIt:
    """The one Markdown dialect of the toolkit: CommonMark plus tables (one shared parser).

    Raw HTML is off (it is shown as text, never passed to the renderer) and
    links are limited to http, https and mailto.
    """
    return strict_parser()


@lru_cache(maxsize=4096)   # the source checks ask for the same paragraphs again
def plain_text(text: str) -> str:
    """Inline Markdown as read, without its markup: ``**PRP** [works](https://…)`` -> ``PRP works``."""
    out = []
    for token in markdown_parser().parseInline(text):
        for child in token.children or []:
            if child.type in ("text", "code_inline"):
                out.append(child.content)
            elif child.type in ("softbreak", "hardbreak"):
                out.append(" ")
    return "".join(out)


# --- the data that flows ------------------------------------------------------

@dataclass(frozen=True)
class Segment:
    """One translatable string of an article, with where it sits."""

    text: str          #: inline Markdown, the msgid
    role: str          #: what it is, e.g. "heading", "list item", "front matter: title"
    line: int          #: 1-based line in the article file
    context: str | None = None  #: msgctxt, only where identical texts differ in meaning


@dataclass(frozen=True)
class Heading:
    level: int
    segment: Segment
    anchor: str


@dataclass(frozen=True)
class Paragraph:
    segment: Segment


@dataclass(frozen=True)
class ListItem:
    blocks: tuple["Block", ...]


@dataclass(frozen=True)
class ListBlock:
    ordered: bool
    start: int
    items: tuple[ListItem, ...]


@dataclass(frozen=True)
class Table:
    header: tuple[Segment, ...]
    rows: tuple[tuple[Segment, ...], ...]
    aligns: tuple[str, ...]


@dataclass(frozen=True)
class Quote:
    blocks: tuple["Block", ...]


@dataclass(frozen=True)
class Code:
    text: str


@dataclass(frozen=True)
class Rule:
    pass


@dataclass(frozen=True)
class FaqItem:
    number: int
    question: Segment
    answer: tuple["Block", ...]


@dataclass(frozen=True)
class Faq:
    heading: Heading
    items: tuple[FaqItem, ...]


Block = Union[Heading, Paragraph, ListBlock, Table, Quote, Code, Rule, Faq]


@dataclass(frozen=True)
class Author:
    name: Segment
    affiliation: Segment
    bio: Segment


@dataclass(frozen=True)
class Article:
    """A health article as its author wrote it, in the source language."""

    slug: str
    path: Path
    title: Segment
    short_title: Segment | None
    description: Segment
    author: Author
    date_published: date
    date_modified: date | None
    about: Segment | None
    specialty: Segment | None
    url: str | None
    disclaimer: Segment | None
    body: tuple[Block, ...]
    front_matter_lines: int = 0
    sections: tuple[Heading, ...] = field(default=())
    about_type: str = "MedicalCondition"   #: the schema.org type of what it is about
    references: tuple[Reference, ...] = ()   #: front matter 'references:' (not translated)

    def segments(self) -> Iterator[Segment]:
        """Every translatable segment, front matter first, then the body in order."""
        for seg in (self.title, self.short_title, self.description, self.author.name,
                    self.author.affiliation, self.author.bio, self.about, self.specialty,
                    self.disclaimer):
            if seg is not None:
                yield seg
        yield from iter_block_segments(self.body)


def iter_block_segments(blocks) -> Iterator[Segment]:
    """The segments of *blocks*, depth first, in reading order."""
    for block in blocks:
        if isinstance(block, (Heading, Paragraph)):
            yield block.segment
        elif isinstance(block, ListBlock):
            for item in block.items:
                yield from iter_block_segments(item.blocks)
        elif isinstance(block, Table):  # an empty cell has nothing to translate
            yield from (cell for cell in block.header if cell.text)
            for row in block.rows:
                yield from (cell for cell in row if cell.text)
        elif isinstance(block, Quote):
            yield from iter_block_segments(block.blocks)
        elif isinstance(block, Faq):
            yield block.heading.segment
            for item in block.items:
                yield item.question
                yield from iter_block_segments(item.answer)


# --- front matter -------------------------------------------------------------

class _FrontMatterLoader(BoundedLoader):
    """The bounded loader of untrusted YAML, leaving dates as text, so a bad date gets
    its line."""


_FrontMatterLoader.yaml_implicit_resolvers = {
    key: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for key, resolvers in BoundedLoader.yaml_implicit_resolvers.items()
}

_FIELDS = {"title", "short_title", "description", "author", "date_published", "date_modified",
           "about", "specialty", "url", "disclaimer", "references"}
_AUTHOR_FIELDS = {"name", "affiliation", "bio"}
_ABOUT_FIELDS = {"name", "type"}
#: What an article may be about, as schema.org types: ``about`` is a condition
#: unless it says otherwise (``about: {name: "…", type: MedicalProcedure}``).
ABOUT_TYPES = ("MedicalCondition", "MedicalProcedure", "MedicalTherapy", "Thing")


def split_front_matter(text: str, path: Path) -> tuple[str, str, int]:
    """Split an article into (front matter, body, line of the body's first line)."""
    lines = text.splitlines(keepends=True)
    if not lines or lines[0].strip() != "---":
        raise ArticleError("missing YAML front matter (the file must start with '---')", path, 1)
    for index in range(1, len(lines)):
        if lines[index].strip() in ("---", "..."):
            return "".join(lines[1:index]), "".join(lines[index + 1:]), index + 2
    raise ArticleError("front matter is not closed by a '---' line", path, 1)


class _FrontMatter:
    """Typed access to front-matter values, each error naming its line."""

    def __init__(self, text: str, path: Path) -> None:
        self.path = path
        loader = _FrontMatterLoader(text)
        try:
            node = loader.get_single_node()
            # Its lines first: a field given twice is named with its parent (author.name).
            self.lines = self._key_lines(node) if isinstance(node, yaml.MappingNode) else {}
            self.data = loader.construct_document(node) if node is not None else None
        except RecursionError:
            raise ArticleError("malformed YAML front matter: nested too deeply", path, 2) from None
        except yaml.YAMLError as exc:
            mark = getattr(exc, "problem_mark", None)
            problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
            raise ArticleError(f"malformed YAML front matter: {problem}", path,
                               mark.line + 2 if mark else 2) from None
        finally:
            loader.dispose()
        if not isinstance(self.data, dict):
            raise ArticleError("front matter must be a mapping of fields", path, 2)

    def _key_lines(self, node, prefix="") -> dict[str, int]:
        lines = {}
        for key, value in node.value:
            name = f"{prefix}{key.value}" if isinstance(key, yaml.ScalarNode) else f"{prefix}?"
            line = key.start_mark.line + 2   # the field's line, not its value's
            if name in lines:  # YAML would silently keep the last one
                raise ArticleError(f"front matter field '{name}' is given twice", self.path, line)
            lines[name] = line
            if isinstance(value, yaml.MappingNode):
                lines.update(self._key_lines(value, prefix=f"{name}."))
        return lines

    def line(self, key: str) -> int:
        return self.lines.get(key, 2)

    def get(self, key: str, required: bool = True):
        data = self.data
        for part in key.split("."):
            data = data.get(part) if isinstance(data, dict) else None
        if data is None and required:  # at its parent field, or the front matter's '---'
            raise ArticleError(f"front matter is missing '{key}'", self.path,
                               self.lines.get(key.rsplit(".", 1)[0], 1) if "." in key else 1)
        return data

    def text(self, key: str, role: str, required: bool = True) -> Segment | None:
        value = self.get(key, required)
        if value is None:
            return None
        if not isinstance(value, str) or not value.strip():
            raise ArticleError(f"front matter '{key}' must be non-empty text", self.path,
                               self.line(key))
        found = first_hidden(value, allow=LINE_CONTROLS, controls=True)
        if found:   # YAML escapes ("\u202e", "\a") are decoded by now
            raise ArticleError(f"front matter '{key}' holds an invisible or control character "
                               f"{describe(found[1])}: delete it", self.path, self.line(key))
        for url in refused_links(value):
            raise ArticleError(refused_link_message(url), self.path, self.line(key))
        return Segment(" ".join(value.split()), role, self.line(key))

    def date(self, key: str, required: bool = True) -> date | None:
        value = self.get(key, required)
        if value is None:
            return None
        try:
            if not _ISO_DATE.match(str(value).strip()):  # fromisoformat also takes 20260228
                raise ValueError(value)
            return date.fromisoformat(str(value).strip())
        except ValueError:
            raise ArticleError(f"front matter '{key}' is not an ISO date (YYYY-MM-DD): {value!r}",
                               self.path, self.line(key)) from None

    def check_fields(self) -> None:
        for key in self.data:
            if key not in _FIELDS:
                raise ArticleError(f"unknown front matter field '{key}'", self.path, self.line(key))
        author = self.get("author")
        if not isinstance(author, dict):
            raise ArticleError("front matter 'author' must have name, affiliation and bio",
                               self.path, self.line("author"))
        for key in author:
            if key not in _AUTHOR_FIELDS:
                raise ArticleError(f"unknown author field '{key}'", self.path,
                                   self.line(f"author.{key}"))
        about = self.get("about", required=False)
        if isinstance(about, dict):
            for key in about:
                if key not in _ABOUT_FIELDS:
                    raise ArticleError(f"unknown about field '{key}' (use name and type)",
                                       self.path, self.line(f"about.{key}"))

    def about(self) -> tuple[Segment | None, str]:
        """``about`` as text (a condition) or as ``{name, type}``: the name and its type."""
        if not isinstance(self.get("about", required=False), dict):
            return self.text("about", "front matter: about (condition)", required=False), \
                ABOUT_TYPES[0]
        kind = self.get("about.type", required=False) or ABOUT_TYPES[0]
        if kind not in ABOUT_TYPES:
            raise ArticleError(f"front matter 'about.type' must be one of {', '.join(ABOUT_TYPES)}"
                               f" (schema.org types), not {str(kind)[:40]!r}", self.path,
                               self.line("about.type"))
        return self.text("about.name", "front matter: about (condition)"), kind


# --- body ---------------------------------------------------------------------

def slugify(text: str) -> str:
    """A stable HTML id for a heading."""
    text = unicodedata.normalize("NFKD", re.sub(r"[*_`\[\]()]", "", text)).lower()
    return re.sub(r"[^a-z0-9]+", "-", text).strip("-") or "section"


def _inline_text(node: SyntaxTreeNode) -> str:
    inline = node.children[0] if node.children else None
    content = inline.content if inline is not None else ""
    return " ".join(line.strip() for line in content.splitlines()).strip()


class _BodyReader:
    def __init__(self, path: Path, line_offset: int) -> None:
        self.path = path
        self.line_offset = line_offset
        self.anchors: dict[str, int] = {}

    def line(self, node: SyntaxTreeNode) -> int:
        return (node.map[0] if node.map else 0) + self.line_offset

    def segment(self, node: SyntaxTreeNode, role: str) -> Segment:
        text = _inline_text(node)
        if not text:
            raise ArticleError(f"empty {role}", self.path, self.line(node))
        return Segment(text, role, self.line(node))

    def heading(self, node: SyntaxTreeNode, role: str = "heading") -> Heading:
        seg = self.segment(node, f"{role} (level {node.tag[1]})" if role == "heading" else role)
        anchor = slugify(seg.text)
        count = self.anchors.get(anchor, 0)
        self.anchors[anchor] = count + 1
        return Heading(int(node.tag[1]), seg, anchor if not count else f"{anchor}-{count + 1}")

    def blocks(self, nodes, in_list: bool = False, depth: int = 0) -> list[Block]:
        blocks: list[Block] = []
        for node in nodes:
            if node.type in ("bullet_list", "ordered_list", "blockquote") and \
                    depth >= MAX_NESTING:
                raise ArticleError(f"lists and quotes nested more than {MAX_NESTING} deep; "
                                   "the handout cannot show them (flatten this one)",
                                   self.path, self.line(node))
            if node.type == "heading":
                blocks.append(self.heading(node))
            elif node.type == "paragraph":
                blocks.append(Paragraph(self.segment(node, "list item" if in_list else "paragraph")))
            elif node.type in ("bullet_list", "ordered_list"):
                items = tuple(ListItem(tuple(self.blocks(item.children, True, depth + 1)))
                              for item in node.children)
                start = int(node.attrs.get("start", 1)) if node.type == "ordered_list" else 1
                blocks.append(ListBlock(node.type == "ordered_list", start, items))
            elif node.type == "table":
                blocks.append(self.table(node))
            elif node.type == "blockquote":
                blocks.append(Quote(tuple(self.blocks(node.children, depth=depth + 1))))
            elif node.type in ("fence", "code_block"):
                blocks.append(Code(node.content))
            elif node.type == "hr":
                blocks.append(Rule())
            else:   # never drop text silently: what is not shown must be an error
                raise ArticleError(f"unsupported Markdown ({node.type.replace('_', ' ')})",
                                   self.path, self.line(node))
        return blocks

    def table(self, node: SyntaxTreeNode) -> Table:
        columns = max((len(row.children) for part in node.children for row in part.children),
                      default=0)
        if columns > MAX_TABLE_COLUMNS:
            raise ArticleError(f"table of {columns} columns: a handout page prints at most "
                               f"{MAX_TABLE_COLUMNS} (wider ones would be cut off at the page "
                               "edge); split it into narrower tables", self.path, self.line(node))
        header: tuple[Segment, ...] = ()
        rows: list[tuple[Segment, ...]] = []
        aligns: tuple[str, ...] = ()
        for part in node.children:
            for row in part.children:
                cells = tuple(Segment(_inline_text(cell), "table header" if cell.type == "th"
                                      else "table cell", self.line(row)) for cell in row.children)
                if part.type == "thead":
                    header = cells
                    aligns = tuple(re.sub(r"text-align:", "", str(cell.attrs.get("style", "")))
                                   for cell in row.children)
                else:
                    rows.append(cells)
        return Table(header, tuple(rows), aligns)

    def group_faq(self, blocks: list[Block]) -> list[Block]:
        """Turn a 'Frequently Asked Questions' section into a :class:`Faq` block."""
        out: list[Block] = []
        index = 0
        while index < len(blocks):
            block = blocks[index]
            if isinstance(block, Heading) and block.level == 2 and \
                    block.segment.text.strip().lower() in FAQ_HEADINGS:
                index += 1
                items: list[FaqItem] = []
                while index < len(blocks) and not (isinstance(blocks[index], Heading)
                                                   and blocks[index].level <= 2):
                    question = blocks[index]
                    if not (isinstance(question, Heading) and question.level == 3):
                        raise ArticleError("FAQ content must follow a '### Q1: question' heading",
                                           self.path, block.segment.line)
                    index += 1
                    answer: list[Block] = []
                    while index < len(blocks) and not (isinstance(blocks[index], Heading)
                                                       and blocks[index].level <= 3):
                        answer.append(blocks[index])
                        index += 1
                    seg = question.segment
                    match = _QUESTION_PREFIX.match(seg.text)
                    number = int(match.group(1)) if match else len(items) + 1
                    text = seg.text[match.end():] if match else seg.text
                    items.append(FaqItem(number, Segment(text, "FAQ question", seg.line),
                                         tuple(self._as_answer(answer))))
                out.append(Faq(block, tuple(items)))
                continue
            out.append(block)
            index += 1
        return out

    @staticmethod
    def _as_answer(blocks: list[Block]) -> list[Block]:
        return [Paragraph(Segment(b.segment.text, "FAQ answer", b.segment.line))
                if isinstance(b, Paragraph) else b for b in blocks]


def read_article(path: str | Path) -> Article:
    """Read and validate ``articles/<slug>.md``.

    Raises :class:`ArticleError` naming the file and line of any problem.
    """
    path = Path(path)
    data = read_input(path, ArticleError, "article", confine=True)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ArticleError(f"not UTF-8 text ({exc.reason})", path,
                           data[:exc.start].count(b"\n") + 1) from None
    return parse_article(text, path)


_PLAIN_URL = re.compile(r"https?://[^\s\"'<>`]+\Z")


def _refuse_images(tree: SyntaxTreeNode, path: Path, line_offset: int) -> None:
    """An image is an error at its line: the handout cannot show it, and a web page
    must not load it from elsewhere (no external assets)."""
    def visit(node: SyntaxTreeNode, line: int) -> None:
        if node.type == "image":
            raise ArticleError("images are not supported in handouts; describe the picture "
                               "in words", path, line + line_offset)
        for child in node.children:
            visit(child, child.map[0] if child.map else line)

    for top in tree.children:
        visit(top, top.map[0] if top.map else 0)


def parse_article(text: str, path: str | Path) -> Article:
    """Parse the text of ``articles/<slug>.md`` (read from *path*)."""
    path = Path(path)
    text = text.removeprefix("\ufeff")  # an editor's byte order mark is not text
    refuse_invisible(text, path)
    front_text, body_text, body_line = split_front_matter(text, path)
    front = _FrontMatter(front_text, path)
    front.check_fields()

    url = front.get("url", required=False)
    if url is not None and (not isinstance(url, str) or not url.startswith(("https://", "http://"))):
        raise ArticleError("front matter 'url' must be an http(s) URL", path, front.line("url"))

    url = url.strip() if isinstance(url, str) else url
    if url is not None and not _PLAIN_URL.match(url):
        raise ArticleError("front matter 'url' must be a plain http(s) URL (no spaces or "
                           "quotes)", path, front.line("url"))
    if url is not None:
        check_url(url, path, front.line("url"))
    reader = _BodyReader(path, body_line)
    # One parse serves both: once no refused link is left, the tokens are the
    # ones markdown_parser() would give.
    tokens, env = parse_keeping_links(body_text)
    refuse_deep_nesting(tokens, path, body_line)
    tree = SyntaxTreeNode(tokens)
    _refuse_images(tree, path, body_line)
    refuse_unsafe_links(tokens, env, path, body_line)
    body = tuple(reader.group_faq(reader.blocks(tree.children)))
    disclaimer = front.text("disclaimer", "front matter: disclaimer", required=False)
    date_published = front.date("date_published")
    date_modified = front.date("date_modified", required=False)
    if date_modified and date_modified < date_published:
        raise ArticleError("'date_modified' is earlier than 'date_published'", path,
                           front.line("date_modified"))
    about, about_type = front.about()
    sections = tuple(b.heading if isinstance(b, Faq) else b for b in body
                     if isinstance(b, Faq) or (isinstance(b, Heading) and b.level == 2))
    article = Article(
        slug=path.stem,
        path=path,
        title=front.text("title", "front matter: title"),
        short_title=front.text("short_title", "front matter: short title (running header)",
                               required=False),
        description=front.text("description", "front matter: description"),
        author=Author(
            name=front.text("author.name", "front matter: author name"),
            affiliation=front.text("author.affiliation", "front matter: author affiliation"),
            bio=front.text("author.bio", "front matter: author bio"),
        ),
        date_published=date_published,
        date_modified=date_modified,
        about=about,
        about_type=about_type,
        specialty=front.text("specialty", "front matter: specialty", required=False),
        url=url,
        disclaimer=disclaimer,
        body=body,
        front_matter_lines=body_line - 1,
        sections=sections,
        references=parse_references(front.get("references", required=False), path,
                                    front.line("references")),
    )
    refuse_hidden_printed(article.segments(), path)
    return article


def find_article(name: str | Path, articles_dir: str | Path = "articles") -> Path:
    """Resolve a slug (``prp-basement-membrane``) or a path to an article file."""
    candidate = Path(name)
    if candidate.suffix == ".md" or candidate.exists() or "/" in str(name):
        if not candidate.exists():
            raise ArticleError("article not found", candidate)
        return candidate
    path = Path(articles_dir) / f"{name}.md"
    if not path.exists():
        raise ArticleError(f"no article '{name}'", path)
    return path


#: How deep lists and quotes may nest: deeper ones are refused, not dropped.
MAX_NESTING = 3


#: Catalog domains of the toolkit itself: no article may take their names.
RESERVED_SLUGS = frozenset({"handout", "library"})
_SLUG = re.compile(r"[a-z0-9][a-z0-9-]{0,99}\Z")


def check_slug(path: Path) -> None:
    """An article's file name is its slug: the name of its catalogs and PDFs.

    It must be lowercase letters, digits and hyphens, and not a domain of the
    toolkit's own (``handout``, ``library``).
    """
    slug = path.stem
    if slug in RESERVED_SLUGS:
        raise ArticleError(f"the slug '{slug}' is the name of the toolkit's own catalog; "
                           "rename the article", path)
    if not _SLUG.match(slug):
        raise ArticleError(f"the slug '{slug}' must be lowercase letters, digits and hyphens "
                           "(it names the article's catalogs and PDFs)", path)


def list_articles(articles_dir: str | Path = "articles") -> list[Path]:
    """Every article file, sorted by slug (each slug validated)."""
    paths = sorted(Path(articles_dir).glob("*.md"))
    for path in paths:
        check_slug(path)
    return paths
