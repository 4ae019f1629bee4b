"""Medical-advertising claims: phrases a clinic's health material must not use.

The phrases are data, one file per language in ``claim_phrases/`` (see its
README): absolute safety ("no risk"), guarantees and permanence
("guaranteed", 根治), superlatives and exclusivity ("the only", 唯一),
disparaging other treatments ("no laser can"), outcome and testimonial
claims ("most patients see"), and evidence claims ("proven",
"evidence-based"), which are claims only when the article cites no
reference.  ``clinic.yaml``'s ``claims:`` setting adds phrases and relaxes
shipped ones (:func:`claim_rules`).

Matching is linear: each category is one alternation of literal words with
gaps bounded to a few words, tried once per position.  A phrase is not a
claim when a negation or hedge of its language stands shortly before it in
the same clause ("not the only", "there is no guarantee", 不保證, "may"), or
after it where the language negates after the verb (保証するものではありません,
보장하지 않습니다).
"""

from __future__ import annotations

import bisect
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from ..errors import ConfigError

PHRASES_DIR = Path(__file__).resolve().parent / "claim_phrases"

#: Every category, with why a regulator objects to it (shown in each finding).
CATEGORIES: dict[str, str] = {
    "safety": "an absolute safety claim; every treatment has risks, and regulators forbid "
              "'no risk' and 'no side effects' (Taiwan MOHW 2016, Korea §56, China §16)",
    "guarantee": "a guarantee of a result or a permanent cure, which no clinic may promise",
    "superlative": "a superlative, exclusivity or superiority claim ('the only', 'the best'), "
                   "forbidden without proof in every market of the handouts",
    "disparagement": "it disparages other treatments or providers, which medical-advertising "
                     "rules forbid",
    "outcome": "an outcome or testimonial claim stated without data; patients read it as "
               "what they will get",
    "evidence": "it claims proof or evidence but the article lists no references",
}
_SECTIONS = (*CATEGORIES, "negation", "negation-after")
_CLAUSE_BREAKS = ".;:!?,()—–\"“”。；：！？，、（）「」『』،؛؟"
_GAP_WORDS = 3
_GAP_CHARS = 8
_WINDOW_WORDS = 6
_WINDOW_CHARS = 6
_ARABIC_MARKS = re.compile("[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u0640]")
_ALEF = str.maketrans("أإآٱ", "اااا")


@dataclass(frozen=True)
class ClaimMatch:
    """One claim found in a text."""

    category: str
    text: str        #: the words as the text has them (normalized in chars mode)
    start: int       #: offsets in the text given
    end: int

    @property
    def why(self) -> str:
        return CATEGORIES[self.category]


@dataclass(frozen=True)
class _Phrases:
    mode: str = "words"
    spaces_break: bool = False
    phrases: tuple[tuple[str, str], ...] = ()      #: (category, phrase)
    exceptions: tuple[str, ...] = ()
    cues: tuple[tuple[str, str], ...] = ()
    negation: tuple[str, ...] = ()
    negation_after: tuple[str, ...] = ()


def read_phrases(text: str, path: Path | str = "<phrases>") -> _Phrases:
    """Parse a phrase file (the format of ``claim_phrases/README.md``)."""
    mode, spaces_break, section = "words", False, None
    phrases, exceptions, cues, negation, after = [], [], [], [], []
    for number, raw in enumerate(text.splitlines(), 1):
        line = raw.split("#", 1)[0].strip() if not raw.lstrip().startswith("#") else ""
        if not line:
            continue
        if line.startswith("[") and line.endswith("]"):
            section = line[1:-1].strip()
            if section not in _SECTIONS:
                raise ConfigError(f"unknown claim category [{section}] (known: "
                                  f"{', '.join(_SECTIONS)})", path, number)
            continue
        if section is None:
            key, _, value = line.partition(":")
            if key.strip() == "mode" and value.strip() in ("words", "chars"):
                mode = value.strip()
            elif key.strip() == "spaces" and value.strip() == "break":
                spaces_break = True
            else:
                raise ConfigError(f"expected 'mode: words|chars', 'spaces: break' or a "
                                  f"[category], not {line!r}", path, number)
        elif section == "negation":
            negation.append(line)
        elif section == "negation-after":
            after.append(line)
        elif line.startswith("!"):
            exceptions.append(line[1:].strip())
        elif line.startswith("~"):
            cues.append((section, line[1:].strip()))
        else:
            phrases.append((section, line))
    return _Phrases(mode, spaces_break, tuple(phrases), tuple(exceptions), tuple(cues),
                    tuple(negation), tuple(after))


