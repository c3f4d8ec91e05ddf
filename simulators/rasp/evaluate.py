"""Run a step-language graph on one sequence: Numba attention kernels, table maps, the output stage.

Streams are float64 arrays (whole numbers stay exact below 2**53). An attention head
compares every query with every key, O(L²) per head; when its selector has an ``==``
comparison, keys are sorted on it once and each query scans only its equal keys,
O(L log L + matches). Keys are always visited left to right, so both paths give the
same result, tie-breaking included. A map is tabulated: its function is called once per
distinct input value (or tuple of values) present, on scalars, so it sees one position
only. Nothing survives a call: every evaluation starts from the sequence alone, which
is what makes a program a stateless policy.
"""

import numpy as np

from simulators.errors import InvalidArgumentError
from simulators.jit import njit
from simulators.policies import Edit
from simulators.validation import check_memory

__all__ = ["evaluate_graph", "step_of"]

_OPS = {"==": 0, "!=": 1, "<": 2, "<=": 3, ">": 4, ">=": 5, "true": 6}
_REDUCE = {"mean": 0, "max": 1, "min": 2, "argmax": 3, "argmin": 4, "count": 5}
_INT32_MAX = np.iinfo(np.int32).max


def _as_sequence(x):
    x = np.asarray(x)
    if x.ndim != 1 or (x.size and not np.issubdtype(x.dtype, np.integer)):
        raise InvalidArgumentError(f"a program runs on a 1-D integer sequence, got {x.dtype} "
                                   f"of shape {x.shape}")
    return x


def evaluate_graph(order, x):
    """Return ``{stream.uid: values}`` for every stream of ``order`` (inputs first) on ``x``.

    Raises
    ------
    InvalidArgumentError
        If ``x`` is not a 1-D integer sequence or a map returns something that is not a
        number.
    MemoryBudgetError
        If the streams (8 bytes per stream per token) would not fit in the memory budget.
    """
    x = _as_sequence(x)
    terms = max((len(node.selector.terms) for node in order if node.selector), default=0)
    check_memory(8 * x.size * (len(order) + 2 * terms + 2),
                 f"a program of {len(order)} streams on {x.size:,} tokens")
    values = {}
    for node in order:
        if node.kind == "tokens":
            result = x.astype(np.float64)
        elif node.kind == "indices":
            result = np.arange(x.size, dtype=np.float64)
        elif node.kind == "map":
            result = _apply_map(node, [values[child.uid] for child in node.inputs])
        else:
            result = _attend_node(node, values, x.size)
        values[node.uid] = result
    return values


def _python_rows(rows):
    """The rows as lists of Python numbers: ints where a value is whole, floats elsewhere."""
    whole = np.isfinite(rows) & (rows == np.floor(rows))
    if whole.all():
        return rows.astype(np.int64).tolist()
    as_int = np.where(whole, rows, 0).astype(np.int64).tolist()
    return [[i if w else v for i, v, w in zip(ints, values, flags)]
            for ints, values, flags in zip(as_int, rows.tolist(), whole.tolist())]


def _apply_map(node, columns):
    if len(columns) == 1:
        distinct, inverse = np.unique(columns[0], return_inverse=True)
        rows = distinct[:, None]
    else:
        rows, inverse = np.unique(np.stack(columns, axis=1), axis=0, return_inverse=True)
    function = node.function
    results = []
    for arguments in _python_rows(rows):
        try:
            results.append(function(*arguments))
        except Exception as error:  # a program's bug: name the map and its input
            raise InvalidArgumentError(f"map {node.label or node.uid} failed on "
                                       f"{tuple(arguments)}: {type(error).__name__}: "
                                       f"{error}") from error
    try:
        table = np.array(results, dtype=np.float64)
    except (TypeError, ValueError):
        table = None
    if table is None or table.shape != (len(rows),) or np.isnan(table).any():
        bad = next((r for r in results if not isinstance(r, (int, float, bool, np.number))
                    or r != r), results)
        raise InvalidArgumentError(f"map {node.label or node.uid} returned {bad!r}; a map "
                                   "must return one number per input")
    return table[np.asarray(inverse).reshape(-1)]


