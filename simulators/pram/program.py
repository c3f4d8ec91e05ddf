"""PRAM programs: a sequence of parallel steps of (processor, instruction) rows, and a builder."""

import difflib
from contextlib import contextmanager
from dataclasses import dataclass, field

import numpy as np

from simulators.errors import InvalidArgumentError, MalformedMachineError
from simulators.pram import isa

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
    if array.size and (array.min() < _INT32.min or array.max() > _INT32.max):
        raise MalformedMachineError(f"program field {name} holds values outside int32")
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
    op = program.opcode
    known = (op >= 0) & (op < 2 * isa.IMMEDIATE)
    known[known] = np.isin(op[known], list(isa.OPCODE_NAMES))
    if not known.all():
        row = int(np.flatnonzero(~known)[0])
        raise MalformedMachineError(f"row {row}: unknown opcode {int(op[row])}")
    if program.processor.min() < 0:
        row = int(np.argmin(program.processor))
        raise MalformedMachineError(f"row {row}: negative processor id {program.processor[row]}")
    for name, flags in (("dst", isa.WRITES_DST | isa.READS_DST), ("a", isa.READS_A),
                        ("b", isa.READS_B), ("c", isa.READS_C)):
        values = getattr(program, name)
        bad = flags[op] & ((values < 0) | (values >= size))
        if bad.any():
            row = int(np.flatnonzero(bad)[0])
            raise MalformedMachineError(
                f"row {row} ({isa.OPCODE_NAMES[int(op[row])]}): address {name}={values[row]} "
                f"is outside memory [0, {size})")
    step_of_row = np.repeat(np.arange(len(offsets) - 1), np.diff(offsets))
    order = np.lexsort((program.processor, step_of_row))
    same = (step_of_row[order][1:] == step_of_row[order][:-1]) & (
        program.processor[order][1:] == program.processor[order][:-1])
    if same.any():
        row = int(order[np.flatnonzero(same)[0]])
        raise MalformedMachineError(
            f"step {step_of_row[row]}: processor {program.processor[row]} has two "
            "instructions (a processor executes one instruction per step)")


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
        numbers); return the first address."""
        start = self._size
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
        columns = np.broadcast_arrays(*(np.asarray(v, dtype=np.int64)
                                        for v in (proc, op, dst, a, b, c)))
        if columns[0].size:
            self._pending.append(tuple(np.ravel(col) for col in columns))

    def build(self, mode):
        """Return the finished :class:`PramProgram`, correct under ``mode``."""
        memory = np.zeros(max(self._size, 1), dtype=np.int64)
        for start, length, fill in self._fills:
            memory[start:start + length] = fill
        if self._columns:
            stacked = [np.concatenate([chunk[i] for chunk in self._columns]) for i in range(6)]
        else:
            stacked = [np.zeros(0, dtype=np.int64)] * 6
        processor, opcode, dst, a, b, c = stacked
        return PramProgram(self.name, mode, len(memory), memory, *self._input, *self._output,
                           np.asarray(self._offsets, dtype=np.int64), processor, opcode, dst,
                           a, b, c)
