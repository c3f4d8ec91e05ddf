"""Max-flow → min-cut on AP-MDM: the official Edmonds–Karp graph-editing process, one operation a step.

Layout and token ids are those of the official code (cl-1-koi/AP-MDM,
dataset/max_flow/maxflow_solver.py)::

    PROMPT SRC s TGT t GRAPH ( u v slot1 slot2 ) ... NODES ( v LVL PAR ) ... [EOA] [EOS]

The prompt holds ``( u v )`` per edge and ``( v )`` per node; the process inserts the
slots. Vocabulary: PROMPT 0, SRC 1, TGT 2, GRAPH 3, NODES 4, [EOS] 5, [MASK] 6, ``(`` 7,
``)`` 8, FB 9, [EOA] 10, [INF] 11, [NIL] 12, [LVL0]–[LVL19] 13–32, node ids "0"–"19"
33–52 as in the official code; extended here by node ids "20"–"99" (53–132, so node v is
always token 33 + v) and [LVL20]–[LVL99] (133–212). An edge ``( u v FB [MASK] )`` can
be used u → v; after it carries flow it reads ``( u v [MASK] FB )`` and can be used
v → u. A node reads ``( v [LVLk] p )`` when reached at BFS depth k from parent p,
``( v [INF] [NIL] )`` when unreached.

One operation per step, chosen from the sequence alone by the official scheduler (first
that applies): AUG_RESET_NODES (every node slot masked, some edge reversed: levels back
to [LVL0]/[INF], parents to [NIL]); BFS_LAYER_Y (some node slots masked: write level
k + 1 and, as parent, the lowest-id level-k node with a usable edge to it); the three
initialisation steps INIT_SLOT1_E (insert a mask after each edge and node), then
INIT_SLOT2_E_AND_Y (write FB on the edge masks, [LVL0] or [INF] on the node masks, and
insert a mask after each), then INIT_COMMIT_Y (parents [NIL]); BFS_LAYER_R (remask the
slots of the nodes the deepest level k reaches); AUG_FLIP_EDGES (the target is reached
and the BFS is over: reverse the edges on the parent path and remask every node's
slots); and the end: APPEND_EOA_E/_Y (insert a mask at the end, write [EOA]),
CUT_MARK_R (remask the six tokens of each edge from a reached node to an unreached
one), CUT_DELETE_AND_EXPAND (delete those masks, insert one at the end), APPEND_EOS_Y.
When the target is never reached (max flow 0) nothing is cut and the process stops
after [EOA], as the official one does.

**MASK as a value.** In an edge, [MASK] in a slot means "this direction is unavailable",
and it stays a mask for many steps. The machine lets it: a sparse step leaves every
unlisted mask a mask and counts nothing for it (the running kernels refuse a listed
"unmask to [MASK]", so ``unmasks`` counts real writes only); a remask listed on a mask
(CUT_MARK_R covers the whole edge) keeps it and is not counted as a remask. In the
exported samples such a mask has ``y_star = [MASK]`` and ``r_star = 0``, as in the
official data, and the update rule g maps a mask with ``y = [MASK]`` to a mask, so the
samples replay.

Where it differs from the official solver: on a graph with edges both ways between two
nodes (the official loader never makes one) AUG_FLIP_EDGES reverses the first edge that
the path used in its direction; the official code reverses the first edge joining the
two nodes, either way round, which can be the wrong one. The deleted edges are gone from
the final sequence, so the answer is read as the edges of the prompt that the final
sequence no longer holds.

:func:`policy` is the readable Python form; runs use the same steps compiled with Numba
(:func:`proofs.oracles.maxflow_kernel.compiled_policy`; tests compare them state by
state).
"""

import numpy as np

from proofs.oracles.maxflow_kernel import compiled_policy, operation_code
from proofs.tasks import Process, Task
from simulators.machines import APMDM
from simulators.policies import Edit
from simulators.vocab import Vocab
from theory.errors import FamilyInputError
from theory.families import maxflow

__all__ = ["VOCAB", "MAX_NODE", "OPERATIONS", "prompt", "policy", "operation", "answer",
           "steps_bound", "refuse_with_official", "TASK"]

MAX_NODE = 99
"""Largest node id the vocabulary holds."""

PROMPT, SRC, TGT, GRAPH, NODES, EOS, MASK, OPEN, CLOSE, FB, EOA, INF, NIL = range(13)
_LVL, _NODE, _LVL_HIGH = 13, 33, 133

