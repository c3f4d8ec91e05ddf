"""Parity: is the number of ones in a bit string odd? Generator, reference solver, verifier.

Known complexity: parity is not in AC⁰ (Furst, Saxe and Sipser 1984; Ajtai 1983) and is
in TC⁰ (one threshold gate) and NC¹ (a balanced XOR tree of depth log n).

Examples
--------
>>> bits = generate(8, rng=0)
>>> verify(bits, solve(bits))
True
"""

import numpy as np

from theory.errors import FamilyInputError
from theory.families._common import generator

__all__ = ["check", "generate", "parse", "solve", "verify", "CASES", "COMPLEXITY"]

COMPLEXITY = {
    "not in": ("AC0", "Furst, Saxe, Sipser 1984; Ajtai 1983"),
    "in": ("TC0", "a single threshold gate computes it"),
}

CASES = (
    (0, np.array([], dtype=np.uint8), 0),
    (1, np.array([1], dtype=np.uint8), 1),
    (2, np.array([1, 1], dtype=np.uint8), 0),
    (5, np.array([1, 0, 1, 1, 0], dtype=np.uint8), 1),
    (6, np.array([0, 0, 0, 0, 0, 0], dtype=np.uint8), 0),
)
"""Canonical cases (n, bits, parity), shared by tests and the checker."""


@generator
def generate(n, rng=None):
    """Return ``n`` uniformly random bits as a uint8 array.

    Parameters
    ----------
    n : int
        Number of bits (>= 0).
    rng : None, int or numpy.random.Generator
        Source of randomness; a seed or None is turned into a Generator.
    """
    return rng.integers(0, 2, size=n, dtype=np.uint8)


def parse(text):
    """Read a string of '0'/'1' characters as a uint8 array; white space anywhere is ignored.

    Raises
    ------
    FamilyInputError
        If any other character occurs; the message gives its offset in ``text``.

    Examples
    --------
    >>> parse(" 10 1 1 ").tolist()
    [1, 0, 1, 1]
    """
    raw = np.frombuffer(text.encode("utf-8"), dtype=np.uint8)
    space = np.isin(raw, np.frombuffer(b" \t\r\n\v\f", dtype=np.uint8))
    bad = np.flatnonzero((raw != ord("0")) & (raw != ord("1")) & ~space)
    if bad.size:
        offset = int(bad[0])
        shown = text.encode("utf-8")[offset:offset + 4].decode("utf-8", errors="ignore")[:1]
        raise FamilyInputError(f"expected only '0' and '1' characters; found {shown!r} at byte "
                               f"offset {offset}")
    return (raw[~space] - ord("0")).astype(np.uint8)


def check(bits):
    """Return ``bits`` as a uint8 array if it is an instance (one dimension, 0s and 1s), else raise.

    Raises
    ------
    FamilyInputError
        Naming the first value that is not a bit.

    Examples
    --------
    >>> check([1, 0, True]).tolist()
    [1, 0, 1]
    """
    array = np.asarray(bits)
    if array.ndim != 1 or (array.size and array.dtype.kind not in "biu"):
        raise FamilyInputError(f"parity bits are a one-dimensional array of 0s and 1s; got "
                               f"shape {array.shape} of {array.dtype}")
    bad = np.flatnonzero((array != 0) & (array != 1))
    if bad.size:
        raise FamilyInputError(f"bits[{bad[0]}]={array[bad[0]]} is not a bit (0 or 1)")
    return array.astype(np.uint8)


def solve(bits):
    """Return the parity (0 or 1) of ``bits``, by counting ones."""
    return int(np.count_nonzero(np.asarray(bits)) % 2)


def verify(bits, answer):
    """Return True if ``answer`` is the parity of ``bits``."""
    return answer == solve(bits)
