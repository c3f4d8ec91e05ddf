"""Two-sided Dyck-k: words over k letters and their inverses that freely reduce to the empty word.

A word is an int array: ``+j`` is the letter a_j, ``-j`` its inverse, for j in 1..k.
Its text form writes a_j as the j-th lower-case letter and its inverse in upper case
(``"abBA"`` is a_1 a_2 a_2⁻¹ a_1⁻¹). Membership is the word problem of the free group
F_k: both ``a a⁻¹`` and ``a⁻¹ a`` cancel, so one stack pass (free reduction) decides it.

The number of members of length m is the number of closed walks of length m from the
root of the 2k-regular tree (the Cayley graph of F_k): with ``walks(m, r)`` the walks of
m steps from a vertex at distance r back to the root, walks(0, r) = [r = 0],
walks(m, 0) = 2k·walks(m-1, 1) and walks(m, r) = walks(m-1, r-1) + (2k-1)·walks(m-1, r+1).
The same table draws a uniform member letter by letter (:func:`sample_member`).

Examples
--------
>>> is_member(parse("abBA")), is_member(parse("ab"))
(True, False)
>>> language_counts(2, 6)
[1, 0, 4, 0, 28, 0, 232]
"""

import math
import random

import numpy as np

from theory.errors import FamilyInputError
from theory.families._common import generator

__all__ = ["generate", "parse", "solve", "verify", "CASES", "COMPLEXITY", "format_word",
           "reduce_word", "is_member", "language_counts", "language_counts_bytes", "walk_counts", "sample_member",
           "check_alphabet"]

COMPLEXITY = {
    "in": ("L", "Lipton and Zalcstein 1977: the word problem of a free group is in logspace"),
    "hard for": ("NC1", "Robinson 1993: the word problem of F_2 is NC¹-hard (so not in TC⁰ "
                 "unless TC⁰ = NC¹); PAPER.md Theorem 5"),
}

CASES = (
    ("", True), ("aA", True), ("Aa", True), ("abBA", True), ("aAbB", True),
    ("aaAA", True), ("abAB", False), ("ab", False), ("a", False), ("aAa", False),
    ("bAaaAB", True),
)
"""Canonical cases (text, is a member), shared by tests and the checker."""

MAX_LETTERS = 26


def check_alphabet(k):
    """Return ``k`` if it is a usable number of letters (1..26), else raise.

    Raises
    ------
    FamilyInputError
        If ``k`` is not an integer between 1 and 26.
    """
    if isinstance(k, bool) or not isinstance(k, (int, np.integer)) or not 1 <= k <= MAX_LETTERS:
        raise FamilyInputError(f"k={k!r} letters: expected an integer from 1 to {MAX_LETTERS}")
    return int(k)


def parse(text):
    """Read a word: a_j is the j-th lower-case letter, its inverse upper case; white space ignored.

    Raises
    ------
    FamilyInputError
        If any other character occurs; the message gives its offset.

    Examples
    --------
    >>> parse("a B").tolist()
    [1, -2]
    """
    word = []
    for offset, char in enumerate(text):
        if char.isspace():
            continue
        if "a" <= char <= "z":
            word.append(ord(char) - ord("a") + 1)
        elif "A" <= char <= "Z":
            word.append(-(ord(char) - ord("A") + 1))
        else:
            raise FamilyInputError(f"expected letters a-z (generators) and A-Z (inverses); "
                                   f"found {char!r} at offset {offset}")
    return np.array(word, dtype=np.int64)


def format_word(word):
    """Return the text form of ``word`` (inverse of :func:`parse`).

    Examples
    --------
    >>> format_word([1, 2, -2, -1])
    'abBA'
    """
    return "".join(chr(ord("a") + v - 1) if v > 0 else chr(ord("A") - v - 1) for v in map(int, word))


def reduce_word(word):
    """Return the free reduction of ``word`` (a list): cancel adjacent ``x x⁻¹`` until none is left.

    Examples
    --------
    >>> reduce_word([1, 2, -2, 2])
    [1, 2]
    """
    stack = []
    for letter in map(int, word):
        if stack and stack[-1] == -letter:
            stack.pop()
        else:
            stack.append(letter)
    return stack


def is_member(word):
    """Return True if ``word`` freely reduces to the empty word."""
    return not reduce_word(word)


