"""Argument types accept exactly the counts the engines can hold; the parser's errors are one line."""

import argparse

import pytest
from hypothesis import given
from hypothesis import strategies as st

from genpower.arguments import (INT64_MAX, HelpFormatter, OneLineParser, UsageError,
                              nonnegative_int, positive_int)


@given(st.integers(-(2**70), 2**70))
def test_count_types_accept_exactly_the_64_bit_range(value):
    for kind, low in ((positive_int, 1), (nonnegative_int, 0)):
        if low <= value <= INT64_MAX:
            assert kind(str(value)) == value
        else:
            with pytest.raises(argparse.ArgumentTypeError, match=f"from {low} to 2\\*\\*63-1"):
                kind(str(value))


@pytest.mark.parametrize("text", ["", "x", "1.5", "10**23", "1e3", "0x10"])
def test_count_types_refuse_what_is_not_a_decimal_integer(text):
    with pytest.raises(argparse.ArgumentTypeError):
        positive_int(text)


def test_parser_errors_raise_with_the_command_and_a_pointer_to_help():
    parser = OneLineParser(prog="genpower demo")
    parser.add_argument("--steps", type=positive_int, required=True)
    with pytest.raises(UsageError) as caught:
        parser.parse_args(["--steps", "0"])
    assert caught.value.prog == "genpower demo"
    assert str(caught.value) == ("argument --steps: expected an integer from 1 to 2**63-1, got "
                                 "'0' (see genpower demo --help)")


def test_help_formatter_shows_defaults_once_and_keeps_descriptions():
    parser = argparse.ArgumentParser(prog="demo", description="line one\n  kept as written",
                                     formatter_class=HelpFormatter)
    parser.add_argument("--size", default=7, help="how big")
    parser.add_argument("--mode", default="fast", help="how (default: fast)")
    parser.add_argument("--name", help="who")
    text = parser.format_help()
    assert "how big (default: 7)" in text and text.count("default: fast") == 1
    assert "who\n" in text and "  kept as written" in text
