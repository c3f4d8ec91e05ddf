"""Run a PRAM program in a Numba kernel, detect access conflicts, count P, T, work and memory."""

from dataclasses import dataclass, field

import numpy as np
from numba import njit

from simulators.errors import InvalidArgumentError, MalformedMachineError, MemoryConflictError
from simulators.pram import isa
from simulators.pram.program import MODES, PramProgram, check_mode
from simulators.validation import check_memory, check_nonnegative_int

__all__ = ["PramResult", "PramTrace", "run_pram"]

_EREW, _CREW, _COMMON, _ARBITRARY, _PRIORITY = range(5)
_OK, _MAX_STEPS, _READ_CONFLICT, _WRITE_CONFLICT, _COMMON_CONFLICT, _OUT_OF_RANGE, \
    _DIVIDE_BY_ZERO = range(7)
_IMMEDIATE = isa.IMMEDIATE
_DIV, _MOD, _CONST, _COPY, _NOT, _SELECT, _LOAD, _STORE, _CWRITE, _CWRITE_I, _CSTORE = (
    isa.OPCODES[name] for name in ("DIV", "MOD", "CONST", "COPY", "NOT", "SELECT", "LOAD",
                                   "STORE", "CWRITE", "CWRITE_I", "CSTORE"))


@dataclass(frozen=True, eq=False)
class PramTrace:
    """Who read and wrote which cell in every executed step (rows as in the program).

    Attributes
    ----------
    step_offsets : numpy.ndarray
        Rows of step ``t`` are ``step_offsets[t]:step_offsets[t + 1]``.
    processor : numpy.ndarray
        Processor id of each row.
    reads : numpy.ndarray
        Shape ``(rows, 3)``: the distinct cells each row read, ``-1`` for unused slots.
        Indirect reads appear with the address computed from memory.
    write_address : numpy.ndarray
        The cell each row tried to write, ``-1`` if none (a false condition writes nothing).
    value_written : numpy.ndarray
        The value each row tried to write (meaningless where ``write_address == -1``).
    write_won : numpy.ndarray
        True where the row's write landed in memory (a CRCW loser has False).
    """

    step_offsets: np.ndarray = field(repr=False)
    processor: np.ndarray = field(repr=False)
    reads: np.ndarray = field(repr=False)
    write_address: np.ndarray = field(repr=False)
    value_written: np.ndarray = field(repr=False)
    write_won: np.ndarray = field(repr=False)

    @property
    def steps(self):
        """Number of recorded steps."""
        return len(self.step_offsets) - 1

    def step(self, step):
        """Return ``(processor, reads, write_address, value_written, write_won)`` of ``step``."""
        rows = slice(int(self.step_offsets[step]), int(self.step_offsets[step + 1]))
        return (self.processor[rows], self.reads[rows], self.write_address[rows],
                self.value_written[rows], self.write_won[rows])


@dataclass(frozen=True, eq=False)
class PramResult:
    """The outcome of :func:`run_pram`.

    Attributes
    ----------
    output : numpy.ndarray
        int64 copy of the program's output region after the run.
    mode : str
        The access mode the run was checked under.
    processors : int
        P: most processors active in one step.
    parallel_time : int
        T: parallel steps executed.
    work : int
        Processor-steps that executed an instruction.
    memory_cells : int
        S: distinct cells read or written.
    peak_concurrent_reads : int
        Most processors that read one cell in one step.
    stopped_by : str
        ``"halted"`` (the program ran to its last step), ``"max_steps"`` or
        ``"interrupted"`` (values of ``simulators.stops.STOP_REASONS``).
    memory : numpy.ndarray or None
        The whole final memory if ``keep_memory=True``.
    trace : PramTrace or None
        The access trace if ``trace=True``.
    """

    output: np.ndarray = field(repr=False)
    mode: str
    processors: int
    parallel_time: int
    work: int
    memory_cells: int
    peak_concurrent_reads: int
    stopped_by: str
    memory: np.ndarray | None = field(default=None, repr=False)
    trace: PramTrace | None = field(default=None, repr=False)

    def as_dict(self):
        """Return the output (as a list) and the counters as a plain dict (for JSON)."""
        return {"output": self.output.tolist(), "mode": self.mode,
                "processors": self.processors, "parallel_time": self.parallel_time,
                "work": self.work, "memory_cells": self.memory_cells,
                "peak_concurrent_reads": self.peak_concurrent_reads,
                "stopped_by": self.stopped_by}


