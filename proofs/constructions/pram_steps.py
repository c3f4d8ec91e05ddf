"""One PRAM step evaluated from a read function: what each row writes, and which write wins a cell.

The compilers of Theorems 1 and 4 keep PRAM memory in a token sequence; each gives
:func:`execute_step` a ``read(addresses) -> values`` that looks the cells up in its own
layout. The semantics are those of :mod:`simulators.pram.isa` (all reads see the memory
before the step), written again here with numpy so that a construction and the PRAM
engine check each other.
"""

import numpy as np

from simulators.errors import MalformedMachineError
from simulators.pram import isa

__all__ = ["execute_step", "resolve_writes", "direct_targets", "indirect_rows"]

_BINARY = {
    isa.ADD: np.add, isa.SUB: np.subtract, isa.MUL: np.multiply, isa.DIV: np.floor_divide,
    isa.MOD: np.mod, isa.MIN: np.minimum, isa.MAX: np.maximum, isa.AND: np.bitwise_and,
    isa.OR: np.bitwise_or, isa.XOR: np.bitwise_xor, isa.EQ: np.equal, isa.NE: np.not_equal,
    isa.LT: np.less, isa.LE: np.less_equal, isa.GT: np.greater, isa.GE: np.greater_equal,
}
_INDIRECT = (isa.STORE, isa.CSTORE, isa.CSTORE_I)


def direct_targets(program, step):
    """Return the sorted distinct cells that rows of ``step`` may write directly (``dst``)."""
    rows = program.step_rows(step)
    writes = isa.WRITES_DST[program.opcode[rows]]
    return np.unique(program.dst[rows][writes].astype(np.int64))


def indirect_rows(program, step):
    """Return how many rows of ``step`` write through a pointer (STORE, CSTORE, CSTORE_I)."""
    return int(np.isin(program.opcode[program.step_rows(step)], _INDIRECT).sum())


def _read_where(read, flags, addresses):
    values = np.zeros(len(addresses), dtype=np.int64)
    if flags.any():
        values[flags] = read(addresses[flags])
    return values


def _check_range(addresses, rows, program, step, processors):
    bad = rows & ((addresses < 0) | (addresses >= program.memory_size))
    if bad.any():
        k = int(np.flatnonzero(bad)[0])
        raise MalformedMachineError(
            f"step {step}: processor {processors[k]} computed address {addresses[k]}, outside "
            f"memory [0, {program.memory_size}) of {program.name}")


def execute_step(program, step, read):
    """Evaluate the rows of parallel step ``step`` against the memory ``read`` returns.

    Parameters
    ----------
    program : PramProgram
    step : int
        0-based parallel step.
    read : callable
        ``read(addresses) -> int64 values`` of the memory before the step.

    Returns
    -------
    target, value, processor : numpy.ndarray
        Per row: the cell written (-1 where a false condition writes nothing), the value
        and the processor id.

    Raises
    ------
    MalformedMachineError
        If a pointer leaves memory or a DIV/MOD divides by zero (as :func:`run_pram`).
    """
    rows = program.step_rows(step)
    op = program.opcode[rows].astype(np.int64)
    dst, a, b, c = (getattr(program, name)[rows].astype(np.int64) for name in "dst a b c".split())
    processor = program.processor[rows].astype(np.int64)
    first = _read_where(read, isa.READS_A[op], a)
    second = _read_where(read, isa.READS_B[op], b)
    third = _read_where(read, isa.READS_C[op], c)
    pointer = _read_where(read, isa.READS_DST[op], dst)
    value = np.zeros(len(op), dtype=np.int64)
    target = np.where(isa.WRITES_DST[op], dst, -1)
    immediate = op >= isa.IMMEDIATE
    binary = (op < isa.CONST) | immediate
    code = np.where(immediate, op - isa.IMMEDIATE, op)
    right = np.where(immediate, b, second)
    zero_divisor = binary & np.isin(code, (isa.DIV, isa.MOD)) & (right == 0)
    if zero_divisor.any():
        k = int(np.flatnonzero(zero_divisor)[0])
        raise MalformedMachineError(f"step {step}: processor {processor[k]} divides by zero "
                                    f"in {program.name}")
    for opcode in np.unique(code[binary]):
        chosen = binary & (code == opcode)
        value[chosen] = _BINARY[int(opcode)](first[chosen], right[chosen]).astype(np.int64)
    value = np.where(op == isa.CONST, c, value)
    value = np.where(op == isa.COPY, first, value)
    value = np.where(op == isa.NOT, (first == 0).astype(np.int64), value)
    value = np.where(op == isa.SELECT, np.where(third != 0, first, second), value)
    load = op == isa.LOAD
    if load.any():
        address = first + c
        _check_range(address, load, program, step, processor)
        value[load] = read(address[load])
    condition = np.where(np.isin(op, (isa.CWRITE, isa.CWRITE_I, isa.CSTORE, isa.CSTORE_I)),
                         second != 0, True)
    value = np.where(np.isin(op, (isa.STORE, isa.CWRITE, isa.CSTORE)), first, value)
    value = np.where(op == isa.CWRITE_I, c, value)
    value = np.where(op == isa.CSTORE_I, a, value)
    indirect = np.isin(op, _INDIRECT) & condition
    target = np.where(indirect, pointer + c, np.where(condition, target, -1))
    _check_range(target, indirect, program, step, processor)
    return target, value, processor


def resolve_writes(target, value, processor, mode):
    """Return ``(cells, values)``: each written cell once, sorted, with the winning value.

    CRCW-priority: the lowest processor wins; otherwise the highest (CRCW-arbitrary's
    rule; under EREW, CREW and CRCW-common every writer of a cell agrees or is alone).

    Examples
    --------
    >>> cells, values = resolve_writes(np.array([4, 4, -1]), np.array([7, 9, 1]),
    ...                                np.array([0, 1, 2]), "CRCW-arbitrary")
    >>> cells.tolist(), values.tolist()
    ([4], [9])
    """
    writes = target >= 0
    target, value, processor = target[writes], value[writes], processor[writes]
    order = np.lexsort((processor, target))
    target, value = target[order], value[order]
    if mode == "CRCW-priority":
        keep = np.ones(len(target), dtype=bool)
        keep[1:] = target[1:] != target[:-1]
    else:
        keep = np.ones(len(target), dtype=bool)
        keep[:-1] = target[1:] != target[:-1]
    return target[keep], value[keep]
