"""Plain-Python references for the PRAM tests: a naive interpreter and the library's answers."""

import networkx as nx

from simulators.errors import MalformedMachineError, MemoryConflictError
from simulators.pram import isa

__all__ = ["interpret", "blelloch_rows", "prefix_sums", "list_ranks", "same_components", "dyck_accepts",
           "evaluate_circuit"]

_BINARY = {
    "ADD": lambda x, y: x + y, "SUB": lambda x, y: x - y, "MUL": lambda x, y: x * y,
    "DIV": lambda x, y: x // y, "MOD": lambda x, y: x % y, "MIN": min, "MAX": max,
    "AND": lambda x, y: x & y, "OR": lambda x, y: x | y, "XOR": lambda x, y: x ^ y,
    "EQ": lambda x, y: int(x == y), "NE": lambda x, y: int(x != y),
    "LT": lambda x, y: int(x < y), "LE": lambda x, y: int(x <= y),
    "GT": lambda x, y: int(x > y), "GE": lambda x, y: int(x >= y),
}


def _row(memory, op, dst, a, b, c):
    """Return (reads, value, target) of one row; raise on a bad address or a zero divisor."""
    name = isa.OPCODE_NAMES[op]
    size = len(memory)

    def indirect(address):
        if not 0 <= address < size:
            raise MalformedMachineError(f"address {address} outside memory")
        return address

    base = name[:-2] if name.endswith("_I") and name[:-2] in _BINARY else name
    if base in _BINARY:
        immediate = name.endswith("_I")
        x, y = memory[a], (b if immediate else memory[b])
        if base in ("DIV", "MOD") and y == 0:
            raise MalformedMachineError("division by zero")
        value = (_BINARY[base](x, y) + 2**63) % 2**64 - 2**63  # int64 wrap-around
        return ([a] if immediate else [a, b]), value, dst
    if name == "CONST":
        return [], c, dst
    if name == "COPY":
        return [a], memory[a], dst
    if name == "NOT":
        return [a], int(memory[a] == 0), dst
    if name == "SELECT":
        return [a, b, c], memory[a] if memory[c] != 0 else memory[b], dst
    if name == "LOAD":
        pointer = (memory[a] + c + 2**63) % 2**64 - 2**63
        return [a, pointer], memory[indirect(pointer)], dst
    if name == "STORE":
        return [a, dst], memory[a], indirect(memory[dst] + c)
    condition = memory[b] != 0
    if name == "CWRITE":
        return [b, a], memory[a], dst if condition else None
    if name == "CWRITE_I":
        return [b], c, dst if condition else None
    if name == "CSTORE":
        return [b, a, dst], memory[a], indirect(memory[dst] + c) if condition else None
    assert name == "CSTORE_I"
    return [b, dst], a, indirect(memory[dst] + c) if condition else None


def interpret(program, inputs, mode=None, max_steps=None):
    """Run ``program`` step by step with dicts; return (memory, counters, trace).

    counters: dict with processors, parallel_time, work, memory_cells,
    peak_concurrent_reads. trace: per row (processor, sorted distinct reads, target or
    None, value, won). Raises MemoryConflictError (with ``.step``, ``.address`` and
    ``.processors``) or
    MalformedMachineError like the engine, checking rows in the same order.
    """
    mode = mode or program.mode
    memory = [int(v) for v in program.initial_memory]
    memory[program.input_start:program.input_start + program.input_length] = \
        [int(v) for v in inputs]
    touched, trace = set(), []
    counters = dict(processors=0, parallel_time=0, work=0, peak_concurrent_reads=0)
    steps = program.steps if max_steps is None else min(max_steps, program.steps)
    for step in range(steps):
        rows = range(program.step_offsets[step], program.step_offsets[step + 1])
        readers, pending = {}, []
        for row in rows:
            p = int(program.processor[row])
            fields = (int(program.opcode[row]), int(program.dst[row]), int(program.a[row]),
                      int(program.b[row]), int(program.c[row]))
            reads, value, target = _row(memory, *fields)
            for address in dict.fromkeys(reads):
                readers.setdefault(address, []).append(p)
                if mode == "EREW" and len(readers[address]) > 1:
                    error = MemoryConflictError(f"step {step}: read conflict at {address}")
                    error.step, error.address = step, address
                    error.processors = tuple(sorted(readers[address]))
                    raise error
            pending.append((row, p, sorted(set(reads)), target, value))
        writers = {}
        for row, p, _reads, target, value in pending:
            if target is None:
                continue
            if target in writers:
                first_value = writers[target][0][1]
                if mode in ("EREW", "CREW") or (mode == "CRCW-common" and value != first_value):
                    error = MemoryConflictError(f"step {step}: write conflict at {target}")
                    error.step, error.address = step, target
                    error.processors = tuple(sorted((writers[target][0][0], p)))
                    raise error
            writers.setdefault(target, []).append((p, value))
        winner = {}
        for target, candidates in writers.items():
            if mode == "CRCW-priority":
                winner[target] = min(candidates)
            elif mode == "CRCW-arbitrary":
                winner[target] = max(candidates)
            else:  # the only writer, or the first of equal-valued CRCW-common writers
                winner[target] = candidates[0]
            memory[target] = winner[target][1]
        for row, p, reads, target, value in pending:
            won = target is not None and winner[target][0] == p
            trace.append((p, reads, target, value, won))
        touched.update(readers)
        touched.update(writers)
        counters["processors"] = max(counters["processors"], len(rows))
        counters["parallel_time"] += 1
        counters["work"] += len(rows)
        counters["peak_concurrent_reads"] = max(
            [counters["peak_concurrent_reads"]] + [len(v) for v in readers.values()])
    counters["memory_cells"] = len(touched)
    return memory, counters, trace


