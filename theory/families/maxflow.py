"""Unit-capacity max-flow / min-cut on directed graphs: generator, edge-list reader, reference solver, verifier.

An instance is a :class:`FlowInstance` (nodes, directed edges, source, target); every
edge has capacity 1. An answer is the list of deleted edges ``[(u, v), ...]``: it is
right when, with those edges removed, the source no longer reaches the target and
there are exactly max-flow-value of them (a minimum cut; PAPER.md §3.3).

Known complexity: max-flow is P-complete (Goldschlager, Shaw and Staples 1982);
Edmonds–Karp takes O(V E²) time, O(V E) with unit capacities.

Examples
--------
>>> instance = parse("0 1\\n1 3\\n0 2\\n2 3\\n")
>>> max_flow_value(instance), len(solve(instance))
(2, 2)
>>> verify(instance, [(1, 3), (2, 3)]), verify(instance, [(0, 1)])
(True, False)
"""

from dataclasses import dataclass

import numpy as np

from theory.errors import FamilyInputError
from theory.families._text import words

__all__ = ["FlowInstance", "NODE_POOL", "generate", "parse", "solve", "max_flow_value",
           "verify", "CASES", "COMPLEXITY"]

COMPLEXITY = {
    "complete for": ("P", "Goldschlager, Shaw and Staples 1982 (max-flow is P-complete)"),
}

NODE_POOL = 15
"""The official loader draws node ids from 0..14 (PAPER.md §3.3)."""


@dataclass(frozen=True)
class FlowInstance:
    """A directed unit-capacity graph with a source and a target."""

    nodes: tuple
    edges: tuple
    source: int
    target: int

    def __len__(self):
        return len(self.nodes)


def _checked(nodes, edges, source, target):
    nodes = tuple(sorted(set(nodes) | {u for e in edges for u in e}))
    seen = set()
    for u, v in edges:
        if u == v:
            raise FamilyInputError(f"edge ({u}, {v}) is a self-loop")
        if (u, v) in seen:
            raise FamilyInputError(f"edge ({u}, {v}) appears twice")
        seen.add((u, v))
    if source == target:
        raise FamilyInputError(f"source and target are the same node {source}")
    for name, node in (("source", source), ("target", target)):
        if node not in nodes:
            raise FamilyInputError(f"{name} {node} is not a node of the graph")
    return FlowInstance(nodes, tuple(edges), source, target)


def generate(n, rng=None, edges=None):
    """Return a random graph on ``n`` nodes drawn from the pool 0..max(14, n − 1).

    As in the official loader: the nodes are a random sample of the pool, edges are
    random ordered pairs with no edge in both directions, source and target two
    distinct nodes. ``edges`` defaults to 2n, capped at n(n − 1)/2.

    Raises
    ------
    FamilyInputError
        For fewer than 2 nodes or more edges than n(n − 1)/2.
    """
    if n < 2:
        raise FamilyInputError(f"n={n}: a flow network needs at least 2 nodes")
    limit = n * (n - 1) // 2
    edges = min(2 * n, limit) if edges is None else edges
    if not 0 <= edges <= limit:
        raise FamilyInputError(f"edges={edges} must lie in 0..{limit} for n={n} "
                               "(no edge in both directions)")
    rng = np.random.default_rng(rng)
    nodes = sorted(int(v) for v in rng.choice(max(NODE_POOL, n), size=n, replace=False))
    pairs = [(u, v) for i, u in enumerate(nodes) for v in nodes[i + 1:]]
    chosen = rng.choice(len(pairs), size=edges, replace=False)
    picked = []
    for index in chosen:
        u, v = pairs[int(index)]
        picked.append((u, v) if rng.random() < 0.5 else (v, u))
    source, target = (int(v) for v in rng.choice(nodes, size=2, replace=False))
    return _checked(nodes, picked, source, target)


def parse(text, source=None, target=None):
    """Read an edge list, one ``u v`` per line; ``source S`` / ``target T`` lines name them.

    Without them (and without the arguments) the source is the smallest node id and the
    target the largest. Lines starting with '#' are comments.

    Raises
    ------
    FamilyInputError
        For a line that is not two non-negative integers, a repeated edge or self-loop,
        or a source/target that is not a node.
    """
    edges = []
    named = {}
    for number, line in enumerate(text.splitlines(), start=1):
        items = words(line.split("#", 1)[0])
        if not items:
            continue
        if len(items) == 2 and items[0] in ("source", "target"):
            key, value = items
        else:
            key, value = None, None
        try:
            if key:
                named[key] = int(value)
                continue
            if len(items) != 2:
                raise ValueError
            u, v = int(items[0]), int(items[1])
        except ValueError:
            raise FamilyInputError(f"line {number}: expected 'u v' (two node ids), got "
                                   f"{line.strip()!r}") from None
        if u < 0 or v < 0 or max(u, v) > 10**6:
            raise FamilyInputError(f"line {number}: node ids lie in 0..1000000")
        edges.append((u, v))
    if not edges:
        raise FamilyInputError("the graph has no edges")
    nodes = sorted({u for e in edges for u in e})
    source = named.get("source", nodes[0]) if source is None else source
    target = named.get("target", nodes[-1]) if target is None else target
    return _checked(nodes, edges, source, target)


def _graph(instance):
    import networkx as nx

    graph = nx.DiGraph()
    graph.add_nodes_from(instance.nodes)
    graph.add_edges_from(instance.edges, capacity=1)
    return graph


def max_flow_value(instance):
    """Return the maximum flow value with unit capacities (networkx)."""
    import networkx as nx

    return int(nx.maximum_flow_value(_graph(instance), instance.source, instance.target))


def solve(instance):
    """Return a minimum cut as a sorted list of edges (networkx's minimum_cut)."""
    import networkx as nx

    _, (reachable, _) = nx.minimum_cut(_graph(instance), instance.source, instance.target)
    return sorted((u, v) for u, v in instance.edges if u in reachable and v not in reachable)


def verify(instance, answer):
    """Return True if deleting ``answer`` disconnects source from target with max-flow many edges."""
    import networkx as nx

    if answer is None:
        return False
    deleted = {tuple(edge) for edge in answer}
    if len(deleted) != len(answer) or not deleted <= set(instance.edges):
        return False
    graph = _graph(instance)
    graph.remove_edges_from(deleted)
    if nx.has_path(graph, instance.source, instance.target):
        return False
    return len(deleted) == max_flow_value(instance)


CASES = (
    (4, parse("0 1\n1 3\n0 2\n2 3\n"), 2),
    (3, parse("0 1\n1 2\n"), 1),
    (3, parse("0 1\n2 1\n", source=0, target=2), 0),
)
"""Canonical cases (n, instance, max-flow value), shared by tests and the checker."""
