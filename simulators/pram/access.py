"""What a PRAM program's direct-addressed steps read and write: checked and counted once per program.

A step is *direct* when every row's addresses are fields of the program (no LOAD, STORE,
CSTORE, CSTORE_I) and every write happens (no CWRITE, CWRITE_I): the cells it reads and
writes do not depend on memory, so its access conflicts, its most concurrent reads and
the cells it touches are known before any run. The engine runs such a step without
per-cell bookkeeping when the run's mode has nothing left to decide in it, and checks
the other steps cell by cell at run time.
"""

from dataclasses import dataclass, field

import numpy as np

from simulators.jit import njit
from simulators.pram import isa
from simulators.validation import check_memory

__all__ = ["AccessPattern", "analyse"]

_TABLE = 2 * isa.IMMEDIATE
_INDIRECT_OR_CONDITIONAL = ("LOAD", "STORE", "CSTORE", "CSTORE_I", "CWRITE", "CWRITE_I")
_DIRECT = np.zeros(_TABLE, np.bool_)
_DIRECT[[code for name, code in isa.OPCODES.items() if name not in _INDIRECT_OR_CONDITIONAL]] \
    = True
_DIVIDES = np.zeros(_TABLE, np.bool_)
_DIVIDES[[isa.OPCODES[name] for name in ("DIV", "MOD", "DIV_I", "MOD_I")]] = True
_EREW, _CREW = 0, 1  # indices of simulators.pram.program.MODES


@dataclass(frozen=True, eq=False)
class AccessPattern:
    """The access pattern of a program's direct steps (see the module docstring).

    Conflicts are the first ones the engine would meet in the step: reads in row order
    (operands ``a``, ``b``, ``c`` of each row, a cell a row reads twice counted once),
    writes in row order; each is ``(address, first processor, second processor)`` or
    ``(-1, -1, -1)``. Indirect steps have no entries (``direct`` is False there).

    Attributes
    ----------
    direct : numpy.ndarray
        bool per step: every row direct and unconditional.
    divides : numpy.ndarray
        bool per step: a DIV or MOD row, which may divide by zero at run time.
    in_place : numpy.ndarray
        bool per direct step: no row reads a cell that an earlier row of the step writes,
        so rows may write as they go.
    peak_reads : numpy.ndarray
        int64 per direct step: most processors reading one cell.
    read_conflict, write_conflict : numpy.ndarray
        int64, shape ``(steps, 3)``: the first concurrent read and the first concurrent
        write of each direct step.
    first_touch : numpy.ndarray
        int32 per cell: the first direct step that reads or writes it (``steps`` if none).
    touched_before : numpy.ndarray
        int64, length ``steps + 1``: cells whose ``first_touch`` is below ``t``.
    runs : numpy.ndarray
        int64, shape ``(runs, 11)``: the rows of direct steps that fall into few runs of
        one opcode whose operands step evenly (``dst = d0 + i * dd`` and so on), as
        ``(first row, end row, opcode, d0, dd, a0, da, b0, db, c0, dc)``: the engine
        runs them without reading the instruction arrays.
    step_runs : numpy.ndarray
        int64, length ``steps + 1``: the runs of step ``t`` are
        ``runs[step_runs[t]:step_runs[t + 1]]`` (none for a step that is not direct, or
        whose rows do not fall into few runs).
    widths : numpy.ndarray
        int64 per step: its number of rows.
    """

    direct: np.ndarray = field(repr=False)
    divides: np.ndarray = field(repr=False)
    in_place: np.ndarray = field(repr=False)
    peak_reads: np.ndarray = field(repr=False)
    read_conflict: np.ndarray = field(repr=False)
    write_conflict: np.ndarray = field(repr=False)
    first_touch: np.ndarray = field(repr=False)
    touched_before: np.ndarray = field(repr=False)
    runs: np.ndarray = field(repr=False)
    step_runs: np.ndarray = field(repr=False)
    widths: np.ndarray = field(repr=False)

    def conflicts(self, mode):
        """Return bool per step: a direct step that breaks mode index ``mode`` (of
        ``MODES``) whatever the memory holds."""
        writes = self.write_conflict[:, 0] >= 0
        if mode == _EREW:
            return writes | (self.read_conflict[:, 0] >= 0)
        return writes if mode == _CREW else np.zeros_like(writes)

    def checked(self, mode):
        """Return bool per step: the steps the engine checks cell by cell under mode index
        ``mode``: indirect steps, and direct ones with concurrent writes (to resolve
        under CRCW) or with a conflict under the mode."""
        return ~self.direct | (self.write_conflict[:, 0] >= 0) | self.conflicts(mode)

    def certain_conflict(self, mode, steps):
        """Return the first step below ``steps`` that must raise a conflict under mode
        index ``mode`` before anything else can go wrong, or -1.

        That is a conflicting direct step without DIV/MOD rows whose earlier steps are all
        direct, conflict-free and without DIV/MOD rows (an indirect address, a division or
        an indirect conflict could raise first; so could a CRCW-common value clash).
        """
        conflicts = np.flatnonzero(self.conflicts(mode)[:steps])
        if not conflicts.size:
            return -1
        step = int(conflicts[0])
        safe = self.direct[:step + 1] & ~self.divides[:step + 1]
        return step if safe.all() else -1


