"""Run a PRAM program in a Numba kernel, detect access conflicts, count P, T, work and memory."""

from dataclasses import dataclass, field

import numpy as np

from simulators import stops
from simulators.errors import InvalidArgumentError, MalformedMachineError, MemoryConflictError
from simulators.interrupts import catch_interrupts
from simulators.jit import njit
from simulators.pram import isa
from simulators.pram.program import MODES, PramProgram, check_mode
from simulators.validation import check_memory, check_nonnegative_int

__all__ = ["PramResult", "PramTrace", "run_pram"]

_EREW, _CREW, _COMMON, _ARBITRARY, _PRIORITY = range(5)
_OK, _MAX_STEPS, _READ_CONFLICT, _WRITE_CONFLICT, _COMMON_CONFLICT, _OUT_OF_RANGE, \
    _DIVIDE_BY_ZERO = range(7)
_IMMEDIATE = isa.IMMEDIATE
_ADD, _DIV, _MOD, _CONST, _COPY, _NOT, _SELECT, _LOAD, _STORE, _CWRITE, _CWRITE_I, _CSTORE = (
    isa.OPCODES[name] for name in ("ADD", "DIV", "MOD", "CONST", "COPY", "NOT", "SELECT",
                                   "LOAD", "STORE", "CWRITE", "CWRITE_I", "CSTORE"))


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

    Steps whose addresses are all program fields were checked when the program was first
    run (:attr:`PramProgram.access`) and run without per-cell bookkeeping; a conflict
    among them that nothing before it can pre-empt is raised before the run starts.
    Steps with indirect (LOAD, STORE, CSTORE) or conditional (CWRITE) rows are checked
    cell by cell as they run. The run goes in chunks of about ``_CHUNK_ROWS`` rows;
    Ctrl-C between two chunks ends it with ``stopped_by="interrupted"`` and the result
    so far.

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
        Record the per-step access trace (about 41 bytes per row; every step is then
        checked cell by cell).
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
    MemoryBudgetError
        If the run would not fit in the memory budget.

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
    mode_index = MODES.index(mode)
    limit = min(steps_limit, program.steps)
    access = program.access
    certain = access.certain_conflict(mode_index, limit)
    if certain >= 0:
        _raise_certain(program, certain, mode, mode_index)
    checked = access.checked(mode_index) | trace
    stamped = bool(checked[:limit].any())
    rows = program.rows if trace else 0
    # the memory copy, 16 bytes of conflict stamps per cell (allocated only if a step is
    # checked, but always counted: the budget does not depend on the mode), and the trace
    # (7 int64 a row)
    check_memory(24 * program.memory_size + 57 * rows,
                 f"running {program.name} ({program.memory_size:,} cells"
                 + (f", a trace of {rows:,} rows)" if rows else ")"))
    memory = program.initial_memory.copy()
    memory[program.input_start:program.input_start + program.input_length] = values
    trace_arrays = (np.full((rows, isa.MAX_READS), -1, np.int64), np.full(rows, -1, np.int64),
                    np.zeros(rows, np.int64), np.zeros(rows, np.bool_))
    stamps = np.zeros((program.memory_size if stamped else 1, 4), np.int32)
    new_cells = np.zeros(program.steps + 1, np.int64)
    buffered = (checked | ~access.in_place)[:limit]  # steps whose rows need values/targets
    width = int(access.widths[:limit][buffered].max()) if buffered.any() else 0
    scratch = np.empty(width, np.int64), np.empty(width, np.int64)
    step, peak, stopped_by = 0, 0, None
    with catch_interrupts() as interrupts:
        while step < limit:
            if interrupts.requested:
                stopped_by = stops.INTERRUPTED
                break
            stop = _chunk_end(program.step_offsets, step, limit)
            status, step, error_step, address, first, second, chunk_peak = _run_steps(
                memory, program.step_offsets, program.processor, program.opcode, program.dst,
                program.a, program.b, program.c, mode_index, step, stop, checked,
                access.in_place, access.peak_reads, access.runs, access.step_runs,
                access.first_touch, stamps, new_cells,
                *scratch, trace, *trace_arrays)
            peak = max(peak, int(chunk_peak))
            if status >= _READ_CONFLICT:
                _raise(status, mode, error_step, address, first, second, program)
    if stopped_by is None:
        stopped_by = stops.HALTED if step == program.steps else stops.MAX_STEPS
    recorded = None
    if trace:
        offsets = program.step_offsets[:step + 1].copy()
        end = int(offsets[-1])
        recorded = PramTrace(offsets, program.processor[:end].copy(),
                             *(array[:end] for array in trace_arrays))
    processors = int(access.widths[:step].max()) if step else 0
    work = int(program.step_offsets[step])
    cells = int(access.touched_before[step] + new_cells[step:].sum())
    output = memory[program.output_start:program.output_start + program.output_length].copy()
    return PramResult(output, mode, processors, step, work, cells, peak, stopped_by,
                      memory if keep_memory else None, recorded)


