"""Max-flow → min-cut by graph editing on AP-MDM: Edmonds–Karp written into the sequence.

Layout (the official AP-MDM max-flow format, cl-1-koi/AP-MDM dataset/max_flow)::

    PROMPT SRC s TGT t GRAPH ( u v f c ) ... NODES ( v LVL PAR ) ... [EOA] [EOS]

Vocabulary: PROMPT 0, SRC 1, TGT 2, GRAPH 3, NODES 4, [EOS] 5, [MASK] 6, ``(`` 7,
``)`` 8, FB 9, [EOA] 10, [INF] 11, [NIL] 12, LVL0–19 13–32, node ids 0–19 33–52 as in
the official code; extended here by node ids 20–99 (53–132) and LVL20–99 (133–212).

The process (one policy, stateless: every phase is read from the sequence):

1. **Flip.** An edge whose slot ``f`` is masked lies on the last augmenting path: write
   the opposite of its copy ``c`` into ``f`` ([NIL] ↔ FB) and remask ``c``; then an
   edge with ``c`` masked copies ``f`` into ``c``. ``f = FB`` means the edge carries
   flow, so its residual direction is reversed (v → u).
2. **BFS, one layer per step.** With node slots masked, write LVL0 for the source, then
   each step gives every unreached node with a residual edge from the deepest level
   L the level L + 1 and, as parent, the lowest-id level-L node with such an edge.
   When the target is reached or no node is added, the rest get [NIL] [NIL].
3. **Augment.** Target reached: remask ``f`` of each path edge (parents from the
   target back to the source) and every node's LVL and PAR: a new round starts.
4. **Cut.** Target unreached: append [EOA] (insert, then unmask), remask the tokens
   ``( f c )`` of each cut edge (source side → target side; all carry flow), delete
   those masks, append [EOS].

Where it differs from the official solver: the direction of an edge is kept in its flag
slot (FB) instead of swapping the two node ids, a flip takes two steps (f, then its
copy c), and a deleted cut edge keeps its two node ids in the GRAPH section (only
``( f c )`` are deleted) so the answer can be read from the final sequence; [INF] is
unused (unit capacities).
"""

import numpy as np

from proofs.arguments import nonnegative_int
from proofs.tasks import Process, Task
from simulators.machines import APMDM
from simulators.policies import Edit
from simulators.vocab import Vocab
from theory.errors import FamilyInputError
from theory.families import maxflow

__all__ = ["VOCAB", "MAX_NODE", "prompt", "policy", "answer", "operation", "TASK"]

MAX_NODE = 99
"""Largest node id the vocabulary holds."""

PROMPT, SRC, TGT, GRAPH, NODES, EOS, MASK, OPEN, CLOSE, FB, EOA, INF, NIL = range(13)
_LVL_LOW, _NODE_LOW, _NODE_HIGH, _LVL_HIGH = 13, 33, 53, 133

VOCAB = Vocab(["PROMPT", "SRC", "TGT", "GRAPH", "NODES", "[EOS]", "[MASK]", "(", ")", "FB",
               "[EOA]", "[INF]", "[NIL]"] + [f"LVL{i}" for i in range(20)]
              + [f"n{i}" for i in range(MAX_NODE + 1)]
              + [f"LVL{i}" for i in range(20, MAX_NODE + 1)])


def _node(v):
    return _NODE_LOW + v


def _id(token):
    return int(token) - _NODE_LOW


def _level_token(level):
    return _LVL_LOW + level if level < 20 else _LVL_HIGH + level - 20


def _level(token):
    token = int(token)
    if token == NIL:
        return None
    return token - _LVL_LOW if token < _NODE_LOW else token - _LVL_HIGH + 20


