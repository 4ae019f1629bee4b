"""Plain language: how hard an English article is to read, section by section.

Patient-education guidance (AMA, NIH, the CDC Clear Communication Index) asks
for text at about a 6th to 8th grade reading level.  Per section (the lead,
then each ``##`` section and the FAQ) this measures:

- the Flesch–Kincaid grade, ``0.39 * words/sentences + 11.8 * syllables/words
  - 15.59``, and SMOG, ``1.043 * sqrt(30 * polysyllables/sentences) + 3.1291``;
  the section's *reading grade* is the higher of the two;
- sentences over 25 words and paragraphs over 150 words;
- technical terms (abbreviations, words built on medical roots) neither
  explained at their first use ("the outer skin layer (epidermis)",
  "PRP (platelet-rich plasma)", "the dermis, the deeper layer") nor in a
  glossary note.

Syllables are counted with pyphen's English hyphenation (installed with
WeasyPrint), refined by counting the vowel groups of each hyphenated part:
hyphenation alone leaves short words whole ("melanin" has no break point).
textstat is not used: it needs an NLTK corpus downloaded at run time.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Iterator

from .article import (Article, Faq, Heading, ListBlock, Paragraph, Quote, Segment,
                      plain_text)

MAX_SENTENCE_WORDS = 25
MAX_PARAGRAPH_WORDS = 150
#: Parts of words that mark a medical or scientific term.
JARGON_ROOTS = (
    "derm", "melan", "melas", "fibro", "collagen", "kerat", "cyto", "cyte", "blast",
    "genesis", "osis", "itis", "emia", "ectomy", "plasty", "phag", "desmo", "^histo",
    "proteo", "glycan", "laminin", "nidogen", "heparan", "angio", "vascul", "endotheli",
    "epitheli", "cytokine", "mesotherap", "centrifug", "metallo", "proteinase", "granul",
    "upregulat", "downregulat", "modulat", "proliferat", "differentiat", "bioactiv",
    "retinoid", "hydroquinone", "arbutin", "kojic", "lipoxin", "fibronectin", "peptide",
    "physiolog", "patholog", "therapeut", "pharmac", "intraderm", "subcut", "topical",
    "synthes", "extracellular", "lamina", "^hemi", "procollagen", "microvascul",
    "phenotyp", "inflammat", "hyperpig", "hypopig", "pigmentation", "apoptos", "oxidat",
    "antioxidant", "dermoscop", "histolog", "lesion", "refractory", "mechanotrans",
)
_JARGON = re.compile("|".join(root.replace("^", r"\A") for root in
                              sorted(JARGON_ROOTS, key=len, reverse=True)), re.IGNORECASE)
_ROMAN = re.compile(r"(?=[IVXL])X{0,3}(?:IX|IV|V?I{0,3})\Z")
_ABBREVIATION = re.compile(r"(?<![\w-])[A-Z][A-Z0-9]+(?:-(?:[A-Z0-9]+|beta|alpha|gamma))?s?"
                           r"(?![\w-])")
_COMMON_ABBREVIATIONS = {"UV", "SPF", "OK", "USA", "UK", "AM", "PM", "DNA", "FAQ", "FAQS",
                         "Q", "ID", "TV", "CT", "MRI", "ICU", "ER", "HIV", "COVID"}
_WORD = re.compile(r"[A-Za-z0-9\u00c0-\u024f](?:[A-Za-z0-9\u00c0-\u024f'’-]*[A-Za-z0-9\u00c0-\u024f])?")
_SENTENCE_END = re.compile(r"(?<=[.!?])[\"”')\]]*\s+(?=[\"“(\[]?[A-Z0-9])")
_NOT_AN_END = re.compile(r"(?:\b(?:e\.g|i\.e|etc|vs|Dr|Mr|Mrs|Ms|Prof|No|Fig|approx|al)\.)\Z",
                         re.IGNORECASE)
_DEFINING = re.compile(r"^\s*(?:\([^)]{2,}\)|,\s+(?:a|an|the|which|or|also|meaning)\b|"
                       r"\s*[—–:]\s*\S|\s+(?:is|are|means|refers\s+to)\s+(?:a|an|the|"
                       r"when|how|what)\b)")
_INTRODUCED = re.compile(r"(?:\bcalled|\bknown\s+as|\bnamed|\bterm)\s+(?:(?:the|a|an)\s+)?[\"“]?\Z",
                         re.IGNORECASE)


# --- measuring ------------------------------------------------------------------------

@lru_cache(maxsize=1)
def _hyphenator():
    import pyphen
    return pyphen.Pyphen(lang="en_US")


def _vowel_groups(part: str) -> int:
    part = part.lower()
    count = len(re.findall(r"[aeiouy]+", part))
    if count > 1 and part.endswith("e") and not part.endswith(("le", "ee", "ye")):
        count -= 1          # a silent final e: "base", "ate"
    elif count > 1 and re.search(r"[^aeiouytd]ed\Z", part):
        count -= 1          # "anchored", not "treated"
    elif count > 1 and re.search(r"[^aeiouy]es\Z", part) and \
            not re.search(r"(?:ss|x|ch|sh|ce|ge|se|ze|z)es\Z", part):
        count -= 1          # "structures", "sizes" keep theirs
    return max(count, 1)


@lru_cache(maxsize=20_000)
def syllables(word: str) -> int:
    """Syllables of an English word: pyphen's parts, each counted by its vowel groups."""
    if not re.search(r"[A-Za-z]", word):
        return 1            # a number is read as one word
    total = 0
    for piece in word.replace("’", "'").split("-"):
        letters = re.sub(r"[^A-Za-z]", "", piece)
        if not letters:
            continue
        if letters.isupper() and len(letters) > 1:
            total += len(letters)      # an abbreviation is spelled out: P-R-P
            continue
        parts = _hyphenator().inserted(letters, hyphen="\x00").split("\x00")
        total += sum(_vowel_groups(part) for part in parts)
    return max(total, 1)


