"""Stage 2, catalogs: the translators' files and records.

Takes in the POT templates of :mod:`i18n.content`; gives out the project
(:mod:`.project`: its config, articles and catalog operations), the .po
files written without churn (:mod:`.pofile`, :mod:`.repository`), translation
memory, OpenCC and pseudo-locale pre-fills, the glossary, the review
records and the translator flags that silence a check.

Imports only the content stage and the shared modules.
"""
