"""PRAM programs: a sequence of parallel steps of (processor, instruction) rows, and a builder."""

import difflib
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import cached_property

import numpy as np

from simulators.errors import InvalidArgumentError, MalformedMachineError
from simulators.jit import njit
from simulators.pram import isa
from simulators.pram.access import analyse
from simulators.validation import check_memory

__all__ = ["MODES", "PramProgram", "ProgramBuilder", "check_mode"]

#: Access modes, weakest first. CRCW-arbitrary lets the highest processor id win;
#: CRCW-priority lets the lowest processor id win; CRCW-common requires equal values.
MODES = ("EREW", "CREW", "CRCW-common", "CRCW-arbitrary", "CRCW-priority")

_INT32 = np.iinfo(np.int32)


def check_mode(mode):
    """Return ``mode`` if it is one of :data:`MODES`, else raise.

    Raises
    ------
    InvalidArgumentError
        If ``mode`` is not one of :data:`MODES`.
    """
    if mode not in MODES:
        raise InvalidArgumentError(
            f"mode={mode!r} is not a PRAM mode; use one of {', '.join(MODES)}")
    return mode


@dataclass(frozen=True, eq=False)
class PramProgram:
    """A straight-line PRAM program: what every processor does in every parallel step.

    Row ``i`` of the instruction arrays is one processor executing one instruction; the
    rows of step ``t`` are ``step_offsets[t]:step_offsets[t + 1]``. The meaning of
    ``(opcode, dst, a, b, c)`` is given in :mod:`simulators.pram.isa`. Which cells a row
    reads and writes depends only on these fields and on memory contents (indirect
    addressing), so a compiler can read the access pattern of every step from here and
    the run's trace.

    Attributes
    ----------
    name : str
        What the program computes, e.g. ``"prefix_sum_blelloch(n=8)"``.
    mode : str
        The weakest mode (see :data:`MODES`) under which the program is correct.
    memory_size : int
        Number of int64 cells.
    initial_memory : numpy.ndarray
        int64 contents before the input is loaded (constants, zero padding).
    input_start, input_length : int
        The input occupies ``memory[input_start:input_start + input_length]``.
    output_start, output_length : int
        The output occupies ``memory[output_start:output_start + output_length]``.
    step_offsets : numpy.ndarray
        int64, length ``steps + 1``, non-decreasing, from 0 to the number of rows.
    processor, opcode, dst, a, b, c : numpy.ndarray
        int32 instruction arrays, one entry per row.

    Raises
    ------
    MalformedMachineError
        On construction, if an opcode is unknown, a processor id is negative or appears
        twice in one step, a direct address is outside memory, or the regions do not fit.
    """

    name: str
    mode: str
    memory_size: int
    initial_memory: np.ndarray = field(repr=False)
    input_start: int
    input_length: int
    output_start: int
    output_length: int
    step_offsets: np.ndarray = field(repr=False)
    processor: np.ndarray = field(repr=False)
    opcode: np.ndarray = field(repr=False)
    dst: np.ndarray = field(repr=False)
    a: np.ndarray = field(repr=False)
    b: np.ndarray = field(repr=False)
    c: np.ndarray = field(repr=False)

    def __post_init__(self):
        check_mode(self.mode)
        for name in ("processor", "opcode", "dst", "a", "b", "c"):
            object.__setattr__(self, name, _int32_column(getattr(self, name), name))
        object.__setattr__(self, "step_offsets",
                           np.ascontiguousarray(self.step_offsets, dtype=np.int64))
        object.__setattr__(self, "initial_memory",
                           np.ascontiguousarray(self.initial_memory, dtype=np.int64))
        _validate(self)

    @cached_property
    def access(self):
        """The :class:`~simulators.pram.access.AccessPattern` of the program's direct steps:
        their conflicts, most concurrent reads and first touches, found by one pass over
        the rows on first use (the engine's first run) and kept."""
        return analyse(self)

    @property
    def steps(self):
        """Number of parallel steps."""
        return len(self.step_offsets) - 1

    @property
    def rows(self):
        """Number of (processor, instruction) rows, i.e. the work of a full run."""
        return int(self.step_offsets[-1])

    def step_rows(self, step):
        """Return the ``slice`` of rows executed in parallel step ``step``."""
        return slice(int(self.step_offsets[step]), int(self.step_offsets[step + 1]))

    def describe_step(self, step):
        """Return the rows of ``step`` as readable strings like ``"p3: ADD [5] [6] [7] 0"``."""
        rows = self.step_rows(step)
        return [f"p{p}: {isa.OPCODE_NAMES[int(o)]} {d} {x} {y} {z}" for p, o, d, x, y, z in zip(
            self.processor[rows], self.opcode[rows], self.dst[rows], self.a[rows],
            self.b[rows], self.c[rows])]


