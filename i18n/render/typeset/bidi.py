"""Right-to-left text: left-to-right runs isolated exactly where the Unicode
bidi algorithm (UAX #9) puts them.

WeasyPrint lays out each inline element as a unit and places the units of a
right-to-left line from the right; a browser applies the bidi algorithm to
the whole paragraph.  To make both show the same order, the renderer
resolves the paragraph's embedding levels itself (rules W1–W7, N0–N2, I1–I2
for a right-to-left paragraph; the checks refuse explicit embeddings and
overrides, so there are none) and wraps each maximal run at level 2, the
left-to-right text, in ``<bdi dir="ltr">``.  An isolate is a neutral to the
text around it, so the markup orders exactly as the plain text does.

The consequence the Arabic reviewer asked for: a number range between two
numbers, "1–3", is *not* one left-to-right run.  The en dash is a neutral
between two numbers, which the algorithm sets right to left, so the lower
number is read first (it stands on the right), as in every browser.  Each
number is isolated on its own.  "IGF-1" or "SPF 50", where Latin letters
lead, stay one left-to-right run.
"""

from __future__ import annotations

import unicodedata


#: Bidi_Paired_Bracket pairs (BD14–BD16) that occur in running text.
_OPENING = {"(": ")", "[": "]", "{": "}", "\u2045": "\u2046", "\u207d": "\u207e",
            "\u208d": "\u208e", "\u2329": "\u232a", "\u3008": "\u3009", "\u300a": "\u300b",
            "\u300c": "\u300d", "\u300e": "\u300f", "\u3010": "\u3011", "\u3014": "\u3015",
            "\uff08": "\uff09", "\uff3b": "\uff3d", "\uff5b": "\uff5d", "\u27e8": "\u27e9"}
#: Canonical equivalents that pair with each other (U+2329 and U+3008).
_SAME = {"\u3009": "\u232a", "\u232a": "\u3009"}
_NEUTRAL = frozenset({"B", "S", "WS", "ON", "LRI", "RLI", "FSI", "PDI"})
_MAX_DEPTH = 63


def _strong(kind: str) -> str:
    """The direction a resolved type counts as for N0 and N1 (numbers count as R)."""
    return "L" if kind == "L" else "R" if kind in ("R", "AL", "EN", "AN") else ""


def _bracket_pairs(text: str, types: list[str]) -> list[tuple[int, int]]:
    """BD16: the bracket pairs of *text*, sorted by their opening position."""
    stack: list[tuple[str, int]] = []
    pairs = []
    for index, char in enumerate(text):
        if types[index] != "ON":
            continue
        if char in _OPENING:
            if len(stack) == _MAX_DEPTH:
                break
            stack.append((_OPENING[char], index))
        else:
            for depth in range(len(stack) - 1, -1, -1):
                closing = stack[depth][0]
                if char == closing or _SAME.get(char) == closing:
                    pairs.append((stack[depth][1], index))
                    del stack[depth:]
                    break
    return sorted(pairs)


def resolve_types(text: str) -> list[str]:
    """The resolved bidi type (L or R) of every character of a right-to-left paragraph.

    Numbers resolve to ``EN``/``AN`` and keep their level-2 placement.
    """
    original = [unicodedata.bidirectional(char) or "L" for char in text]
    types = list(original)
    count = len(types)
    # W1: a mark takes the type of what it follows (boundary neutrals are skipped).
    previous = "R"
    for index, kind in enumerate(types):
        if kind == "BN":
            types[index] = previous
        elif kind == "NSM":
            types[index] = "ON" if previous in ("LRI", "RLI", "FSI", "PDI") else previous
        previous = types[index]
    # W2, W3: a European digit after Arabic letters is an Arabic number.
    last_strong = "R"
    for index, kind in enumerate(types):
        if kind in ("L", "R", "AL"):
            last_strong = kind
        elif kind == "EN" and last_strong == "AL":
            types[index] = "AN"
    types = ["R" if kind == "AL" else kind for kind in types]
    # W4: one separator between two numbers of a kind joins them.
    for index in range(1, count - 1):
        kind, before, after = types[index], types[index - 1], types[index + 1]
        if kind == "ES" and before == after == "EN":
            types[index] = "EN"
        elif kind == "CS" and before == after and before in ("EN", "AN"):
            types[index] = before
    # W5: terminators next to a European number belong to it.
    index = 0
    while index < count:
        if types[index] == "ET":
            end = index
            while end < count and types[end] == "ET":
                end += 1
            if (index > 0 and types[index - 1] == "EN") or (end < count and types[end] == "EN"):
                for position in range(index, end):
                    types[position] = "EN"
            index = end
        else:
            index += 1
    # W6, W7
    types = ["ON" if kind in ("ES", "ET", "CS") else kind for kind in types]
    last_strong = "R"
    for index, kind in enumerate(types):
        if kind in ("L", "R"):
            last_strong = kind
        elif kind == "EN" and last_strong == "L":
            types[index] = "L"
    # N0: a bracket pair takes a direction from its content and its context.
    for opening, closing in _bracket_pairs(text, types):
        inside = {_strong(kind) for kind in types[opening + 1:closing]} - {""}
        if "R" in inside:
            direction = "R"
        elif "L" in inside:
            context = "R"
            for kind in reversed(types[:opening]):
                if _strong(kind):
                    context = _strong(kind)
                    break
            direction = "L" if context == "L" else "R"
        else:
            continue
        for position in (opening, closing):
            types[position] = direction
            following = position + 1
            while following < count and original[following] == "NSM":
                types[following] = direction
                following += 1
    # N1, N2: neutrals between two runs of one direction take it; others are R.
    index = 0
    while index < count:
        if types[index] not in _NEUTRAL:
            index += 1
            continue
        end = index
        while end < count and types[end] in _NEUTRAL:
            end += 1
        before = _strong(types[index - 1]) if index > 0 else "R"
        after = _strong(types[end]) if end < count else "R"
        direction = before if before == after else "R"
        for position in range(index, end):
            types[position] = direction
        index = end
    return types


def ltr_runs(text: str) -> list[tuple[int, int]]:
    """(start, end) of every maximal left-to-right run (level 2) of a
    right-to-left paragraph: Latin text, and each number on its own."""
    runs = []
    start = None
    for index, kind in enumerate(resolve_types(text)):
        if kind in ("L", "EN", "AN"):
            if start is None:
                start = index
        elif start is not None:
            runs.append((start, index))
            start = None
    if start is not None:
        runs.append((start, len(text)))
    return runs


