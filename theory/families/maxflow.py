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

import random
from dataclasses import dataclass

import numpy as np

from theory.errors import FamilyInputError
from theory.families._checks import instance_of
from theory.families._text import words

__all__ = ["check", "FlowInstance", "NODE_POOL", "OFFICIAL_ATTEMPTS", "OFFICIAL_RANGES", "generate",
           "official_graph", "official_attempts", "official_dataset", "parse", "solve",
           "max_flow_value", "verify", "CASES", "COMPLEXITY"]

COMPLEXITY = {
    "complete for": ("P", "Goldschlager, Shaw and Staples 1982 (max-flow is P-complete)"),
}

NODE_POOL = 15
"""The official loader draws node ids from 0..14 by default (PAPER.md §3.3)."""

OFFICIAL_ATTEMPTS = 10
"""How many graphs the official loader draws for one seed before it gives up on min_flow."""

OFFICIAL_RANGES = dict(min_nodes=10, max_nodes=15, min_edges=30, max_edges=50, min_flow=3,
                       max_flow=5)
"""The official dataset builder's default ranges (``generate_random_dataset``). The
generator script's own command line defaults differ: 10 nodes, 50 edges, flow 1-100, seed
42, 1000 graphs."""

_OFFICIAL_MAX_NODES = 1000
"""Largest graph :func:`official_graph` builds (it lists every ordered pair of nodes)."""


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


def check(instance):
    """Return ``instance`` if it is a :class:`FlowInstance` whose graph is well formed (no
    self-loop or repeated edge; source and target distinct nodes), else raise."""
    instance = instance_of(instance, FlowInstance, "parse(text) or generate(n)")
    return _checked(instance.nodes, instance.edges, instance.source, instance.target)