def _attend_node(node, values, length):
    terms = node.selector.terms
    keys = np.empty((len(terms), length))
    queries = np.empty((len(terms), length))
    ops = np.empty(len(terms), dtype=np.int64)
    eq_term = -1
    for k, (key, query, op) in enumerate(terms):
        keys[k], queries[k], ops[k] = values[key.uid], values[query.uid], _OPS[op]
        if op == "==" and eq_term < 0:
            eq_term = k
    if node.kind == "width":
        reduce, data, score, default = _REDUCE["count"], keys[0], keys[0], 0.0
    else:
        data = values[node.inputs[2 * len(terms)].uid]
        score = values[node.inputs[-1].uid] if node.reduce in ("argmax", "argmin") else data
        reduce, default = _REDUCE[node.reduce], node.default
    return _attend(keys, queries, ops, data, score, reduce, default, eq_term)


@njit(cache=True)
def _holds(op, key, query):
    if op == 0:
        return key == query
    if op == 1:
        return key != query
    if op == 2:
        return key < query
    if op == 3:
        return key <= query
    if op == 4:
        return key > query
    if op == 5:
        return key >= query
    return True


@njit(cache=True)
def _attend(keys, queries, ops, data, score, reduce, default, eq_term):
    terms, length = keys.shape
    out = np.empty(length)
    order = np.arange(length)
    sorted_keys = keys[0]
    if eq_term >= 0:
        order = np.argsort(keys[eq_term], kind="mergesort")
        sorted_keys = keys[eq_term][order]
    for i in range(length):
        lo, hi = 0, length
        if eq_term >= 0:
            lo = np.searchsorted(sorted_keys, queries[eq_term, i], side="left")
            hi = np.searchsorted(sorted_keys, queries[eq_term, i], side="right")
        count = 0
        total = 0.0
        best_score = 0.0
        best = default
        for t in range(lo, hi):
            j = order[t]
            selected = True
            for k in range(terms):
                if not _holds(ops[k], keys[k, j], queries[k, i]):
                    selected = False
                    break
            if not selected:
                continue
            if reduce == 0:
                total += data[j]
            elif reduce == 1:
                if count == 0 or data[j] > best:
                    best = data[j]
            elif reduce == 2:
                if count == 0 or data[j] < best:
                    best = data[j]
            elif reduce == 3:
                if count == 0 or score[j] >= best_score:
                    best_score, best = score[j], data[j]
            elif reduce == 4:
                if count == 0 or score[j] < best_score:
                    best_score, best = score[j], data[j]
            count += 1
        if reduce == 5:
            out[i] = count
        elif count == 0:
            out[i] = default
        elif reduce == 0:
            out[i] = total / count
        else:
            out[i] = best
    return out


def _tokens(values, where):
    if values.size and (np.any(values != np.round(values)) or np.any(np.abs(values) > _INT32_MAX)):
        bad = int(np.flatnonzero((values != np.round(values)) | (np.abs(values) > _INT32_MAX))[0])
        raise InvalidArgumentError(f"the token stream holds {values[bad]!r} at position "
                                   f"{int(where[bad])}; tokens must be whole int32 numbers")
    return values.astype(np.int32)


def step_of(program, x):
    """Return what ``program`` does as a policy on ``x``: None (halt), a token, or a step.

    ``halt`` non-zero at position 0 (or an empty sequence) stops; an ARM program appends
    its ``token`` at the last position; an MDM program returns ``(positions, tokens)``
    where ``write`` is non-zero; an AP-MDM program returns an :class:`~simulators.policies.Edit`
    of the positions where ``act`` is non-zero.

    Raises
    ------
    InvalidArgumentError
        If ``x`` is not a 1-D integer sequence, a map misbehaves, or a written token is
        not a whole int32 number.
    """
    x = _as_sequence(x)
    values = evaluate_graph(program.order, x)
    out = {name: values[stream.uid] for name, stream in program.outputs.items()}
    if x.size == 0 or ("halt" in out and out["halt"][0] != 0):
        return None
    if program.machine == "arm":
        last = np.array([x.size - 1])
        return int(_tokens(out["token"][last], last)[0])
    if program.machine == "mdm":
        positions = np.flatnonzero(out["write"] != 0).astype(np.int64)
        return positions, _tokens(out["token"][positions], positions)
    positions = np.flatnonzero(out["act"] != 0).astype(np.int64)
    bits = np.stack([out[name][positions] != 0 for name in ("remask", "insert", "delete")], axis=1)
    return Edit(positions, _tokens(out["token"][positions], positions),
                bits.astype(np.uint8).reshape(-1, 3))
