"""The files of the library: the page, its cards a page at a time, lists and search data.

At a thousand articles in nine languages one page holding every card would
be some 25 MB of links (and 100 MB more of search text): more than a phone
opens.  So the library is published as:

* ``index.html``: the first :data:`CARDS_PER_PAGE` cards, by title, and a
  short list of every card (its slug and languages) for the script to page
  and filter with; under 1 MB at 1,000 articles in nine languages;
* ``library/cards/<slug>.js``: each other card's HTML, as the page would hold
  it, with its dates in every interface language; the script adds the ones a
  page (or a search's page of results) shows as ``<script src>`` tags, which
  work from ``file://`` where ``fetch()`` does not;
* ``library/search-*.js``: what the search box matches (:mod:`.library_search`);
* ``library/<locale>.html``, when there is more than one page: every handout
  of a language as a plain list of links, for a browser without JavaScript
  (``index.html`` links them in a ``<noscript>``).

Each card is rendered once from its data; the HTML of a card whose data, page
language and templates did not change comes from the validation cache
(:mod:`i18n.catalogs.cache`, outside the project and signed), never from
``dist/``.
"""

from __future__ import annotations

import json
from importlib import metadata
from pathlib import Path

import jinja2
from markupsafe import Markup

from ..catalogs import cache as validation
from ..errors import HandoutError
from ..fileio import remove_within
from .library_interface import (interfaces, library_environment, markup_helpers, page_data,
                                script_json)
from .library_search import LIBRARY_DIR, is_search_file, script_data, search_files
from .wording import list_separator, long_date

LIBRARY_TEMPLATE = "library.html"
INDEX_NAME = "index.html"
#: Cards on a page: the first page, at nine languages with large print, is about 0.7 MB.
CARDS_PER_PAGE = 25
CARD_TEMPLATE = "library-card.html"
LIST_TEMPLATE = "library-list.html"
CARDS_DIR = "cards"


def site_files(project, cards: list, fronts: dict[str, dict[str, str]],
               bodies: dict[str, dict[str, str]], per_page: int | None = None
               ) -> dict[Path, bytes]:
    """Every file of the library: ``index.html`` and what ``dist/library/`` holds (see
    the module's text), for *cards* (:func:`.library.library_cards`, by title) and the
    search texts of their built handouts (:func:`.library.search_texts`).

    A template that cannot be rendered (a project's own ``library.html`` made for an
    older toolkit) is a :class:`~i18n.errors.HandoutError` naming it."""
    try:
        return _site_files(project, cards, fronts, bodies, per_page or CARDS_PER_PAGE)
    except jinja2.TemplateError as error:
        name = getattr(error, "name", None) or LIBRARY_TEMPLATE
        raise HandoutError(f"cannot make the library page from this template: {error} "
                           "(made for an older version of the toolkit? compare it with "
                           "the toolkit's own)", project.templates_dir / name) from None


