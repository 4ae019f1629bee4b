"""A locale's glossary as TBX, the terminology exchange format of CAT tools, and back.

Written and read with translate-toolkit.  Each term is one ``termEntry``:
the source and target terms, the note, and whether the term is mandatory
as TBX-Basic's ``administrativeStatus`` of the target term
(``preferredTerm-admn-sts`` for a mandatory term, ``admittedTerm-admn-sts``
otherwise).
"""

from __future__ import annotations

from pathlib import Path

from ..fileio import read_input
from .glossary import MAX_TERMS, GlossaryError, Term

MANDATORY = "preferredTerm-admn-sts"
OPTIONAL = "admittedTerm-admn-sts"


def glossary_tbx(terms: tuple[Term, ...], source_language: str, target_language: str) -> bytes:
    """The TBX file of *terms*."""
    from lxml import etree
    from translate.storage.tbx import tbxfile

    store = tbxfile(sourcelanguage=source_language, targetlanguage=target_language)
    for term in terms:
        unit = store.addsourceunit(term.source)
        unit.settarget(term.target, lang=target_language)
        if term.note:
            unit.addnote(term.note)
        tig = _target_tig(unit, target_language)
        status = etree.SubElement(tig, unit.namespaced("termNote"))
        status.set("type", "administrativeStatus")
        status.text = MANDATORY if term.mandatory else OPTIONAL
    return bytes(store)


def _target_tig(unit, language: str):
    for lang_set in unit.xmlelement.iter(unit.namespaced("langSet")):
        if lang_set.get("{http://www.w3.org/XML/1998/namespace}lang") == language:
            return next(lang_set.iter(unit.namespaced("tig")))
    raise ValueError(f"no {language} term")


def read_tbx(path: Path, source_language: str, target_language: str) -> tuple[Term, ...]:
    """The terms of the TBX file at *path* that have a *target_language* term.

    The file is untrusted: parsed without entities or network access; a
    malformed one is a :class:`GlossaryError` naming it.
    """
    from translate.storage.tbx import tbxfile

    data = read_input(path, GlossaryError, "TBX file")
    try:
        store = tbxfile.parsestring(data, sourcelanguage=source_language,
                                    targetlanguage=target_language)
    except Exception as exc:   # lxml's syntax errors, translate-toolkit's assertions
        raise GlossaryError(f"not a readable TBX file: {exc}", path) from None
    terms = []
    for unit in store.units:
        source = (unit.source or "").strip()
        target = (unit.gettarget(target_language) or "").strip()
        if not source or not target:
            continue
        if len(terms) >= MAX_TERMS:
            raise GlossaryError(f"more than {MAX_TERMS} terms", path)
        status = [node.text for node in unit.xmlelement.iter(unit.namespaced("termNote"))
                  if node.get("type") == "administrativeStatus"]
        note = "; ".join(n for n in unit.getnotes().splitlines()
                         if n.strip() and n.strip() not in (MANDATORY, OPTIONAL))
        terms.append(Term(source, target, " ".join(note.split()), MANDATORY in status, path,
                          unit.xmlelement.sourceline))
    return tuple(terms)
