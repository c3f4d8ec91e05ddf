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


_PLACES = {  # machine classes: one column per machine, from weakest to most powerful
    "ARM[poly context]": (3.0, "P"), "Masked-ARM[poly context]": (6.0, "P"),
    "MDM[poly context]": (9.0, "P"), "MDM[polylog steps, poly context]": (10.4, "NC"),
    "MDM[log work]": (8.0, 2.5), "MDM[O(1) work]": (8.0, 2.0),
    "AP-MDM[poly context]": (12.5, "PSPACE"), "AP-MDM[log work]": (12.5, "L"),
    "AP-MDM[O(1) work]": (12.5, 2.5),
}
"""Where :func:`draw_lattice` puts each machine class: (x, the chain class of its row or
a level); a machine class not listed goes in a column of its own, half a level below
the smallest chain class known to contain it."""


def _positions(graph, nodes):
    level = {name: float(i) for i, name in enumerate(COMPLEXITY_CHAIN)}
    position = {name: (0.0, y) for name, y in level.items()}
    extra = 15.0
    for name in sorted(n for n in nodes if n not in level):
        if name in _PLACES:
            x, row = _PLACES[name]
            position[name] = (x, level.get(row, row))
        else:
            above = [level[c] for c in contained_in(graph, name) if c in level]
            position[name] = (extra, min(above, default=0.0) - 0.5)
            extra += 2.5
    return position


def draw_lattice(graph, ax):
    """Draw the complexity and machine classes on ``ax`` (matplotlib), smaller below.

    Every ⊆ edge is an arrow from box edge to box edge; the two directions of an
    equality are two arcs on either side of the line between the boxes. An edge whose
    source is our inference (``INFERRED``) is dashed and numbered, and the numbers are
    explained under the drawing with their sources.

    Returns
    -------
    list of tuple
        ``(number, smaller, larger, source)`` for each inferred edge drawn.
    """
    import math
    nodes = [n for n, k in graph.nodes(data="kind") if k != "problem"]
    view = _subset_view(graph).subgraph(nodes)
    position = _positions(graph, nodes)
    boxes = {}
    for name, (x, y) in position.items():
        colour = "#cfe2f3" if name in COMPLEXITY_CHAIN else "#fde9c9"
        boxes[name] = ax.text(x, y, name, ha="center", va="center", fontsize=8, zorder=3,
                              bbox={"boxstyle": "round", "facecolor": colour,
                                    "edgecolor": "#777777"})
    xs = [x for x, _ in position.values()]
    ys = [y for _, y in position.values()]
    ax.set_xlim(min(xs) - 1.2, max(xs) + 1.5)
    ax.set_ylim(min(ys) - 0.5, max(ys) + 0.5)
    to_screen = ax.transData  # the limits are set: arcs are shaped in screen units
    inferred = []
    for smaller, larger, source in sorted(view.edges(data="source")):
        guess = source.startswith("INFERRED")
        (x1, y1), (x2, y2) = position[smaller], position[larger]
        (u1, v1), (u2, v2) = to_screen.transform([(x1, y1), (x2, y2)])
        length = max(math.hypot(u2 - u1, v2 - v1), 1.0)
        # a row edge arcs over (or, going back, under) the boxes between its ends by
        # about 0.45 inch; an equality's two arcs bulge apart by 0.2 inch
        passes = y1 == y2 and any(y == y1 and min(x1, x2) < x < max(x1, x2)
                                  for x, y in position.values())
        bulge = 0.45 if passes else (0.2 if view.has_edge(larger, smaller) else 0.0)
        rad = 2 * bulge * ax.figure.dpi / length
        # both boxes are drawn first (zorder 3 < 4), so the arrow is clipped at their edges
        ax.annotate("", xy=(x2, y2), xytext=(x1, y1), zorder=4, arrowprops={
            "arrowstyle": "-|>", "mutation_scale": 11, "shrinkA": 3, "shrinkB": 5,
            "color": "#c0504d" if guess else "#888888", "linestyle": "--" if guess else "-",
            "linewidth": 1.1, "connectionstyle": f"arc3,rad={rad}",
            "patchA": boxes[smaller].get_bbox_patch(), "patchB": boxes[larger].get_bbox_patch()})
        if guess:
            inferred.append((len(inferred) + 1, smaller, larger, source))
            # the middle of the arc (a quadratic Bézier, as matplotlib's arc3 draws it)
            mx, my = to_screen.inverted().transform(
                ((u1 + u2) / 2 + rad / 2 * (v2 - v1), (v1 + v2) / 2 - rad / 2 * (u2 - u1)))
            ax.text(mx, my, f"[{len(inferred)}]", fontsize=7, color="#c0504d", ha="center",
                    va="center", zorder=5, bbox={"boxstyle": "round,pad=0.1",
                                                 "facecolor": "white", "edgecolor": "none"})
    if inferred:
        note = "\n".join(f"[{k}] {a} ⊆ {b}: {source}" for k, a, b, source in inferred)
        ax.text(0.0, -0.02, "dashed red: inferred, not a stated result\n" + note,
                transform=ax.transAxes, fontsize=7, va="top", ha="left", color="#7f2a27")
    ax.set_axis_off()
    return inferred
