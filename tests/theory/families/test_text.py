"""One white-space rule for every family's text form: ASCII space, tab and line breaks are
ignored between items, anything else is refused, the same for every format."""

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from theory.errors import FamilyInputError
from theory.families import circuit_value, one_sided_dyck, parity, prefix_sums
from theory.families._text import WHITESPACE, integers, lines, without_whitespace, words

SPACE = st.text(alphabet=WHITESPACE, min_size=1, max_size=3)
OTHER_SPACE = ["\u00a0", "\u2003", "\u3000", "\x1c", "\x85"]  # white space to str.split only

# (parse, items, joined without space) for each format whose items may be spaced freely
BIT_FORMATS = {
    "parity": (parity.parse, lambda parsed: parsed.tolist()),
    "dyck": (one_sided_dyck.parse, lambda parsed: parsed[0]),
    "circuit bits": (lambda text: circuit_value.parse(text.replace("\n", " ") + "\nNOT 0\n"),
                     lambda parsed: parsed[0].tolist()),
}
ITEMS = {"parity": "1011", "dyck": "([])", "circuit bits": "1011"}


@pytest.mark.parametrize("name", BIT_FORMATS)
@given(spaces=st.lists(SPACE, min_size=5, max_size=5))
def test_ascii_white_space_between_characters_is_ignored(name, spaces):
    parse, value = BIT_FORMATS[name]
    plain = ITEMS[name]
    spaced = "".join(space + ch for space, ch in zip(spaces, plain)) + spaces[-1]
    if name == "circuit bits":
        spaced = spaced.replace("\n", " ").replace("\r", " ")  # the bits are one line
    assert value(parse(spaced)) == value(parse(plain))


@pytest.mark.parametrize("name", BIT_FORMATS)
@pytest.mark.parametrize("space", OTHER_SPACE, ids=ascii)
def test_other_white_space_is_refused_alike(name, space):
    parse, _ = BIT_FORMATS[name]
    with pytest.raises(FamilyInputError):
        parse(ITEMS[name][:2] + space + ITEMS[name][2:])


@pytest.mark.parametrize("space", OTHER_SPACE, ids=ascii)
def test_other_white_space_does_not_separate_integers(space):
    with pytest.raises(FamilyInputError, match="word 1"):
        prefix_sums.parse(f"1{space}2")


@given(st.lists(st.integers(-(2**63), 2**63 - 1), max_size=20), st.lists(SPACE, min_size=21,
                                                                      max_size=21))
def test_integers_read_back_with_any_ascii_spacing(values, spaces):
    text = "".join(space + str(value) for space, value in zip(spaces, values)) + spaces[-1]
    assert integers(text).tolist() == values


def test_words_lines_and_removal_agree_on_the_rule():
    text = " a\tb\r\n\n c\vd\fe "
    assert words(text) == ["a", "b", "c", "d", "e"]
    assert without_whitespace(text) == "abcde"
    assert lines(text) == [(1, "a\tb"), (3, "c\vd\fe")]
    assert words("") == [] and integers("  ").size == 0


def test_integers_refuse_what_int_would_accept():
    for text in ("1_000", "\u0661", "0x10", "1e3"):  # int() takes the first two
        with pytest.raises(FamilyInputError):
            integers(text)
    assert np.array_equal(integers("+5 -0"), [5, 0])
