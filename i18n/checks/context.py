"""The context of one locale's checks, from the clinic's settings and records."""

from __future__ import annotations

from ..catalogs.glossary import glossary_path, load_glossary
from ..catalogs.repository import CatalogRepository
from ..catalogs.review import Review, load_reviews, reviews_path
from ..config import ClinicConfig
from ..content.claims import claim_rules, claims_severity
from ..locales import HandoutLocale
from .base import CheckContext


def check_context(locale: HandoutLocale, config: ClinicConfig,
                  reviews: dict[str, Review] | None = None) -> CheckContext:
    """What the checks of *locale*'s catalogs need to know from the clinic's settings,
    the locale's glossary (``locales/<posix>/glossary.csv``, if any) and its review
    records (*reviews*, read if not given: an error is waived only on a signed-off
    entry)."""
    if reviews is None:
        reviews = load_reviews(reviews_path(CatalogRepository(config.root), locale),
                               config.reviewers)
    return CheckContext(locale, tuple(config.do_not_translate),
                        source_locale=config.source_locale,
                        glossary=load_glossary(glossary_path(config.root, locale)),
                        reviewed=frozenset(reviews),
                        claims=claim_rules(locale.tag, config),
                        source_claims=claim_rules(config.source_locale, config),
                        claims_severity=claims_severity(config, locale.tag),
                        own_hosts=own_hosts(config))


def own_hosts(config: ClinicConfig) -> tuple[str, ...]:
    """The hosts of the clinic's own sites, as :func:`.urls.split_url` gives them."""
    from .urls import split_url
    return tuple(dict.fromkeys(split_url(url)[0] for url in (config.contact.website,
                                                              config.site_url) if url))