def run_pram(program, input_values=(), *, mode=None, max_steps=None, trace=False,
             keep_memory=False):
    """Run ``program`` on ``input_values`` synchronously and return its result.

    Each step reads (all rows see the memory as it was before the step), then writes.
    A read or write that the access mode forbids raises; the first offence in row
    order is reported, reads of a step before its writes. A cell read by one processor
    and written by another in the same step is allowed: the read sees the old value.
    Under CRCW-arbitrary the highest processor id wins; under CRCW-priority the lowest.

    Parameters
    ----------
    program : PramProgram
        The program (validated when it was built).
    input_values : array_like of int
        Loaded into ``memory[program.input_start:]``; its length must be
        ``program.input_length``.
    mode : str, optional
        One of :data:`simulators.pram.program.MODES`; default ``program.mode``.
    max_steps : int, optional
        Stop after this many steps (``stopped_by="max_steps"``, partial result).
    trace : bool
        Record the per-step access trace (about 41 bytes per row).
    keep_memory : bool
        Return the whole final memory.

    Returns
    -------
    PramResult

    Raises
    ------
    InvalidArgumentError
        If an argument has the wrong type or the input has the wrong length.
    MemoryConflictError
        If a step breaks the mode, e.g. ``step 3: processors 4 and 7 both write address
        12 under EREW``; the error has ``step``, ``address`` and ``processors``.
    MalformedMachineError
        If an indirect address leaves memory or a DIV/MOD divides by zero.

    Examples
    --------
    >>> from simulators.pram.programs import tree_sum
    >>> result = run_pram(tree_sum(5), [1, 2, 3, 4, 5])
    >>> int(result.output[0]), result.parallel_time, result.processors
    (15, 3, 2)
    """
    if not isinstance(program, PramProgram):
        raise InvalidArgumentError(f"program must be a PramProgram, got {type(program).__name__}")
    mode = check_mode(program.mode if mode is None else mode)
    steps_limit = program.steps if max_steps is None else check_nonnegative_int(max_steps,
                                                                                  "max_steps")
    values = np.asarray(input_values)
    if values.ndim != 1 or len(values) != program.input_length or (values.size and not (
            np.issubdtype(values.dtype, np.integer) or values.dtype == np.bool_)):
        raise InvalidArgumentError(
            f"input_values must be {program.input_length} integers for {program.name}, "
            f"got shape {values.shape} of dtype {values.dtype}")
    if program.rows >= 2**31:
        raise InvalidArgumentError(
            f"{program.name} has {program.rows} rows; the engine handles fewer than 2^31")
    rows = program.rows if trace else 0
    # the memory copy, 16 bytes of conflict stamps per cell, and the trace (7 int64 a row)
    check_memory(24 * program.memory_size + 57 * rows,
                 f"running {program.name} ({program.memory_size:,} cells"
                 + (f", a trace of {rows:,} rows)" if rows else ")"))
    memory = program.initial_memory.copy()
    memory[program.input_start:program.input_start + program.input_length] = values
    trace_arrays = (np.full((rows, isa.MAX_READS), -1, np.int64), np.full(rows, -1, np.int64),
                    np.zeros(rows, np.int64), np.zeros(rows, np.bool_))
    status, steps_done, error_step, address, first, second, processors, work, cells, peak = \
        _run_kernel(memory, program.step_offsets, program.processor, program.opcode,
                    program.dst, program.a, program.b, program.c, MODES.index(mode),
                    min(steps_limit, program.steps), trace, *trace_arrays)
    if status >= _READ_CONFLICT:
        _raise(status, mode, error_step, address, first, second, program)
    recorded = None
    if trace:
        offsets = program.step_offsets[:steps_done + 1].copy()
        end = int(offsets[-1])
        recorded = PramTrace(offsets, program.processor[:end].copy(),
                             *(array[:end] for array in trace_arrays))
    stopped_by = "halted" if steps_done == program.steps else "max_steps"
    output = memory[program.output_start:program.output_start + program.output_length].copy()
    return PramResult(output, mode, processors, steps_done, work, cells, peak, stopped_by,
                      memory if keep_memory else None, recorded)


