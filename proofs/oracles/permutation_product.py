"""The product of n permutations of five elements in one MDM step: NC¹-complete (Barrington).

Layout (``[BOS] [EOS] [MASK]``, then one token per permutation of 0..4)::

    [BOS]  π_1 .. π_n  [MASK]        -> the mask gets π_1 then π_2 ... then π_n

Composing permutations of five elements is NC¹-complete (Barrington 1989), so unless
TC⁰ = NC¹ no constant-depth transformer (log precision) does this step for every n:
it is the step whose program is expected to need depth that grows with n.

Examples
--------
>>> swap, cycle = index((1, 0, 2, 3, 4)), index((1, 2, 3, 4, 0))
>>> positions, tokens = policy(canvas([swap, swap, cycle]))
>>> positions.tolist(), PERMUTATIONS[tokens[0] - PERM0]
([4], (1, 2, 3, 4, 0))
"""

import itertools

import numpy as np

from simulators.machines import MDM
from simulators.vocab import Vocab

__all__ = ["PERM0", "MASK", "PERMUTATIONS", "COMPOSE", "index", "vocabulary", "machine",
           "canvas", "prompt", "policy"]

BOS, EOS, MASK, PERM0 = 0, 1, 2, 3
PERMUTATIONS = tuple(itertools.permutations(range(5)))
"""The 120 permutations; permutation k has token ``PERM0 + k``."""
_INDEX = {perm: k for k, perm in enumerate(PERMUTATIONS)}
COMPOSE = np.array([[_INDEX[tuple(second[first[i]] for i in range(5))] for second in PERMUTATIONS]
                    for first in PERMUTATIONS], dtype=np.int64)
"""``COMPOSE[a, b]``: the index of "apply permutation a, then b"."""


def index(permutation):
    """Return the index of ``permutation`` (a tuple of 0..4) in :data:`PERMUTATIONS`."""
    return _INDEX[tuple(permutation)]


def vocabulary(n):
    """Return the vocabulary (the same for every n)."""
    return Vocab(["[BOS]", "[EOS]", "[MASK]"] + [f"p{k}" for k in range(len(PERMUTATIONS))])


def machine(n):
    """Return the MDM over :func:`vocabulary`."""
    return MDM(vocabulary(n))


def canvas(indices):
    """Return ``[BOS]``, the permutations' tokens, then one mask."""
    return np.array([BOS, *(PERM0 + k for k in indices), MASK], dtype=np.int32)


def prompt(n, rng=None):
    """Return the canvas of n random permutations."""
    return canvas(np.random.default_rng(rng).integers(0, len(PERMUTATIONS), n).tolist())


def policy(x):
    """Write the product at the mask (the identity for n = 0); None once written."""
    x = np.asarray(x)
    if x[-1] != MASK:
        return None
    product = index(range(5))
    for token in x[1:-1]:
        product = COMPOSE[product, token - PERM0]
    return np.array([len(x) - 1], dtype=np.int64), np.array([PERM0 + product], dtype=np.int32)
