"""Run a program of the PRAM library on a generated or given input and report P, T, work, memory.

Usage::

    genpower pram PROGRAM (--n N [--seed S] | --input FILE) [--mode MODE]
                  [--pairs PAIRS] [--max-steps K] [--json]

PROGRAM is one of: prefix_sum_hillis_steele, prefix_sum_blelloch, tree_sum, parity,
list_ranking, connectivity, dyck, circuit_value. ``--n`` generates a random instance of
size N from ``--seed``; ``--input`` reads one from FILE (``-`` for stdin). ``--mode``
runs under another access mode than the program's own (a weaker one may raise a memory
conflict, which is reported with exit status 2).

Input file formats:

- prefix_sum_*, tree_sum: integers separated by whitespace, e.g. ``3 -1 4 1 5``.
- parity: a string of 0/1 bits; whitespace is ignored, e.g. ``1011 0010``.
- list_ranking: the successor of each node 0..n-1, whitespace-separated; the tail is
  its own successor and every node must reach it, e.g. ``2 3 1 3``.
- connectivity: first line the number of vertices n, then one edge ``u v`` per line
  (vertices 0..n-1).
- dyck: a bracket string such as ``([]{})``; the bracket types are the consecutive
  opener/closer pairs of ``--pairs`` (default ``()[]{}<>``). Whitespace is ignored.
- circuit_value: first line the input bits as a 0/1 string; then one line per layer,
  gates separated by commas, each ``AND i j``, ``OR i j`` or ``NOT i``, where index
  ``j < #inputs`` is an input bit and ``#inputs + g`` is gate g (numbered layer by
  layer), e.g. ``101`` / ``AND 0 1, NOT 2`` / ``OR 3 4``.

Output: the program's output, its mode, P (most processors in a step), T (parallel
steps), work (processor-steps), memory (cells touched), peak concurrent reads, and
whether it agrees with a plain reference (numpy, networkx, a stack, direct evaluation).
``--json`` prints these as one JSON object with keys ``program, mode, input_cells, output, P, T,
work, memory, peak_concurrent_reads, stopped_by, correct``.
"""

import argparse
import difflib
import json
import sys
from dataclasses import dataclass

import networkx as nx
import numpy as np

from simulators.errors import InputFormatError, InvalidArgumentError
from simulators.pram import MODES, run_pram
from simulators.pram import programs as library
from simulators.validation import as_rng, check_positive_int

HELP = "run a PRAM library program (prefix sums, connectivity, Dyck, ...) and count P, T, work"
ORDER = 40

__all__ = ["TASKS", "configure", "main"]


@dataclass(frozen=True)
class _Task:
    generate: object     # (n, rng) -> instance
    parse: object        # (text, args) -> instance
    build: object        # instance -> (program, input cells)
    reference: object    # instance -> expected answer
    agrees: object = None  # (answer, expected, instance) -> bool; default equality


def _integers(text):
    try:
        values = [int(token) for token in text.split()]
    except ValueError as error:
        raise InputFormatError(f"expected integers separated by whitespace: {error}") from None
    if not values:
        raise InputFormatError("expected at least one integer, the input is empty")
    return np.array(values, dtype=np.int64)


def _bits(text):
    bits = "".join(text.split())
    if not bits or set(bits) - {"0", "1"}:
        raise InputFormatError("expected a non-empty string of 0/1 bits")
    return np.array([int(ch) for ch in bits], dtype=np.int64)


def _list_ranks(successor):
    n = len(successor)
    if np.any((successor < 0) | (successor >= n)):
        raise InputFormatError(f"successors must be node indices 0..{n - 1}")
    rank = np.full(n, -1, dtype=np.int64)
    for start in range(n):
        path, node = [], start
        while rank[node] < 0 and successor[node] != node and len(path) <= n:
            path.append(node)
            node = int(successor[node])
        if len(path) > n:
            raise InputFormatError(f"node {start} never reaches a tail (the list has a cycle)")
        base = max(int(rank[node]), 0)
        rank[node] = base
        for offset, visited in enumerate(reversed(path), start=1):
            rank[visited] = base + offset
    return rank


def _parse_successors(text, _args):
    successor = _integers(text)
    _list_ranks(successor)
    return successor


def _random_list(n, rng):
    order = rng.permutation(n)
    successor = np.empty(n, dtype=np.int64)
    successor[order[:-1]] = order[1:]
    successor[order[-1]] = order[-1]
    return successor


