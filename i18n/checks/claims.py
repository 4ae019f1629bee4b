"""Claims a translation adds: a msgstr promising what its msgid does not.

A translator who writes 保證 ("guaranteed") where the source says "helps"
has added a promise that the clinic never made and that the market's
regulator forbids.  The msgstr is read with its own language's phrase list
(:mod:`i18n.content.claims`); each claim it carries is compared, by
category, with what the msgid has, cues included: "optimal" may become 最佳,
"ensure" 確保, "no risk" 沒有風險 (the source's own claims are reported once,
on the article, by ``check --source``).

Severity: a warning, or an error (the export gate) for the locales that
``clinic.yaml``'s ``claims:`` makes errors.
"""

from __future__ import annotations

from typing import Iterator

import polib

from .base import CheckContext, pairs

_NOUN = {
    "safety": "an absolute safety claim",
    "guarantee": "a guarantee",
    "superlative": "a superlative or exclusivity claim",
    "disparagement": "a disparagement of other treatments",
    "outcome": "an outcome claim",
    "evidence": "a claim of proof",
}


def check_claims(entry: polib.POEntry, context: CheckContext) -> Iterator[tuple[str, str]]:
    """Each claim of the msgstr whose kind the msgid does not have."""
    rules = context.claims
    if rules is None:
        return
    for source, translation in pairs(entry):
        found = rules.find(translation)
        if not found:
            continue
        allowed = context.source_claims.present(source) if context.source_claims else set()
        for match in found:
            if match.category in allowed:
                continue
            yield context.claims_severity, (
                f"the translation adds '{match.text}', {_NOUN[match.category]} that the source "
                "does not make: translate what the source says (a regulator reads it as the "
                "clinic's promise)")
