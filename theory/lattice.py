"""The class lattice: complexity classes, machine classes and problems, each edge citing its source.

An edge ``A -> B`` with ``relation="subset"`` says A ⊆ B; ``relation="in"`` says a
problem lies in a class, ``relation="complete"`` that it is complete for it. Every edge
carries ``source``; edges that are our reading rather than a stated result say
``INFERRED`` in their source. Machine classes are named ``MACHINE[budget]``, e.g.
``MDM[poly context]``; a budget on the *working* context beyond the input is written
``work``.

Examples
--------
>>> graph = build_lattice()
>>> decides(graph, "MDM[poly context]")
['P']
>>> "NC1" in where(graph, "two-sided Dyck-k")["in"]
True
"""

__all__ = ["COMPLEXITY_CHAIN", "build_lattice", "contained_in", "contains", "decides",
           "where", "draw_lattice"]

COMPLEXITY_CHAIN = ("AC0", "TC0", "NC1", "L", "NC", "P", "NP", "PSPACE")
"""The classical classes, each contained in the next."""

_STANDARD = "standard inclusion (Arora & Barak 2009, ch. 6 and 14)"

_MACHINE_EDGES = (
    # (smaller, larger, source)
    ("P", "MDM[poly context]", "Theorem 1: PRAM(P, T) ⊆ MDM(O(PT) context, O(T) steps)"),
    ("MDM[poly context]", "P", "Theorem 2: MDM(S) ⊆ PRAM(1, Õ(S³))"),
    ("NC", "MDM[polylog steps, poly context]", "Theorem 1 with T = polylog n"),
    ("MDM[polylog steps, poly context]", "NC",
     "INFERRED: polylog rounds of a constant-depth (TC⁰) step on poly context"),
    ("MDM[polylog steps, poly context]", "MDM[poly context]", "fewer steps, same context"),
    ("P", "ARM[poly context]", "ARM universality: Turing machines via lag systems "
     "(Schuurmans et al. 2024); chain of thought (Merrill & Sabharwal 2024)"),
    ("ARM[poly context]", "P", "Theorem 2's argument applies to context-bounded ARMs"),
    ("ARM[poly context]", "Masked-ARM[poly context]", "an ARM is a Masked-ARM whose "
     "canvas is all masks (PAPER.md §1.4.4)"),
    ("Masked-ARM[poly context]", "MDM[poly context]", "a Masked-ARM is an MDM that unmasks "
     "the leftmost mask (Theorem 3)"),
    ("MDM[poly context]", "Masked-ARM[poly context]", "Theorem 3: any order adds nothing"),
    ("MDM[poly context]", "AP-MDM[poly context]", "AO-MDM is a special case of AP-MDM "
     "(PAPER.md §2, other structural facts)"),
    ("PSPACE", "AP-MDM[poly context]", "Theorem 4: PSPACE with polynomial context"),
    ("AP-MDM[poly context]", "PSPACE", "INFERRED: a run at context S is a space-S "
     "computation (configurations of S tokens)"),
    ("AP-MDM[O(1) work]", "AP-MDM[log work]", "smaller budget"),
    ("AP-MDM[log work]", "AP-MDM[poly context]", "smaller budget"),
    ("MDM[O(1) work]", "MDM[log work]", "smaller budget"),
    ("MDM[log work]", "MDM[poly context]", "smaller budget"),
    ("MDM[log work]", "AP-MDM[log work]", "AO-MDM is a special case of AP-MDM"),
    ("MDM[O(1) work]", "AP-MDM[O(1) work]", "AO-MDM is a special case of AP-MDM"),
    ("L", "AP-MDM[log work]", "INFERRED from Theorem 4: a log-space machine is a PRAM "
     "with O(log n) memory"),
    ("AP-MDM[log work]", "L", "INFERRED: log-size configurations, each step in TC⁰ ⊆ L"),
)

_PROBLEMS = (
    # (problem, class, relation, source)
    ("parity", "TC0", "in", "one threshold gate"),
    ("parity", "AC0", "not in", "Furst, Saxe & Sipser 1984; Ajtai 1983"),
    ("one-sided Dyck-k", "TC0", "in", "Barrington & Corbett 1989"),
    ("two-sided Dyck-k", "NC1", "complete", "word problem of the free group F_k, k ≥ 2 "
     "(Robinson 1993); Theorem 5"),
    ("two-sided Dyck-k", "AP-MDM[poly context]", "generated", "Theorem 5: a stochastic "
     "AP-MDM's support is exactly two-sided Dyck-k"),
    ("permutation composition (S5)", "NC1", "complete", "Barrington 1989; Theorem 6's "
     "PRESERVE (INFERRED)"),
    ("prefix sums", "TC0", "in", "iterated addition is in TC⁰ (Chandra, Stockmeyer & "
     "Vishkin 1984)"),
    ("undirected connectivity", "L", "in", "Reingold 2008"),
    ("circuit value", "P", "complete", "Ladner 1975"),
    ("SAT", "NP", "complete", "Cook 1971"),
    ("Sudoku (n²×n²)", "NP", "complete", "Yato & Seta 2003; experiment §3.1"),
    ("max-flow", "P", "complete", "Goldschlager, Shaw & Staples 1982; experiment §3.3"),
    ("TQBF", "PSPACE", "complete", "Stockmeyer & Meyer 1973; Theorem 4 corollary"),
)