# --- phrases to expressions -------------------------------------------------------

#: A phrase's parts: an (alternative|group), optionally followed by ?; a gap; a word;
#: in chars mode every other character stands alone.
_TOKEN = re.compile(r"\([^)]*\)\??|…|[^\s(…]+")


def _normalize(text: str, arabic: bool) -> tuple[str, list[int]]:
    """*text* compatibility-normalized (full-width to ASCII, Arabic marks removed),
    with the offset in *text* of each character of the result."""
    out, where = [], []
    for index, char in enumerate(text):
        norm = unicodedata.normalize("NFKC", char)
        if arabic:
            norm = _ARABIC_MARKS.sub("", norm).translate(_ALEF)
        out.append(norm)
        where.extend([index] * len(norm))
    where.append(len(text))
    return "".join(out), where


class ClaimRules:
    """The compiled phrases of one language."""

    def __init__(self, language: str, phrases: _Phrases, allowed: tuple[str, ...] = ()) -> None:
        self.language = language
        self.words = phrases.mode == "words"
        self.arabic = language.split("-")[0] == "ar"
        self.spaces_break = phrases.spaces_break
        self.allowed = frozenset(self._fold(a) for a in allowed)
        breaks = re.escape(_CLAUSE_BREAKS) + (r"\s" if self.spaces_break else "")
        self._gap_word = rf"[^\s{re.escape(_CLAUSE_BREAKS)}]+"
        self._gap_chars = rf"[^{breaks}]{{0,{_GAP_CHARS}}}?"
        self._breaks = re.compile(rf"[{breaks}]")
        by_category: dict[str, list[str]] = {}
        for category, phrase in phrases.phrases:
            if self._fold(phrase) not in self.allowed:
                by_category.setdefault(category, []).append(phrase)
        self.categories = {cat: self._union(found) for cat, found in by_category.items()}
        # What a source has, for its translation: every phrase (the allowed ones too:
        # "painless" allowed in English may be 無痛 in Chinese) and the cues.
        present: dict[str, list[str]] = {}
        for category, phrase in (*phrases.phrases, *phrases.cues):
            present.setdefault(category, []).append(phrase)
        self.presence = {cat: self._union(found) for cat, found in present.items()}
        self.exceptions = self._union(phrases.exceptions) if phrases.exceptions else None
        self.negation = self._union(phrases.negation) if phrases.negation else None
        self.negation_after = (self._union(phrases.negation_after)
                               if phrases.negation_after else None)

    # -- compiling
    def _fold(self, phrase: str) -> str:
        return " ".join(self._prepare(phrase)[0].casefold().split())

    def _prepare(self, text: str) -> tuple[str, list[int]]:
        if text.isascii():
            return text, list(range(len(text) + 1))
        return _normalize(unicodedata.normalize("NFC", text), self.arabic)

    def _literal(self, words: str) -> str:
        """One alternative: words, with hyphens matching a hyphen, a space or nothing."""
        words = self._prepare(words)[0]
        if not self.words:   # "رقم 1" is not in "رقم 100", nor "100%" in "1100%"
            return ((r"(?<!\d)" if words[:1].isdigit() else "")
                    + r"\s*".join(re.escape(part) for part in words.split())
                    + (r"(?!\d)" if words[-1:].isdigit() else ""))
        pieces = []
        for word in words.split():
            pieces.append(r"[-\u2010\u2011\s]?".join(re.escape(p) for p in word.split("-")))
        return self._join(pieces, words.split())

    @staticmethod
    def _join(pieces: list[str], raw: list[str]) -> str:
        out = pieces[0]
        for index in range(1, len(pieces)):
            wordy = raw[index - 1][-1:].isalnum() and raw[index][:1].isalnum()
            out += (r"\s+" if wordy else r"\s*") + pieces[index]
        return out

    def _compile(self, phrase: str) -> str:
        """A phrase of the data file as an expression: ``(a|b)`` alternatives (``(a|b)?``
        optional), ``…`` a gap of a few words or characters."""
        out, previous, gap, optional = "", "", False, False
        for token in _TOKEN.findall(phrase):
            if token == "…":
                gap = True
                continue
            group = token.startswith("(") and token.rstrip("?").endswith(")")
            if group:
                body = "(?:" + "|".join(self._literal(alt)
                                        for alt in token.rstrip("?")[1:-1].split("|")) + ")"
                first = last = "a"
            else:
                body, first, last = self._literal(token), token[:1], token[-1:]
            if out:
                if gap and self.words:
                    sep = rf"\s+(?:{self._gap_word}\s+){{0,{_GAP_WORDS}}}?"
                elif gap:
                    sep = self._gap_chars
                elif self.words:
                    sep = r"\s+" if previous.isalnum() and first.isalnum() else r"\s*"
                else:
                    sep = r"\s*"
                # an optional word takes its separator with it: "without (any)? risk"
                out += f"(?:{sep}{body})?" if token.endswith(")?") else sep + body
            else:
                out += f"(?:{body})?" if token.endswith(")?") else body
            optional = token.endswith(")?")
            previous, gap = (previous if optional else last), False
        if self.words:
            out = rf"(?<![\w-]){out}(?![\w-])"
        return out

    def _union(self, phrases) -> re.Pattern:
        compiled = sorted((self._compile(p) for p in phrases), key=len, reverse=True)
        return re.compile("|".join(f"(?:{c})" for c in compiled), re.IGNORECASE)

    # -- matching
    def find(self, text: str, *, negation: bool = True) -> list[ClaimMatch]:
        """The claims of *text*: negated and hedged phrases, exceptions and the clinic's
        allowed phrases left out; one match where phrases overlap, the longest first."""
        norm, where = self._prepare(text)
        raw = sorted(((m.start(), m.end(), cat) for cat, pattern in self.categories.items()
                      for m in pattern.finditer(norm) if m.end() > m.start()),
                     key=lambda r: (r[0], r[0] - r[1]))
        spans = _Spans([(s, e) for s, e, _ in raw])
        excepted = _Spans([(m.start(), m.end()) for m in self.exceptions.finditer(norm)]
                          if self.exceptions else [])
        found, last_end = [], -1
        for start, end, category in raw:
            if start < last_end:
                continue
            # The longest match at a place decides for the phrases inside it: an allowed
            # "the only lasting solution" does not leave "lasting solution" behind.
            last_end = end
            if excepted.covers(start, end):
                continue
            if self._fold(norm[start:end]) in self.allowed:
                continue
            if negation and self._negated(norm, start, end, spans):
                continue
            found.append(ClaimMatch(category, norm[start:end], where[start], where[end]))
        return found

    def present(self, text: str) -> set[str]:
        """The categories *text* has, negated or not, cues included: what a translation
        of it may carry."""
        norm = self._prepare(text)[0]
        return {cat for cat, pattern in self.presence.items() if pattern.search(norm)}

    def _clause_before(self, text: str, start: int) -> str:
        begin = max(0, start - (80 if self.words else _WINDOW_CHARS * 3))
        window = text[begin:start]
        cut = max((m.end() for m in self._breaks.finditer(window)), default=0)
        return window[cut:]

    def _negated(self, text: str, start: int, end: int, spans: "_Spans") -> bool:
        def hits(pattern: re.Pattern, offset: int, window: str) -> bool:
            # "no" of "no risk" negates nothing: a negation inside another claim is not one
            return any(not spans.holds(offset + m.start(), (start, end))
                       for m in pattern.finditer(window))

        if self.negation is not None:
            before = self._clause_before(text, start)
            if self.words:
                words = list(re.finditer(r"\S+", before))[-_WINDOW_WORDS:]
                if words:
                    cut = words[0].start()
                    before = before[cut:]
            else:
                before = before[-_WINDOW_CHARS:]
            if before and hits(self.negation, start - len(before), before):
                return True
        if self.negation_after is not None:
            window = text[end:end + (_WINDOW_CHARS * 2 if not self.words else 40)]
            match = self._breaks.search(window)
            window = window[:match.start()] if match else window
            if window and hits(self.negation_after, end, window):
                return True
        return False