VOCAB = Vocab(["PROMPT", "SRC", "TGT", "GRAPH", "NODES", "[EOS]", "[MASK]", "(", ")", "FB",
               "[EOA]", "[INF]", "[NIL]"] + [f"[LVL{k}]" for k in range(20)]
              + [str(v) for v in range(MAX_NODE + 1)]
              + [f"[LVL{k}]" for k in range(20, MAX_NODE + 1)])

OPERATIONS = ("INIT_SLOT1_E", "INIT_SLOT2_E_AND_Y", "INIT_COMMIT_Y", "BFS_LAYER_R",
              "BFS_LAYER_Y", "AUG_FLIP_EDGES", "AUG_RESET_NODES", "APPEND_EOA_E",
              "APPEND_EOA_Y", "CUT_MARK_R", "CUT_DELETE_AND_EXPAND", "APPEND_EOS_Y")
"""The official operation names, in the order of the process."""


def _level_token(k):
    return _LVL + k if k < 20 else _LVL_HIGH + k - 20


def _level(token):
    """Depth of a level token; None for [INF], [MASK] and a missing slot."""
    if _LVL <= token < _NODE:
        return token - _LVL
    if token >= _LVL_HIGH:
        return token - _LVL_HIGH + 20
    return None


def prompt(instance):
    """Return the prompt ``PROMPT SRC s TGT t GRAPH ( u v ) ... NODES ( v ) ...``.

    Raises
    ------
    FamilyInputError
        For a node id above :data:`MAX_NODE`.

    Examples
    --------
    >>> prompt(maxflow.parse("0 1\\n")).tolist()
    [0, 1, 33, 2, 34, 3, 7, 33, 34, 8, 4, 7, 33, 8, 7, 34, 8]
    """
    if max(instance.nodes) > MAX_NODE:
        raise FamilyInputError(f"node {max(instance.nodes)} is above {MAX_NODE}, the largest "
                               "node id the vocabulary holds")
    tokens = [PROMPT, SRC, _NODE + instance.source, TGT, _NODE + instance.target, GRAPH]
    for u, v in instance.edges:
        tokens += [OPEN, _NODE + u, _NODE + v, CLOSE]
    tokens.append(NODES)
    for v in instance.nodes:
        tokens += [OPEN, _NODE + v, CLOSE]
    return np.asarray(tokens, dtype=np.int32)


