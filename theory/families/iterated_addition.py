"""Iterated addition: the sum of n integers. Generator, parser, reference solver, verifier.

An instance is a one-dimensional int64 array whose sum is a 64-bit integer (read as
in prefix_sums); its answer is the sum.

Known complexity: iterated addition is in TC⁰ (Chandra, Stockmeyer and Vishkin 1984)
and not in AC⁰ (the sum of n bits, mod 2, is their parity: Furst, Saxe and Sipser
1984); a balanced tree adds n numbers in ⌈log₂ n⌉ EREW PRAM steps with n - 1 additions.

Examples
--------
>>> values = parse("10 20 -5")
>>> solve(values), verify(values, 25)
(25, True)
"""

import numpy as np

from theory.errors import FamilyInputError
from theory.families import prefix_sums
from theory.families._text import integers

__all__ = ["generate", "parse", "to_text", "solve", "verify", "check", "CASES", "COMPLEXITY"]

COMPLEXITY = {
    "in": ("TC0", "Chandra, Stockmeyer, Vishkin 1984"),
    "not in": ("AC0", "parity reduces to it: Furst, Saxe, Sipser 1984"),
    "parallel": ("⌈log₂ n⌉ time, n - 1 work, EREW PRAM", "a balanced tree of additions"),
}

CASES = tuple((n, values, int(sums[-1]) if n else 0) for n, values, sums in prefix_sums.CASES)
"""Canonical cases (n, values, sum), shared by tests and the checker."""

generate = prefix_sums.generate
to_text = prefix_sums.to_text


def check(values):
    """Return ``values`` as an int64 array if it is an instance, else raise.

    Raises
    ------
    FamilyInputError
        If ``values`` is not a one-dimensional array of integers, or their sum leaves the
        64-bit range.
    """
    array = prefix_sums.integer_array(values)
    if not prefix_sums.sums_fit(array, lambda exact: [sum(exact)]):
        raise FamilyInputError("the sum leaves the 64-bit range -2**63 .. 2**63-1; use "
                               "smaller values")
    return array


def parse(text):
    """Read integers separated by white space, e.g. ``"10 20 -5"``.

    Raises
    ------
    FamilyInputError
        If a word is not a decimal integer, or the sum leaves the 64-bit range.
    """
    return check(integers(text))


def solve(values):
    """Return the sum of ``values`` as an int."""
    return int(np.sum(check(values), dtype=np.int64))


def verify(values, answer):
    """Return True if ``answer`` is the integer sum of ``values``."""
    return isinstance(answer, (int, np.integer)) and not isinstance(answer, bool) \
        and int(answer) == solve(values)