_CHUNK_ROWS = 1 << 22
"""Rows the kernel runs between two looks for Ctrl-C (0.02-0.2 s; a step is never split)."""


def _chunk_end(offsets, step, limit):
    """The step at which a chunk starting at ``step`` ends: about ``_CHUNK_ROWS`` rows on,
    at least one step, at most ``limit``."""
    end = int(np.searchsorted(offsets, offsets[step] + _CHUNK_ROWS, side="right")) - 1
    return min(max(end, step + 1), limit)


def _raise_certain(program, step, mode, mode_index):
    """Raise the conflict of direct step ``step``, found before the run started."""
    access = program.access
    reads = access.read_conflict[step]
    if mode_index == MODES.index("EREW") and reads[0] >= 0:
        status, (address, first, second) = _READ_CONFLICT, reads
    else:
        status, (address, first, second) = _WRITE_CONFLICT, access.write_conflict[step]
    _raise(status, mode, step, address, first, second, program, before_run=True)


def _raise(status, mode, step, address, first, second, program, before_run=False):
    if status == _OUT_OF_RANGE:
        raise MalformedMachineError(
            f"step {step}: processor {first} computed address {address}, outside memory "
            f"[0, {program.memory_size}) of {program.name}")
    if status == _DIVIDE_BY_ZERO:
        raise MalformedMachineError(f"step {step}: processor {first} divides by zero "
                                    f"in {program.name}")
    low, high = sorted((int(first), int(second)))
    when = " (found before the run started: the step's addresses are all direct)" \
        if before_run else ""
    if status == _READ_CONFLICT:
        message = (f"step {step}: processors {low} and {high} both read address {address} "
                   f"under {mode}{when}")
    elif status == _WRITE_CONFLICT:
        message = (f"step {step}: processors {low} and {high} both write address {address} "
                   f"under {mode}{when}")
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
def _run_steps(memory, offsets, proc, op, dst, a, b, c, mode, start, stop, checked, in_place,
               peak_reads, runs, step_runs, first_touch, stamps, new_cells, values, targets, record,
               trace_reads, trace_write, trace_value, trace_won):
    """Run steps ``start:stop`` on ``memory``; checked steps use ``stamps`` and count cells
    no direct step touches before the run's end into ``new_cells[first_touch[cell]]``.

    Returns (status, steps done, error step, error address, first and second
    processor of the error, peak concurrent reads).
    """
    peak = 0
    for step in range(start, stop):
        if checked[step]:
            status, address, first, second, step_peak = _checked_step(
                memory, offsets, proc, op, dst, a, b, c, mode, step, first_touch, stamps,
                new_cells, values, targets, record, trace_reads, trace_write, trace_value,
                trace_won)
        elif step_runs[step + 1] > step_runs[step]:
            status, address, first, second = _run_by_runs(
                memory, offsets[step], runs[step_runs[step]:step_runs[step + 1]], proc,
                in_place[step], values)
            step_peak = peak_reads[step]
        else:
            status, address, first, second = _direct_step(
                memory, offsets[step], offsets[step + 1], proc, op, dst, a, b, c,
                in_place[step], values)
            step_peak = peak_reads[step]
        if status != _OK:
            return status, step, step, address, first, second, peak
        peak = max(peak, step_peak)
    return _OK, stop, -1, -1, -1, -1, peak


