"""Checks on the source article, before it is translated: claims and plain language.

``check --source`` (and the top of ``check``) reports, at
``articles/<slug>.md:LINE``:

- ``[claims]``: a medical-advertising claim of the source language's phrase
  list (:mod:`i18n.content.claims`), and evidence claims ("proven",
  "studies have demonstrated") when the article lists no ``references:``;
- ``[plain-language]``: a section above the target reading grade
  (``reading_grade`` in ``clinic.yaml``, default 8), sentences over 25 words,
  paragraphs over 150, and terms explained neither at their first use nor in
  a glossary note (:mod:`i18n.content.plain_language`).

Findings are warnings, except claims when ``clinic.yaml`` says
``claims: error`` for a locale being checked: then the handout's export gate
refuses them too (:func:`source_claims`).
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from ..catalogs import cache
from ..catalogs.glossary import glossary_path, load_glossary
from ..catalogs.project import read_article_once
from ..config import ClinicConfig
from ..content.article import Article, iter_block_segments, plain_text
from ..content.claims import CATEGORIES, claim_rules, claims_severity
from ..content.plain_language import (MAX_PARAGRAPH_WORDS, MAX_SENTENCE_WORDS, article_readability,
                                      sections, term_key, unexplained_terms, words)
from ..content.source_lines import line_of, read_lines
from ..errors import ArticleError, HandoutError
from ..fileio import read_input
from ..locales import parse_locale
from ..variants import file_state
from .base import ERROR, WARNING, Problem
from .cached import problem_rows, problems_from_rows, stable, valid_rows

CLAIMS = "claims"
PLAIN_LANGUAGE = "plain-language"


@dataclass(frozen=True)
class SourceReport:
    """What the source checks found in one article."""

    problems: tuple[Problem, ...]
    reading_grade: float     #: of the whole body: the higher of Flesch–Kincaid and SMOG
    claims: int              #: claims found (evidence claims only without references)


def _segments(article: Article):
    front = (article.title, article.short_title, article.description, article.author.bio,
             article.about, article.specialty)
    yield from (seg for seg in front if seg is not None)
    yield from iter_block_segments(article.body)


def source_claims(article: Article, config: ClinicConfig, severity: str = WARNING,
                  lines: list[str] | None = None) -> list[Problem]:
    """The claims of *article* as written, each at its line, then a missing-references
    finding if it claims evidence and cites nothing.

    The disclaimer is not read: "results vary" is what it is for.
    """
    rules = claim_rules(config.source_locale, config)
    if rules is None:
        return []
    found: list[Problem] = []
    evidence: list[tuple[str, int]] = []
    for segment in _segments(article):
        for match in rules.find(segment.text):
            if lines is None:
                lines = read_lines(article.path)
            line = line_of(lines, segment.line, segment.text, match.start)
            if match.category == "evidence":
                evidence.append((match.text, line))
                if article_references(article):
                    continue
            found.append(Problem(CLAIMS, severity, f"'{match.text}': {match.why}",
                                 article.path, line))
    found.sort(key=lambda p: p.line or 0)
    if evidence and not article_references(article):
        text, line = evidence[0]
        found.append(Problem(
            CLAIMS, severity,
            f"no references: {len(evidence)} statement(s) claim evidence or proof (the "
            f"first, '{text}', at line {line}); list the sources under 'references:' in the "
            "front matter ({text: citation, url: https://doi.org/...}) or say less",
            article.path, 1))
    return found      # the phrases in line order, then the missing references


def article_references(article: Article) -> tuple:
    return getattr(article, "references", ()) or ()


def explained_terms(config: ClinicConfig) -> set[str]:
    """Terms a glossary note explains, in any configured locale's glossary."""
    found: set[str] = set()
    for tag in config.locales:
        try:
            locale = parse_locale(tag)
        except Exception:      # status and check report a bad locale themselves
            continue
        for term in load_glossary(glossary_path(config.root, locale)):
            if term.note.strip():
                found.add(term_key(term.source))
                found.update(term_key(word) for word in term.source.split())
    return found


