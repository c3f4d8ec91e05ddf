"""All prefix sums of n bits in one MDM step: the oracle for the step language's depth examples.

Layout (``[BOS] [EOS] [MASK]``, then numbers ``0 .. n``)::

    [BOS]  b_1 .. b_n  [MASK] x n        -> the k-th mask gets b_1 + ... + b_k

Examples
--------
>>> positions, tokens = policy(canvas([1, 0, 1]))
>>> positions.tolist(), (tokens - NUM0).tolist()
([4, 5, 6], [1, 1, 2])
"""

import numpy as np

from simulators.machines import MDM
from simulators.vocab import Vocab

__all__ = ["NUM0", "MASK", "vocabulary", "machine", "canvas", "prompt", "policy"]

BOS, EOS, MASK, NUM0 = 0, 1, 2, 3


def vocabulary(n):
    """Return the vocabulary for n bits: numbers 0..max(n, 1)."""
    return Vocab(["[BOS]", "[EOS]", "[MASK]"] + [str(k) for k in range(max(n, 1) + 1)])


def machine(n):
    """Return the MDM over :func:`vocabulary` (n)."""
    return MDM(vocabulary(n))


def canvas(bits):
    """Return ``[BOS]``, the bits as numbers, then one mask per prefix."""
    bits = np.asarray(bits, dtype=np.int64)
    return np.concatenate([[BOS], bits + NUM0, np.full(bits.size, MASK)]).astype(np.int32)


def prompt(n, rng=None):
    """Return the canvas of n random bits."""
    return canvas(np.random.default_rng(rng).integers(0, 2, n))


def policy(x):
    """Unmask every mask with its prefix sum (None when nothing is masked)."""
    x = np.asarray(x)
    n = (len(x) - 1) // 2
    if n == 0 or x[n + 1] != MASK:
        return None
    sums = np.cumsum(x[1:n + 1].astype(np.int64) - NUM0)
    return np.arange(n + 1, 2 * n + 1, dtype=np.int64), (sums + NUM0).astype(np.int32)
