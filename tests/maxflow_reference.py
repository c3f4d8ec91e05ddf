"""The official max-flow solver's rules written out independently, on objects, for tests.

Read from cl-1-koi/AP-MDM dataset/max_flow/maxflow_solver.py and written here without
its code: edges and nodes are objects with slots and the two hidden flags of the
official state (initialised, marked for deletion), the scheduler picks the first
operation that applies, each operation changes objects, and the states are rendered to
token ids and the labels derived from each pair of states as the official generator
does (by comparing the two renderings). Nothing here imports the oracle.
"""

import numpy as np

NONE = None
_FIXED = {"PROMPT": 0, "SRC": 1, "TGT": 2, "GRAPH": 3, "NODES": 4, "EOS": 5, "MASK": 6,
          "(": 7, ")": 8, "FB": 9, "EOA": 10, "INF": 11, "NIL": 12}


def token(value):
    """Official id of a slot value, a structure word, a node id (int) or a level ("LVLk")."""
    if isinstance(value, int):
        return 33 + value            # "0".."19" are 33..52; the extension continues
    if value.startswith("LVL"):
        k = int(value[3:])
        return 13 + k if k < 20 else 133 + k - 20
    return _FIXED[value]


class Edge:
    def __init__(self, u, v):
        self.u, self.v = u, v
        self.slot1 = self.slot2 = NONE
        self.initialised = self.marked = False


class Node:
    def __init__(self, v):
        self.id = v
        self.level = self.parent = NONE
        self.initialised = False


class State:
    def __init__(self, edges, nodes, source, target):
        self.edges = [Edge(u, v) for u, v in edges]
        self.nodes = [Node(v) for v in nodes]
        self.source, self.target = source, target
        self.tail = []
        self.flow = 0

    def copy(self):
        other = State([], [], self.source, self.target)
        for edge in self.edges:
            e = Edge(edge.u, edge.v)
            e.slot1, e.slot2, e.initialised, e.marked = (edge.slot1, edge.slot2,
                                                          edge.initialised, edge.marked)
            other.edges.append(e)
        for node in self.nodes:
            n = Node(node.id)
            n.level, n.parent, n.initialised = node.level, node.parent, node.initialised
            other.nodes.append(n)
        other.tail, other.flow = list(self.tail), self.flow
        return other

    def tokens(self):
        out = [token("PROMPT"), token("SRC"), token(self.source), token("TGT"),
               token(self.target), token("GRAPH")]
        for edge in self.edges:
            if edge.marked:
                out += [token("MASK")] * 6
                continue
            out += [token("("), token(edge.u), token(edge.v)]
            out += [token(slot) for slot in (edge.slot1, edge.slot2) if slot is not NONE]
            out.append(token(")"))
        out.append(token("NODES"))
        for node in self.nodes:
            out += [token("("), token(node.id)]
            out += [token(slot) for slot in (node.level, node.parent) if slot is not NONE]
            out.append(token(")"))
        return np.array(out + [token(t) for t in self.tail], dtype=np.int32)


def _depth(level):
    return int(level[3:]) if isinstance(level, str) and level.startswith("LVL") else None


def _max_depth(state):
    return max([_depth(n.level) for n in state.nodes if _depth(n.level) is not None], default=0)


def _discoveries(state):
    depth, levels = _max_depth(state), {n.id: _depth(n.level) for n in state.nodes}
    found = {}
    for edge in state.edges:
        if not edge.initialised:
            continue
        if (edge.slot1, edge.slot2) == ("FB", "MASK"):
            a, b = edge.u, edge.v
        elif (edge.slot1, edge.slot2) == ("MASK", "FB"):
            a, b = edge.v, edge.u
        else:
            continue
        if levels.get(a) == depth and levels.get(b) is None:
            found[b] = min(found.get(b, a), a)
    return found


def _cut(state):
    inside = {n.id for n in state.nodes if n.level not in ("INF", NONE)}
    return [e for e in state.edges
            if e.initialised and not e.marked and e.u in inside and e.v not in inside]


def next_operation(state):
    """The official scheduler, priority by priority."""
    all_masked = all(n.level == "MASK" and n.parent == "MASK" for n in state.nodes)
    some_masked = any(n.level == "MASK" and n.parent == "MASK" for n in state.nodes)
    if any((e.slot1, e.slot2) == ("MASK", "FB") for e in state.edges) and all_masked:
        return "AUG_RESET_NODES"
    if some_masked and not all_masked:
        return "BFS_LAYER_Y"
    if any(not e.initialised for e in state.edges) or any(not n.initialised for n in state.nodes):
        if (any(e.slot1 is NONE and e.slot2 is NONE for e in state.edges)
                or any(n.level is NONE and n.parent is NONE for n in state.nodes)):
            return "INIT_SLOT1_E"
        if (any(e.slot1 == "MASK" and e.slot2 is NONE for e in state.edges)
                or any(n.level == "MASK" and n.parent is NONE for n in state.nodes)):
            return "INIT_SLOT2_E_AND_Y"
        if any(n.parent == "MASK" for n in state.nodes):
            return "INIT_COMMIT_Y"
        return None
    if _discoveries(state):
        return "BFS_LAYER_R"
    target = next(n for n in state.nodes if n.id == state.target)
    if _depth(target.level) is not None and not any(
            "MASK" in (n.level, n.parent) for n in state.nodes):
        return "AUG_FLIP_EDGES"
    if "EOA" not in state.tail:
        return "APPEND_EOA_Y" if state.tail[-1:] == ["MASK"] else "APPEND_EOA_E"
    if _cut(state):
        return "CUT_MARK_R"
    if any(e.marked for e in state.edges):
        return "CUT_DELETE_AND_EXPAND"
    if "EOS" not in state.tail and state.tail[-1:] == ["MASK"]:
        return "APPEND_EOS_Y"
    return None


