"""One-sided Dyck-k: is a bracket string well nested? Generator, parser, reference solver, verifier.

An instance is ``(word, pairs)``: a string over the brackets of ``pairs``, whose
consecutive characters are the opener and closer of each bracket type (``"()[]"`` is
Dyck-2). The answer is True when every closer matches the nearest unmatched opener of
its type and none is left open. (The two-sided Dyck language of the paper's Theorem 5,
where a closer may also cancel a following opener, is another family.)

Known complexity: Dyck languages are in TC⁰ (Barrington and Corbett 1989).

Examples
--------
>>> instance = parse("( [ ] )")
>>> solve(instance), verify(instance, True), solve(parse("([)]"))
(True, True, False)
"""

import numpy as np

from theory.errors import FamilyInputError
from theory.families._common import generator
from theory.families._text import WHITESPACE, without_whitespace

__all__ = ["generate", "parse", "to_text", "solve", "verify", "check", "DEFAULT_PAIRS", "CASES",
           "COMPLEXITY"]

COMPLEXITY = {
    "in": ("TC0", "Barrington, Corbett 1989"),
}

DEFAULT_PAIRS = "()[]{}<>"
"""The bracket types used when none are given: Dyck-4."""

CASES = (
    (0, ("", "()"), True),
    (2, ("()", "()"), True),
    (2, (")(", "()"), False),
    (4, ("([])", "()[]"), True),
    (4, ("([)]", "()[]"), False),
    (3, ("(()", "()"), False),
    (8, ("acdbcabd", "abcd"), True),
    (8, ("abcadbcd", "abcd"), False),
)
"""Canonical cases (n, (word, pairs), member?), shared by tests and the checker."""


def check_pairs(pairs):
    """Return ``pairs`` if it lists distinct opener/closer characters, else raise.

    Raises
    ------
    FamilyInputError
        If ``pairs`` is empty, has odd length, repeats a character or holds white space.
    """
    if (not isinstance(pairs, str) or not pairs or len(pairs) % 2
            or len(set(pairs)) != len(pairs) or set(pairs) & set(WHITESPACE)):
        raise FamilyInputError(f"bracket pairs {pairs!r}: expected an even number of distinct "
                               "characters (no white space), each opener followed by its "
                               "closer, e.g. '()[]'")
    return pairs


def check(instance):
    """Return ``instance`` as ``(word, pairs)`` if its word uses only its brackets, else raise.

    Raises
    ------
    FamilyInputError
        If it is not a pair of strings, ``pairs`` is malformed (see :func:`check_pairs`),
        or the word holds a character that is not a bracket of ``pairs``.
    """
    try:
        word, pairs = instance
    except (TypeError, ValueError):
        raise FamilyInputError("expected (word, pairs), two strings") from None
    if not isinstance(word, str):
        raise FamilyInputError(f"the word must be a string, got {type(word).__name__}")
    check_pairs(pairs)
    unknown = sorted(set(word) - set(pairs))
    if unknown:
        raise FamilyInputError(f"the word holds {''.join(unknown)!r}, not among the brackets "
                               f"{pairs!r}")
    return word, pairs


@generator
def generate(n, rng=None, pairs=DEFAULT_PAIRS):
    """Return a word of ``n`` brackets: a random well-nested word (plus one random bracket
    when ``n`` is odd), in which half the time one bracket is then replaced at random.

    Raises
    ------
    FamilyInputError
        If ``n`` is negative or ``pairs`` is malformed.
    """
    check_pairs(pairs)
    types = len(pairs) // 2
    even = n - n % 2
    stack, word = [], []
    for position in range(even):
        if stack and (len(stack) == even - position or rng.random() < 0.5):
            word.append(pairs[2 * stack.pop() + 1])
        else:
            stack.append(int(rng.integers(types)))
            word.append(pairs[2 * stack[-1]])
    if n % 2:
        word.append(pairs[int(rng.integers(len(pairs)))])
    if word and rng.random() < 0.5:
        word[int(rng.integers(len(word)))] = pairs[int(rng.integers(len(pairs)))]
    return "".join(word), pairs


def parse(text, pairs=DEFAULT_PAIRS):
    """Read a bracket string such as ``"([]{})"``; white space anywhere is ignored.

    Raises
    ------
    FamilyInputError
        If a character is not a bracket of ``pairs``, or ``pairs`` is malformed.
    """
    return check((without_whitespace(text), pairs))


def to_text(instance):
    """Write the word of ``instance`` in the form :func:`parse` reads (with its pairs)."""
    return check(instance)[0] + "\n"


def solve(instance):
    """Return True if the word is well nested, by a stack of open bracket types."""
    word, pairs = check(instance)
    index = {ch: position for position, ch in enumerate(pairs)}
    stack = []
    for ch in word:
        position = index[ch]
        if position % 2 == 0:
            stack.append(position)
        elif not stack or stack.pop() != position - 1:
            return False
    return not stack


def verify(instance, answer):
    """Return True if ``answer`` (a bool, or 0/1) is the membership of the word."""
    if isinstance(answer, (bool, np.bool_)) or (isinstance(answer, (int, np.integer))
                                                 and answer in (0, 1)):
        return bool(answer) == solve(instance)
    return False
