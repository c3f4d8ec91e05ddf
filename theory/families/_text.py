"""Reading family instances from text: one white-space rule (ASCII) and 64-bit integers."""

import re

import numpy as np

from theory.errors import FamilyInputError

__all__ = ["WHITESPACE", "words", "without_whitespace", "integers", "is_decimal", "lines"]

WHITESPACE = " \t\r\n\v\f"
"""The white space every family's text format ignores between items (ASCII only, as in
parity's bit strings); any other character is part of an item."""

_SPLIT = re.compile(f"[{re.escape(WHITESPACE)}]+")
_INTEGER = re.compile(r"[+-]?[0-9]+")
_INT64 = (-(1 << 63), (1 << 63) - 1)


def words(text):
    """Split ``text`` at runs of white space; no empty words.

    Examples
    --------
    >>> words(" 3\\t-1\\n4 ")
    ['3', '-1', '4']
    """
    stripped = text.strip(WHITESPACE)
    return _SPLIT.split(stripped) if stripped else []


def without_whitespace(text):
    """Return ``text`` with every white-space character removed.

    Examples
    --------
    >>> without_whitespace("( [ ]\\n)")
    '([])'
    """
    return _SPLIT.sub("", text)


def is_decimal(word):
    """True if ``word`` is ASCII digits, at most 19 of them after leading zeros (the
    64-bit range; ``int()`` itself refuses more than 4,300 digits with a ValueError).

    >>> is_decimal("0042"), is_decimal("\u00b2"), is_decimal("9" * 20), is_decimal("-1")
    (True, False, False, False)
    """
    return word.isascii() and word.isdigit() and len(word.lstrip("0")) <= 19


def integers(text, what="integers"):
    """Read white-space separated decimal integers into an int64 array.

    Raises
    ------
    FamilyInputError
        If a word is not a decimal integer or lies outside the 64-bit range; the message
        gives its number (1-based) and the word.

    Examples
    --------
    >>> integers("3 -1 +4").tolist()
    [3, -1, 4]
    """
    values = []
    for number, word in enumerate(words(text), start=1):
        if not _INTEGER.fullmatch(word):
            raise FamilyInputError(f"expected {what} separated by white space; word {number} "
                                   f"is {_shown(word)}")
        digits = word.lstrip("+-").lstrip("0")  # int() refuses more than 4,300 digits
        value = int(word) if len(digits) <= 19 else None
        if value is None or not _INT64[0] <= value <= _INT64[1]:
            raise FamilyInputError(f"word {number} ({_shown(word)}) is outside the 64-bit "
                                   "integer range -2**63 .. 2**63-1")
        values.append(value)
    return np.array(values, dtype=np.int64)


def lines(text):
    """Split ``text`` into lines at newlines only, each stripped of white space; blank
    lines are dropped. Returns (line number, line) pairs.

    Examples
    --------
    >>> lines("101\\r\\n\\n AND 0 1 \\n")
    [(1, '101'), (3, 'AND 0 1')]
    """
    found = []
    for number, line in enumerate(text.split("\n"), start=1):
        line = line.strip(WHITESPACE)
        if line:
            found.append((number, line))
    return found


def _shown(word, limit=30):
    return repr(word if len(word) <= limit else word[:limit] + "...")
