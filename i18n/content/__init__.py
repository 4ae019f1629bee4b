"""Stage 1, content: what an article is.

Takes in ``articles/<slug>.md`` (YAML front matter and a CommonMark body) and
the templates; gives out :class:`~i18n.content.article.Article` objects made of
translatable :class:`~i18n.content.article.Segment` s, and the POT templates
that list them (:mod:`.extract`).  Links are parsed and refused here
(:mod:`.links`), so nothing later sees an unsafe URL.

Imports only the shared modules (errors, fileio, text, locales, config).
"""