def analyse(program):
    """Return the :class:`AccessPattern` of ``program`` (a :class:`PramProgram`).

    Costs one pass over the rows and 24 bytes per cell while it runs.

    Raises
    ------
    MemoryBudgetError
        If the bookkeeping would not fit in the memory budget.

    Examples
    --------
    >>> from simulators.pram.programs import prefix_sum_hillis_steele
    >>> pattern = analyse(prefix_sum_hillis_steele(4))
    >>> pattern.direct.tolist(), pattern.peak_reads.tolist()
    ([True, True], [2, 1])
    >>> pattern.read_conflict[0].tolist()  # cell 1 is read by processors 1 and 2
    [1, 1, 2]
    """
    size, steps = program.memory_size, program.steps
    check_memory(24 * size + 120 * steps, f"checking the access pattern of {program.name}")
    arrays = _analyse(program.step_offsets, program.processor, program.opcode, program.dst,
                      program.a, program.b, program.c, size, _DIRECT, _DIVIDES, isa.READS_A,
                      isa.READS_B, isa.READS_C)
    first_touch = arrays[-1]
    counts = np.bincount(first_touch, minlength=steps + 1)[:steps]
    touched_before = np.concatenate(([0], np.cumsum(counts))).astype(np.int64)
    columns = (program.opcode, program.dst, program.a, program.b, program.c)
    step_runs = _count_runs(program.step_offsets, arrays[0], *columns)
    runs = _find_runs(program.step_offsets, step_runs, *columns)
    return AccessPattern(*arrays, touched_before, runs, step_runs,
                         np.diff(program.step_offsets))


_ROWS_PER_RUN = 8
"""A direct step is run by runs if it has at most ``1 + rows // _ROWS_PER_RUN`` of them."""


@njit(cache=True)
def _run_end(start, high, op, dst, a, b, c):
    """The row after the longest run from ``start`` of one opcode and evenly stepping
    operands, within ``start:high``."""
    end = start + 1
    if end == high or op[end] != op[start]:
        return end
    dd, da, db, dc = dst[end] - dst[start], a[end] - a[start], b[end] - b[start], \
        c[end] - c[start]
    end += 1
    while end < high and op[end] == op[start] and dst[end] - dst[end - 1] == dd and \
            a[end] - a[end - 1] == da and b[end] - b[end - 1] == db and \
            c[end] - c[end - 1] == dc:
        end += 1
    return end