def words(text: str) -> list[str]:
    return _WORD.findall(text)


def sentences(text: str) -> list[str]:
    """The sentences of a paragraph of plain text."""
    found, start = [], 0
    for match in _SENTENCE_END.finditer(text):
        if _NOT_AN_END.search(text[start:match.start()]):
            continue
        found.append(text[start:match.start()].strip())
        start = match.end()
    found.append(text[start:].strip())
    return [s for s in found if words(s)]


@dataclass(frozen=True)
class Readability:
    """The reading level of a stretch of text."""

    words: int
    sentences: int
    syllables: int
    polysyllables: int      #: words of three syllables or more

    @property
    def flesch_kincaid(self) -> float:
        if not self.words or not self.sentences:
            return 0.0
        return (0.39 * self.words / self.sentences + 11.8 * self.syllables / self.words
                - 15.59)

    @property
    def smog(self) -> float:
        if not self.sentences:
            return 0.0
        return 1.0430 * math.sqrt(self.polysyllables * 30 / self.sentences) + 3.1291

    @property
    def grade(self) -> float:
        """The reading grade: the higher of Flesch–Kincaid and SMOG, one decimal."""
        return round(max(self.flesch_kincaid, self.smog, 0.0), 1)

    def __add__(self, other: "Readability") -> "Readability":
        return Readability(self.words + other.words, self.sentences + other.sentences,
                           self.syllables + other.syllables,
                           self.polysyllables + other.polysyllables)


def readability(sentence_list: list[str]) -> Readability:
    counts = [syllables(w) for s in sentence_list for w in words(s)]
    return Readability(len(counts), len(sentence_list), sum(counts),
                       sum(1 for c in counts if c >= 3))


# --- an article, section by section ------------------------------------------------

@dataclass(frozen=True)
class Sentence:
    text: str
    segment: Segment
    offset: int             #: where it starts in the segment's plain text