class _Spans:
    """Sorted (start, end) spans, looked up near a position in logarithmic time."""

    def __init__(self, spans: list[tuple[int, int]]) -> None:
        self.spans = sorted(spans)
        self.starts = [s for s, _ in self.spans]
        self.longest = max((e - s for s, e in self.spans), default=0)

    def _near(self, position: int):
        low = bisect.bisect_left(self.starts, position - self.longest)
        high = bisect.bisect_right(self.starts, position)
        return self.spans[low:high]

    def covers(self, start: int, end: int) -> bool:
        """Whether one span holds all of start..end."""
        return any(s <= start and end <= e for s, e in self._near(start))

    def holds(self, position: int, other_than: tuple[int, int]) -> bool:
        """Whether a span other than *other_than* holds *position*."""
        return any(s <= position < e and (s, e) != other_than for s, e in self._near(position))


# --- the rules of a language, with the clinic's changes --------------------------------

def phrases_language(tag: str) -> str | None:
    """The phrase file for a locale: its own tag, else its language (``ja-JP`` -> ``ja``,
    ``zh-Hant-HK`` -> ``zh-TW``); ``None`` when no list is shipped."""
    parts = tag.split("-")
    candidates = [tag]
    if parts[0] == "zh":
        hant = any(p in ("Hant", "TW", "HK", "MO") for p in parts[1:])
        candidates.append("zh-TW" if hant else "zh-CN")
    candidates.append(parts[0])
    return next((c for c in candidates if (PHRASES_DIR / f"{c}.txt").is_file()), None)