def _int32_column(values, name):
    array = np.asarray(values)
    if array.ndim != 1 or (array.size and not np.issubdtype(array.dtype, np.integer)):
        raise MalformedMachineError(f"program field {name} must be a 1-D integer array")
    if array.dtype != np.int32:
        _check_int32(array, name)
    return np.ascontiguousarray(array, dtype=np.int32)


def _validate(program):
    size = program.memory_size
    if size < 1:
        raise MalformedMachineError(f"memory_size={size} must be >= 1")
    if program.initial_memory.shape != (size,):
        raise MalformedMachineError(
            f"initial_memory has shape {program.initial_memory.shape}, expected ({size},)")
    for label, start, length in (("input", program.input_start, program.input_length),
                                 ("output", program.output_start, program.output_length)):
        if start < 0 or length < 0 or start + length > size:
            raise MalformedMachineError(
                f"{label} region [{start}, {start + length}) does not fit in {size} cells")
    rows = len(program.opcode)
    if any(len(getattr(program, n)) != rows for n in ("processor", "dst", "a", "b", "c")):
        raise MalformedMachineError("instruction arrays have different lengths")
    offsets = program.step_offsets
    if offsets.size < 1 or offsets[0] != 0 or offsets[-1] != rows or np.any(np.diff(offsets) < 0):
        raise MalformedMachineError(
            f"step_offsets must rise from 0 to {rows} (the number of rows)")
    if rows == 0:
        return
    processor = program.processor
    if processor.min() < 0:
        row = int(np.flatnonzero(processor < 0)[0])
        raise MalformedMachineError(f"row {row}: negative processor id {processor[row]}")
    if int(processor.max()) >= 2 * rows + 64:  # sparse ids: number them densely first
        processor = np.unique(processor, return_inverse=True)[1].astype(np.int32)
    check_memory(4 * (int(processor.max()) + 1), f"checking the processor ids of {program.name}")
    known = np.zeros(_OPCODE_TABLE, np.bool_)
    known[list(isa.OPCODE_NAMES)] = True
    fields = np.stack([isa.WRITES_DST | isa.READS_DST, isa.READS_A, isa.READS_B, isa.READS_C])
    bad_opcode, bad_address, duplicate = _check_rows(
        offsets, processor, program.opcode, program.dst, program.a, program.b, program.c,
        size, known, fields)
    op = program.opcode
    if bad_opcode >= 0:
        raise MalformedMachineError(f"row {bad_opcode}: unknown opcode {int(op[bad_opcode])}")
    for index, name in enumerate(("dst", "a", "b", "c")):
        row = bad_address[index]
        if row >= 0:
            raise MalformedMachineError(
                f"row {row} ({isa.OPCODE_NAMES[int(op[row])]}): address {name}="
                f"{getattr(program, name)[row]} is outside memory [0, {size})")
    if duplicate >= 0:
        step = int(np.searchsorted(offsets, duplicate, side="right") - 1)
        raise MalformedMachineError(
            f"step {step}: processor {program.processor[duplicate]} has two "
            "instructions (a processor executes one instruction per step)")


_OPCODE_TABLE = 2 * isa.IMMEDIATE


@njit(cache=True)
def _check_rows(offsets, processor, op, dst, a, b, c, size, known, fields):
    """Return the first row with an unknown opcode, the first row with each operand
    (dst, a, b, c) an address outside memory, and the first row whose processor already
    has an instruction in its step (-1 where there is none)."""
    bad_opcode = -1
    bad_address = np.full(4, -1, np.int64)
    duplicate = -1
    last_step = np.zeros(processor.max() + 1, np.int32)  # step + 1 a processor last ran in
    limit = np.uint32(size)  # an unsigned comparison also catches negative addresses
    for step in range(offsets.size - 1):
        for k in range(offsets[step], offsets[step + 1]):
            o = op[k]
            if o < 0 or o >= known.size or not known[o]:
                if bad_opcode < 0:
                    bad_opcode = k
                continue
            if fields[0, o] and np.uint32(dst[k]) >= limit and bad_address[0] < 0:
                bad_address[0] = k
            if fields[1, o] and np.uint32(a[k]) >= limit and bad_address[1] < 0:
                bad_address[1] = k
            if fields[2, o] and np.uint32(b[k]) >= limit and bad_address[2] < 0:
                bad_address[2] = k
            if fields[3, o] and np.uint32(c[k]) >= limit and bad_address[3] < 0:
                bad_address[3] = k
            p = np.uint32(processor[k])
            if last_step[p] == step + 1 and duplicate < 0:
                duplicate = k
            last_step[p] = step + 1
    return bad_opcode, bad_address, duplicate