def _raise(status, mode, step, address, first, second, program):
    if status == _OUT_OF_RANGE:
        raise MalformedMachineError(
            f"step {step}: processor {first} computed address {address}, outside memory "
            f"[0, {program.memory_size}) of {program.name}")
    if status == _DIVIDE_BY_ZERO:
        raise MalformedMachineError(f"step {step}: processor {first} divides by zero "
                                    f"in {program.name}")
    low, high = sorted((int(first), int(second)))
    if status == _READ_CONFLICT:
        message = (f"step {step}: processors {low} and {high} both read address {address} "
                   f"under {mode}")
    elif status == _WRITE_CONFLICT:
        message = (f"step {step}: processors {low} and {high} both write address {address} "
                   f"under {mode}")
    else:
        message = (f"step {step}: processors {low} and {high} write different values to "
                   f"address {address} under {mode}")
    raise MemoryConflictError(message, step=int(step), address=int(address),
                              processors=(low, high))


@njit(cache=True)
def _binary(code, x, y):
    # codes follow isa.BINARY_OPS: ADD SUB MUL DIV MOD MIN MAX AND OR XOR EQ NE LT LE GT GE
    if code == 0:
        return x + y
    if code == 1:
        return x - y
    if code == 2:
        return x * y
    if code == 3:
        return x // y
    if code == 4:
        return x % y
    if code == 5:
        return min(x, y)
    if code == 6:
        return max(x, y)
    if code == 7:
        return x & y
    if code == 8:
        return x | y
    if code == 9:
        return x ^ y
    if code == 10:
        return np.int64(x == y)
    if code == 11:
        return np.int64(x != y)
    if code == 12:
        return np.int64(x < y)
    if code == 13:
        return np.int64(x <= y)
    if code == 14:
        return np.int64(x > y)
    return np.int64(x >= y)


