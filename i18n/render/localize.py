"""Apply catalogs to an article: the text of a handout in one language.

A :class:`LocalizedHandout` holds the translated HTML of every segment and a
:class:`Translator` for the templates' labels.  Both record what they could
not translate, so that a strict export refuses before anything is rendered
and a draft marks each gap visibly.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from functools import cached_property
from datetime import date
from pathlib import Path

import polib
from babel.dates import format_date
from markupsafe import Markup

from ..catalogs.repository import CatalogRepository, load_po
from ..catalogs.review import Review, entry_key, load_reviews, reviews_path, valid_name
from ..checks import ERROR, CheckContext, check_entry
from ..checks.context import check_context
from ..checks.source import source_claims
from ..content.claims import claims_severity
from ..config import ClinicConfig
from ..content.article import Article, Segment, markdown_parser, plain_text
from ..content.extract import HANDOUT_DOMAIN
from ..errors import (CatalogError, CheckFailedError, IncompleteTranslationError,
                      ReviewRequiredError, display_path)
from ..locales import HandoutLocale

_MARKDOWN = markdown_parser()


@dataclass(frozen=True)
class MissingString:
    """A string the handout needs that its catalog does not translate."""

    domain: str
    catalog: Path | None
    msgid: str
    state: str            #: "untranslated", "fuzzy" or "not in catalog"
    line: int | None = None


@dataclass(frozen=True)
class FailedString:
    """A translation the handout would use, refused by error-level checks."""

    domain: str
    catalog: Path | None
    msgid: str
    line: int | None
    problems: tuple[tuple[str, str], ...]   #: (check, message)


@dataclass(frozen=True)
class TranslatedString:
    """A translation and where it came from (for error messages)."""

    text: str
    catalog: Path | None
    line: int | None
    review: Review | None = None    #: who approved this exact translation, if anyone


@dataclass(frozen=True)
class Credits:
    """Who translated a handout and who reviewed it, for the line near the disclaimer."""

    translator: str
    reviewers: tuple[str, ...]
    review_date: date | None
    fully_reviewed: bool


class Translator:
    """Look up one domain's translations; record the misses.

    With no catalog (the source locale), every string is its own translation.
    """

    def __init__(self, domain: str, catalog: polib.POFile | None = None,
                 path: Path | None = None, checks: CheckContext | None = None,
                 reviews: dict[str, Review] | None = None) -> None:
        self.domain = domain
        self.path = path
        self.checks = checks
        self.reviews = reviews or {}
        self._memo = _gate_memo(checks) if checks is not None else {}
        self.header = dict(catalog.metadata) if catalog is not None else {}
        self.entries: dict[tuple[str | None, str], polib.POEntry] = {}
        if catalog is not None:
            for entry in catalog:
                if not entry.obsolete:
                    self.entries[(entry.msgctxt, entry.msgid)] = entry
        self.is_source = catalog is None
        self.missing: dict[tuple[str | None, str], MissingString] = {}
        self.failed: dict[tuple[str | None, str], FailedString] = {}
        self.used: list[TranslatedString] = []

    def lookup(self, msgid: str, context: str | None = None) -> TranslatedString | None:
        """The translation of *msgid*, or ``None`` (and a recorded miss)."""
        if self.is_source:
            return TranslatedString(msgid, None, None)
        entry = self.entries.get((context, msgid))
        if entry is None:
            state, line = "not in catalog", None
        elif entry.fuzzy:
            state, line = "fuzzy", entry.linenum
        elif not entry.msgstr:
            state, line = "untranslated", entry.linenum
        else:
            problems = self._errors(entry)
            if problems:
                self.failed[(context, msgid)] = FailedString(self.domain, self.path, msgid,
                                                             entry.linenum, problems)
                return None
            found = TranslatedString(entry.msgstr, self.path, entry.linenum,
                                     self.reviews.get(entry_key(entry)))
            self.used.append(found)
            return found
        self.missing[(context, msgid)] = MissingString(self.domain, self.path, msgid, state, line)
        return None

    def _errors(self, entry: polib.POEntry) -> tuple[tuple[str, str], ...]:
        """The error-level findings of the checks on a translated entry: the gate.

        Computed once per process for the same entry text in the same context (the
        handout domain's entries are shared by every article of a locale).
        """
        if self.checks is None:
            return ()
        memo = self._memo
        key = (entry.msgctxt, entry.msgid, entry.msgid_plural, entry.msgstr,
               tuple(sorted(entry.msgstr_plural.items())), tuple(entry.flags), entry.tcomment,
               entry.comment)
        if key not in memo:
            memo[key] = tuple((name, message)
                              for name, severity, message in check_entry(entry, self.checks)
                              if severity == ERROR)
        return memo[key]

    def gettext(self, msgid: str) -> str:
        found = self.lookup(msgid)
        return found.text if found else msgid

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        return self.gettext(singular if n == 1 else plural)

    def pgettext(self, context: str, msgid: str) -> str:
        found = self.lookup(msgid, context)
        return found.text if found else msgid

    def npgettext(self, context: str, singular: str, plural: str, n: int) -> str:
        return self.pgettext(context, singular if n == 1 else plural)


_GATE_MEMOS: list[tuple[CheckContext, dict]] = []


def _gate_memo(context: CheckContext) -> dict:
    """The gate's findings by entry text, shared by the translators of equal contexts
    (a context is made per handout; a run has a few distinct ones)."""
    for other, memo in _GATE_MEMOS:
        if other is context or other == context:
            return memo
    if len(_GATE_MEMOS) >= 16:
        del _GATE_MEMOS[0]
    _GATE_MEMOS.append((context, {}))
    return _GATE_MEMOS[-1][1]


def render_inline(text: str) -> Markup:
    """Inline Markdown to safe HTML: text escaped, raw HTML shown as text."""
    return Markup(_MARKDOWN.renderInline(text).strip())


@dataclass
class LocalizedHandout:
    """An article's text in one language, ready for the templates."""

    article: Article
    locale: HandoutLocale
    config: ClinicConfig
    article_translator: Translator
    handout_translator: Translator
    draft: bool = False
    html: dict[Segment, Markup] = field(default_factory=dict)
    plain: dict[Segment, str] = field(default_factory=dict)

    def segment_html(self, segment: Segment | None) -> Markup:
        """The translated HTML of a segment (source, marked, in a draft)."""
        if segment is None or not segment.text:  # e.g. an empty table cell
            return Markup("")
        if segment not in self.html:
            found = self.article_translator.lookup(segment.text, segment.context)
            if found is not None:
                self.plain[segment] = found.text
                self.html[segment] = render_inline(found.text)
            else:
                self.plain[segment] = segment.text
                self.html[segment] = Markup('<span class="untranslated" lang="{}">{}</span>').format(
                    self.config.source_locale, render_inline(segment.text))
        return self.html[segment]

    def segment_text(self, segment: Segment | None) -> str:
        """The translated text of a segment without markup, for metadata."""
        if segment is None:
            return ""
        self.segment_html(segment)
        return plain_text(self.plain[segment])

    def format_date(self, value: date | None) -> str:
        """A date in the locale's long format (zh-TW: 2026年2月28日)."""
        return format_date(value, format="long", locale=self.locale.babel) if value else ""

    @property
    def missing(self) -> list[MissingString]:
        """Every string this handout needed and could not translate."""
        return [*self.article_translator.missing.values(), *self.handout_translator.missing.values()]

    @property
    def unreviewed(self) -> list[TranslatedString]:
        """The distinct translations this handout uses that no reviewer approved."""
        found = {(t.catalog, t.line): t for t in self.used if t.review is None}
        return list(found.values())

    @property
    def used(self) -> list[TranslatedString]:
        return [*self.article_translator.used, *self.handout_translator.used]

    def require_review(self) -> None:
        """Refuse a handout of a ``require_review`` locale while any entry it uses is
        unreviewed (:class:`ReviewRequiredError`, naming the catalog and the count)."""
        if self.locale.tag not in self.config.require_review or \
                self.article_translator.is_source:
            return
        unreviewed = self.unreviewed
        if not unreviewed:
            return
        counts = Counter(display_path(t.catalog) for t in unreviewed)
        first = unreviewed[0].catalog
        raise ReviewRequiredError(
            f"{len(unreviewed)} unreviewed translation(s) for {self.locale.tag} ("
            + ", ".join(f"{name}: {n}" for name, n in counts.items())
            + f"); {self.locale.tag} is exported only after a qualified review: "
            f"'export.py review --locale {self.locale.tag} --by NAME'", first)

    def credits(self) -> Credits | None:
        """Who translated this handout and who reviewed what it uses (``None`` in the source)."""
        if self.article_translator.is_source:
            return None
        translator = self.config.translators.get(self.locale.tag) or _person(
            self.article_translator.header.get("Last-Translator", ""))
        if translator and not valid_name(translator):
            raise CatalogError("the Last-Translator header holds an invisible or control "
                               "character", self.article_translator.path)
        reviews = [t.review for t in self.used if t.review is not None]
        names = tuple(dict.fromkeys(r.by for r in sorted(reviews, key=lambda r: r.date)))
        latest = max((r.date for r in reviews), default=None)
        return Credits(translator, names, date.fromisoformat(latest) if latest else None,
                       fully_reviewed=bool(self.used) and not self.unreviewed)

    @property
    def failed(self) -> list[FailedString]:
        """Every translation this handout needed that fails an error-level check."""
        return [*self.article_translator.failed.values(), *self.handout_translator.failed.values()]

    def translate_all(self) -> None:
        """Look up every segment now, so that misses are known before rendering."""
        for segment in self.article.segments():
            self.segment_html(segment)

    @cached_property
    def _source_claim_errors(self) -> list:
        """The article's claims, when they are errors for this locale (the gate and
        :meth:`require_complete` both ask: the article is scanned once)."""
        if claims_severity(self.config, self.locale.tag) != ERROR:
            return []
        return source_claims(self.article, self.config, ERROR)

    def require_no_claims(self) -> None:
        """Refuse a handout of a locale whose claims ``clinic.yaml`` makes errors while
        the source article makes a claim (:class:`CheckFailedError` at its line).

        The translation carries the source's claim into its market; the clinic
        rewrites the sentence, or relaxes the phrase under ``claims: allow``.
        """
        found = self._source_claim_errors
        if not found:
            return
        first = found[0]
        more = f" (and {len(found) - 1} more claim(s))" if len(found) > 1 else ""
        raise CheckFailedError(
            f"[claims] {first.message}{more}: claims are errors for {self.locale.tag} in "
            f"{display_path(self.config.path) if self.config.path else 'clinic.yaml'}, so "
            "this handout is not exported until 'export.py check --source' reports none "
            "(rewrite the sentence, or relax the phrase under 'claims: allow')",
            first.path, first.line)

    def require_complete(self) -> None:
        """Refuse a handout that must not be printed as it is.

        Raises :class:`CheckFailedError` (at the first failing entry's
        ``file:line``) if a translation it uses fails an error-level check,
        and :class:`IncompleteTranslationError` if a needed string is missing.
        """
        failed = self.failed
        if failed:
            first = failed[0]
            check, message = first.problems[0]
            count = sum(len(f.problems) for f in failed)
            more = f" (and {count - 1} more check error(s))" if count > 1 else ""
            raise CheckFailedError(
                f"[{check}] {message}{more}: this handout is not exported until "
                f"'export.py check --locale {self.locale.tag}' reports no error", first.catalog,
                first.line)
        self.require_no_claims()
        missing = self.missing
        if not missing:
            self.require_review()
            return
        by_catalog: dict[str, Counter] = {}
        for miss in missing:
            name = display_path(miss.catalog) if miss.catalog else miss.domain
            by_catalog.setdefault(name, Counter())[miss.state] += 1
        parts = [f"{name}: " + ", ".join(f"{n} {state}" for state, n in sorted(counts.items()))
                 for name, counts in by_catalog.items()]
        first = next(iter(by_catalog))
        raise IncompleteTranslationError(
            f"{len(missing)} string(s) missing for {self.locale.tag} ("
            + "; ".join(parts) + "); translate them, run 'export.py update', or use --draft",
            first)


def blocked_reason(locale_tag: str, untranslated: int, fuzzy: int) -> str:
    """Why a handout cannot be exported, e.g. ``zh-TW: 3 untranslated, 1 fuzzy``."""
    parts = [f"{n} {label}" for n, label in ((untranslated, "untranslated"), (fuzzy, "fuzzy"))
             if n]
    return f"{locale_tag}: " + ", ".join(parts)


def catalog_paths(repo: CatalogRepository, article: Article,
                  locale: HandoutLocale) -> tuple[Path, Path]:
    """The article's and the handout domain's .po files for *locale*."""
    return repo.po_path(locale, article.slug), repo.po_path(locale, HANDOUT_DOMAIN)


def _person(header_value: str) -> str:
    """``Lin Mei-Hua <lin@example.org>`` -> ``Lin Mei-Hua``; gettext's placeholder -> ``""``."""
    name = header_value.split("<", 1)[0].strip()
    return "" if name in ("FULL NAME", "") else name


def localize(article: Article, locale: HandoutLocale, config: ClinicConfig,
             repo: CatalogRepository, draft: bool = False,
             source: bool | None = None) -> LocalizedHandout:
    """Load the catalogs of *locale* and translate every segment of *article*.

    The source locale (*source*, by default the configured one) needs no catalog.  Missing strings are recorded on the
    handout; call :meth:`LocalizedHandout.require_complete` for a strict export.
    """
    if source is None:
        source = locale.tag == config.source_locale
    if source:
        article_tr, handout_tr = Translator(article.slug), Translator(HANDOUT_DOMAIN)
    else:
        reviews = load_reviews(reviews_path(repo, locale), config.reviewers)
        checks = check_context(locale, config, reviews)
        article_po, handout_po = catalog_paths(repo, article, locale)
        article_tr = Translator(article.slug, load_po(article_po), article_po, checks, reviews)
        handout_tr = Translator(HANDOUT_DOMAIN, load_po(handout_po), handout_po, checks, reviews)
    handout = LocalizedHandout(article, locale, config, article_tr, handout_tr, draft=draft)
    handout.translate_all()
    return handout
