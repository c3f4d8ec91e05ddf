"""Graph connectivity in O(log n) rounds on a CRCW-arbitrary PRAM (star hooking and shortcuts)."""

import numpy as np

from simulators.errors import InvalidArgumentError
from simulators.pram import isa
from simulators.pram.program import ProgramBuilder
from simulators.pram.programs._common import ceil_log2, check_size
from simulators.validation import check_nonnegative_int

__all__ = ["connectivity", "connectivity_input", "connectivity_rounds"]


def connectivity_rounds(n):
    """Number of hook-and-shortcut rounds run for n vertices: ⌈log_{3/2} n⌉ + 1.

    Examples
    --------
    >>> [connectivity_rounds(n) for n in (1, 2, 3, 1024)]
    [1, 3, 4, 19]
    """
    rounds = 0
    while 2 ** rounds * n > 3 ** rounds:  # smallest r with (3/2)^r >= n
        rounds += 1
    return rounds + 1


def connectivity(n, m, rounds=None):
    """Connected components of a graph with n vertices and m edges (CRCW-arbitrary).

    A deterministic hook-and-jump algorithm after Awerbuch and Shiloach (1987), with
    Shiloach and Vishkin's (1982) *stagnant* stars for the unconditional hook. Every
    vertex keeps a parent pointer ``D`` (initially itself), so vertices form rooted
    trees; a tree of height ≤ 1 is a *star*. Each round:

    1. star detection;
    2. conditional star hooking: for every arc (u, v) with u in a star and
       ``D[v] < D[u]``, write ``D[D[u]] = D[v]`` (concurrent writes to one root: any
       single winner will do); every root that moved marks itself and its new parent;
    3. a star whose root is unmarked is *stagnant* (it neither hooked nor was hooked
       onto); no two stagnant stars are adjacent (the one with the larger root would
       have hooked);
    4. unconditional star hooking: for every arc (u, v) with u in a stagnant star and
       ``D[v] != D[u]``, write ``D[D[u]] = D[v]``;
    5. shortcut ``D[i] = D[D[i]]``.

    Hooks go to strictly smaller roots, or from stagnant stars onto trees that do not
    move in that step, so no cycle forms. (Recomputing stars instead of using stagnant
    ones would be wrong: a singleton that hooked onto a star leaves a star that may be
    adjacent to another star, and the two would hook onto each other.) The program is
    straight-line, so it runs a fixed R = ⌈log_{3/2} n⌉ + 1 rounds, Awerbuch and
    Shiloach's iteration bound plus one, then ⌈log₂ n⌉ + 1 shortcuts make every pointer
    a root. That R suffices is checked, not proved here: against networkx on random
    graphs, paths and trees, and by "more rounds change nothing"; on random paths of
    up to 16384 vertices at most ⌈log₂ n⌉ rounds were needed.

    The graph is input, not program: ``memory[input:input + 2m]`` holds the edge
    endpoints ``u_0..u_{m-1}, v_0..v_{m-1}`` (see :func:`connectivity_input`) and
    processors reach them by indirect addressing, so one program serves every graph
    with n vertices and m edges. Output: ``n`` labels; two vertices share a label iff
    they are connected, and the label is a vertex of the component (its tree's root).

    Bounds: T = 19·R + ⌈log₂ n⌉ + 2 with R = ⌈log_{3/2} n⌉ + 1 (about 33.5·log₂ n),
    i.e. O(log n) (without edges, 6 steps per round); P = max(4m, 2n); work
    O((n + m) log n); memory 9n + 18m.

    Parameters
    ----------
    n : int
        Number of vertices (≥ 1).
    m : int
        Number of edges (≥ 0). Self-loops and repeated edges are allowed.
    rounds : int, optional
        Override the number of rounds (for experiments on how many are needed).

    Raises
    ------
    InvalidArgumentError
        If ``n`` < 1, ``m`` < 0 or ``rounds`` < 0.

    Examples
    --------
    >>> from simulators.pram import run_pram
    >>> program = connectivity(4, 2)
    >>> labels = run_pram(program, connectivity_input(4, [(0, 1), (2, 3)])).output
    >>> bool(labels[0] == labels[1] != labels[2] == labels[3])
    True
    """
    n = check_size(n)
    m = check_nonnegative_int(m, "m")
    rounds = connectivity_rounds(n) if rounds is None else check_nonnegative_int(rounds,
                                                                                   "rounds")
    arcs = 2 * m
    builder = ProgramBuilder(f"connectivity(n={n}, m={m})")
    ends = builder.alloc(arcs)                 # u_0..u_{m-1}, v_0..v_{m-1}
    parent, grandparent, star, flag, was_root, moved, changed, stagnant, parent_changed = (
        builder.alloc(n) for _ in range(9))
    root_u, root_v, star_u, smaller, hook, differ, stagnant_u, hook_again = (
        builder.alloc(arcs) for _ in range(8))
    builder.set_input(ends, arcs)
    builder.set_output(parent, n)
    vertex = np.arange(n)
    arc = np.arange(arcs)
    tail = ends + arc                          # arc e goes from memory[tail[e]] ...
    head = ends + (arc + m) % max(arcs, 1)     # ... to memory[head[e]]
    arc_proc = 2 * n + arc                     # processor ids: vertices first, then arcs

    def load_roots():
        with builder.step():
            builder.emit(isa.LOAD, proc=arc_proc, dst=root_u + arc, a=tail, c=parent)
            builder.emit(isa.LOAD, proc=arc_proc + arcs, dst=root_v + arc, a=head, c=parent)

    def hook_roots(marked, marked_u, opcode, holds, hooks):
        """Four steps: each arc whose tail's tree is ``marked`` and whose ends' roots satisfy
        ``opcode(root_v, root_u)`` points the tail's root at the head's root."""
        load_roots()
        with builder.step():
            builder.emit(isa.LOAD, proc=arc_proc, dst=marked_u + arc, a=tail, c=marked)
            builder.emit(opcode, proc=arc_proc + arcs, dst=holds + arc, a=root_v + arc,
                         b=root_u + arc)
        with builder.step():
            builder.emit(isa.AND, proc=arc_proc, dst=hooks + arc, a=marked_u + arc,
                         b=holds + arc)
        with builder.step():
            builder.emit(isa.CSTORE, proc=arc_proc, dst=root_u + arc, a=root_v + arc,
                         b=hooks + arc, c=parent)

    def shortcut():
        with builder.step():
            builder.emit(isa.LOAD, proc=vertex, dst=parent + vertex, a=parent + vertex, c=parent)

    with builder.step():
        builder.emit(isa.CONST, proc=vertex, dst=parent + vertex, c=vertex)
    for _ in range(rounds):
        # 1. star detection: star[i] = 1 iff i's tree has height <= 1
        with builder.step():
            builder.emit(isa.LOAD, proc=vertex, dst=grandparent + vertex, a=parent + vertex,
                         c=parent)
            builder.emit(isa.CONST, proc=n + vertex, dst=star + vertex, c=1)
        with builder.step():
            builder.emit(isa.NE, proc=vertex, dst=flag + vertex, a=grandparent + vertex,
                         b=parent + vertex)
            builder.emit(isa.CONST, proc=n + vertex, dst=changed + vertex, c=0)
        with builder.step():  # a vertex of depth >= 2 clears itself and its root
            builder.emit(isa.CWRITE_I, proc=vertex, dst=star + vertex, b=flag + vertex, c=0)
            builder.emit(isa.CSTORE_I, proc=n + vertex, dst=grandparent + vertex, a=0,
                         b=flag + vertex, c=star)
        with builder.step():
            builder.emit(isa.LOAD, proc=vertex, dst=flag + vertex, a=parent + vertex, c=star)
            builder.emit(isa.EQ_I, proc=n + vertex, dst=was_root + vertex, a=parent + vertex,
                         b=vertex)
        with builder.step():  # a vertex is in a star iff it and its parent are
            builder.emit(isa.AND, proc=vertex, dst=star + vertex, a=star + vertex,
                         b=flag + vertex)
        if arcs:
            # 2. conditional star hooking onto smaller roots, marking both roots
            hook_roots(star, star_u, isa.LT, smaller, hook)
            # a root that moved marks itself and the root it now points to
            with builder.step():
                builder.emit(isa.NE_I, proc=vertex, dst=flag + vertex, a=parent + vertex,
                             b=vertex)
            with builder.step():
                builder.emit(isa.AND, proc=vertex, dst=moved + vertex, a=flag + vertex,
                             b=was_root + vertex)
            with builder.step():
                builder.emit(isa.CWRITE_I, proc=vertex, dst=changed + vertex,
                             b=moved + vertex, c=1)
                builder.emit(isa.CSTORE_I, proc=n + vertex, dst=parent + vertex, a=1,
                             b=moved + vertex, c=changed)
            # 3. stagnant stars: stars whose root neither hooked nor was hooked onto
            with builder.step():
                builder.emit(isa.LOAD, proc=vertex, dst=parent_changed + vertex,
                             a=parent + vertex, c=changed)
            with builder.step():
                builder.emit(isa.GT, proc=vertex, dst=stagnant + vertex, a=star + vertex,
                             b=parent_changed + vertex)
            # 4. unconditional hooking of stagnant stars onto any neighbouring tree
            hook_roots(stagnant, stagnant_u, isa.NE, differ, hook_again)
        # 5. shortcut
        shortcut()
    for _ in range(ceil_log2(n) + 1):
        shortcut()
    return builder.build("CRCW-arbitrary")


def connectivity_input(n, edges):
    """Return the input cells of :func:`connectivity` for ``edges``, pairs of vertices.

    Raises
    ------
    InvalidArgumentError
        If an edge is not a pair of vertices in ``0..n-1``.

    Examples
    --------
    >>> connectivity_input(3, [(0, 1), (1, 2)]).tolist()
    [0, 1, 1, 2]
    """
    n = check_size(n)
    pairs = np.asarray(list(edges), dtype=np.int64).reshape(-1, 2) if len(edges) else \
        np.zeros((0, 2), np.int64)
    if pairs.size and (pairs.min() < 0 or pairs.max() >= n):
        raise InvalidArgumentError(f"edges must join vertices 0..{n - 1}")
    return np.concatenate([pairs[:, 0], pairs[:, 1]])