class _State:
    """The sequence read into edges, nodes and tail (token values; -1 for a missing slot)."""

    def __init__(self, x):
        self.x = x
        self.source, self.target = int(x[2]) - _NODE, int(x[4]) - _NODE
        self.edges = []   # [start, u, v, slot1, slot2, marked]; u = v = -1 when marked
        i = 6
        while x[i] != NODES:
            if x[i] == MASK:
                self.edges.append([i, -1, -1, MASK, MASK, True])
                i += 6
                continue
            slots = []
            j = i + 3
            while x[j] != CLOSE:
                slots.append(int(x[j]))
                j += 1
            slots += [-1] * (2 - len(slots))
            self.edges.append([i, int(x[i + 1]) - _NODE, int(x[i + 2]) - _NODE, *slots, False])
            i = j + 1
        self.nodes = []   # [start, v, level token, parent token]
        i += 1
        while i < len(x) and x[i] == OPEN:
            slots = []
            j = i + 2
            while x[j] != CLOSE:
                slots.append(int(x[j]))
                j += 1
            slots += [-1] * (2 - len(slots))
            self.nodes.append([i, int(x[i + 1]) - _NODE, *slots])
            i = j + 1
        self.tail = [int(t) for t in x[i:]]

    def operation(self):
        """The official scheduler: the name of the next operation, or None at the end."""
        both_masked = [level == MASK and parent == MASK for _, _, level, parent in self.nodes]
        flipped = any(s1 == MASK and s2 == FB for _, _, _, s1, s2, _ in self.edges)
        if flipped and all(both_masked):
            return "AUG_RESET_NODES"
        if any(both_masked) and not all(both_masked):
            return "BFS_LAYER_Y"
        if self._in_init():
            if (any(s1 == -1 for _, _, _, s1, _, _ in self.edges)
                    or any(level == -1 for _, _, level, _ in self.nodes)):
                return "INIT_SLOT1_E"
            if (any(s1 == MASK and s2 == -1 for _, _, _, s1, s2, _ in self.edges)
                    or any(level == MASK and parent == -1 for _, _, level, parent in self.nodes)):
                return "INIT_SLOT2_E_AND_Y"
            if any(parent == MASK for _, _, _, parent in self.nodes):
                return "INIT_COMMIT_Y"
            return None
        if self._discoveries():
            return "BFS_LAYER_R"
        target_level = next(level for _, v, level, _ in self.nodes if v == self.target)
        if _level(target_level) is not None and not any(
                MASK in (level, parent) for _, _, level, parent in self.nodes):
            return "AUG_FLIP_EDGES"
        if EOA not in self.tail:
            return "APPEND_EOA_Y" if self.tail and self.tail[-1] == MASK else "APPEND_EOA_E"
        if self._cut():
            return "CUT_MARK_R"
        if any(edge[5] for edge in self.edges):
            return "CUT_DELETE_AND_EXPAND"
        if EOS not in self.tail and self.tail[-1] == MASK:
            return "APPEND_EOS_Y"
        return None

    def _in_init(self):
        # An edge is initialised with its node slots (INIT_COMMIT_Y); a node is while it
        # lacks a slot or has a level but a masked parent.
        return (any(s2 == -1 for _, _, _, _, s2, _ in self.edges)
                or any(level == -1 or parent == -1 or (level != MASK and parent == MASK)
                       for _, _, level, parent in self.nodes))

    def _levels(self):
        return {v: _level(level) for _, v, level, _ in self.nodes}

    def _discoveries(self):
        """Node -> lowest-id parent at the deepest level k, over the usable edges."""
        levels = self._levels()
        depth = max([k for k in levels.values() if k is not None], default=0)
        found = {}
        for _, u, v, s1, s2, marked in self.edges:
            if marked:
                continue
            if s1 == FB and s2 == MASK:
                a, b = u, v
            elif s1 == MASK and s2 == FB:
                a, b = v, u
            else:
                continue
            if levels[a] == depth and levels[b] is None:
                found[b] = min(found.get(b, a), a)
        return found

    def _cut(self):
        reached = {v for _, v, level, _ in self.nodes if level not in (INF, -1)}
        return [edge for edge in self.edges
                if not edge[5] and edge[1] in reached and edge[2] not in reached]

    def edit(self, name):
        """The sparse step of operation ``name`` (official labels: listed positions only)."""
        x, steps = self.x, {}

        def put(position, token=0, remask=0, insert=0, delete=0):
            steps[position] = (token, remask, insert, delete)

        if name == "INIT_SLOT1_E":
            for start, *_ in self.edges:
                put(start + 2, insert=1)
            for start, *_ in self.nodes:
                put(start + 1, insert=1)
        elif name == "INIT_SLOT2_E_AND_Y":
            for start, *_ in self.edges:
                put(start + 3, FB, insert=1)
            for start, v, _, _ in self.nodes:
                put(start + 2, _level_token(0) if v == self.source else INF, insert=1)
        elif name in ("INIT_COMMIT_Y", "AUG_RESET_NODES"):
            for start, v, level, parent in self.nodes:
                if level == MASK:
                    put(start + 2, _level_token(0) if v == self.source else INF)
                if parent == MASK:
                    put(start + 3, NIL)
        elif name in ("BFS_LAYER_R", "BFS_LAYER_Y"):
            found = self._discoveries()
            depth = max([k for k in self._levels().values() if k is not None], default=0)
            for start, v, _, _ in self.nodes:
                if v in found and name == "BFS_LAYER_R":
                    put(start + 2, remask=1)
                    put(start + 3, remask=1)
                elif v in found:
                    put(start + 2, _level_token(depth + 1))
                    put(start + 3, _NODE + found[v])
        elif name == "AUG_FLIP_EDGES":
            for start, s1, s2 in self._path_edges():
                put(start + 3, **({"remask": 1} if s1 == FB else {"token": FB}))
                put(start + 4, **({"remask": 1} if s2 == FB else {"token": FB}))
            for start, *_ in self.nodes:
                put(start + 2, remask=1)
                put(start + 3, remask=1)
        elif name in ("APPEND_EOA_E", "APPEND_EOS_E"):
            put(len(x) - 1, insert=1)
        elif name in ("APPEND_EOA_Y", "APPEND_EOS_Y"):
            put(len(x) - 1, EOA if name == "APPEND_EOA_Y" else EOS)
        elif name == "CUT_MARK_R":
            for edge in self._cut():
                for k in range(6):
                    put(edge[0] + k, remask=1)
        elif name == "CUT_DELETE_AND_EXPAND":
            for start, *_, marked in self.edges:
                if marked:
                    for k in range(6):
                        put(start + k, delete=1)
            put(len(x) - 1, insert=1)
        positions = sorted(steps)
        return Edit(np.asarray(positions, dtype=np.int64),
                    np.asarray([steps[p][0] for p in positions], dtype=np.int32),
                    np.asarray([steps[p][1:] for p in positions], dtype=np.uint8).reshape(-1, 3))

    def _path_edges(self):
        """(start, slot1, slot2) of the edges on the parent path from the source to the target."""
        parent = {v: int(p) - _NODE if p >= _NODE and p < _LVL_HIGH else None
                  for _, v, _, p in self.nodes}
        found, v = [], self.target
        while parent.get(v) is not None:
            p = parent[v]
            for start, a, b, s1, s2, marked in self.edges:
                if not marked and ((a, b, s1, s2) == (p, v, FB, MASK)
                                   or (a, b, s1, s2) == (v, p, MASK, FB)):
                    found.append((start, s1, s2))
                    break
            v = p
        return found