def apply(state, name):
    """The state after operation ``name`` (a copy)."""
    s = state.copy()
    if name == "INIT_SLOT1_E":
        for e in s.edges:
            e.slot1 = "MASK"
        for n in s.nodes:
            n.level = "MASK"
    elif name == "INIT_SLOT2_E_AND_Y":
        for e in s.edges:
            e.slot1, e.slot2 = "FB", "MASK"
        for n in s.nodes:
            n.level, n.parent = ("LVL0" if n.id == s.source else "INF"), "MASK"
    elif name == "INIT_COMMIT_Y":
        for n in s.nodes:
            n.parent, n.initialised = "NIL", True
        for e in s.edges:
            e.initialised = True
    elif name == "BFS_LAYER_R":
        for n in s.nodes:
            if n.id in _discoveries(state):
                n.level = n.parent = "MASK"
    elif name == "BFS_LAYER_Y":
        found, depth = _discoveries(state), _max_depth(state)
        for n in s.nodes:
            if n.id in found:
                n.level, n.parent = f"LVL{depth + 1}", found[n.id]
    elif name == "AUG_FLIP_EDGES":
        path, v = [], s.target
        while True:
            path.append(v)
            parent = next(n.parent for n in s.nodes if n.id == v)
            if not isinstance(parent, int):
                break
            v = parent
        path.reverse()
        for a, b in zip(path, path[1:]):
            edge = next(e for e in s.edges if {e.u, e.v} == {a, b})   # the official lookup
            edge.slot1, edge.slot2 = edge.slot2, edge.slot1
        for n in s.nodes:
            n.level = n.parent = "MASK"
        s.flow += 1
    elif name == "AUG_RESET_NODES":
        for n in s.nodes:
            n.level, n.parent = ("LVL0" if n.id == s.source else "INF"), "NIL"
    elif name in ("APPEND_EOA_E",):
        s.tail.append("MASK")
    elif name in ("APPEND_EOA_Y", "APPEND_EOS_Y"):
        s.tail[-1] = "EOA" if name == "APPEND_EOA_Y" else "EOS"
    elif name == "CUT_MARK_R":
        for e in _cut(state):
            next(f for f in s.edges if (f.u, f.v) == (e.u, e.v)).marked = True
    elif name == "CUT_DELETE_AND_EXPAND":
        s.edges = [e for e in s.edges if not e.marked]
        s.tail.append("MASK")
    return s


def labels(x, name, x_next, mask=6):
    """``(y_star, r_star, e_star, c_star)`` derived from two renderings, as the official
    generator derives them for operation ``name``."""
    x, x_next = np.asarray(x), np.asarray(x_next)
    n = len(x)
    y, r, e, c = x.copy(), np.zeros(n, np.int32), np.zeros(n, np.int32), np.zeros(n, np.int32)
    graph_end = int(np.flatnonzero(x == token("NODES"))[0])
    if name == "INIT_SLOT1_E":       # insert after the last id of each slot-less group
        for i in range(n - 1):
            if x[i] == token("(") and x[i + 3 if i < graph_end else i + 2] == token(")"):
                e[i + 2 if i < graph_end else i + 1] = 1
    elif name == "INIT_SLOT2_E_AND_Y":
        for i in np.flatnonzero(x == mask):
            e[i] = 1
            if i < graph_end:
                y[i] = token("FB")
            else:
                y[i] = token("LVL0") if x[i - 1] == x[2] else token("INF")   # ( v [MASK] )
    elif name in ("INIT_COMMIT_Y", "AUG_RESET_NODES", "BFS_LAYER_Y", "APPEND_EOA_Y",
                  "APPEND_EOS_Y"):
        for i in np.flatnonzero(x == mask):
            y[i] = x_next[i]
    elif name == "BFS_LAYER_R":
        r[(x != mask) & (x_next == mask)] = 1
    elif name == "AUG_FLIP_EDGES":
        for i in np.flatnonzero(x != x_next):
            if x_next[i] == mask:
                r[i] = 1
            else:
                y[i] = x_next[i]
    elif name == "APPEND_EOA_E":
        e[n - 1] = 1
    elif name == "CUT_MARK_R":    # the whole group, "(" to ")"
        for i in range(graph_end):
            if x[i] == token("(") and x_next[i] == mask:
                r[i:i + 6] = 1
    elif name == "CUT_DELETE_AND_EXPAND":
        i = 6
        while i < graph_end:
            if np.all(x[i:i + 6] == mask) and i + 6 <= graph_end:
                c[i:i + 6] = 1
                i += 6
            else:
                i += 1
        e[n - 1] = 1
    return y, r, e, c


def trajectory(edges, nodes, source, target):
    """``(samples, flow)``: the official samples (dicts with the six fields and
    ``operation``) of the process on a graph, and its augmentation count."""
    state, samples = State(edges, nodes, source, target), []
    while (name := next_operation(state)) is not None:
        after = apply(state, name)
        x, x_next = state.tokens(), after.tokens()
        y, r, e, c = labels(x, name, x_next)
        samples.append({"x_k": x, "y_star": y, "r_star": r, "e_star": e, "c_star": c,
                        "x_k_plus_1": x_next, "operation": name})
        state = after
    return samples, state.flow