def prompt(instance):
    """Return the prompt: source, target, the edges ``( u v [NIL] [NIL] )`` and node slots.

    Raises
    ------
    FamilyInputError
        For a node id above :data:`MAX_NODE`.
    """
    if max(instance.nodes) > MAX_NODE:
        raise FamilyInputError(f"node {max(instance.nodes)} is above {MAX_NODE}, the largest "
                               "node id the vocabulary holds")
    tokens = [PROMPT, SRC, _node(instance.source), TGT, _node(instance.target), GRAPH]
    for u, v in instance.edges:
        tokens += [OPEN, _node(u), _node(v), NIL, NIL, CLOSE]
    tokens.append(NODES)
    for v in instance.nodes:
        tokens += [OPEN, _node(v), MASK, MASK, CLOSE]
    return np.asarray(tokens, dtype=np.int32)


def _read(x):
    """Return (edges, remnants, nodes_at, end) of a sequence: edge groups by position."""
    x = np.asarray(x)
    nodes_at = int(np.flatnonzero(x == NODES)[0])
    edges, remnants, i = [], [], 6
    while i < nodes_at:
        if x[i] in (OPEN, MASK):
            edges.append(i)
            i += 6
        else:
            remnants.append((_id(x[i]), _id(x[i + 1])))
            i += 2
    end = nodes_at + 1
    while end < len(x) and x[end] == OPEN:
        end += 5
    return edges, remnants, nodes_at, end


def answer(final):
    """Read the deleted edges (the two-token remnants in GRAPH) of a final sequence.

    None unless the sequence ends with [EOA] [EOS].
    """
    final = np.asarray(final)
    if len(final) < 2 or final[-1] != EOS or final[-2] != EOA:
        return None
    return sorted(_read(final)[1])


def operation(x):
    """Name the phase the policy is in for ``x`` (the counts in the JSON details)."""
    return _step(np.asarray(x))[0]


def policy(x):
    """The stateless Edmonds–Karp-by-editing step for ``x`` (see the module docstring)."""
    return _step(np.asarray(x))[1]


def _step(x):
    if x[-1] == EOS:
        return "halt", None
    if x[-1] == MASK and x[-2] in (CLOSE, EOA):
        return ("append", Edit.unmask([len(x) - 1], [EOA if x[-2] == CLOSE else EOS]))
    edges, _, nodes_at, end = _read(x)
    f_masked = [i for i in edges if x[i] == OPEN and x[i + 3] == MASK]
    if f_masked:
        flips = [NIL if x[i + 4] == FB else FB for i in f_masked]
        return "flip", (Edit.unmask([i + 3 for i in f_masked], flips)
                        | Edit.remask([i + 4 for i in f_masked]))
    c_masked = [i for i in edges if x[i] == OPEN and x[i + 4] == MASK]
    if c_masked:
        return "copy", Edit.unmask([i + 4 for i in c_masked], [x[i + 3] for i in c_masked])
    node_at = {_id(x[j + 1]): j for j in range(nodes_at + 1, end, 5)}
    level = {v: x[j + 2] for v, j in node_at.items()}
    source, target = _id(x[2]), _id(x[4])
    residual = [(_id(x[i + 1]), _id(x[i + 2])) if x[i + 3] == NIL else
                (_id(x[i + 2]), _id(x[i + 1])) for i in edges if x[i] == OPEN]
    if any(token == MASK for token in level.values()):
        if level[source] == MASK:
            j = node_at[source]
            return "bfs", Edit.unmask([j + 2, j + 3], [_level_token(0), NIL])
        depth = max(_level(t) for t in level.values() if t not in (MASK, NIL))
        frontier = {v for v, t in level.items() if t not in (MASK, NIL) and _level(t) == depth}
        parents = {}
        for u, v in residual:
            if u in frontier and level[v] == MASK:
                parents[v] = min(parents.get(v, u), u)
        if parents and level[target] == MASK:
            positions, tokens = [], []
            for v in sorted(parents, key=node_at.get):
                positions += [node_at[v] + 2, node_at[v] + 3]
                tokens += [_level_token(depth + 1), _node(parents[v])]
            return "bfs", Edit.unmask(positions, tokens)
        rest = sorted(node_at[v] for v, t in level.items() if t == MASK)
        positions = [p for j in rest for p in (j + 2, j + 3)]
        return "unreached", Edit.unmask(positions, [NIL] * len(positions))
    reached = {v for v, t in level.items() if t != NIL}
    if target in reached and x[-1] == CLOSE:
        path_slots = []
        v = target
        while v != source:
            p = _id(x[node_at[v] + 3])
            for i in edges:
                a, b, flag = _id(x[i + 1]), _id(x[i + 2]), x[i + 3]
                if (flag == NIL and (a, b) == (p, v)) or (flag == FB and (a, b) == (v, p)):
                    path_slots.append(i + 3)
                    break
            v = p
        node_slots = [j + k for j in node_at.values() for k in (2, 3)]
        return "augment", Edit.remask(sorted(path_slots + node_slots))
    if x[-1] == CLOSE:
        return "append", Edit.insert_after([len(x) - 1])
    marked = [i for i in edges if x[i] == MASK]
    if marked:
        positions = sorted(i + k for i in marked for k in (0, 3, 4, 5))
        return "delete", Edit.delete(positions) | Edit.insert_after([len(x) - 1])
    cut = [i for i in edges if _id(x[i + 1]) in reached and _id(x[i + 2]) not in reached]
    if cut:
        return "mark", Edit.remask(sorted(i + k for i in cut for k in (0, 3, 4, 5)))
    return "append", Edit.insert_after([len(x) - 1])


