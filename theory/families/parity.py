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

__all__ = ["generate", "solve", "verify", "CASES", "COMPLEXITY"]

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


def generate(n, rng=None):
    """Return ``n`` uniformly random bits as a uint8 array.

    Parameters
    ----------
    n : int
        Number of bits (>= 0).
    rng : None, int or numpy.random.Generator
        Source of randomness; a seed or None is turned into a Generator.

    Raises
    ------
    ValueError
        If ``n`` is negative.
    """
    if n < 0:
        raise ValueError(f"n={n} must be >= 0")
    return np.random.default_rng(rng).integers(0, 2, size=n, dtype=np.uint8)


def solve(bits):
    """Return the parity (0 or 1) of ``bits``, by counting ones."""
    return int(np.count_nonzero(np.asarray(bits)) % 2)


def verify(bits, answer):
    """Return True if ``answer`` is the parity of ``bits``."""
    return answer == solve(bits)
