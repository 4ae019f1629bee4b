"""The release gate's one decision: may this handout be printed as it stands?

``pdf`` and ``all`` (through :func:`~.html.render_handout`) and ``status``
(through :func:`~.pipeline.decide_handout`) all ask :func:`judge`, so a
handout is ``ready`` in ``status`` exactly when ``pdf`` would export it.  The
decision needs the handout's HTML to have been built first: the templates'
labels are looked up, and so checked, only then.

A handout is refused, in this order (the first is the error ``pdf`` reports,
at its ``file:line``), when a translation it uses fails an error-level check,
when its source makes a claim that ``clinic.yaml`` makes an error in its
locale, when a string it needs is untranslated or fuzzy, when its locale is under
``require_review`` and a translation it uses is unreviewed, and when a
character it prints has no glyph in its fonts.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from ..errors import ExportBlockedError, HandoutError, RenderError
from .fonts import font_stack, missing_glyphs
from .localize import LocalizedHandout


@dataclass(frozen=True)
class Decision:
    """Whether a handout may be exported, and why not in a few words."""

    reasons: tuple[str, ...] = ()       #: e.g. "5 check errors: numbers 3, markup 2"
    error: HandoutError | None = None   #: the refusal as ``pdf`` reports it

    @property
    def ready(self) -> bool:
        return self.error is None

    @property
    def summary(self) -> str:
        """``"3 untranslated, 1 fuzzy; 13 unreviewed"``; empty when ready."""
        return "; ".join(self.reasons)


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def check_glyphs(handout: LocalizedHandout, options) -> None:
    """Refuse a handout that would show tofu: a character no chosen font can draw.

    The error names the catalog entry (``file:line``) and the character.
    """
    stack = font_stack(handout.locale.script, options.font_style)
    for found in handout.used:
        missing = missing_glyphs(found.text, stack)
        if missing:
            char = missing[0]
            raise RenderError(
                f"no glyph for U+{ord(char):04X} {char!r} in {', '.join(stack.families)}",
                found.catalog, found.line)
    if handout.article_translator.is_source or handout.draft:
        text = " ".join(seg.text for seg in handout.article.segments())
        missing = missing_glyphs(text, stack)
        if missing:
            char = missing[0]
            seg = next(s for s in handout.article.segments() if char in s.text)
            raise RenderError(f"no glyph for U+{ord(char):04X} {char!r} in "
                              f"{', '.join(stack.families)}", handout.article.path, seg.line)


def judge(handout: LocalizedHandout, options) -> Decision:
    """The gate's decision on a localized handout whose HTML has been built.

    A draft is judged on its glyphs only: it prints the source, marked, for
    anything the gate would refuse.
    """
    reasons: list[str] = []
    error: HandoutError | None = None
    if not handout.draft:
        failed = Counter(check for found in handout.failed for check, _ in found.problems)
        if failed:
            reasons.append(f"{_plural(sum(failed.values()), 'check error')}: "
                           + ", ".join(f"{name} {n}" for name, n in failed.most_common()))
        try:
            handout.require_no_claims()
        except ExportBlockedError:
            reasons.append("claims in the source text")
        missing = handout.missing
        fuzzy = sum(miss.state == "fuzzy" for miss in missing)
        parts = [f"{n} {label}" for n, label in ((len(missing) - fuzzy, "untranslated"),
                                                 (fuzzy, "fuzzy")) if n]
        if parts:
            reasons.append(", ".join(parts))
        if handout.locale.tag in handout.config.require_review \
                and not handout.article_translator.is_source and handout.unreviewed:
            reasons.append(f"{len(handout.unreviewed)} unreviewed")
        try:
            handout.require_complete()
        except ExportBlockedError as refused:
            error = refused
    try:
        check_glyphs(handout, options)
    except RenderError as tofu:
        reasons.append(tofu.message.split(" in ", 1)[0])     # "no glyph for U+0E01 'ก'"
        error = error or tofu
    if error is not None and not reasons:   # never "blocked" without a word of why
        reasons.append(error.message[:100])
    return Decision(tuple(reasons), error)