def build_lattice():
    """Return the lattice as a networkx DiGraph (node attribute ``kind``: complexity,
    machine or problem; edge attributes ``relation`` and ``source``)."""
    import networkx as nx
    graph = nx.DiGraph()
    for name in COMPLEXITY_CHAIN:
        graph.add_node(name, kind="complexity")
    for smaller, larger in zip(COMPLEXITY_CHAIN, COMPLEXITY_CHAIN[1:]):
        graph.add_edge(smaller, larger, relation="subset", source=_STANDARD)
    for smaller, larger, source in _MACHINE_EDGES:
        for node in (smaller, larger):
            if node not in graph:
                graph.add_node(node, kind="machine")
        graph.add_edge(smaller, larger, relation="subset", source=source)
    for problem, cls, relation, source in _PROBLEMS:
        graph.add_node(problem, kind="problem")
        graph.add_edge(problem, cls, relation=relation, source=source)
    return graph


def _subset_view(graph):
    return graph.edge_subgraph([(u, v) for u, v, r in graph.edges(data="relation")
                                if r == "subset"])


def contained_in(graph, node):
    """Return every class that contains ``node`` (following ⊆ edges), sorted."""
    import networkx as nx
    subsets = _subset_view(graph)
    return sorted(nx.descendants(subsets, node)) if node in subsets else []


def contains(graph, node):
    """Return every class contained in ``node`` (following ⊆ edges backwards), sorted."""
    import networkx as nx
    subsets = _subset_view(graph)
    return sorted(nx.ancestors(subsets, node)) if node in subsets else []


def _check_node(graph, node, kind):
    from theory.errors import ClaimInputError
    from theory.registry import lookup
    names = sorted(n for n, k in graph.nodes(data="kind") if k in kind)
    lookup(names, node, f"{' or '.join(kind)} in the lattice", error=ClaimInputError,
           cutoff=0.4)


def decides(graph, machine_class):
    """Return the complexity classes equal to ``machine_class`` (⊆ both ways).

    Raises
    ------
    ClaimInputError
        If ``machine_class`` is not a machine class of the lattice.

    Examples
    --------
    >>> decides(build_lattice(), "AP-MDM[poly context]")
    ['PSPACE']
    """
    _check_node(graph, machine_class, ("machine",))
    above, below = set(contained_in(graph, machine_class)), set(contains(graph, machine_class))
    return sorted(n for n in above & below if graph.nodes[n]["kind"] == "complexity")


def where(graph, problem):
    """Return where ``problem`` sits: ``in`` (every class containing it), ``complete``,
    ``not in``, ``generated`` (machine classes that generate it), each with sources.

    Raises
    ------
    ClaimInputError
        If ``problem`` is not a problem of the lattice.
    """
    _check_node(graph, problem, ("problem",))
    answer = {"in": set(), "complete": [], "not in": [], "generated": [], "sources": []}
    for _, cls, data in graph.out_edges(problem, data=True):
        relation = data["relation"]
        answer["sources"].append(f"{relation} {cls}: {data['source']}")
        if relation in ("in", "complete"):
            answer["in"].update([cls, *contained_in(graph, cls)])
        if relation in ("complete", "not in", "generated"):
            answer[relation].append(cls)
    answer["in"] = sorted(answer["in"])
    return answer


def draw_lattice(graph, ax):
    """Draw the complexity and machine classes on ``ax`` (matplotlib), smaller below."""
    import networkx as nx
    nodes = [n for n, k in graph.nodes(data="kind") if k != "problem"]
    view = _subset_view(graph).subgraph(nodes)
    chain_level = {name: i for i, name in enumerate(COMPLEXITY_CHAIN)}
    # a machine class sits beside the class it equals, or half a level below the
    # smallest class known to contain it
    position = {name: (0.0, float(level)) for name, level in chain_level.items()}
    rows = {}
    for name in sorted(n for n in nodes if n not in chain_level):
        equal = decides(graph, name)
        above = [chain_level[c] for c in contained_in(graph, name) if c in chain_level]
        level = chain_level[equal[0]] if equal else min(above, default=0) - 0.5
        rows.setdefault(level, []).append(name)
    for level, names in rows.items():
        for index, name in enumerate(names):
            position[name] = (2.2 * (index + 1), level)
    nx.draw_networkx_edges(view, position, ax=ax, arrows=True, arrowsize=12,
                           edge_color="#999999", connectionstyle="arc3,rad=0.12",
                           node_size=1800)
    for name, (x, y) in position.items():
        colour = "#cfe2f3" if name in chain_level else "#fde9c9"
        ax.text(x, y, name, ha="center", va="center", fontsize=8,
                bbox={"boxstyle": "round", "facecolor": colour, "edgecolor": "#777777"})
    ax.set_xlim(-1, 2.2 * (max(len(v) for v in rows.values()) + 1) if rows else 1)
    ax.set_axis_off()