@njit(cache=True)
def _direct_step(memory, low, high, proc, op, dst, a, b, c, in_place, values):
    """Run a direct step whose accesses were checked when the program was analysed: no
    bookkeeping, only the division check. Rows write as they go where no row reads a
    cell an earlier row writes, else through ``values``. Rows come in runs of one opcode
    (a library step is one or two runs), each run a loop without branches."""
    out = memory if in_place else values
    shift = 0 if in_place else low  # rows write out[dst[k]] or values[k - low]
    start = low
    while start < high:
        o = op[start]
        end = start + 1
        while end < high and op[end] == o:
            end += 1
        if o < _CONST:  # cell <op> cell
            if o == _DIV or o == _MOD:
                for k in range(start, end):
                    if memory[b[k]] == 0:
                        return _DIVIDE_BY_ZERO, -1, proc[k], -1
            if in_place:
                for k in range(start, end):
                    memory[dst[k]] = _binary(o, memory[a[k]], memory[b[k]])
            else:
                for k in range(start, end):
                    values[k - low] = _binary(o, memory[a[k]], memory[b[k]])
        elif o >= _IMMEDIATE:  # cell <op> immediate
            code = o - _IMMEDIATE
            if code == _DIV or code == _MOD:
                for k in range(start, end):
                    if b[k] == 0:
                        return _DIVIDE_BY_ZERO, -1, proc[k], -1
            for k in range(start, end):
                out[dst[k] if in_place else k - shift] = _binary(code, memory[a[k]],
                                                                 np.int64(b[k]))
        elif o == _CONST:
            for k in range(start, end):
                out[dst[k] if in_place else k - shift] = c[k]
        elif o == _COPY:
            for k in range(start, end):
                out[dst[k] if in_place else k - shift] = memory[a[k]]
        elif o == _NOT:
            for k in range(start, end):
                out[dst[k] if in_place else k - shift] = memory[a[k]] == 0
        else:  # SELECT
            for k in range(start, end):
                out[dst[k] if in_place else k - shift] = \
                    memory[a[k]] if memory[c[k]] != 0 else memory[b[k]]
        start = end
    if not in_place:
        for k in range(low, high):
            memory[dst[k]] = values[k - low]
    return _OK, -1, -1, -1


@njit(cache=True, inline="always")
def _cell(base, i, stride):
    return np.uint64(base + i * stride)


@njit(cache=True)
def _run_by_runs(memory, low, runs, proc, in_place, values):
    """Run a direct step given as runs of one opcode with evenly stepping operands (see
    ``AccessPattern.runs``), without reading the instruction arrays; otherwise as
    :func:`_direct_step`. Indices are unsigned (the addresses were checked when the
    program was built), which spares Numba's negative-index test in the loops."""
    for run in range(runs.shape[0]):
        start, end, o, d, dd, x, dx, y, dy, z, dz = runs[run]
        out = memory if in_place else values
        if not in_place:
            d, dd = start - low, 1  # buffer slot k - low
        if o < _CONST:  # cell <op> cell
            if o == _DIV or o == _MOD:
                for i in range(end - start):
                    if memory[_cell(y, i, dy)] == 0:
                        return _DIVIDE_BY_ZERO, -1, proc[start + i], -1
            if o == _ADD:  # the opcode of scans and reductions gets a loop of its own:
                for i in range(end - start):  # LLVM keeps _binary's dispatch in the loop
                    out[_cell(d, i, dd)] = memory[_cell(x, i, dx)] + memory[_cell(y, i, dy)]
            else:
                for i in range(end - start):
                    out[_cell(d, i, dd)] = _binary(o, memory[_cell(x, i, dx)],
                                                   memory[_cell(y, i, dy)])
        elif o >= _IMMEDIATE:  # cell <op> immediate
            code = o - _IMMEDIATE
            if code == _DIV or code == _MOD:
                for i in range(end - start):
                    if y + i * dy == 0:
                        return _DIVIDE_BY_ZERO, -1, proc[start + i], -1
            for i in range(end - start):
                out[_cell(d, i, dd)] = _binary(code, memory[_cell(x, i, dx)], y + i * dy)
        elif o == _CONST:
            for i in range(end - start):
                out[_cell(d, i, dd)] = z + i * dz
        elif o == _COPY:
            for i in range(end - start):
                out[_cell(d, i, dd)] = memory[_cell(x, i, dx)]
        elif o == _NOT:
            for i in range(end - start):
                out[_cell(d, i, dd)] = memory[_cell(x, i, dx)] == 0
        else:  # SELECT
            for i in range(end - start):
                out[_cell(d, i, dd)] = memory[_cell(x, i, dx)] if memory[_cell(z, i, dz)] != 0 \
                    else memory[_cell(y, i, dy)]
    if not in_place:
        for run in range(runs.shape[0]):
            start, end, d, dd = runs[run, 0], runs[run, 1], runs[run, 3], runs[run, 4]
            for i in range(end - start):
                memory[_cell(d, i, dd)] = values[start - low + i]
    return _OK, -1, -1, -1