class ProgramBuilder:
    """Build a :class:`PramProgram` step by step with vectorised numpy rows.

    Examples
    --------
    >>> from simulators.pram import isa
    >>> builder = ProgramBuilder("double")
    >>> x = builder.alloc(4)
    >>> builder.set_input(x, 4)
    >>> builder.set_output(x, 4)
    >>> with builder.step():
    ...     builder.emit(isa.ADD, proc=range(4), dst=x + np.arange(4), a=x + np.arange(4),
    ...                  b=x + np.arange(4))
    >>> program = builder.build("EREW")
    >>> program.steps, program.rows
    (1, 4)
    """

    def __init__(self, name):
        self.name = name
        self._size = 0
        self._fills = []
        self._columns = []
        self._offsets = [0]
        self._rows = 0
        self._pending = None
        self._input = (0, 0)
        self._output = (0, 0)

    def alloc(self, length, fill=0):
        """Reserve ``length`` cells initialised to ``fill`` (a number or ``length``
        numbers); return the first address.

        Raises
        ------
        MalformedMachineError
            If the memory would reach 2^31 cells (addresses are int32).
        """
        start = self._size
        if start + int(length) > _INT32.max:
            raise MalformedMachineError(
                f"{self.name} needs {start + int(length):,} cells; a PRAM program addresses "
                f"fewer than 2^31")
        self._size += int(length)
        if np.any(np.asarray(fill) != 0):
            self._fills.append((start, int(length), np.asarray(fill, dtype=np.int64)))
        return start

    def set_input(self, start, length):
        """Declare that the input is loaded into ``memory[start:start + length]``."""
        self._input = (int(start), int(length))

    def set_output(self, start, length):
        """Declare that the output is read from ``memory[start:start + length]``."""
        self._output = (int(start), int(length))

    @contextmanager
    def step(self):
        """Collect the rows emitted inside the ``with`` block into one parallel step.

        A step in which no row was emitted is dropped (it would do nothing).
        """
        assert self._pending is None, "steps do not nest"
        self._pending = []
        try:
            yield
        finally:
            pending, self._pending = self._pending, None
        if pending:
            self._columns.extend(pending)
            self._rows += sum(len(chunk[0]) for chunk in pending)
            self._offsets.append(self._rows)

    def emit(self, op, proc, dst=0, a=0, b=0, c=0):
        """Add rows ``(proc, op, dst, a, b, c)`` to the current step; arguments broadcast.

        ``op`` is an opcode of :mod:`simulators.pram.isa` or its name (``"ADD_I"``).

        Raises
        ------
        MalformedMachineError
            If ``op`` is a name that is not an opcode.
        """
        assert self._pending is not None, "emit() must be called inside builder.step()"
        if isinstance(op, str):
            if op not in isa.OPCODES:
                close = difflib.get_close_matches(op, isa.OPCODES, n=3)
                raise MalformedMachineError(f"no PRAM opcode {op!r}"
                                            + (f"; did you mean {', '.join(close)}?" if close else ""))
            op = isa.OPCODES[op]
        columns = np.broadcast_arrays(*(_integers(v) for v in (proc, op, dst, a, b, c)))
        if columns[0].size:
            self._pending.append(tuple(col.reshape(-1) if col.ndim != 1 else col
                                       for col in columns))

    def build(self, mode):
        """Return the finished :class:`PramProgram`, correct under ``mode``.

        Raises
        ------
        MalformedMachineError
            If an emitted value does not fit in int32, or the program is malformed (see
            :class:`PramProgram`).
        """
        memory = np.zeros(max(self._size, 1), dtype=np.int64)
        for start, length, fill in self._fills:
            memory[start:start + length] = fill
        columns = [np.empty(self._rows, dtype=np.int32) for _ in range(6)]
        names = ("processor", "opcode", "dst", "a", "b", "c")
        row = 0
        for chunk in self._columns:
            end = row + len(chunk[0])
            for column, values, name in zip(columns, chunk, names):
                if values.dtype != np.int32:
                    _check_int32(values[:1] if values.strides == (0,) else values, name)
                column[row:end] = values
            row = end
        processor, opcode, dst, a, b, c = columns
        return PramProgram(self.name, mode, len(memory), memory, *self._input, *self._output,
                           np.asarray(self._offsets, dtype=np.int64), processor, opcode, dst,
                           a, b, c)


def _integers(values):
    """``values`` as an int32 array if it is one already (no copy), else as int64."""
    array = np.asarray(values)
    return array if array.dtype == np.int32 else array.astype(np.int64, copy=False)


def _check_int32(values, name):
    if values.size and (values.min() < _INT32.min or values.max() > _INT32.max):
        raise MalformedMachineError(f"program field {name} holds values outside int32")
