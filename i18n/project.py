"""A project on disk: its config, articles, templates and catalogs.

These are the operations the command line offers, each a plain function
over the pipeline stages.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .article import Article, find_article, list_articles, read_article
from .catalogs import CatalogRepository, update_po, write_template
from .config import CONFIG_FILENAME, ClinicConfig, add_locale, load_config
from .extract import HANDOUT_DOMAIN, extract_article_catalog, extract_handout_catalog
from .localize import LocalizedHandout, localize
from .errors import LocaleError
from .locales import PSEUDO_LOCALES, HandoutLocale, parse_locale
from .pseudo import pseudo_translate
from .render import TEMPLATES_DIR, RenderOptions, RenderResult, render_handout


@dataclass(frozen=True)
class Project:
    root: Path
    config: ClinicConfig
    templates_dir: Path = TEMPLATES_DIR

    @classmethod
    def load(cls, root: str | Path = ".") -> "Project":
        """The project at *root*, with its own templates if it has them."""
        root = Path(root)
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
        return [read_article(path) for path in list_articles(self.articles_dir)]

    def article(self, ref: str | Path) -> Article:
        return read_article(find_article(ref, self.articles_dir))

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
        return [path.stem for path in list_articles(self.articles_dir)] + [HANDOUT_DOMAIN]

    def pdf_path(self, slug: str, locale_tag: str) -> Path:
        """Where a handout goes by default: ``dist/<locale>/<slug>.pdf``."""
        return self.dist_dir / locale_tag / f"{slug}.pdf"

    def render_options(self, locale: HandoutLocale, paper: str | None = None,
                       **options) -> RenderOptions:
        """Layout options for *locale*: its paper (unless *paper*) and the time limit."""
        return RenderOptions(paper=self.config.paper_for(locale.tag, paper),
                             timeout=self.config.render_timeout, **options)


def extract(project: Project) -> list[tuple[Path, bool]]:
    """Write ``locales/<slug>.pot`` for every article and ``locales/handout.pot``."""
    written = []
    for article in project.articles():
        path = project.repo.pot_path(article.slug)
        written.append((path, write_template(path, extract_article_catalog(article))))
    path = project.repo.pot_path(HANDOUT_DOMAIN)
    written.append((path, write_template(path, extract_handout_catalog(project.templates_dir,
                                                                       project.config))))
    return written


def update(project: Project, locale: HandoutLocale,
           check_only: bool = False) -> list[tuple[Path, bool]]:
    """Create or merge every domain's .po for *locale* from its POT.

    With *check_only*, write nothing: say which catalogs are out of date with
    the sources (the POTs are made afresh from the articles and templates).
    """
    if locale.tag == project.config.source_locale:
        raise LocaleError(f"'{locale.tag}' is the source language of the articles: "
                          "it needs no catalogs", project.config.path,
                          project.config.lines.get("source_locale"))
    fill = pseudo_translate if locale.pseudo else None
    templates = _source_templates(project) if check_only else {}
    return [update_po(project.repo, locale, domain, template=templates.get(domain), fill=fill,
                      check_only=check_only) for domain in project.domains()]


def outdated_templates(project: Project) -> list[Path]:
    """The POT files that ``extract`` would change."""
    return [project.repo.pot_path(domain)
            for domain, catalog in _source_templates(project).items()
            if write_template(project.repo.pot_path(domain), catalog, check_only=True)]


def _source_templates(project: Project) -> dict:
    templates = {article.slug: extract_article_catalog(article) for article in project.articles()}
    templates[HANDOUT_DOMAIN] = extract_handout_catalog(project.templates_dir, project.config)
    return templates


def configure_locale(project: Project, locale: HandoutLocale) -> bool:
    """Add *locale* to ``clinic.yaml``'s locales unless it is there (or a pseudo-locale)."""
    if locale.pseudo or locale.tag in project.config.locales:
        return False
    return add_locale(project.config, locale.tag)


def unconfigured_catalogs(project: Project) -> list[tuple[Path, str]]:
    """Catalog folders under ``locales/`` for locales ``clinic.yaml`` does not build."""
    configured = {parse_locale(name).posix for name in project.config.locales}
    found = []
    if project.repo.locales_dir.is_dir():
        for folder in sorted(project.repo.locales_dir.iterdir()):
            if (folder / "LC_MESSAGES").is_dir() and folder.name not in configured:
                try:
                    tag = parse_locale(folder.name).tag
                except LocaleError:
                    tag = folder.name
                if not (tag in PSEUDO_LOCALES):
                    found.append((folder, tag))
    return found


def localize_article(project: Project, article: Article, locale: HandoutLocale,
                     draft: bool = False) -> LocalizedHandout:
    """Translate *article* into *locale* with the project's catalogs."""
    return localize(article, locale, project.config, project.repo, draft=draft,
                    source=project.is_source(locale))


def export_pdf(project: Project, article: Article, locale: HandoutLocale, *,
               output: Path | None = None, draft: bool = False, paper: str | None = None,
               large_print: bool = False, font_style: str = "sans",
               pdf_variant: str | None = None,
               html_output: Path | None = None) -> RenderResult:
    """Make one handout PDF (strict unless *draft*)."""
    handout = localize_article(project, article, locale, draft=draft)
    options = project.render_options(locale, paper, large_print=large_print,
                                     font_style=font_style, pdf_variant=pdf_variant)
    target = output or project.pdf_path(article.slug, locale.tag)
    return render_handout(handout, target, options, html_target=html_output,
                          templates_dir=project.templates_dir)