def operation(x):
    """Name the official operation the policy applies to ``x`` (None: the process is over).

    Examples
    --------
    >>> operation(prompt(maxflow.parse("0 1\\n")))
    'INIT_SLOT1_E'
    """
    return _State(np.asarray(x)).operation()


def policy(x):
    """The stateless step: the next official operation on ``x`` as an Edit (None: halt)."""
    state = _State(np.asarray(x))
    name = state.operation()
    return None if name is None else state.edit(name)


def answer(final, initial):
    """The deleted edges: those of the prompt ``initial`` missing from ``final``, sorted.

    None unless ``final`` ends the process: with [EOA] [EOS], or with [EOA] alone when
    nothing was cut.

    Examples
    --------
    >>> answer(prompt(maxflow.parse("0 1\\n")), prompt(maxflow.parse("0 1\\n"))) is None
    True
    """
    final = np.asarray(final)
    tail = final[-2:].tolist()
    if tail != [EOA, EOS] and tail[-1:] != [EOA]:
        return None
    kept = {(u, v) for _, u, v, *_ in _State(final).edges}
    return sorted(edge for edge in ((u, v) for _, u, v, *_ in _State(np.asarray(initial)).edges)
                  if edge not in kept)


def steps_bound(n, flow=None):
    """Steps the process takes at most on n nodes: 2n(F + 1) + 6 for max-flow value F.

    Three initialisation steps; F + 1 breadth-first searches of at most n − 1 layers (two
    steps each: remask, unmask); two steps per augmentation; five to cut and close.
    Without F, the bound for any F ≤ n − 1 (no two edges share a direction).
    """
    flow = n - 1 if flow is None else flow
    return 2 * n * (flow + 1) + 6


def _details(result, instance):
    deleted = answer(result.final, prompt(instance))
    record = {"max_flow": maxflow.max_flow_value(instance),
              "deleted_edges": [list(edge) for edge in deleted] if deleted is not None else None}
    trace = result.trace
    if trace is None:  # replay the run (cheap next to networkx) to name each step
        from simulators.run import run

        trace = run(APMDM(VOCAB), compiled_policy, prompt(instance),
                    max_steps=result.resources.steps, record=True).trace
    counts = {}
    for state, _ in zip(trace.iter_states(), range(result.resources.steps)):
        name = OPERATIONS[operation_code(state)]
        counts[name] = counts.get(name, 0) + 1
    record["phases"] = counts
    return record


def _context_bound(n):
    # n(n − 1) edges of 6 tokens, n nodes of 5, the header, NODES and the two closing tokens
    return 6 * n * (n - 1) + 5 * n + 9


TASK = Task(
    name="maxflow",
    summary="max-flow -> min-cut by the official Edmonds-Karp graph-editing process on AP-MDM",
    family=maxflow,
    processes={"apmdm": Process(lambda: APMDM(VOCAB), prompt, compiled_policy, answer,
                                steps_bound=steps_bound, context_bound=_context_bound,
                                details=_details, answer_reads_prompt=True)},
)
"""Max-flow on AP-MDM; size n is the number of nodes."""