def plain_language_problems(article: Article, config: ClinicConfig,
                            lines: list[str] | None = None) -> list[Problem]:
    """Reading grade per section, long sentences and paragraphs, unexplained terms."""
    if config.source_locale.split("-")[0] != "en":
        return []     # the formulae and the syllable counts are English
    lines = read_lines(article.path) if lines is None else lines
    target = config.reading_grade
    found: list[Problem] = []

    def add(message: str, line: int) -> None:
        found.append(Problem(PLAIN_LANGUAGE, WARNING, message, article.path, line))

    whole = article_readability(article)
    if whole.grade > target:
        add(f"the whole article: reading grade {whole.grade:.1f} (Flesch–Kincaid "
            f"{whole.flesch_kincaid:.1f}, SMOG {whole.smog:.1f}); patient material is best at "
            f"grade {target:g} or below (AMA, NIH, CDC)", 1)
    for section in sections(article):
        measure = section.readability
        if measure.grade > target:
            add(f"section '{section.title}' reads at grade {measure.grade:.1f} "
                f"(Flesch–Kincaid {measure.flesch_kincaid:.1f}, SMOG {measure.smog:.1f}); "
                f"the target is {target:g}: shorter sentences and everyday words",
                section.line)
        for segment in section.paragraphs:
            count = len(words(plain_text(segment.text)))
            if count > MAX_PARAGRAPH_WORDS:
                add(f"paragraph of {count} words: keep paragraphs to {MAX_PARAGRAPH_WORDS} "
                    "words or fewer", segment.line)
        for sentence in section.sentences():
            count = len(words(sentence.text))
            if count > MAX_SENTENCE_WORDS:
                shown = " ".join(sentence.text.split()[:8])
                add(f"sentence of {count} words ('{shown} …'): keep sentences to "
                    f"{MAX_SENTENCE_WORDS} words or fewer",
                    line_of(lines, sentence.segment.line, plain_text(sentence.segment.text),
                            sentence.offset))
    for term in unexplained_terms(article, explained_terms(config)):
        add(f"'{term.word}' is explained neither at its first use nor in a glossary note: "
            f"say what it means in everyday words, e.g. '{term.word} (…)'",
            line_of(lines, term.segment.line, plain_text(term.segment.text), term.offset))
    return found


def source_severity(config: ClinicConfig, locale_tags) -> str:
    """``error`` if claims are errors for any of *locale_tags* (the source's own included)."""
    tags = {config.source_locale, *locale_tags}
    return ERROR if any(claims_severity(config, tag) == ERROR for tag in tags) else WARNING


def check_source(article: Article | Path, config: ClinicConfig, severity: str = WARNING
                 ) -> SourceReport:
    """Every source finding of *article*, in line order, with its reading grade.

    Worked out once for the same article bytes, settings, glossaries and code: the
    report is kept in the validation cache (:mod:`i18n.catalogs.cache`).  Given the
    article's path, it is parsed only if the report is not there.
    """
    path = article if isinstance(article, Path) else article.path
    key = _report_key(path, config, severity) if cache.active() else None
    if key is not None:
        stored = cache.lookup("source", key, _valid_report)
        if stored is not None:
            return SourceReport(tuple(problems_from_rows(stored["problems"], path)),
                                stored["grade"], stored["claims"])
    if isinstance(article, Path):
        article = read_article_once(article)
    report = _check_source(article, config, severity)
    if key is not None and _report_key(path, config, severity) == key:
        cache.store("source", key, {"problems": problem_rows(report.problems),
                                    "grade": report.reading_grade, "claims": report.claims})
    return report


def _report_key(path: Path, config: ClinicConfig, severity: str) -> str | None:
    try:
        data = read_input(path, ArticleError, "article", confine=True)
    except ArticleError:
        return None
    return cache.digest("source", cache.toolkit_fingerprint(), _settings(config), severity,
                        str(path), os.getcwd(), data)


#: The last settings written out, and the state of the files they were read from.
_SETTINGS: list = [None, None, ""]


def _settings(config: ClinicConfig) -> str:
    """What the source checks read besides the article: the config, and every configured
    locale's glossary (its notes explain terms)."""
    paths = []
    for tag in config.locales:
        try:
            paths.append(glossary_path(config.root, parse_locale(tag)))
        except HandoutError:
            continue     # check and status report a bad locale themselves
    state = tuple((str(path), file_state(path)) for path in paths)
    if _SETTINGS[0] is not config or _SETTINGS[1] != state:
        parts: list[bytes | str] = [repr(stable(config))]
        for path in paths:
            try:
                parts.append(read_input(path, HandoutError, confine=True)
                             if path.exists() else b"-")
            except HandoutError as error:
                parts.append(f"({error})")
        _SETTINGS[:] = [config, state, cache.digest(*parts)]
    return _SETTINGS[2]


def _valid_report(value) -> bool:
    return isinstance(value, dict) and set(value) == {"problems", "grade", "claims"} \
        and valid_rows(value["problems"]) and type(value["claims"]) is int \
        and type(value["grade"]) in (int, float)


def _check_source(article: Article, config: ClinicConfig, severity: str) -> SourceReport:
    lines = read_lines(article.path)
    claims = source_claims(article, config, severity, lines)
    problems = sorted(claims + plain_language_problems(article, config, lines),
                      key=lambda p: (p.line or 0, p.check))
    count = sum(1 for p in claims if not p.message.startswith("no references:"))
    grade = article_readability(article).grade \
        if config.source_locale.split("-")[0] == "en" else 0.0
    return SourceReport(tuple(problems), grade, count)


__all__ = ["CATEGORIES", "CLAIMS", "PLAIN_LANGUAGE", "SourceReport", "check_source",
           "source_claims", "source_severity", "explained_terms", "Path"]
