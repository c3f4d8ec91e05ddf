"""Roots of a forest by pointer jumping on an MDM: one round per step, ⌈log₂ n⌉ steps.

The core of O(log n)-step connectivity (PAPER.md §2, T1's consequences): after r rounds
every node points to its 2^r-th ancestor (or its root), so ⌈log₂ n⌉ rounds leave each
node pointing at the root of its tree, which names its component.

Layout (tokens ``[BOS] [EOS] [MASK]`` then one token ``v0 .. v{n-1}`` per node)::

    [BOS]  p_0[0] .. p_0[n-1]  |  p_1[0] .. p_1[n-1]  | ... |  p_R[0] .. p_R[n-1]
           the parents (prompt)   masks, round 1              masks, round R = ⌈log₂ n⌉

A root is its own parent. Step r unmasks block r: ``p_r[v] = p_{r-1}[p_{r-1}[v]]``. The
policy finds n from the canvas length and the block from the leftmost mask.

Examples
--------
>>> from simulators.run import run
>>> parents = [0, 0, 1, 2, 4]          # a path 3 -> 2 -> 1 -> 0 and a lone root 4
>>> result = run(machine(5), policy, canvas(parents))
>>> roots(result.final, 5).tolist(), result.resources.steps
([0, 0, 0, 0, 4], 3)
"""

import math

import numpy as np

from simulators.errors import InvalidArgumentError
from simulators.machines import MDM
from simulators.vocab import Vocab

__all__ = ["NODE0", "MASK", "rounds", "nodes_for_canvas", "vocabulary", "machine", "canvas",
           "random_forest", "prompt", "policy", "roots"]

BOS, EOS, MASK, NODE0 = 0, 1, 2, 3


def rounds(n):
    """Return the rounds pointer jumping needs on n nodes: ⌈log₂ n⌉ (0 for n <= 1)."""
    return math.ceil(math.log2(n)) if n > 1 else 0


def nodes_for_canvas(length):
    """Return n such that a canvas for n nodes has ``length`` tokens (1 + n·(rounds(n) + 1))."""
    n = 0
    while 1 + n * (rounds(n) + 1) < length:
        n += 1
    return n


def vocabulary(n):
    """Return the vocabulary for n nodes."""
    return Vocab(["[BOS]", "[EOS]", "[MASK]"] + [f"v{k}" for k in range(n)])


def machine(n):
    """Return the MDM over :func:`vocabulary` (n)."""
    return MDM(vocabulary(n))


def canvas(parents):
    """Return the canvas for ``parents`` (parents[v] = v for a root).

    Raises
    ------
    InvalidArgumentError
        If a parent is not a node.
    """
    parents = np.asarray(parents, dtype=np.int64)
    n = parents.size
    if n and (parents.min() < 0 or parents.max() >= n):
        raise InvalidArgumentError(f"parents must lie in 0..{n - 1}, got {parents.tolist()}")
    masks = np.full(n * rounds(n), MASK)
    return np.concatenate([[BOS], parents + NODE0, masks]).astype(np.int32)


def random_forest(n, rng=None):
    """Return the parent array of a random forest on n nodes (relabelled at random)."""
    rng = np.random.default_rng(rng)
    order = rng.permutation(n)
    parents = np.empty(n, dtype=np.int64)
    for k, node in enumerate(order):
        root = k == 0 or rng.random() < 0.15
        parents[node] = node if root else order[rng.integers(max(0, k - 3), k)]
    return parents


def prompt(n, rng=None):
    """Return the canvas of a random forest on n nodes."""
    return canvas(random_forest(n, rng))


def policy(x):
    """Unmask the round after the last written one: each node's grandparent in that round."""
    x = np.asarray(x)
    n = nodes_for_canvas(len(x))
    masks = np.flatnonzero(x == MASK)
    if masks.size == 0:
        return None
    first = int(masks[0])
    previous = x[first - n:first].astype(np.int64) - NODE0
    tokens = (previous[previous] + NODE0).astype(np.int32)
    return np.arange(first, first + n, dtype=np.int64), tokens


def roots(final, n):
    """Return the root of each node from a finished canvas (the last block)."""
    return np.asarray(final[len(final) - n:], dtype=np.int64) - NODE0
