"""Stage 4, render: a handout as the patient reads it.

Takes in an article, a locale and the catalogs; localizes every segment
through the gate of :mod:`i18n.checks` (:mod:`.localize`: a
:class:`~.localize.LocalizedHandout`), typesets it per script
(:mod:`.typeset`, :mod:`.fonts`), fills the Jinja2 templates with the
clinic's branding (:mod:`.html`, :mod:`.branding`) and writes the PDF through
WeasyPrint in a forked, time-limited process (:mod:`.pdf`, :mod:`.isolation`).
:mod:`.pipeline` is one handout from article to PDF; :mod:`.preview`
re-renders it on every save.

Imports only earlier stages and the shared modules.
"""
