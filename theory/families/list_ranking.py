"""List ranking: each node's distance to the end of its list. Generator, parser, solver, verifier.

An instance is the successor array of a set of linked lists on nodes 0..n-1 (int64):
``successor[v]`` is the node after ``v``, and a tail is its own successor. Every node
must reach a tail (no cycles). The answer is the rank of each node: the number of links
from it to its tail (0 for a tail).

Known complexity: O(log n) time on an EREW PRAM, by pointer jumping with O(n log n)
work (Wyllie 1979) or optimally with O(n) work (Cole and Vishkin 1988; Anderson and
Miller 1988); in L, by walking from each node to its tail.

Examples
--------
>>> successor = parse("2 3 1 3")
>>> solve(successor).tolist()
[3, 1, 2, 0]
>>> verify(successor, [3, 1, 2, 0]), verify(successor, [0, 0, 0, 0])
(True, False)
"""

import numpy as np

from theory.errors import FamilyInputError
from theory.families._common import generator, same_integers
from theory.families._text import integers

__all__ = ["generate", "parse", "to_text", "solve", "verify", "check", "CASES", "COMPLEXITY"]

COMPLEXITY = {
    "in": ("L", "walk from each node to its tail, counting links"),
    "parallel": ("O(log n) time, EREW PRAM", "Wyllie 1979; Cole, Vishkin 1988"),
}

CASES = (
    (1, np.array([0]), np.array([0])),
    (4, np.array([2, 3, 1, 3]), np.array([3, 1, 2, 0])),
    (4, np.array([1, 1, 3, 3]), np.array([1, 0, 1, 0])),
    (5, np.array([1, 2, 3, 4, 4]), np.array([4, 3, 2, 1, 0])),
)
"""Canonical cases (n, successor, ranks), shared by tests and the checker; the third
holds two lists."""


def check(successor):
    """Return ``successor`` as an int64 array with the ranks it defines, or raise.

    Returns
    -------
    (numpy.ndarray, numpy.ndarray)
        The successor array and the rank of each node.

    Raises
    ------
    FamilyInputError
        If it is not a one-dimensional integer array, a successor is not a node, or a
        node never reaches a tail (the lists have a cycle).
    """
    array = np.asarray(successor)
    if array.ndim != 1 or (array.size and not np.issubdtype(array.dtype, np.integer)):
        raise FamilyInputError(f"expected a one-dimensional array of node indices, got shape "
                               f"{array.shape} and dtype {array.dtype}")
    n = array.size
    if n and (int(array.min()) < 0 or int(array.max()) >= n):
        bad = int(np.flatnonzero((array < 0) | (array >= n))[0])
        raise FamilyInputError(f"successor of node {bad} is {int(array[bad])}; successors must "
                               f"be node indices 0..{n - 1}")
    array = array.astype(np.int64)
    rank = np.full(n, -1, dtype=np.int64)
    rank[array == np.arange(n)] = 0
    for start in range(n):
        path, node = [], start
        while rank[node] < 0:
            path.append(node)
            if len(path) > n:
                raise FamilyInputError(f"node {start} never reaches a tail (the list has a "
                                       "cycle)")
            node = int(array[node])
        base = int(rank[node])
        for offset, visited in enumerate(reversed(path), start=1):
            rank[visited] = base + offset
    return array, rank


@generator
def generate(n, rng=None):
    """Return the successor array of one random list through all ``n`` nodes."""
    order = rng.permutation(n)
    successor = np.empty(n, dtype=np.int64)
    successor[order[:-1]] = order[1:]
    if n:
        successor[order[-1]] = order[-1]
    return successor


def parse(text):
    """Read the successor of each node 0..n-1, separated by white space, e.g. ``"2 3 1 3"``.

    Raises
    ------
    FamilyInputError
        If a word is not an integer, a successor is not a node, or the lists have a cycle.
    """
    return check(integers(text, "node indices"))[0]


def to_text(successor):
    """Write ``successor`` in the form :func:`parse` reads."""
    return " ".join(str(int(v)) for v in successor) + "\n"


def solve(successor):
    """Return the rank of each node (int64 array)."""
    return check(successor)[1]


def verify(successor, answer):
    """Return True if ``answer`` lists exactly the rank of each node."""
    return same_integers(answer, solve(successor))
