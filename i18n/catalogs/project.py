"""A project on disk: its config, articles, templates and catalogs.

Here too are the catalog operations the command line offers (extract,
update, init), each a plain function over the content stage and the
catalog repository.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, is_dataclass
from functools import lru_cache
from pathlib import Path

from ..config import CONFIG_FILENAME, TEMPLATES_DIR, ClinicConfig, add_locale, load_config
from ..content import article as article_module
from ..content.article import Article, check_slug, find_article, list_articles, read_article
from ..content.extract import (HANDOUT_DOMAIN, LIBRARY_DOMAIN, extract_article_catalog,
                               extract_handout_catalog, extract_library_catalog)
from ..errors import ArticleError, CatalogError, LocaleError, display_path
from ..fileio import new_command, read_input
from ..locales import PSEUDO_LOCALES, HandoutLocale, parse_locale, require_supported_script
from . import cache
from .convert import conversion_for, draft_filler
from .pseudo import pseudo_filler
from .repository import (CatalogRepository, UpdateResult, is_unchanged, read_catalog, update_po,
                         write_template)


@dataclass(frozen=True)
class Project:
    root: Path
    config: ClinicConfig
    templates_dir: Path = TEMPLATES_DIR

    @classmethod
    def load(cls, root: str | Path = ".") -> "Project":
        """The project at *root*, with its own templates if it has them.

        Its validation cache (:mod:`.cache`, in the user's cache folder) is used from now on.
        """
        root = Path(root)
        new_command()
        cache.use_cache(root)
        templates = root / "templates"
        if not (templates / "handout.html").is_file():
            templates = TEMPLATES_DIR
        return cls(root, load_config(root / CONFIG_FILENAME), templates.resolve())

    @property
    def repo(self) -> CatalogRepository:
        return CatalogRepository(self.root)

    @property
    def articles_dir(self) -> Path:
        return self.root / "articles"

    @property
    def dist_dir(self) -> Path:
        return self.root / "dist"

    def articles(self) -> list[Article]:
        return [read_article_once(path) for path in list_articles(self.articles_dir)]

    def article(self, ref: str | Path) -> Article:
        path = find_article(ref, self.articles_dir)
        check_slug(path)
        return read_article_once(path)

    def locales(self) -> list[HandoutLocale]:
        return [parse_locale(name) for name in self.config.locales]

    def is_source(self, locale: HandoutLocale) -> bool:
        """Whether *locale* shows the articles as written, without catalogs.

        That is the source locale, and a regional variant of its language
        (en-US) that has no catalogs of its own.
        """
        source = self.config.source_locale
        if locale.tag == source:
            return True
        return (not locale.pseudo and locale.babel.language == source
                and not (self.repo.locales_dir / locale.posix).is_dir())

    def domains(self) -> list[str]:
        return [path.stem for path in list_articles(self.articles_dir)] + [HANDOUT_DOMAIN,
                                                                          LIBRARY_DOMAIN]

    @property
    def drafts_dir(self) -> Path:
        return self.root / "drafts"

    @property
    def inputs(self) -> tuple[Path, ...]:
        """What the project reads and an output must never replace: the articles, the
        catalogs, the templates, ``clinic.yaml`` and the logo."""
        return tuple(path for path in (self.articles_dir, self.repo.locales_dir,
                                       self.templates_dir, self.root / "templates",
                                       self.config.path, self.config.logo) if path is not None)

    def output_root(self, path: Path) -> Path | None:
        """``dist/`` or ``drafts/`` when *path*, as written, lies in it: a write there must
        stay there, whatever symbolic links the folder holds."""
        written = Path(os.path.abspath(path))
        for folder in (self.dist_dir, self.drafts_dir):
            if written.is_relative_to(os.path.abspath(folder)):
                return folder
        return None

    def pdf_path(self, slug: str, locale_tag: str, variant: str = "",
                 draft: bool = False) -> Path:
        """Where a handout goes by default.

        ``dist/<locale>/<slug>.pdf`` for the standard handout that the library
        page links to; ``dist/<locale>/<slug>.<variant>.pdf`` for a variant
        (``large-print``, ``letter``, ``large-print.letter``); drafts go under
        ``drafts/``, never ``dist/``.
        """
        folder = self.drafts_dir if draft else self.dist_dir
        name = f"{slug}.{variant}.pdf" if variant else f"{slug}.pdf"
        return folder / locale_tag / name

    def variant_name(self, locale: HandoutLocale, paper: str | None = None,
                     large_print: bool = False, pdf_variant: str | None = None) -> str:
        """The file-name part that tells a variant from the standard handout.

        The standard handout is the locale's default paper, standard print and
        a plain PDF: its variant name is empty.
        """
        parts = []
        if large_print:
            parts.append("large-print")
        if paper and paper != self.config.paper_for(locale.tag):
            parts.append(paper)
        if pdf_variant:
            parts.append(pdf_variant.replace("/", "").lower())
        return ".".join(parts)



def read_article_once(path: Path) -> Article:
    """:func:`~i18n.content.article.read_article`, parsed once for the same bytes.

    The parse of an article that was read before with the same bytes, at the
    same path and by the same code comes from the validation cache
    (:mod:`.cache`); an article that fails is read, and reported, every time.
    """
    if not cache.active():
        return read_article(path)
    key = _article_key(path)
    if key is not None:
        stored = cache.lookup("article", key, lambda value: isinstance(value, dict))
        if stored is not None:
            try:
                found = cache.decode_tree(stored, _ARTICLE_CLASSES)
            except (ValueError, TypeError, RecursionError):
                found = None
            if isinstance(found, Article) and found.path == path:
                return found
    article = read_article(path)
    if key is not None and _article_key(path) == key:
        cache.store("article", key, cache.encode_tree(article))
    return article


def _article_key(path: Path) -> str | None:
    try:
        data = read_input(path, ArticleError, "article", confine=True)
    except ArticleError:
        return None
    return cache.digest("article", cache.toolkit_fingerprint(), str(path), data)


_ARTICLE_CLASSES = {name: value for name, value in vars(article_module).items()
                    if isinstance(value, type) and is_dataclass(value)
                    and value.__module__ == article_module.__name__}


def extract(project: Project) -> list[tuple[Path, bool]]:
    """Write ``locales/<slug>.pot`` for every article and ``locales/handout.pot``."""
    return [(path, changed) for path, changed, _ in _extract(project)]


def _extract(project: Project) -> list[tuple[Path, bool, object]]:
    """(POT path, written, catalog) per domain; the catalog is ``None`` for an article
    whose bytes and POT are those of an earlier extract that changed nothing: it is not
    read again (:mod:`.cache`).  Every other article is read before any POT is written,
    so an invalid one stops the command with nothing written."""
    paths = list_articles(project.articles_dir)
    keys = {path: _extract_key(project, path) for path in paths}
    current = {path for path, key in keys.items()
               if key is not None and cache.lookup("extract", key, cache.is_true)}
    templates = _source_templates(project, [path for path in paths if path not in current])
    written = []
    for path in paths:
        target = project.repo.pot_path(path.stem)
        if path in current:
            written.append((target, False, None))
            continue
        changed = write_template(target, templates[path.stem])
        if not changed and keys[path] is not None and _extract_key(project, path) == keys[path]:
            cache.store("extract", keys[path], True)
        written.append((target, changed, templates[path.stem]))
    for domain in (HANDOUT_DOMAIN, LIBRARY_DOMAIN):
        path = project.repo.pot_path(domain)
        written.append((path, write_template(path, templates[domain]), templates[domain]))
    return written


def _extract_key(project: Project, article_path: Path) -> str | None:
    """The cache key of "extracting this article over this template changes nothing"."""
    if not cache.active():
        return None
    template = project.repo.pot_path(article_path.stem)
    try:
        article = read_input(article_path, ArticleError, "article", confine=True)
        pot = read_input(template, CatalogError, "catalog", confine=True)
    except (ArticleError, CatalogError):
        return None
    return cache.digest("extract", cache.toolkit_fingerprint(), display_path(article_path),
                        article, pot)


def fresh_templates(project: Project) -> tuple[dict, list[tuple[Path, bool]]]:
    """Extract first, then the POT of every domain as it now stands on disk.

    ``update`` always starts here: a changed article, template or
    ``clinic.yaml`` reaches the catalogs without a separate ``extract``.
    A POT is only rewritten when its messages change, so this costs nothing
    when the sources did not change (modification times are not trusted: a
    checkout sets them all).  Returns the templates by domain and, for the
    summary, which POT files were written.  A template that did not change is
    ``None``: :func:`update` reads it from its POT when it needs it, once.
    """
    written = _extract(project)
    templates = {}
    for path, changed, catalog in written:
        # The POT as written (its POT-Creation-Date included), or the one already there.
        templates[path.stem] = catalog if changed else None
    return templates, [(path, changed) for path, changed, _ in written]


def update(project: Project, locale: HandoutLocale,
           check_only: bool = False,
           draft_from: HandoutLocale | None = None,
           templates: dict | None = None) -> list[UpdateResult]:
    """Create or merge every domain's .po for *locale* from its POT.

    The POTs are extracted from the sources first (:func:`fresh_templates`),
    unless *templates* (by domain) are given.  With *check_only*, write
    nothing: say which catalogs are out of date with the sources (the POTs
    are made afresh from the articles and templates, in memory).
    With *draft_from* (zh-CN from zh-TW), empty entries are pre-filled with the
    OpenCC conversion of that locale's translations, marked fuzzy.
    Entries the update creates are first pre-filled from the locale's other
    catalogs (:mod:`.memory`): identical sources as translated, near ones fuzzy.
    A locale whose script cannot be rendered (vertical writing) is refused
    before any catalog is made.
    """
    if locale.tag == project.config.source_locale:
        raise LocaleError(f"'{locale.tag}' is the source language of the articles: "
                          "it needs no catalogs", project.config.path,
                          project.config.lines.get("source_locale"))
    require_supported_script(locale)
    fill = pseudo_filler(locale.tag) if locale.pseudo else None
    if draft_from is not None:
        conversion_for(draft_from, locale)  # refuse an impossible pair before anything
    if templates is None:
        templates = _source_templates(project) if check_only else fresh_templates(project)[0]
    domains = project.domains()
    # Catalogs the cache knows to be current with their unchanged POT (a template of
    # None) are left alone, unread; decided for all before anything is written.
    current = set() if check_only or fill is not None or draft_from is not None else \
        {domain for domain in domains
         if templates.get(domain) is None and is_unchanged(project.repo, locale, domain)}
    if len(current) == len(domains):
        return [UpdateResult(project.repo.po_path(locale, domain), False) for domain in domains]
    # New entries are pre-filled from the locale's other catalogs (never the pseudo-locale).
    from .memory import locale_memory
    memory = None if locale.pseudo else locale_memory(project.repo, locale)
    translator = project.config.translators.get(locale.tag, "")
    results = []
    for domain in domains:
        if domain in current:
            results.append(UpdateResult(project.repo.po_path(locale, domain), False))
            continue
        template = templates.get(domain)
        pot = project.repo.pot_path(domain)
        on_disk = template is None and pot.exists()
        if on_disk:   # an unchanged POT, read once for every locale of this update
            template = _read_pot(pot, read_input(pot, CatalogError, "catalog", confine=True))
        results.append(update_po(project.repo, locale, domain, template=template,
                                 template_on_disk=on_disk,
                                 fill=fill if draft_from is None else
                                 draft_filler(project.repo, draft_from, locale, domain),
                                 fill_fuzzy=draft_from is not None,
                                 check_only=check_only, memory=memory, translator=translator))
    return results


@lru_cache(maxsize=2048)
def _read_pot(path: Path, contents: bytes):
    """The POT at *path* (whose bytes are *contents*), parsed once for every locale."""
    return read_catalog(path)


def outdated_templates(project: Project) -> list[Path]:
    """The POT files that ``extract`` would change."""
    return [project.repo.pot_path(domain)
            for domain, catalog in _source_templates(project).items()
            if write_template(project.repo.pot_path(domain), catalog, check_only=True)]


def _source_templates(project: Project, paths: list[Path] | None = None) -> dict:
    """The POT catalogs made afresh from the articles (those at *paths*, default all) and
    the templates."""
    articles = project.articles() if paths is None else [read_article(p) for p in paths]
    templates = {article.slug: extract_article_catalog(article) for article in articles}
    templates[HANDOUT_DOMAIN] = extract_handout_catalog(project.templates_dir, project.config)
    templates[LIBRARY_DOMAIN] = extract_library_catalog(project.templates_dir)
    return templates


def catalog_locales(project: Project) -> list[HandoutLocale]:
    """The configured locales that have catalogs: all but the source language (and
    a regional variant of it without catalogs of its own, e.g. en-US)."""
    return [locale for locale in project.locales() if not project.is_source(locale)]


def init_locale(project: Project, locale: HandoutLocale) -> bool:
    """Create *locale*'s empty glossary (``glossary.csv`` with its header) if it has none.

    Returns whether it was created.
    """
    from .glossary import create_glossary, glossary_path
    if locale.pseudo:
        return False
    return create_glossary(glossary_path(project.root, locale))


def configure_locale(project: Project, locale: HandoutLocale) -> bool:
    """Add *locale* to ``clinic.yaml``'s locales unless it is there (or a pseudo-locale)."""
    if locale.pseudo or locale.tag in project.config.locales:
        return False
    return add_locale(project.config, locale.tag)


def unconfigured_catalogs(project: Project) -> list[tuple[Path, str]]:
    """Locale folders holding article catalogs for locales ``clinic.yaml`` does not build.

    A folder with only the toolkit's own domains (handout labels prepared
    ahead of any article) is not reported.
    """
    configured = {parse_locale(name).posix for name in project.config.locales}
    articles = {path.stem for path in list_articles(project.articles_dir)}
    found = []
    if project.repo.locales_dir.is_dir():
        for folder in sorted(project.repo.locales_dir.iterdir()):
            catalogs = {p.stem for p in (folder / "LC_MESSAGES").glob("*.po")}
            if folder.name in configured or not catalogs & articles:
                continue
            try:
                tag = parse_locale(folder.name).tag
            except LocaleError:
                tag = folder.name
            if tag not in PSEUDO_LOCALES:
                found.append((folder, tag))
    return found


