"""The official max-flow editing process as a Numba-compiled stateless policy (same steps as the Python one).

:func:`compiled_policy` reads the sequence into edge and node arrays, picks the next
operation by the official scheduler and returns its sparse step, exactly as
:func:`proofs.oracles.maxflow.policy` does (tests compare them on every state of many
runs); :func:`operation_code` names the operation by its index in
:data:`proofs.oracles.maxflow.OPERATIONS` (-1 at the end). Node ids are 0..99
(tokens 33..132).
"""

import numpy as np

from simulators.jit import njit
from simulators.policies import halt_edit

__all__ = ["compiled_policy", "operation_code"]

EOS, MASK, OPEN, CLOSE, FB, EOA, INF, NIL, NODES = 5, 6, 7, 8, 9, 10, 11, 12, 4
_LVL, _NODE, _LVL_HIGH, _IDS = 13, 33, 133, 100
(SLOT1, SLOT2, COMMIT, BFS_R, BFS_Y, FLIP, RESET, EOA_E, EOA_Y, CUT_MARK, CUT_DELETE,
 EOS_Y) = range(12)
HALT = -1


@njit(cache=True)
def _depth(token):
    if _LVL <= token < _NODE:
        return token - _LVL
    if token >= _LVL_HIGH:
        return token - _LVL_HIGH + 20
    return -1


@njit(cache=True)
def _level_token(k):
    return _LVL + k if k < 20 else _LVL_HIGH + k - 20


@njit(cache=True)
def _close(x, i):
    """Position of the first CLOSE at or after ``i`` (the end of a record's fields)."""
    while x[i] != CLOSE:
        i += 1
    return i


@njit(cache=True)
def _read(x):
    """Edges (start, u, v, slot1, slot2, marked) and nodes (start, id, level, parent) as
    columns of two int64 arrays (-1: no slot), and where the tail starts."""
    n = x.shape[0]
    count, i = 0, 6
    while x[i] != NODES:
        if x[i] == MASK:
            i += 6
        else:
            i = _close(x, i + 3) + 1
        count += 1
    edges = np.full((count, 6), -1, dtype=np.int64)
    i = 6
    for k in range(count):
        edges[k, 0] = i
        if x[i] == MASK:
            edges[k, 3], edges[k, 4], edges[k, 5] = MASK, MASK, 1
            i += 6
            continue
        edges[k, 1], edges[k, 2], edges[k, 5] = x[i + 1] - _NODE, x[i + 2] - _NODE, 0
        end = _close(x, i + 3)
        for j in range(i + 3, end):
            edges[k, j - i] = x[j]
        i = end + 1
    start = i + 1
    count, i = 0, start
    while i < n and x[i] == OPEN:
        i = _close(x, i + 2) + 1
        count += 1
    nodes = np.full((count, 4), -1, dtype=np.int64)
    i = start
    for k in range(count):
        nodes[k, 0], nodes[k, 1] = i, x[i + 1] - _NODE
        end = _close(x, i + 2)
        for j in range(i + 2, end):
            nodes[k, j - i] = x[j]
        i = end + 1
    return edges, nodes, i


@njit(cache=True)
def _discoveries(edges, nodes):
    """Node id -> lowest-id parent at the deepest level (-1: not reached now), and that depth."""
    level = np.full(_IDS, -1, dtype=np.int64)
    depth = 0
    for k in range(nodes.shape[0]):
        level[nodes[k, 1]] = _depth(nodes[k, 2])
        depth = max(depth, level[nodes[k, 1]])
    found = np.full(_IDS, -1, dtype=np.int64)
    for k in range(edges.shape[0]):
        if edges[k, 5]:
            continue
        if edges[k, 3] == FB and edges[k, 4] == MASK:
            a, b = edges[k, 1], edges[k, 2]
        elif edges[k, 3] == MASK and edges[k, 4] == FB:
            a, b = edges[k, 2], edges[k, 1]
        else:
            continue
        if level[a] == depth and level[b] == -1 and (found[b] == -1 or a < found[b]):
            found[b] = a
    return found, depth


@njit(cache=True)
def _reached(nodes):
    inside = np.zeros(_IDS, dtype=np.bool_)
    for k in range(nodes.shape[0]):
        inside[nodes[k, 1]] = nodes[k, 2] != INF and nodes[k, 2] != -1
    return inside


@njit(cache=True)
def _choose(x, edges, nodes, tail):
    n, source, target = x.shape[0], x[2] - _NODE, x[4] - _NODE
    all_masked, some_masked, flipped, init = nodes.shape[0] > 0, False, False, False
    slotless, half, parent_masked, any_mask, target_depth = False, False, False, False, -1
    for k in range(nodes.shape[0]):
        level, parent = nodes[k, 2], nodes[k, 3]
        both = level == MASK and parent == MASK
        all_masked &= both
        some_masked |= both
        init |= level == -1 or parent == -1 or (level != MASK and parent == MASK)
        slotless |= level == -1
        half |= level == MASK and parent == -1
        parent_masked |= parent == MASK
        any_mask |= level == MASK or parent == MASK
        if nodes[k, 1] == target:
            target_depth = _depth(level)
    for k in range(edges.shape[0]):
        flipped |= edges[k, 3] == MASK and edges[k, 4] == FB
        init |= edges[k, 4] == -1
        slotless |= edges[k, 3] == -1
        half |= edges[k, 3] == MASK and edges[k, 4] == -1
    if flipped and all_masked:
        return RESET
    if some_masked and not all_masked:
        return BFS_Y
    if init:
        if slotless:
            return SLOT1
        if half:
            return SLOT2
        return COMMIT if parent_masked else HALT
    found, _ = _discoveries(edges, nodes)
    if np.any(found >= 0):
        return BFS_R
    if target_depth >= 0 and not any_mask:
        return FLIP
    has_eoa, has_eos = False, False
    for i in range(tail, n):
        has_eoa |= x[i] == EOA
        has_eos |= x[i] == EOS
    last_masked = tail < n and x[n - 1] == MASK
    if not has_eoa:
        return EOA_Y if last_masked else EOA_E
    inside = _reached(nodes)
    marked = False
    for k in range(edges.shape[0]):
        if edges[k, 5]:
            marked = True
        elif inside[edges[k, 1]] and not inside[edges[k, 2]]:
            return CUT_MARK
    if marked:
        return CUT_DELETE
    return EOS_Y if not has_eos and last_masked else HALT