def generate(n, rng=None, edges=None):
    """Return a random graph of exactly ``n`` nodes and ``edges`` edges (for size sweeps).

    The nodes are a random sample of the pool 0..max(14, n − 1), the edges distinct
    node pairs each given a random direction (so no edge runs both ways), source and
    target two distinct nodes; numpy's generator draws everything. ``edges`` defaults
    to 2n, capped at n(n − 1)/2. This is not the official loader's graph (its sizes are
    random, see :func:`official_graph`); it shares only the node pool and the rule of
    one direction per pair.

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


def _check_official_ranges(seed, ranges):
    for name, value in (("seed", seed),) + tuple(ranges.items()):
        if isinstance(value, bool) or not isinstance(value, int) or value < 0:
            raise FamilyInputError(f"{name}={value!r} must be a non-negative integer")
    for low, high in (("min_nodes", "max_nodes"), ("min_edges", "max_edges"),
                      ("min_flow", "max_flow")):
        if ranges[low] > ranges[high]:
            raise FamilyInputError(f"{low}={ranges[low]} is above {high}={ranges[high]}")
    if ranges["min_nodes"] < 2:
        raise FamilyInputError(f"min_nodes={ranges['min_nodes']}: a flow network needs at "
                               "least 2 nodes")
    if ranges["max_nodes"] > ranges["max_node_id"] + 1:
        raise FamilyInputError(f"max_nodes={ranges['max_nodes']} nodes do not fit the pool "
                               f"0..{ranges['max_node_id']} (max_node_id)")
    if ranges["max_nodes"] > _OFFICIAL_MAX_NODES:
        raise FamilyInputError(f"max_nodes={ranges['max_nodes']} is above "
                               f"{_OFFICIAL_MAX_NODES}, the largest official-style graph built")


def _add_random_edges(graph, total, rng):
    """The loader's top-up: sample the missing edges at once from every free ordered pair.

    The free pairs are listed once, before sampling, so a sample can hold both (u, v)
    and (v, u); the loader removes such pairs later.
    """
    missing = total - graph.number_of_edges()
    if missing <= 0:
        return
    free = [(u, v) for u in graph for v in graph
            if u != v and not graph.has_edge(u, v) and not graph.has_edge(v, u)]
    if free:
        graph.add_edges_from(rng.sample(free, min(missing, len(free))))


def _drop_two_way_edges(graph, rng):
    """The loader's clean-up, draw for draw: for each edge (u, v) in edge order whose
    reverse exists and is not already listed, draw one ``rng.random()`` and list (u, v)
    if it is below 0.5, else (v, u); then remove every listed edge. When the first draw
    of a pair lists the later edge, the later edge draws again and can list the first:
    then both directions go."""
    doomed = []
    for u, v in list(graph.edges()):
        if graph.has_edge(v, u) and (v, u) not in doomed:
            doomed.append((u, v) if rng.random() < 0.5 else (v, u))
    graph.remove_edges_from(doomed)


def official_attempts(seed, *, min_nodes=10, max_nodes=15, min_edges=30, max_edges=50,
                      min_flow=3, max_flow=5, max_node_id=14):
    """Yield the official loader's :data:`OFFICIAL_ATTEMPTS` graphs for ``seed``, in order.

    Each item is ``(instance, flow)`` with the unit-capacity max-flow value ``flow``. The
    loader keeps the first attempt whose flow reaches ``min_flow`` and, when none does,
    the last (:func:`official_graph`). Arguments are those of :func:`official_graph`.

    Raises
    ------
    FamilyInputError
        As :func:`official_graph`, when the first item is asked for.
    """
    import networkx as nx

    ranges = dict(min_nodes=min_nodes, max_nodes=max_nodes, min_edges=min_edges,
                  max_edges=max_edges, min_flow=min_flow, max_flow=max_flow,
                  max_node_id=max_node_id)
    _check_official_ranges(seed, ranges)
    rng = random.Random(seed)
    n = rng.randint(min_nodes, max_nodes)
    rng.randint(min_flow, max_flow)  # the "guaranteed" flow k: drawn, never used
    total_edges = rng.randint(min_edges, max_edges)
    for attempt in range(OFFICIAL_ATTEMPTS):
        nodes = sorted(random.Random(seed + attempt).sample(range(max_node_id + 1), n))
        graph = nx.DiGraph()
        graph.add_nodes_from(nodes)
        _add_random_edges(graph, min(rng.randint(20, 30), total_edges), rng)
        source, target = rng.sample(nodes, 2)
        if not nx.has_path(graph, source, target):
            graph.add_edge(source, target)
        _add_random_edges(graph, total_edges, rng)
        _drop_two_way_edges(graph, rng)
        instance = FlowInstance(tuple(nodes), tuple(graph.edges()), source, target)
        yield instance, max_flow_value(instance)


def official_graph(seed, *, min_nodes=10, max_nodes=15, min_edges=30, max_edges=50,
                   min_flow=3, max_flow=5, max_node_id=14):
    """Return the graph the official loader makes for ``seed``, bit for bit.

    The official loader is ``generate_graph`` in cl-1-koi/AP-MDM,
    dataset/max_flow/maxflow_loader.py (commit 822a2fd); its dataset's graph i uses seed
    S + i. One ``random.Random(seed)`` draws, in this order: the node count n in
    [min_nodes, max_nodes], a "guaranteed" flow k in [min_flow, max_flow] and an edge
    total m in [min_edges, max_edges]. Then up to :data:`OFFICIAL_ATTEMPTS` attempts
    (attempt r = 0, 1, ...) each: the nodes, a sorted sample of n ids from
    0..max_node_id by a fresh ``random.Random(seed + r)``; random edges up to
    min(randint(20, 30), m); source and target by ``rng.sample(nodes, 2)``; the edge
    source → target if the target is unreachable; random edges up to m (each top-up
    samples from the free ordered pairs listed once, so it can add both (u, v) and
    (v, u)); then, for each edge (u, v) in edge order whose reverse exists and is not
    yet listed, one ``rng.random()`` lists (u, v) if below 0.5, else (v, u), and the
    listed edges are removed (when a pair's second edge draws again, both directions can
    go). The first attempt whose max flow (capacity 1 on every edge) reaches
    ``min_flow`` is kept; if none does, the last. The edges keep networkx's order
    (``list(G.edges())``: by source in node order, then by insertion), the prompt's
    order.

    The loader's "min-cut patching" (``ensure_flow_by_patching``) never adds an edge and
    draws nothing, so it is left out: it runs before any edge has a ``capacity``
    attribute, networkx takes a missing capacity as infinite, and the source reaches the
    target at that point (the step before ensures it), so ``maximum_flow_value`` raises
    NetworkXUnbounded (the loader reads that as flow 0) and so does ``minimum_cut`` (the
    loader then stops patching). Checked with networkx 3.6.1, whose flow functions raise
    on any infinite-capacity path. Hence k does nothing beyond its draw, and the kept
    graph's flow lies below ``min_flow`` when all attempts fall short (24 of the seeds
    0..299 with the defaults).

    Parameters
    ----------
    seed : int
        Non-negative seed of the graph.
    min_nodes, max_nodes, min_edges, max_edges, min_flow, max_flow, max_node_id : int
        The loader's ranges, with its defaults.

    Returns
    -------
    FlowInstance
        Nodes in increasing order (isolated ones included), edges in the loader's order.

    Raises
    ------
    FamilyInputError
        For a negative or non-integer argument, a range whose minimum is above its
        maximum, fewer than 2 nodes, more nodes than the pool 0..max_node_id holds, or
        more than 1000 nodes.

    Examples
    --------
    >>> graph = official_graph(0)
    >>> graph.nodes, graph.source, graph.target, len(graph.edges), max_flow_value(graph)
    ((0, 1, 2, 3, 4, 5, 7, 9, 10, 11, 12, 13, 14), 0, 3, 24, 3)
    >>> graph.edges[:4]
    ((0, 11), (0, 12), (0, 3), (1, 5))
    """
    for instance, flow in official_attempts(
            seed, min_nodes=min_nodes, max_nodes=max_nodes, min_edges=min_edges,
            max_edges=max_edges, min_flow=min_flow, max_flow=max_flow,
            max_node_id=max_node_id):
        if flow >= min_flow:
            break
    return instance


def official_dataset(count, seed, *, min_nodes=10, max_nodes=15, min_edges=30, max_edges=50,
                     min_flow=3, max_flow=5):
    """Yield ``(index, instance, flow)`` for graphs 0..count-1 of the official dataset builder.

    The official builder (``MaxFlowDataManager.generate_random_dataset`` in
    cl-1-koi/AP-MDM, dataset/max_flow/maxflow_solver.py, commit 822a2fd) asks the loader
    for ``count`` graphs, graph i from seed ``seed + i`` (:func:`official_graph`, node
    pool 0..14), and **drops every graph whose max flow is below min_flow** (the loader
    keeps its last attempt when none reaches it); the kept graphs keep their index as
    ``instance_id``. ``flow`` is the graph's max flow, so a caller can drop and report.

    Raises
    ------
    FamilyInputError
        As :func:`official_graph`, before the first item; for a negative ``count``.

    Examples
    --------
    >>> [(i, flow) for i, _, flow in official_dataset(30, 0) if flow < 3]
    [(17, 1), (23, 1)]
    """
    if isinstance(count, bool) or not isinstance(count, int) or count < 0:
        raise FamilyInputError(f"count={count!r} must be a non-negative integer")
    ranges = dict(min_nodes=min_nodes, max_nodes=max_nodes, min_edges=min_edges,
                  max_edges=max_edges, min_flow=min_flow, max_flow=max_flow)
    _check_official_ranges(seed, dict(ranges, max_node_id=NODE_POOL - 1))
    return _official_dataset(count, seed, ranges)


def _official_dataset(count, seed, ranges):
    for index in range(count):
        for instance, flow in official_attempts(seed + index, **ranges):
            if flow >= ranges["min_flow"]:
                break
        yield index, instance, flow


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