def _site_files(project, cards, fronts, bodies, per_page: int) -> dict[Path, bytes]:
    dist = project.dist_dir
    files, parts = search_files(dist, fronts, bodies)

    order = {tag: i for i, tag in enumerate(project.config.locales)}
    languages: dict[str, str] = {}
    for card in cards:
        for version in card.versions:
            languages.setdefault(version.locale, version.language)
    languages = dict(sorted(languages.items(),
                            key=lambda kv: (order.get(kv[0], len(order)), kv[0])))
    built = sum(len(card.built) for card in cards)
    counts = {"articles": len(cards), "built": built,
              "unavailable": sum(len(card.versions) for card in cards) - built,
              "languages": len({v.locale for card in cards for v in card.built})}
    uis = interfaces(project)
    default = project.config.library_locale or project.config.source_locale
    ui = uis.get(default) or uis.get(project.config.source_locale) or next(iter(uis.values()))
    env = library_environment(project.templates_dir)
    helpers = markup_helpers(ui)
    render_card = _CardRenderer(env, ui, helpers)
    pages = max(1, -(-len(cards) // per_page))
    first, rest = cards[:per_page], cards[per_page:]

    dates = _Dates(uis)
    for card in rest:
        html = render_card(card)
        data = {"dates": dates.of(card), "html": html}
        files[dist / LIBRARY_DIR / CARDS_DIR / f"{card.slug}.js"] = \
            f"handoutLibrary.card({script_data(card.slug)},{script_data(data)});\n".encode("utf-8")

    lists: list[Markup] = []
    if pages > 1:
        list_template = env.get_template(LIST_TEMPLATE)
        plain = markup_helpers(ui, live=False)
        # Each file's name once, not once a row: 9,000 rows at 1,000 articles.
        names = {"": plain["t"]("Standard print")}
        names.update({d.variant: plain["variant_name"](d.variant) for card in cards
                      for v in card.built for d in v.variants if d.variant not in names})
        for tag, name in languages.items():
            rows = [(card, version) for card in cards for version in card.built
                    if version.locale == tag]
            if not rows:
                continue
            lists.append(Markup('<a href="{0}/{1}.html" hreflang="{1}" lang="{1}">{2}</a>'
                                ).format(LIBRARY_DIR, tag, name))
            files[dist / LIBRARY_DIR / f"{tag}.html"] = list_template.render(
                clinic_name=project.config.clinic_name, ui=ui, language=name, tag=tag,
                rows=rows, names=names, **plain).encode("utf-8")

    index = {tag: i for i, tag in enumerate(languages)}
    library = {"cards": [[card.slug, [index[v.locale] for v in card.built],
                          [index[v.locale] for v in card.unavailable]] for card in cards],
               "languages": list(languages), "perPage": per_page, "search": parts,
               "source": project.config.source_locale}
    page_dates = [d for card in first for v in card.versions for d in (v.date_iso, v.reviewed_iso)]
    template = env.get_template(LIBRARY_TEMPLATE)
    files[dist / INDEX_NAME] = template.render(
        clinic_name=project.config.clinic_name, ui=ui, interfaces=uis,
        translations=script_json(page_data(uis, page_dates)), library=script_json(library),
        cards=[Markup(render_card(card)) for card in first], languages=languages,
        counts=counts, pages=pages, lists=lists, **helpers).encode("utf-8")
    return files


def write_files(project, files: dict[Path, bytes]) -> list[Path]:
    """Write *files* (only those that changed), the page last; then remove what an
    earlier build published in ``dist/library/`` and this one does not.  Returns the
    files removed."""
    from ..fileio import confined, write_if_changed
    dist = project.dist_dir
    for path in sorted(files, key=lambda p: (p.parent == dist, str(p))):
        if path.parent != dist:
            confined(path.parent, dist).mkdir(parents=True, exist_ok=True)
        write_if_changed(path, files[path], within=dist)
    removed = []
    for path in published_library_files(project):
        if path not in files and remove_within(path, dist):
            removed.append(path)
    return removed


def published_library_files(project) -> list[Path]:
    """The files of ``dist/library/`` that a build of the library writes, as named."""
    folder = project.dist_dir / LIBRARY_DIR
    if not folder.is_dir() or folder.is_symlink():
        return []
    found = []
    for path in sorted(folder.iterdir()):
        relative = path.relative_to(project.dist_dir).as_posix()
        if is_search_file(relative) or (path.suffix == ".html" and path.is_file()):
            found.append(path)
    cards = folder / CARDS_DIR
    if cards.is_dir() and not cards.is_symlink():
        found.extend(p for p in sorted(cards.iterdir()) if p.suffix == ".js")
    return found


class _Dates:
    """Each card's dates written in every interface language (Babel's, as the page's)."""

    def __init__(self, uis: dict) -> None:
        self.tags = list(uis)
        self.known: dict[tuple[str, str], str] = {}

    def of(self, card) -> dict[str, dict[str, str]]:
        isos = sorted({d for v in card.versions for d in (v.date_iso, v.reviewed_iso) if d})
        out = {}
        for tag in self.tags:
            out[tag] = {}
            for iso in isos:
                if (iso, tag) not in self.known:
                    self.known[(iso, tag)] = long_date(iso, tag)
                out[tag][iso] = self.known[(iso, tag)]
        return out


class _CardRenderer:
    """A card's HTML from ``library-card.html``, made once for the same card, page
    language and templates (kept in the validation cache)."""

    def __init__(self, env, ui, helpers: dict) -> None:
        self.template = env.get_template(CARD_TEMPLATE)
        self.ui = ui
        self.helpers = helpers
        self.made: dict[str, str] = {}
        self.base = None
        if validation.active():
            sources = [env.loader.get_source(env, name)[0]
                       for name in (CARD_TEMPLATE, "library-parts.html")]
            self.base = validation.digest(
                "library-card", validation.toolkit_fingerprint(), *sources,
                *(f"{name} {_package_version(name)}" for name in ("jinja2", "markupsafe", "babel")),
                ui.locale, json.dumps(ui.as_json(), sort_keys=True, ensure_ascii=False),
                list_separator(ui.locale))

    def __call__(self, card) -> str:
        if card.slug in self.made:
            return self.made[card.slug]
        key = validation.digest(self.base, repr(card)) if self.base else None
        html = validation.lookup("library-card", key, _is_str) if key else None
        if html is None:
            html = self.template.render(card=card, ui=self.ui, **self.helpers)
            if key:
                validation.store("library-card", key, html)
        self.made[card.slug] = html
        return html


def _is_str(value) -> bool:
    return isinstance(value, str)


def _package_version(name: str) -> str:
    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return "-"