@lru_cache(maxsize=64)
def _shipped(language: str) -> _Phrases:
    path = PHRASES_DIR / f"{language}.txt"
    return read_phrases(path.read_text(encoding="utf-8"), path)


@lru_cache(maxsize=64)
def _rules(language: str, added: tuple[tuple[str, str], ...],
           allowed: tuple[str, ...]) -> ClaimRules:
    base = _shipped(language) if (PHRASES_DIR / f"{language}.txt").is_file() else _Phrases()
    merged = _Phrases(base.mode, base.spaces_break, base.phrases + added, base.exceptions,
                      base.cues, base.negation, base.negation_after)
    return ClaimRules(language, merged, allowed)


def claim_rules(tag: str, config=None) -> ClaimRules | None:
    """The claim rules of locale *tag*: the shipped list plus ``clinic.yaml``'s
    ``claims: add`` for it, less its ``claims: allow``.  ``None`` for a language
    with neither (and for pseudo-locales)."""
    from ..locales import parse_locale
    locale = parse_locale(tag)
    if locale.pseudo:
        return None
    language = phrases_language(locale.tag)
    added: tuple[tuple[str, str], ...] = ()
    allowed: tuple[str, ...] = ()
    if config is not None:
        for key in {locale.tag, locale.tag.split("-")[0], language}:
            for category, phrases in config.claims_add.get(key, {}).items():
                if category not in CATEGORIES:
                    raise ConfigError(f"setting 'claims': unknown category '{category}' "
                                      f"(known: {', '.join(CATEGORIES)})", config.path,
                                      config.lines.get("claims"))
                added += tuple((category, p) for p in phrases)
            allowed += config.claims_allow.get(key, ())
    if language is None and not added:
        return None
    return _rules(language or locale.tag, tuple(sorted(set(added))), tuple(sorted(set(allowed))))


def claims_severity(config, tag: str) -> str:
    """``error`` when ``clinic.yaml`` makes claims an export gate for locale *tag*,
    else ``warning``."""
    levels = getattr(config, "claims_severity", {}) or {}
    return levels.get(tag, levels.get("*", "warning"))