@dataclass(frozen=True)
class Section:
    """A part of an article under one ``##`` heading (or the lead before the first)."""

    title: str
    line: int
    paragraphs: tuple[Segment, ...]
    readability: Readability

    def sentences(self) -> Iterator[Sentence]:
        for segment in self.paragraphs:
            text = plain_text(segment.text)
            position = 0
            for sentence in sentences(text):
                offset = text.find(sentence, position)
                position = max(offset, position)
                yield Sentence(sentence, segment, max(offset, 0))


def _prose(blocks, in_faq: bool = False) -> Iterator[Segment]:
    """The paragraphs, list items and FAQ questions and answers of *blocks* (not headings
    or tables: a cell is not a sentence)."""
    for block in blocks:
        if isinstance(block, Paragraph):
            yield block.segment
        elif isinstance(block, ListBlock):
            for item in block.items:
                yield from _prose(item.blocks)
        elif isinstance(block, Quote):
            yield from _prose(block.blocks)
        elif isinstance(block, Faq):
            for item in block.items:
                yield item.question
                yield from _prose(item.answer)


def sections(article: Article) -> list[Section]:
    """The article's sections in order, each with its reading level."""
    found: list[Section] = []
    title, line, paragraphs = "(introduction)", 0, []

    def close() -> None:
        if paragraphs:
            nonlocal line
            line = line or paragraphs[0].line
            measured = readability([s for seg in paragraphs
                                    for s in sentences(plain_text(seg.text))])
            found.append(Section(title, line, tuple(paragraphs), measured))

    for block in article.body:
        heading = block.heading if isinstance(block, Faq) else block
        if isinstance(heading, Heading) and heading.level <= 2:
            close()
            title, line, paragraphs = plain_text(heading.segment.text), heading.segment.line, []
        if isinstance(block, Heading):
            continue
        paragraphs.extend(_prose([block]))
    close()
    return found


def article_readability(article: Article) -> Readability:
    """The reading level of the whole body."""
    total = Readability(0, 0, 0, 0)
    for section in sections(article):
        total = total + section.readability
    return total


# --- terms ----------------------------------------------------------------------------

@dataclass(frozen=True)
class Term:
    """A technical term at its first use."""

    word: str
    segment: Segment
    offset: int             #: in the segment's plain text


def term_key(word: str) -> str:
    """One key for a term's forms: case and a plural s aside (MMPs = MMP)."""
    key = word.casefold()
    return key[:-1] if key.endswith("s") and len(key) > 3 else key


def _is_term(word: str) -> bool:
    if _ABBREVIATION.fullmatch(word):
        letters = sum(c.isalpha() for c in word)
        return (word.rstrip("s") not in _COMMON_ABBREVIATIONS and letters >= 2
                and not _ROMAN.match(word))
    return bool(_JARGON.search(word)) and len(word) > 4


def _explained(text: str, start: int, end: int) -> bool:
    """Whether the term at *text*[start:end] is explained where it stands."""
    before, after = text[:start], text[end:]
    if before.rstrip().endswith("(") and ")" in after:
        # "(epidermis)", "(PRP)": the words before say what it is, unless the
        # parenthesis opens the sentence.
        return bool(words(before.rstrip()[:-1])[-2:])
    if _INTRODUCED.search(before):
        return True
    return bool(_DEFINING.match(after))


def unexplained_terms(article: Article, explained: set[str] = frozenset()) -> list[Term]:
    """Each technical term whose first use in the body explains it nowhere nearby.

    *explained* holds :func:`term_key` of terms explained elsewhere (glossary
    notes).  A multi-word term explained once ("basement membrane zone
    (BMZ)") explains its abbreviation.
    """
    seen: set[str] = set(explained)
    found: list[Term] = []
    for section in sections(article):
        for segment in section.paragraphs:
            text = plain_text(segment.text)
            for match in _WORD.finditer(text):
                word = match.group()
                pieces = [word] if _ABBREVIATION.fullmatch(word) else \
                    [p for p in word.split("-") if p]
                new = [p for p in pieces if _is_term(p) and term_key(p) not in seen]
                seen.update(term_key(p) for p in pieces)
                if not new:     # "PRP-based" once PRP is explained
                    continue
                if not _explained(text, match.start(), match.end()):
                    found.append(Term(word, segment, match.start()))
    return found
