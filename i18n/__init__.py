"""Clinic handouts: health articles to gettext catalogs to translated PDF handouts.

The pipeline, one module per stage, in the order a handout is made:

    article   read an article (YAML front matter + CommonMark body)
    extract   turn it into translatable segments and POT templates
    catalogs  the catalog repository: update, validate and load .po files
    checks    quality checks on translations (numbers, markup, ...)
    localize  apply catalogs to an article: a LocalizedHandout
    render    HTML through Jinja2, then PDF through WeasyPrint
    batch     every article in every locale, the manifest and library page
"""

__version__ = "0.1.0"