def solve(word):
    """Return whether ``word`` is in the two-sided Dyck language (by free reduction)."""
    if any(int(v) == 0 for v in word):
        raise FamilyInputError("letter 0 is not a letter; use +j for a_j and -j for its inverse")
    return is_member(word)


def verify(word, answer):
    """Return True if ``answer`` is the membership of ``word``."""
    return answer == solve(word)


def walk_counts(k, length):
    """Return the table ``walks[m][r]`` for m, r <= ``length`` (exact Python ints).

    ``walks[m][r]`` counts the words of m letters that reduce to one given reduced word of
    r letters (the same for every such word, by the symmetry of the tree).
    """
    k = check_alphabet(k)
    if length < 0:
        raise FamilyInputError(f"length={length} must be >= 0")
    walks = [[1] + [0] * (length + 1)]
    for m in range(1, length + 1):
        previous = walks[-1]
        row = [2 * k * previous[1]]
        row += [previous[r - 1] + (2 * k - 1) * previous[r + 1] for r in range(1, length + 1)]
        walks.append(row + [0])
    return walks


def language_counts(k, max_len):
    """Return ``counts[m]``, the number of members of length m, for m = 0..``max_len``.

    The rows of :func:`walk_counts` are made one from the last and dropped, so the memory
    is two rows and the answer (:func:`language_counts_bytes`), not the whole table.

    Raises
    ------
    FamilyInputError
        If ``k`` is not 1..26 or ``max_len`` is negative.
    """
    k = check_alphabet(k)
    if max_len < 0:
        raise FamilyInputError(f"max_len={max_len} must be >= 0")
    row, counts = [1] + [0] * (max_len + 1), [1]
    for _ in range(max_len):
        row = [2 * k * row[1]] + [row[r - 1] + (2 * k - 1) * row[r + 1]
                                  for r in range(1, max_len + 1)] + [0]
        counts.append(row[0])
    return counts


def language_counts_bytes(k, max_len):
    """Estimate the bytes :func:`language_counts` holds at once: two rows and the answer,
    ``max_len + 2`` Python ints each of up to ``max_len * log2(2k)`` bits.

    >>> language_counts_bytes(2, 10_000) < 200 * 2**20
    True
    """
    digits = max_len * math.log2(2 * k) / 30 + 1  # CPython stores 30 bits per 4-byte digit
    return int(3 * (max_len + 2) * (8 + 28 + 4 * digits))


def sample_member(length, k, rng=None):
    """Return a uniformly random member of length ``length`` over ``k`` letters.

    Letter by letter: from a prefix whose reduction has r letters, with m letters still
    to draw, cancelling the last letter has weight walks(m-1, r-1) and each of the other
    2k-1 (2k when r = 0) letters weight walks(m-1, r+1).

    Raises
    ------
    FamilyInputError
        If ``length`` is odd or negative (no member has odd length), or ``k`` is bad.
    """
    k = check_alphabet(k)
    if length < 0 or length % 2:
        raise FamilyInputError(f"length={length}: two-sided Dyck words have even length >= 0")
    chooser = random.Random(int(np.random.default_rng(rng).integers(2**63)))  # exact big ints
    walks = walk_counts(k, length)
    letters = [j for j in range(1, k + 1)] + [-j for j in range(1, k + 1)]
    stack, word = [], []
    for m in range(length, 0, -1):
        weights = []
        for letter in letters:
            cancels = bool(stack) and stack[-1] == -letter
            r = len(stack) - 1 if cancels else len(stack) + 1
            weights.append(walks[m - 1][r] if r <= length else 0)
        pick = chooser.randrange(sum(weights))
        for letter, weight in zip(letters, weights):
            if pick < weight:
                break
            pick -= weight
        word.append(letter)
        if stack and stack[-1] == -letter:
            stack.pop()
        else:
            stack.append(letter)
    return np.array(word, dtype=np.int64)


@generator
def generate(n, rng=None, k=2):
    """Return a word of length ``n``: a uniform member or a uniform word, by a fair coin.

    For odd ``n`` (no member exists) it is always a uniform word.

    Raises
    ------
    FamilyInputError
        If ``n`` is negative or ``k`` is not 1..26.
    """
    k = check_alphabet(k)
    if n % 2 == 0 and rng.integers(2):
        return sample_member(n, k, rng)
    values = rng.integers(1, k + 1, size=n) * rng.choice([-1, 1], size=n)
    return values.astype(np.int64)
