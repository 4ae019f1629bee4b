"""Clinic handouts: health articles to gettext catalogs to translated PDF handouts.

The pipeline, one package per stage, read top to bottom; a stage imports only
from the stages above it and from the shared modules
(``tests/test_architecture.py`` guards this):

    content/   articles, links, extraction into POT templates
    catalogs/  the project, .po files without churn, memory, glossary, reviews
    checks/    quality checks on translations: the release gate's findings
    render/    localization through the gate, typesetting, HTML, PDF
    publish/   dist/: batch, manifest, library page, bundles, web pages, status
    cli/       the command line that export.py runs

Shared low-level modules: errors, fileio, text, locales, config, identity
(the clinic's contact block and logo), variants.
"""

__version__ = "0.1.0"