def _parse_graph(text, _args):
    lines = [line.split() for line in text.splitlines() if line.strip()]
    if not lines or len(lines[0]) != 1:
        raise InputFormatError("first line must be the number of vertices")
    try:
        n = int(lines[0][0])
        edges = [(int(u), int(v)) for u, v in lines[1:]]
    except ValueError:
        raise InputFormatError("expected the vertex count, then one edge 'u v' per line") \
            from None
    if n < 1 or any(not (0 <= u < n and 0 <= v < n) for u, v in edges):
        raise InputFormatError(f"vertices must be numbered 0..n-1 with n >= 1 (n = {n})")
    return n, edges


def _components_agree(labels, expected, instance):
    n, edges = instance
    graph = nx.Graph()
    graph.add_nodes_from(range(n))
    graph.add_edges_from(edges)
    for component in nx.connected_components(graph):
        names = {labels[v] for v in component}
        if len(names) != 1 or names.pop() not in component:
            return False
    return len(set(labels)) == nx.number_connected_components(graph)


def _random_dyck(n, rng, pairs="()[]"):
    stack, word = [], []
    for position in range(n - n % 2):
        remaining = n - n % 2 - position
        if stack and (len(stack) == remaining or rng.random() < 0.5):
            word.append(pairs[2 * stack.pop() + 1])
        else:
            stack.append(int(rng.integers(len(pairs) // 2)))
            word.append(pairs[2 * stack[-1]])
    if word and rng.random() < 0.5:  # half the instances get one bracket changed
        position = int(rng.integers(len(word)))
        word[position] = pairs[int(rng.integers(len(pairs)))]
    return "".join(word), pairs


def _dyck_reference(instance):
    word, pairs = instance
    stack = []
    for ch in word:
        index = pairs.index(ch)
        if index % 2 == 0:
            stack.append(index)
        elif not stack or stack.pop() != index - 1:
            return 0
    return int(not stack)


def _parse_circuit(text, _args):
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    if len(lines) < 2:
        raise InputFormatError("expected a line of input bits, then one line per layer")
    bits = _bits(lines[0]).tolist()
    layers = []
    for number, line in enumerate(lines[1:], start=2):
        layer = []
        for gate in line.split(","):
            fields = gate.split()
            try:
                kind, operands = fields[0].upper(), [int(x) for x in fields[1:]]
            except (IndexError, ValueError):
                raise InputFormatError(f"line {number}: cannot read gate {gate.strip()!r}") \
                    from None
            if (kind == "NOT") != (len(operands) == 1) or len(operands) not in (1, 2):
                raise InputFormatError(f"line {number}: {gate.strip()!r} should be "
                                       "'AND i j', 'OR i j' or 'NOT i'")
            layer.append((kind, operands[0], operands[-1]))
        layers.append(layer)
    try:
        library.circuit_input(bits, layers)
    except InvalidArgumentError as error:
        raise InputFormatError(str(error)) from None
    return bits, layers


def _random_circuit(n, rng):
    bits = rng.integers(0, 2, n).tolist()
    layers, low, available = [], 0, n
    for _ in range(max(1, int(np.ceil(np.log2(max(n, 2)))))):
        layer = []
        for _ in range(n):
            kind = ("AND", "OR", "NOT")[int(rng.integers(3))]
            first, second = (int(x) for x in rng.integers(low, available, 2))
            layer.append((kind, first, first if kind == "NOT" else second))
        layers.append(layer)
        low, available = available, available + n
    return bits, layers


def _evaluate_circuit(instance):
    bits, layers = instance
    values = list(bits)
    for layer in layers:
        new = []
        for kind, first, second in layer:
            x, y = values[first], values[second]
            new.append({"AND": x & y, "OR": x | y, "NOT": 1 - x}[kind])
        values.extend(new)
    return values[-len(layers[-1]):]


def _array_task(factory, reference):
    return _Task(generate=lambda n, rng: rng.integers(-100, 101, n),
                 parse=lambda text, _args: _integers(text),
                 build=lambda values: (factory(len(values)), values),
                 reference=reference)


TASKS = {
    "prefix_sum_hillis_steele": _array_task(library.prefix_sum_hillis_steele,
                                            lambda x: np.cumsum(x).tolist()),
    "prefix_sum_blelloch": _array_task(library.prefix_sum_blelloch,
                                       lambda x: np.cumsum(x).tolist()),
    "tree_sum": _array_task(library.tree_sum, lambda x: [int(np.sum(x))]),
    "parity": _Task(generate=lambda n, rng: rng.integers(0, 2, n),
                    parse=lambda text, _args: _bits(text),
                    build=lambda bits: (library.parity(len(bits)), bits),
                    reference=lambda bits: [int(np.sum(bits) % 2)]),
    "list_ranking": _Task(generate=lambda n, rng: _random_list(n, rng),
                          parse=_parse_successors,
                          build=lambda succ: (library.list_ranking(len(succ)), succ),
                          reference=lambda succ: _list_ranks(succ).tolist()),
    "connectivity": _Task(
        generate=lambda n, rng: (n, [tuple(int(v) for v in rng.integers(0, n, 2))
                                     for _ in range(n // 2)]),
        parse=_parse_graph,
        build=lambda inst: (library.connectivity(inst[0], len(inst[1])),
                            library.connectivity_input(*inst)),
        reference=lambda inst: None, agrees=_components_agree),
    "dyck": _Task(generate=_random_dyck,
                  parse=lambda text, args: ("".join(text.split()), args.pairs),
                  build=lambda inst: (library.dyck(len(inst[0])), _dyck_codes(*inst)),
                  reference=lambda inst: [_dyck_reference(inst)]),
    "circuit_value": _Task(generate=_random_circuit, parse=_parse_circuit,
                           build=lambda inst: (library.circuit_value(
                               len(inst[0]), [len(layer) for layer in inst[1]]),
                               library.circuit_input(*inst)),
                           reference=_evaluate_circuit),
}


def _dyck_codes(word, pairs):
    try:
        return library.dyck_input(word, pairs)
    except InvalidArgumentError as error:
        raise InputFormatError(str(error)) from None


def configure(parser: argparse.ArgumentParser):
    parser.add_argument("program", metavar="PROGRAM", help="one of: " + ", ".join(TASKS))
    source = parser.add_mutually_exclusive_group(required=True)
    source.add_argument("--n", type=int, help="generate a random instance of this size")
    source.add_argument("--input", metavar="FILE", help="read the instance from FILE ('-': stdin)")
    parser.add_argument("--seed", type=int, default=0, help="seed for --n (default 0)")
    parser.add_argument("--mode", choices=MODES, help="access mode (default: the program's)")
    parser.add_argument("--pairs", default="()[]{}<>",
                        help="dyck bracket types as opener/closer pairs (default ()[]{}<>)")
    parser.add_argument("--max-steps", type=int, help="stop after this many parallel steps")
    parser.add_argument("--json", action="store_true", help="print one JSON object")


def _task(name):
    if name in TASKS:
        return TASKS[name]
    close = difflib.get_close_matches(name, TASKS, n=3, cutoff=0.4)
    hint = f"did you mean {', '.join(close)}? " if close else ""
    raise InvalidArgumentError(f"no PRAM program {name!r}; {hint}(programs: {', '.join(TASKS)})")


def _instance(task, args):
    if args.n is not None:
        return task.generate(check_positive_int(args.n, "--n"), as_rng(args.seed))
    try:
        text = sys.stdin.read() if args.input == "-" else open(args.input).read()
    except (OSError, UnicodeDecodeError) as error:
        raise InputFormatError(f"cannot read --input {args.input}: {error}") from None
    return task.parse(text, args)


def main(args):
    task = _task(args.program)
    instance = _instance(task, args)
    program, cells = task.build(instance)
    result = run_pram(program, cells, mode=args.mode, max_steps=args.max_steps)
    answer = result.output.tolist()
    expected = task.reference(instance)
    if result.stopped_by != "end":
        correct = None
    elif task.agrees is not None:
        correct = bool(task.agrees(answer, expected, instance))
    else:
        correct = answer == expected
    report = {"program": args.program, "mode": result.mode, "input_cells": program.input_length,
              "output": answer, "P": result.processors, "T": result.parallel_time,
              "work": result.work, "memory": result.memory_cells,
              "peak_concurrent_reads": result.peak_concurrent_reads,
              "stopped_by": result.stopped_by, "correct": correct}
    if args.json:
        print(json.dumps(report))
        return 0
    shown = " ".join(map(str, answer[:32])) + (" ..." if len(answer) > 32 else "")
    verdict = {True: "agrees with the reference", False: "DISAGREES with the reference",
               None: "not checked (stopped early)"}[correct]
    print(f"{program.name} under {result.mode}: {verdict}")
    print(f"output   {shown}")
    print(f"P {result.processors}  T {result.parallel_time}  work {result.work}  "
          f"memory {result.memory_cells}  peak concurrent reads "
          f"{result.peak_concurrent_reads}  stopped by {result.stopped_by}")
    return 0 if correct is not False else 1
