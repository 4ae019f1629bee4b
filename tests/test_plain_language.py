"""Plain language: syllables, sentences, reading grades per section, long sentences and
paragraphs, unexplained terms (i18n.content.plain_language)."""

from __future__ import annotations

import pytest
from conftest import FIXTURES, REPO, SEED_SLUG

from i18n.content.article import parse_article
from i18n.content.plain_language import (article_readability, readability, sections,
                                         sentences, syllables, unexplained_terms)

SEED = (REPO / "articles" / f"{SEED_SLUG}.md").read_text(encoding="utf-8")
PLAIN_SECTION = (FIXTURES / "claims" / "plain-section.md").read_text(encoding="utf-8")


def seed_with_plain_section():
    """The seed with its second section ('How Basement Membrane Damage Drives
    Refractory Melasma') rewritten in plain words."""
    start = SEED.index("## How Basement Membrane Damage")
    end = SEED.index("## PRP Composition")
    return SEED[:start] + PLAIN_SECTION + "\n" + SEED[end:]


@pytest.mark.parametrize("word, count", [
    ("the", 1), ("skin", 1), ("basement", 2), ("membrane", 2), ("melanin", 3),
    ("create", 2), ("science", 2), ("treatment", 2), ("usually", 4), ("beautiful", 3),
    ("hemidesmosomes", 5), ("proteoglycans", 4), ("anchored", 2), ("structures", 2),
    ("dermo-epidermal", 6), ("umbrella", 3), ("PRP", 3), ("48", 1),
])
def test_syllables(word, count):
    assert syllables(word) == count


def test_sentences_are_split_at_their_ends_only():
    text = ("Ask your doctor, e.g. Dr. Chen, about it. It takes 2.5 weeks! Does it hurt? "
            "A little")
    assert sentences(text) == ["Ask your doctor, e.g. Dr. Chen, about it.",
                               "It takes 2.5 weeks!", "Does it hurt?", "A little"]


def test_the_formulae():
    # Two sentences, 11 words, 14 syllables, 1 polysyllable ("umbrella"):
    measure = readability(["The sun can harm the skin.", "Use sunscreen or an umbrella."])
    assert (measure.words, measure.sentences, measure.syllables, measure.polysyllables) == \
        (11, 2, 14, 1)
    assert measure.flesch_kincaid == pytest.approx(0.39 * 11 / 2 + 11.8 * 14 / 11 - 15.59)
    assert measure.smog == pytest.approx(1.0430 * (30 / 2) ** 0.5 + 3.1291)
    assert measure.grade == round(max(measure.flesch_kincaid, measure.smog), 1)


def test_the_seed_reads_far_above_grade_12():
    article = parse_article(SEED, REPO / "articles" / f"{SEED_SLUG}.md")
    assert article_readability(article).grade > 12
    found = {s.title: s.readability.grade for s in sections(article)}
    assert list(found)[:2] == ["(introduction)", "The Basement Membrane: The Forgotten "
                               "Structure in Melasma Treatment"]
    assert all(grade > 8 for grade in found.values()), found
    assert "Frequently Asked Questions" in found          # the FAQ is one section


def test_a_plain_rewrite_reads_at_grade_8_or_below():
    article = parse_article(seed_with_plain_section(), "articles/x.md")
    section = next(s for s in sections(article) if s.title == "Why Melasma Can Come Back")
    assert section.readability.grade <= 8
    assert section.readability.flesch_kincaid <= 8 and section.readability.smog <= 8


def test_terms_unexplained_at_first_use():
    article = parse_article(SEED, REPO / "articles" / f"{SEED_SLUG}.md")
    found = {t.word for t in unexplained_terms(article)}
    assert {"dermis", "melanin", "hemidesmosomes", "phagocytosed", "angiogenesis"} <= found
    # "basement membrane zone (BMZ)" explains its abbreviation; "(melanophages)" glosses
    # itself with the words before it; "type IV" is a number, not a term.
    assert not {"BMZ", "melanophages", "IV", "A4"} & found
    # A glossary note explains a term the text does not.
    assert "PRP" in found and "PRP" not in {t.word for t in unexplained_terms(
        article, {"prp"})}


@pytest.mark.parametrize("sentence", [
    "The outer skin layer (epidermis) protects you.",
    "The epidermis, the outer layer of the skin, protects you.",
    "The epidermis is the outer layer of the skin.",
    "The epidermis — the outer layer — protects you.",
    "This layer is called the epidermis.",
    "Epidermis (the outer layer of the skin) protects you.",
])
def test_a_term_explained_where_it_is_used(sentence):
    article = parse_article(SEED.split("\n---\n", 1)[0] + "\n---\n\n" + sentence + "\n",
                            "articles/x.md")
    assert unexplained_terms(article) == []