@njit(cache=True)
def operation_code(x):
    """Index of the next operation in OPERATIONS, or -1 when the process is over."""
    edges, nodes, tail = _read(x)
    return _choose(x, edges, nodes, tail)


@njit(cache=True)
def _path_flags(x, edges, nodes):
    """flags[k] = 1 for the edges on the parent path from the target back to the source."""
    target = x[4] - _NODE
    parent = np.full(_IDS, -1, dtype=np.int64)
    for k in range(nodes.shape[0]):
        if _NODE <= nodes[k, 3] < _LVL_HIGH:
            parent[nodes[k, 1]] = nodes[k, 3] - _NODE
    flags = np.zeros(edges.shape[0], dtype=np.bool_)
    v = target
    for _ in range(nodes.shape[0]):
        p = parent[v]
        if p < 0:
            break
        for k in range(edges.shape[0]):
            forward = edges[k, 1] == p and edges[k, 2] == v and edges[k, 3] == FB
            backward = edges[k, 1] == v and edges[k, 2] == p and edges[k, 3] == MASK
            if not edges[k, 5] and (forward or backward) and (edges[k, 4] == (MASK if forward else FB)):
                flags[k] = True
                break
        v = p
    return flags


@njit(cache=True)
def compiled_policy(x):
    """The stateless step of the official max-flow process on ``x`` (an Edit-shaped tuple)."""
    edges, nodes, tail = _read(x)
    code = _choose(x, edges, nodes, tail)
    if code == HALT:
        return halt_edit()
    n, source = x.shape[0], x[2] - _NODE
    size = 6 * edges.shape[0] + 2 * nodes.shape[0] + 1
    positions = np.empty(size, dtype=np.int64)
    tokens = np.zeros(size, dtype=np.int32)
    ctrl = np.zeros((size, 3), dtype=np.uint8)
    m = 0
    if code == SLOT1 or code == SLOT2:
        for k in range(edges.shape[0]):
            positions[m] = edges[k, 0] + (2 if code == SLOT1 else 3)
            tokens[m], ctrl[m, 1] = (0 if code == SLOT1 else FB), 1
            m += 1
        for k in range(nodes.shape[0]):
            positions[m] = nodes[k, 0] + (1 if code == SLOT1 else 2)
            if code == SLOT2:
                tokens[m] = _level_token(0) if nodes[k, 1] == source else INF
            ctrl[m, 1] = 1
            m += 1
    elif code == COMMIT or code == RESET:
        for k in range(nodes.shape[0]):
            if nodes[k, 2] == MASK:
                positions[m] = nodes[k, 0] + 2
                tokens[m] = _level_token(0) if nodes[k, 1] == source else INF
                m += 1
            if nodes[k, 3] == MASK:
                positions[m], tokens[m] = nodes[k, 0] + 3, NIL
                m += 1
    elif code == BFS_R or code == BFS_Y:
        found, depth = _discoveries(edges, nodes)
        for k in range(nodes.shape[0]):
            parent = found[nodes[k, 1]]
            if parent < 0:
                continue
            positions[m], positions[m + 1] = nodes[k, 0] + 2, nodes[k, 0] + 3
            if code == BFS_R:
                ctrl[m, 0], ctrl[m + 1, 0] = 1, 1
            else:
                tokens[m], tokens[m + 1] = _level_token(depth + 1), _NODE + parent
            m += 2
    elif code == FLIP:
        flags = _path_flags(x, edges, nodes)
        for k in range(edges.shape[0]):
            if flags[k]:
                for slot in (3, 4):
                    positions[m] = edges[k, 0] + slot
                    if edges[k, slot] == FB:
                        ctrl[m, 0] = 1
                    else:
                        tokens[m] = FB
                    m += 1
        for k in range(nodes.shape[0]):
            positions[m], positions[m + 1] = nodes[k, 0] + 2, nodes[k, 0] + 3
            ctrl[m, 0], ctrl[m + 1, 0] = 1, 1
            m += 2
    elif code == EOA_E or code == EOA_Y or code == EOS_Y:
        positions[m] = n - 1
        if code == EOA_E:
            ctrl[m, 1] = 1
        else:
            tokens[m] = EOA if code == EOA_Y else EOS
        m += 1
    elif code == CUT_MARK or code == CUT_DELETE:
        inside = _reached(nodes)
        for k in range(edges.shape[0]):
            chosen = (edges[k, 5] == 1 if code == CUT_DELETE else
                      edges[k, 5] == 0 and inside[edges[k, 1]] and not inside[edges[k, 2]])
            if chosen:
                for j in range(6):
                    positions[m] = edges[k, 0] + j
                    ctrl[m, 0 if code == CUT_MARK else 2] = 1
                    m += 1
        if code == CUT_DELETE:
            positions[m], ctrl[m, 1] = n - 1, 1
            m += 1
    return positions[:m].copy(), tokens[:m].copy(), ctrl[:m].copy()