def blelloch_rows(n):
    """The rows of ``prefix_sum_blelloch(n)`` written out one by one: (memory size, list of
    steps, each a list of (processor, opcode, dst, a, b, c))."""
    levels = (n - 1).bit_length()
    size = 1 << levels
    source, out, tree = 0, n, 2 * n
    left_copy = tree + size
    right_copy = left_copy + max(size // 2, 1)
    steps = [[(i, isa.COPY, tree + i, source + i, 0, 0) for i in range(n)]]
    for level in range(levels):
        steps.append([(right // (2 << level), isa.ADD, tree + right, tree + right,
                       tree + right - (1 << level), 0)
                      for right in range((2 << level) - 1, size, 2 << level)])
    steps.append([(0, isa.CONST, tree + size - 1, 0, 0, 0)])
    for level in reversed(range(levels)):
        rights = list(range((2 << level) - 1, size, 2 << level))
        pairs = [(right - (1 << level), right, right // (2 << level)) for right in rights]
        steps.append([(2 * pair, isa.COPY, left_copy + pair, tree + left, 0, 0)
                      for left, right, pair in pairs]
                     + [(2 * pair + 1, isa.COPY, right_copy + pair, tree + right, 0, 0)
                        for left, right, pair in pairs])
        steps.append([(2 * pair, isa.COPY, tree + left, tree + right, 0, 0)
                      for left, right, pair in pairs]
                     + [(2 * pair + 1, isa.ADD, tree + right, right_copy + pair,
                         left_copy + pair, 0) for left, right, pair in pairs])
    steps.append([(i, isa.ADD, out + i, tree + i, source + i, 0) for i in range(n)])
    return right_copy + max(size // 2, 1), steps


def prefix_sums(values):
    """Inclusive prefix sums by a running total."""
    total, out = 0, []
    for value in values:
        total += int(value)
        out.append(total)
    return out


def list_ranks(successor):
    """Number of links from each node to the tail (the node that is its own successor)."""
    ranks = []
    for node in range(len(successor)):
        steps = 0
        while successor[node] != node:
            node = successor[node]
            steps += 1
        ranks.append(steps)
    return ranks


def same_components(labels, n, edges):
    """True iff ``labels`` name the connected components of the graph (networkx), each
    by one of its own vertices."""
    graph = nx.Graph()
    graph.add_nodes_from(range(n))
    graph.add_edges_from(edges)
    components = list(nx.connected_components(graph))
    for component in components:
        names = {int(labels[v]) for v in component}
        if len(names) != 1 or next(iter(names)) not in component:
            return False
    return len({int(label) for label in labels}) == len(components)


def dyck_accepts(word, pairs="()[]{}<>"):
    """Stack check: is ``word`` a well-nested string over the bracket ``pairs``?"""
    stack = []
    for ch in word:
        index = pairs.index(ch)
        if index % 2 == 0:
            stack.append(ch)
        elif not stack or stack.pop() != pairs[index - 1]:
            return False
    return not stack


def evaluate_circuit(bits, layers):
    """Evaluate a layered circuit gate by gate; return the last layer's values."""
    values = [int(b) for b in bits]
    for layer in layers:
        computed = []
        for kind, first, second in layer:
            x, y = values[first], values[second]
            computed.append({"AND": x & y, "OR": x | y, "NOT": 1 - x}[kind])
        values.extend(computed)
    return values[-len(layers[-1]):]
