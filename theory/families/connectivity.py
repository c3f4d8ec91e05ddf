"""Graph connectivity: the connected components of an undirected graph. Generator, parser,
reference solver, verifier.

An instance is ``(n, edges)``: the number of vertices and an int64 array of shape
(m, 2), one edge ``u v`` per row (vertices 0..n-1; loops and repeated edges allowed).
The answer labels every vertex with a vertex of its component; ``solve`` uses the
smallest, and ``verify`` accepts any labelling that names each component by one of its
own vertices (as a parallel algorithm's arbitrary root would).

Known complexity: undirected connectivity is in L (Reingold 2008) and takes O(log n)
time on a CRCW PRAM (Shiloach and Vishkin 1982).

Examples
--------
>>> graph = parse("4\\n0 1\\n2 3\\n")
>>> solve(graph).tolist()
[0, 0, 2, 2]
>>> verify(graph, [1, 1, 3, 3]), verify(graph, [0, 0, 0, 0])
(True, False)
"""

import numpy as np

from theory.errors import FamilyInputError
from theory.families._common import generator, integer_answer
from theory.families._text import is_decimal, lines, words

__all__ = ["generate", "parse", "to_text", "solve", "verify", "check", "CASES", "COMPLEXITY"]

COMPLEXITY = {
    "in": ("L", "Reingold 2008 (undirected s-t connectivity)"),
    "parallel": ("O(log n) time, CRCW PRAM", "Shiloach, Vishkin 1982"),
}


def _graph(n, edges):
    return n, np.array(edges, dtype=np.int64).reshape(-1, 2)


CASES = (
    (1, _graph(1, []), np.array([0])),
    (3, _graph(3, [(0, 1), (1, 2)]), np.array([0, 0, 0])),
    (6, _graph(6, [(0, 1), (1, 2), (4, 5)]), np.array([0, 0, 0, 3, 4, 4])),
    (4, _graph(4, [(3, 3), (2, 0), (0, 2)]), np.array([0, 1, 0, 3])),
)
"""Canonical cases (n, (n, edges), smallest-vertex labels), shared by tests and the checker."""


def check(graph):
    """Return ``graph`` as ``(n, edges)`` with an int64 (m, 2) edge array, or raise.

    Raises
    ------
    FamilyInputError
        If it is not a pair (vertex count >= 0, edges), or an edge names a vertex outside
        0..n-1.
    """
    try:
        n, edges = graph
        n = int(n)
        edges = np.asarray(edges, dtype=np.int64).reshape(-1, 2)
    except (TypeError, ValueError, OverflowError):
        raise FamilyInputError("expected (n, edges) with edges a list of vertex pairs") from None
    if n < 0:
        raise FamilyInputError(f"the vertex count n={n} must be >= 0")
    if edges.size and (int(edges.min()) < 0 or int(edges.max()) >= n):
        row = int(np.flatnonzero(((edges < 0) | (edges >= n)).any(axis=1))[0])
        raise FamilyInputError(f"edge {row} ({int(edges[row, 0])} {int(edges[row, 1])}) joins "
                               f"vertices outside 0..n-1 = 0..{n - 1}: vertices must be "
                               f"numbered 0..n-1")
    return n, edges


@generator
def generate(n, rng=None):
    """Return a graph on ``n`` vertices with ``n // 2`` edges whose ends are drawn uniformly."""
    if n == 0:
        return _graph(0, [])
    return n, rng.integers(0, n, (n // 2, 2))


def parse(text):
    """Read the vertex count on the first line, then one edge ``u v`` per line.

    Raises
    ------
    FamilyInputError
        If the first line is not one integer, a later line is not two integers, or an
        edge names a vertex outside 0..n-1; the message gives the line number.
    """
    found = lines(text)
    if not found or len(words(found[0][1])) != 1 or not _is_integer(found[0][1]):
        raise FamilyInputError("the first line must be the number of vertices, a single "
                               "integer")
    edges = []
    for number, line in found[1:]:
        pair = words(line)
        if len(pair) != 2 or not all(_is_integer(word) for word in pair):
            raise FamilyInputError(f"line {number}: expected one edge 'u v' per line (two "
                                   f"vertex numbers), got {line[:40]!r}")
        edges.append((int(pair[0]), int(pair[1])))
    n = int(found[0][1])
    if n < 0 or n >= 1 << 62:
        raise FamilyInputError(f"the number of vertices {n} must be in 0 .. 2**62 - 1")
    if any(not (0 <= u < n and 0 <= v < n) for u, v in edges):
        bad = next(index for index, (u, v) in enumerate(edges) if not (0 <= u < n and 0 <= v < n))
        raise FamilyInputError(f"line {found[bad + 1][0]}: vertices must be numbered 0..n-1 "
                               f"(n = {n})")
    return check((n, edges))


def to_text(graph):
    """Write ``graph`` in the form :func:`parse` reads."""
    n, edges = check(graph)
    return "".join([f"{n}\n"] + [f"{int(u)} {int(v)}\n" for u, v in edges])


def solve(graph):
    """Label each vertex with the smallest vertex of its component (int64 array)."""
    n, edges = check(graph)
    parent = list(range(n))

    def root(v):
        while parent[v] != v:
            parent[v] = parent[parent[v]]
            v = parent[v]
        return v

    for u, v in edges.tolist():
        ru, rv = root(u), root(v)
        if ru != rv:
            parent[max(ru, rv)] = min(ru, rv)
    return np.array([root(v) for v in range(n)], dtype=np.int64)


def verify(graph, answer):
    """Return True if ``answer`` gives every vertex a label that is a vertex of its own
    component, the same label throughout a component and different labels for different
    components."""
    expected = solve(graph)
    labels = integer_answer(answer, expected.shape)
    if labels is None:
        return False
    if labels.size and (labels.min() < 0 or labels.max() >= labels.size):
        return False
    # each label lies in its vertex's component, and is the label of that component's
    # smallest vertex (so one label per component; distinct components differ by the first)
    return bool(np.array_equal(expected[labels], expected)
                and np.array_equal(labels[expected], labels))


def _is_integer(word):
    digits = word.lstrip("+-")
    return is_decimal(digits) and len(word) - len(digits) <= 1
