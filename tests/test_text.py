"""i18n.text: the one hidden-character test, and the readers that share it."""

from __future__ import annotations

import pytest

from i18n.text import LINE_CONTROLS, describe, first_hidden, hidden_characters

#: Format characters (Cf), control characters (Cc), and text that is neither.
FORMAT = ["\u202e", "\u202a", "\u2066", "\u2069", "\u200b", "\u200d", "\ufeff", "\u00ad",
          "\u200e", "\u200f", "\u061c"]
CONTROL = ["\x00", "\x07", "\x1b", "\x7f", "\x85", "\r"]
VISIBLE = ["a", "é", "次", "\u00a0", " ", "\u3000", "\U0001F600"]


def test_format_characters_are_found_with_their_index():
    assert hidden_characters("24\u202e至48\u200b") == [(2, "\u202e"), (6, "\u200b")]
    assert first_hidden("24\u202e至48\u200b") == (2, "\u202e")
    assert hidden_characters("24至48小時") == [] and first_hidden("24至48") is None


@pytest.mark.parametrize("char", FORMAT + CONTROL + VISIBLE)
def test_controls_only_when_asked(char):
    text = f"x{char}y"
    assert bool(hidden_characters(text)) == (char in FORMAT)
    assert bool(hidden_characters(text, controls=True)) == (char in FORMAT + CONTROL)


def test_allowed_characters_are_not_reported():
    text = "line\n\tnext\u200f\u202e"
    assert hidden_characters(text, controls=True) == [(4, "\n"), (5, "\t"), (10, "\u200f"),
                                                      (11, "\u202e")]
    assert hidden_characters(text, allow=LINE_CONTROLS | {"\u200f"}, controls=True) == \
        [(11, "\u202e")]


def test_describe_names_the_code_point():
    assert describe("\u202e") == "U+202E RIGHT-TO-LEFT OVERRIDE"
    assert describe("\u200b") == "U+200B ZERO WIDTH SPACE"
    assert describe("\x07") == "U+0007 control character"


# --- the readers agree with it ---------------------------------------------------------

@pytest.mark.parametrize("char", FORMAT + CONTROL + VISIBLE + ["\n", "\t"])
def test_every_reader_uses_the_same_test(tmp_path, char):
    """The invisible check, clinic.yaml, reviewer names and manifests refuse exactly
    the characters :func:`hidden_characters` finds, each with its own allowances."""
    from i18n.catalogs.review import valid_name
    from i18n.checks.invisible import RTL_MARKS, invisible_characters
    from i18n.config import load_config
    from i18n.errors import ConfigError
    from i18n.publish.manifest import JobResult

    text = f"Lin{char}Mei"
    # Control characters are errors in catalogs too (issue 22): a tab or a line break is not.
    assert invisible_characters(text) == hidden_characters(text, allow=LINE_CONTROLS,
                                                           controls=True)
    assert invisible_characters(text, rtl=True) == hidden_characters(
        text, allow=RTL_MARKS | LINE_CONTROLS, controls=True)

    config = tmp_path / "clinic.yaml"
    config.write_text('clinic_name: x\nstandard_disclaimer: y\ntranslators:\n  zh-TW: "'
                      + text.encode("unicode_escape").decode("ascii").replace('"', '\\"')
                      + '"\n', encoding="utf-8")
    refused = bool(hidden_characters(text, allow=LINE_CONTROLS, controls=True))
    if refused:
        with pytest.raises(ConfigError, match=f"U\\+{ord(char):04X}"):
            load_config(config)
    else:
        load_config(config)

    # A reviewer's name must also be printable: a tab or a line break is refused there.
    assert valid_name(text) == (text.isprintable()
                                and not hidden_characters(text, controls=True))

    entry = {"slug": "x", "locale": "en", "status": "blocked", "reason": text}
    if hidden_characters(text, controls=True):
        with pytest.raises(ValueError, match="control or invisible"):
            JobResult.from_manifest(entry)
    else:
        assert JobResult.from_manifest(entry).reason == text