@njit(cache=True)
def _run_kernel(memory, offsets, proc, op, dst, a, b, c, mode, steps, record,
                trace_reads, trace_write, trace_value, trace_won):
    size = memory.size
    # One 16-byte row of stamps per cell: the last step that read it, how many
    # processors read it in that step, the last step that wrote it, and its owner (the
    # first reader during the read phase, the winning row during the write phase). A
    # cell has been touched iff one of its step stamps is not 0. Nothing is cleared
    # per step, so a step costs O(its rows), not O(memory).
    stamps = np.zeros((size, 4), np.int32)  # calloc: untouched pages cost nothing
    width = 0
    for s in range(steps):
        width = max(width, offsets[s + 1] - offsets[s])
    values = np.zeros(width, np.int64)
    targets = np.zeros(width, np.int64)
    reads = np.zeros(3, np.int64)
    status = _OK
    error_step = -1
    error_address = -1
    first = -1
    second = -1
    processors = 0
    work = 0
    cells = 0
    peak = 0
    done = 0
    for step in range(steps):
        s = step + 1  # stamps hold step + 1, so 0 means "never"
        low = offsets[step]
        high = offsets[step + 1]
        processors = max(processors, high - low)
        # read phase: every row computes its value and target from the old memory
        for k in range(low, high):
            o = op[k]
            p = proc[k]
            count = 0
            value = 0
            target = -1
            if o < _CONST or o >= _IMMEDIATE:
                x = memory[a[k]]
                reads[0] = a[k]
                count = 1
                if o >= _IMMEDIATE:
                    y = np.int64(b[k])
                    o -= _IMMEDIATE
                else:
                    y = memory[b[k]]
                    reads[1] = b[k]
                    count = 2
                if (o == _DIV or o == _MOD) and y == 0:
                    status = _DIVIDE_BY_ZERO
                    error_step = step
                    first = p
                    break
                value = _binary(o, x, y)
                target = dst[k]
            elif o == _CONST:
                value = c[k]
                target = dst[k]
            elif o == _COPY or o == _NOT:
                value = memory[a[k]]
                if o == _NOT:
                    value = np.int64(value == 0)
                reads[0] = a[k]
                count = 1
                target = dst[k]
            elif o == _SELECT:
                reads[0] = a[k]
                reads[1] = b[k]
                reads[2] = c[k]
                count = 3
                value = memory[a[k]] if memory[c[k]] != 0 else memory[b[k]]
                target = dst[k]
            elif o == _LOAD:
                pointer = memory[a[k]] + c[k]
                reads[0] = a[k]
                reads[1] = pointer
                count = 2
                if pointer < 0 or pointer >= size:
                    status = _OUT_OF_RANGE
                    error_step = step
                    error_address = pointer
                    first = p
                    break
                value = memory[pointer]
                target = dst[k]
            else:  # STORE, CWRITE, CWRITE_I, CSTORE, CSTORE_I
                condition = True
                if o != _STORE:
                    reads[0] = b[k]
                    count = 1
                    condition = memory[b[k]] != 0
                if o == _STORE or o == _CWRITE or o == _CSTORE:
                    reads[count] = a[k]
                    count += 1
                    value = memory[a[k]]
                elif o == _CWRITE_I:
                    value = c[k]
                else:
                    value = a[k]
                if o == _CWRITE or o == _CWRITE_I:
                    target = dst[k] if condition else -1
                else:
                    reads[count] = dst[k]
                    count += 1
                    if condition:
                        target = memory[dst[k]] + c[k]
                        if target < 0 or target >= size:
                            status = _OUT_OF_RANGE
                            error_step = step
                            error_address = target
                            first = p
                            break
            for r in range(count):
                address = reads[r]
                repeated = False
                for q in range(r):
                    if reads[q] == address:
                        repeated = True
                if repeated:
                    if record:
                        trace_reads[k, r] = -1
                    continue
                if record:
                    trace_reads[k, r] = address
                if stamps[address, 0] != s:
                    if stamps[address, 0] == 0 and stamps[address, 2] == 0:
                        cells += 1
                    stamps[address, 0] = s
                    stamps[address, 1] = 1
                    stamps[address, 3] = p
                    peak = max(peak, 1)
                else:
                    stamps[address, 1] += 1
                    peak = max(peak, stamps[address, 1])
                    if mode == _EREW:
                        status = _READ_CONFLICT
                        error_step = step
                        error_address = address
                        first = stamps[address, 3]
                        second = p
                        break
            if status:
                break
            if record:
                trace_write[k] = target
                trace_value[k] = value
            values[k - low] = value
            targets[k - low] = target
        if status:
            break
        # write phase: resolve concurrent writes by the mode
        for k in range(low, high):
            target = targets[k - low]
            if target < 0:
                continue
            if stamps[target, 2] != s:
                if stamps[target, 0] == 0 and stamps[target, 2] == 0:
                    cells += 1
                stamps[target, 2] = s
                stamps[target, 3] = k
                continue
            other = stamps[target, 3]
            if mode <= _CREW or (mode == _COMMON and values[other - low] != values[k - low]):
                status = _WRITE_CONFLICT if mode <= _CREW else _COMMON_CONFLICT
                error_step = step
                error_address = target
                first = proc[other]
                second = proc[k]
                break
            if (mode == _ARBITRARY and proc[k] > proc[other]) or (
                    mode == _PRIORITY and proc[k] < proc[other]):
                stamps[target, 3] = k
        if status:
            break
        # commit: under EREW/CREW every surviving target has one writer, so skip the
        # winner lookup unless a CRCW rule or the trace needs it
        check_winner = record or mode >= _COMMON
        for k in range(low, high):
            target = targets[k - low]
            if target >= 0 and (not check_winner or stamps[target, 3] == k):
                memory[target] = values[k - low]
                if record:
                    trace_won[k] = True
        work += high - low
        done = step + 1
    return (status, done, error_step, error_address, first, second, processors, work, cells,
            peak)