@njit(cache=True)
def _checked_step(memory, offsets, proc, op, dst, a, b, c, mode, step, first_touch, stamps,
                  new_cells, values, targets, record, trace_reads, trace_write, trace_value,
                  trace_won):
    """Run one step checking every access cell by cell.

    One 16-byte row of stamps per cell: the last step that read it, how many processors
    read it in that step, the last step that wrote it, and its owner (the first reader
    during the read phase, the winning row during the write phase). A cell has been
    touched by a checked step iff one of its step stamps is not 0. Nothing is cleared
    per step, so a step costs O(its rows), not O(memory).

    Returns (status, error address, first and second processor, peak concurrent reads).
    """
    size = memory.size
    reads = np.zeros(3, np.int64)
    s = step + 1  # stamps hold step + 1, so 0 means "never"
    low = offsets[step]
    high = offsets[step + 1]
    peak = 0
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
                return _DIVIDE_BY_ZERO, -1, p, -1, peak
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
                return _OUT_OF_RANGE, pointer, p, -1, peak
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
                        return _OUT_OF_RANGE, target, p, -1, peak
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
                    new_cells[first_touch[address]] += 1
                stamps[address, 0] = s
                stamps[address, 1] = 1
                stamps[address, 3] = p
                peak = max(peak, 1)
            else:
                stamps[address, 1] += 1
                peak = max(peak, stamps[address, 1])
                if mode == _EREW:
                    return _READ_CONFLICT, address, stamps[address, 3], p, peak
        if record:
            trace_write[k] = target
            trace_value[k] = value
        values[k - low] = value
        targets[k - low] = target
    # write phase: resolve concurrent writes by the mode
    for k in range(low, high):
        target = targets[k - low]
        if target < 0:
            continue
        if stamps[target, 2] != s:
            if stamps[target, 0] == 0 and stamps[target, 2] == 0:
                new_cells[first_touch[target]] += 1
            stamps[target, 2] = s
            stamps[target, 3] = k
            continue
        other = stamps[target, 3]
        if mode <= _CREW or (mode == _COMMON and values[other - low] != values[k - low]):
            return (_WRITE_CONFLICT if mode <= _CREW else _COMMON_CONFLICT), target, \
                proc[other], proc[k], peak
        if (mode == _ARBITRARY and proc[k] > proc[other]) or (
                mode == _PRIORITY and proc[k] < proc[other]):
            stamps[target, 3] = k
    # commit: under EREW/CREW every surviving target has one writer, so skip the
    # winner lookup unless a CRCW rule or the trace needs it
    check_winner = record or mode >= _COMMON
    for k in range(low, high):
        target = targets[k - low]
        if target >= 0 and (not check_winner or stamps[target, 3] == k):
            memory[target] = values[k - low]
            if record:
                trace_won[k] = True
    return _OK, -1, -1, -1, peak