def _details(result, instance):
    deleted = answer(result.final)
    record = {"max_flow": maxflow.max_flow_value(instance),
              "deleted_edges": [list(edge) for edge in deleted] if deleted is not None else None}
    trace = result.trace
    if trace is None:  # replay the run (cheap next to networkx) to name each step
        from simulators.run import run

        trace = run(APMDM(VOCAB), policy, prompt(instance), max_steps=result.resources.steps,
                    record=True).trace
    counts = {}
    for state, _ in zip(trace.iter_states(), range(result.resources.steps)):
        name = operation(state)
        counts[name] = counts.get(name, 0) + 1
    record["phases"] = counts
    return record


def _configure(parser):
    parser.add_argument("--nodes", type=nonnegative_int, default=None,
                        help="nodes of a generated graph (same as --n; default 8 when only --edges is given)")
    parser.add_argument("--edges", type=nonnegative_int, default=None,
                        help="edges of a generated graph (default 2 per node)")
    parser.add_argument("--graph", metavar="FILE", default=None,
                        help="read the graph from FILE: one edge 'u v' per line (default: generate one; "
                        "same as --input)")
    parser.add_argument("--source", type=nonnegative_int, default=None,
                        help="source node (default: the smallest id)")
    parser.add_argument("--target", type=nonnegative_int, default=None,
                        help="target node (default: the largest id)")


def _instance_from_args(options):
    path = options.graph or options.input
    if path is not None:
        try:
            with open(path, encoding="utf-8") as handle:
                text = handle.read()
        except (OSError, UnicodeDecodeError) as error:
            raise FamilyInputError(f"cannot read {path}: {error}") from None
        return maxflow.parse(text, source=options.source, target=options.target)
    nodes = options.nodes if options.nodes is not None else options.n
    if nodes is None and options.edges is None:
        return None
    from simulators.validation import as_rng

    return maxflow.generate(8 if nodes is None else nodes, as_rng(options.seed),
                            edges=options.edges)


def _steps_bound(n):
    # per round: at most n BFS layers + 1 fill + augment + 2 flip steps; at most n rounds
    # of augmenting (unit capacities, flow <= out-degree of the source < n); the end: 6.
    return (n + 4) * (n + 1) + 6


TASK = Task(
    name="maxflow",
    summary="max-flow -> min-cut by Edmonds-Karp graph editing on AP-MDM (official layout)",
    family=maxflow,
    processes={"apmdm": Process(lambda: APMDM(VOCAB), prompt, policy, answer,
                                steps_bound=_steps_bound,
                                context_bound=lambda n: 6 * n * n + 5 * n + 10,
                                details=_details)},
    configure=_configure,
    instance_from_args=_instance_from_args,
)
"""Max-flow on AP-MDM; size n is the number of nodes."""