@njit(cache=True)
def _count_runs(offsets, direct, op, dst, a, b, c):
    steps = offsets.size - 1
    step_runs = np.zeros(steps + 1, np.int64)
    for step in range(steps):
        low, high = offsets[step], offsets[step + 1]
        count = 0
        if direct[step]:
            k = low
            while k < high and count <= 1 + (high - low) // _ROWS_PER_RUN:
                k = _run_end(k, high, op, dst, a, b, c)
                count += 1
            if count > 1 + (high - low) // _ROWS_PER_RUN:
                count = 0
        step_runs[step + 1] = step_runs[step] + count
    return step_runs


@njit(cache=True)
def _find_runs(offsets, step_runs, op, dst, a, b, c):
    runs = np.zeros((step_runs[-1], 11), np.int64)
    for step in range(offsets.size - 1):
        k = offsets[step]
        for run in range(step_runs[step], step_runs[step + 1]):
            end = _run_end(k, offsets[step + 1], op, dst, a, b, c)
            second = k + 1 if end > k + 1 else k
            runs[run, 0], runs[run, 1], runs[run, 2] = k, end, op[k]
            runs[run, 3], runs[run, 4] = dst[k], dst[second] - dst[k]
            runs[run, 5], runs[run, 6] = a[k], a[second] - a[k]
            runs[run, 7], runs[run, 8] = b[k], b[second] - b[k]
            runs[run, 9], runs[run, 10] = c[k], c[second] - c[k]
            k = end
    return runs


@njit(cache=True)
def _analyse(offsets, proc, op, dst, a, b, c, size, direct_ops, divide_ops, reads_a, reads_b,
             reads_c):
    steps = offsets.size - 1
    direct = np.zeros(steps, np.bool_)
    divides = np.zeros(steps, np.bool_)
    in_place = np.ones(steps, np.bool_)
    peak_reads = np.zeros(steps, np.int64)
    read_conflict = np.full((steps, 3), -1, np.int64)
    write_conflict = np.full((steps, 3), -1, np.int64)
    first_touch = np.full(size, steps, np.int32)
    # per cell, in one row: step + 1 of its last read, readers in that step, its first
    # reader, step + 1 of its last write, its first writer (processor ids); nothing is
    # cleared between steps
    cell = np.zeros((size, 5), np.int32)
    reads = np.zeros(3, np.int64)
    for step in range(steps):
        low, high = offsets[step], offsets[step + 1]
        direct[step] = True
        for k in range(low, high):
            direct[step] = direct[step] and direct_ops[op[k]]
            divides[step] = divides[step] or divide_ops[op[k]]
        if not direct[step]:
            continue
        s = step + 1
        for k in range(low, high):
            o, p = op[k], proc[k]
            count = 0
            if reads_a[o]:
                reads[count] = a[k]
                count += 1
            if reads_b[o]:
                reads[count] = b[k]
                count += 1
            if reads_c[o]:
                reads[count] = c[k]
                count += 1
            for r in range(count):
                address = reads[r]
                repeated = False
                for q in range(r):
                    repeated = repeated or reads[q] == address
                if repeated:
                    continue
                if cell[address, 3] == s:  # an earlier row of this step writes it
                    in_place[step] = False
                if cell[address, 0] != s:
                    cell[address, 0] = s
                    cell[address, 1] = 1
                    cell[address, 2] = p
                else:
                    cell[address, 1] += 1
                    if read_conflict[step, 0] < 0:
                        read_conflict[step, 0] = address
                        read_conflict[step, 1] = cell[address, 2]
                        read_conflict[step, 2] = p
                peak_reads[step] = max(peak_reads[step], cell[address, 1])
                first_touch[address] = min(first_touch[address], step)
            target = dst[k]
            if cell[target, 3] != s:
                cell[target, 3] = s
                cell[target, 4] = p
            elif write_conflict[step, 0] < 0:
                write_conflict[step, 0] = target
                write_conflict[step, 1] = cell[target, 4]
                write_conflict[step, 2] = p
            first_touch[target] = min(first_touch[target], step)
    return direct, divides, in_place, peak_reads, read_conflict, write_conflict, first_touch
