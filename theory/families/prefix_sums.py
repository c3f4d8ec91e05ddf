"""Prefix sums: the running totals of n integers. Generator, parser, reference solver, verifier.

An instance is a one-dimensional int64 array; its answer is the array of inclusive
prefix sums. Every prefix sum must be a 64-bit integer: an instance with one outside
that range is refused. (Within it, a solver that adds 64-bit words in any order and
wraps around on the way, as numpy and the PRAM do, still gets every sum exactly.)

Known complexity: prefix sums take O(log n) time and O(n) work on an EREW PRAM
(Ladner and Fischer 1980; Blelloch 1990); iterated addition is in TC⁰ (Chandra,
Stockmeyer and Vishkin 1984) and not in AC⁰ (the last sum of n bits, mod 2, is their
parity: Furst, Saxe and Sipser 1984).

Examples
--------
>>> values = generate(6, rng=0)
>>> verify(values, solve(values))
True
>>> solve(parse("3 -1 4")).tolist()
[3, 2, 6]
"""

import itertools

import numpy as np

from theory.errors import FamilyInputError
from theory.families._common import generator, same_integers
from theory.families._text import integers

__all__ = ["generate", "parse", "to_text", "solve", "verify", "check", "CASES", "COMPLEXITY"]

COMPLEXITY = {
    "in": ("TC0", "iterated addition: Chandra, Stockmeyer, Vishkin 1984"),
    "not in": ("AC0", "parity reduces to it: Furst, Saxe, Sipser 1984"),
    "parallel": ("O(log n) time, O(n) work, EREW PRAM", "Ladner, Fischer 1980; Blelloch 1990"),
}

CASES = (
    (0, np.array([], dtype=np.int64), np.array([], dtype=np.int64)),
    (1, np.array([-7], dtype=np.int64), np.array([-7], dtype=np.int64)),
    (5, np.array([3, -1, 4, 1, 5], dtype=np.int64), np.array([3, 2, 6, 7, 12], dtype=np.int64)),
    (3, np.array([2**62, -(2**62), 2**62], dtype=np.int64),
     np.array([2**62, 0, 2**62], dtype=np.int64)),
)
"""Canonical cases (n, values, prefix sums), shared by tests and the checker."""

VALUE_RANGE = (-100, 100)
"""The range ``generate`` draws values from (both ends included)."""

_INT64 = (-(1 << 63), (1 << 63) - 1)


def integer_array(values):
    """Return ``values`` as a one-dimensional int64 array, or raise FamilyInputError."""
    array = np.asarray(values)
    if array.ndim != 1 or (array.size and not np.issubdtype(array.dtype, np.integer)):
        raise FamilyInputError(f"expected a one-dimensional array of integers, got shape "
                               f"{array.shape} and dtype {array.dtype}")
    if array.size and (int(array.min()) < _INT64[0] or int(array.max()) > _INT64[1]):
        raise FamilyInputError("values must lie in the 64-bit range -2**63 .. 2**63-1")
    return array.astype(np.int64)


def sums_fit(array, totals):
    """Return True if every one of ``totals(array)`` (exact Python sums) is a 64-bit integer;
    quick when the values are small."""
    if not array.size or max(-int(array.min()), int(array.max())) * array.size <= _INT64[1]:
        return True
    return all(_INT64[0] <= total <= _INT64[1] for total in totals([int(v) for v in array]))


def check(values):
    """Return ``values`` as an int64 array if it is an instance, else raise.

    Raises
    ------
    FamilyInputError
        If ``values`` is not a one-dimensional array of integers, or a prefix sum leaves
        the 64-bit range.
    """
    array = integer_array(values)
    if not sums_fit(array, itertools.accumulate):
        raise FamilyInputError("a prefix sum leaves the 64-bit range -2**63 .. 2**63-1; use "
                               "smaller values")
    return array


@generator
def generate(n, rng=None):
    """Return ``n`` integers drawn uniformly from ``VALUE_RANGE`` (int64)."""
    low, high = VALUE_RANGE
    return rng.integers(low, high + 1, n)


def parse(text):
    """Read integers separated by white space, e.g. ``"3 -1 4 1 5"``.

    Raises
    ------
    FamilyInputError
        If a word is not a decimal integer, or the values leave the 64-bit range
        (see :func:`check`).
    """
    return check(integers(text))


def to_text(values):
    """Write ``values`` in the form :func:`parse` reads.

    Examples
    --------
    >>> to_text(np.array([3, -1]))
    '3 -1\\n'
    """
    return " ".join(str(int(v)) for v in values) + "\n"


def solve(values):
    """Return the inclusive prefix sums of ``values`` (int64 array)."""
    return np.cumsum(check(values), dtype=np.int64)


def verify(values, answer):
    """Return True if ``answer`` lists exactly the prefix sums of ``values``."""
    return same_integers(answer, solve(values))
