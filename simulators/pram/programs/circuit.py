"""Layered circuit value (AND/OR/NOT) on a CREW PRAM: four steps per layer of gates."""

import numpy as np

from simulators.errors import InvalidArgumentError
from simulators.pram import isa
from simulators.pram.program import ProgramBuilder
from simulators.validation import check_positive_int

__all__ = ["circuit_value", "circuit_input", "GATE_TYPES"]

#: Gate type codes in the input: AND = 0, OR = 1, NOT = 2 (NOT reads its first input).
GATE_TYPES = {"AND": 0, "OR": 1, "NOT": 2}


def circuit_value(inputs, widths):
    """Evaluate a layered boolean circuit with the given layer widths (CREW).

    The circuit is input, not program: memory holds, per gate ``g`` (numbered layer by
    layer), its type and two input indices, followed by the ``inputs`` input bits (see
    :func:`circuit_input`). Value index ``j < inputs`` is input bit ``j``; index
    ``inputs + g`` is gate ``g``. A gate may read any value of an earlier layer. Each
    layer takes four steps: indirect loads of both operands (and decoding the type),
    AND/OR/NOT in parallel, then two selects by type. Gates with fan-out read one cell together, hence CREW.

    Output: the values of the last layer's gates.

    Bounds: T = 4·depth, P = 4·(widest layer), work = 9·gates, memory
    inputs + 12·gates.

    Parameters
    ----------
    inputs : int
        Number of input bits (≥ 1).
    widths : sequence of int
        Number of gates in each layer (each ≥ 1; at least one layer).

    Raises
    ------
    InvalidArgumentError
        If ``inputs`` < 1, ``widths`` is empty or holds a width < 1.

    Examples
    --------
    >>> from simulators.pram import run_pram
    >>> layers = [[("AND", 0, 1), ("NOT", 2, 2)], [("OR", 3, 4)]]
    >>> program = circuit_value(3, [2, 1])
    >>> int(run_pram(program, circuit_input([1, 1, 1], layers)).output[0])
    1
    """
    inputs = check_positive_int(inputs, "inputs")
    widths = [check_positive_int(w, "layer width") for w in widths]
    if not widths:
        raise InvalidArgumentError("widths must list at least one layer")
    gates = sum(widths)
    builder = ProgramBuilder(f"circuit_value(inputs={inputs}, widths={widths})")
    kind, first, second = (builder.alloc(gates) for _ in range(3))
    value = builder.alloc(inputs + gates)
    builder.set_input(kind, 3 * gates + inputs)
    left, right, and_value, or_value, not_value, and_or, is_and, is_not = (
        builder.alloc(gates) for _ in range(8))
    start = 0
    for width in widths:
        g = np.arange(start, start + width)
        with builder.step():
            builder.emit(isa.LOAD, proc=4 * g, dst=left + g, a=first + g, c=value)
            builder.emit(isa.LOAD, proc=4 * g + 1, dst=right + g, a=second + g, c=value)
            builder.emit(isa.EQ_I, proc=4 * g + 2, dst=is_and + g, a=kind + g,
                         b=GATE_TYPES["AND"])
            builder.emit(isa.EQ_I, proc=4 * g + 3, dst=is_not + g, a=kind + g,
                         b=GATE_TYPES["NOT"])
        with builder.step():
            builder.emit(isa.AND, proc=3 * g, dst=and_value + g, a=left + g, b=right + g)
            builder.emit(isa.OR, proc=3 * g + 1, dst=or_value + g, a=left + g, b=right + g)
            builder.emit(isa.NOT, proc=3 * g + 2, dst=not_value + g, a=left + g)
        with builder.step():
            builder.emit(isa.SELECT, proc=g, dst=and_or + g, a=and_value + g, b=or_value + g,
                         c=is_and + g)
        with builder.step():
            builder.emit(isa.SELECT, proc=g, dst=value + inputs + g, a=not_value + g,
                         b=and_or + g, c=is_not + g)
        start += width
    builder.set_output(value + inputs + gates - widths[-1], widths[-1])
    return builder.build("CREW")


def circuit_input(bits, layers):
    """Encode input bits and a layered circuit as the input cells of :func:`circuit_value`.

    Parameters
    ----------
    bits : sequence of int
        The input bits (0 or 1).
    layers : sequence of sequences of (str, int, int)
        Per layer, its gates as ``(type, first, second)`` with type ``"AND"``, ``"OR"``
        or ``"NOT"`` and value indices (``j < len(bits)`` is an input bit, ``len(bits) + g``
        gate ``g``) that must refer to earlier layers.

    Raises
    ------
    InvalidArgumentError
        If a bit is not 0/1, a type is unknown, or an index is not from an earlier layer.
    """
    bits = [int(b) for b in bits]
    if any(b not in (0, 1) for b in bits):
        raise InvalidArgumentError("circuit input bits must be 0 or 1")
    kinds, firsts, seconds = [], [], []
    available = len(bits)
    for depth, layer in enumerate(layers):
        for kind, first, second in layer:
            if kind not in GATE_TYPES:
                raise InvalidArgumentError(
                    f"gate type {kind!r} in layer {depth} is not one of {sorted(GATE_TYPES)}")
            for index in (first, second):
                if not 0 <= int(index) < available:
                    raise InvalidArgumentError(
                        f"gate in layer {depth} reads value {index}; only 0..{available - 1} "
                        "(inputs and earlier layers) exist")
            kinds.append(GATE_TYPES[kind])
            firsts.append(int(first))
            seconds.append(int(second))
        available += len(layer)
    return np.array(kinds + firsts + seconds + bits, dtype=np.int64)
