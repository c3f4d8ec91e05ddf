"""Turing machines in bbchallenge notation: the program table, the result, parse and format.

The engines (:mod:`simulators.tm`, plain, and :mod:`simulators.tm_macro`, in blocks) both
take a :class:`TMProgram` and return a :class:`TMResult`; this module is what they share,
so neither imports the other's internals.
"""

import re
from dataclasses import asdict, dataclass, field
from functools import lru_cache

import numpy as np

from simulators import stops
from simulators.errors import InvalidArgumentError, MalformedMachineError

__all__ = ["MAX_STATES", "MAX_SYMBOLS", "TMProgram", "TMResult", "parse_tm", "format_tm",
           "as_program", "tm_result"]

MAX_STATES = 26
"""States a program may have (A..Z)."""
MAX_SYMBOLS = 10
"""Tape symbols a program may have (the digits 0..9; 0 is blank)."""


@dataclass(frozen=True, eq=False)
class TMProgram:
    """A Turing machine in table form, as parsed from bbchallenge notation.

    Attributes
    ----------
    n_states : int
        Number of defined states (groups in the spec); state 0 (``A``) is the start state.
    n_symbols : int
        Number of tape symbols (``0`` is blank).
    write : numpy.ndarray
        int8 array ``(n_states, n_symbols)``: the symbol written, -1 for ``---``.
    move : numpy.ndarray
        int8 array ``(n_states, n_symbols)``: +1 for R, -1 for L, 0 for ``---``.
    next_state : numpy.ndarray
        int8 array ``(n_states, n_symbols)``: the next state's letter index (0 = ``A``);
        any index >= ``n_states`` is a halt state (conventionally 25 = ``Z``); -1 for ``---``.

    Two programs are equal when their tables are equal (so when they format the same).
    The constructor checks the tables and stores read-only int8 copies.

    Raises
    ------
    MalformedMachineError
        If the tables have the wrong shape or hold an impossible transition.
    """

    n_states: int
    n_symbols: int
    write: np.ndarray
    move: np.ndarray
    next_state: np.ndarray

    def __post_init__(self):
        if not (1 <= self.n_states <= MAX_STATES and 2 <= self.n_symbols <= MAX_SYMBOLS):
            raise MalformedMachineError(
                f"n_states={self.n_states}, n_symbols={self.n_symbols}; expected 1..26 states "
                f"and 2..10 symbols")
        for name in ("write", "move", "next_state"):
            table = np.array(getattr(self, name), dtype=np.int64)
            if table.shape != (self.n_states, self.n_symbols):
                raise MalformedMachineError(
                    f"{name} has shape {table.shape}; expected ({self.n_states}, "
                    f"{self.n_symbols})")
            object.__setattr__(self, name, table)
        undefined = self.write == -1
        bad = np.argwhere(
            (undefined & ((self.move != 0) | (self.next_state != -1)))
            | (~undefined & ((self.write < 0) | (self.write >= self.n_symbols)
                             | (np.abs(self.move) != 1) | (self.next_state < 0)
                             | (self.next_state >= MAX_STATES))))
        if bad.size:
            state, symbol = (int(v) for v in bad[0])
            raise MalformedMachineError(
                f"state {chr(ord('A') + state)} reading {symbol}: write="
                f"{self.write[state, symbol]}, move={self.move[state, symbol]}, next_state="
                f"{self.next_state[state, symbol]} is not a transition (write 0.."
                f"{self.n_symbols - 1}, move -1/+1, next_state 0..25; or -1, 0, -1 for ---)")
        for name in ("write", "move", "next_state"):
            table = getattr(self, name).astype(np.int8)
            table.setflags(write=False)
            object.__setattr__(self, name, table)

    def __eq__(self, other):
        if not isinstance(other, TMProgram):
            return NotImplemented
        return format_tm(self) == format_tm(other)

    def __hash__(self):
        return hash(format_tm(self))

    def __str__(self):
        return format_tm(self)


@dataclass(frozen=True, eq=False)
class TMResult:
    """What a Turing machine run did.

    Attributes
    ----------
    halted : bool
        True if the machine entered a halt state.
    steps : int
        Transitions executed. The step that enters the halt state counts (bbchallenge
        convention); an undefined transition ``---`` is not a step.
    ones : int
        Number of non-blank (non-zero) cells on the final tape.
    tape_span : tuple of int
        ``(leftmost, rightmost)`` cell the head visited (the start cell is 0; negative is
        left of it). Every written cell was visited.
    final_state : str
        Letter of the final state: the halt letter if halted, otherwise the state the
        machine was in when it stopped.
    head : int
        Final head position (relative to the start cell).
    stopped_by : str
        ``"halted"`` (a halt state), ``"missing_rule"`` (an undefined transition ``---``),
        ``"max_steps"``, ``"max_tape"`` or ``"interrupted"`` (values of
        ``simulators.stops.STOP_REASONS``).
    tape : numpy.ndarray
        uint8 array of the cells ``tape_span[0] .. tape_span[1]`` (so ``tape[i]`` is cell
        ``tape_offset + i``).
    tape_offset : int
        Position of ``tape[0]``; equal to ``tape_span[0]``.
    record_state, record_head, record_symbol : numpy.ndarray
        int32 arrays of the first ``record_steps`` steps: the state index before the step,
        the head position and the symbol read. Empty unless ``record_steps`` was given.
    """

    halted: bool
    steps: int
    ones: int
    tape_span: tuple
    final_state: str
    head: int
    stopped_by: str
    tape: np.ndarray = field(repr=False)
    tape_offset: int = 0
    record_state: np.ndarray = field(default_factory=lambda: np.zeros(0, np.int32), repr=False)
    record_head: np.ndarray = field(default_factory=lambda: np.zeros(0, np.int32), repr=False)
    record_symbol: np.ndarray = field(default_factory=lambda: np.zeros(0, np.int32), repr=False)

    def as_dict(self, tape_cells=None):
        """Return the result as JSON-ready plain Python values (the tape as a digit string,
        cut to its first ``tape_cells`` cells unless that is None; ``tape_truncated`` says
        whether it was)."""
        data = asdict(self)
        data["tape_span"] = list(self.tape_span)
        shown = self.tape if tape_cells is None else self.tape[:tape_cells]
        data["tape"] = "".join(map(str, shown.tolist()))
        data["tape_truncated"] = bool(len(shown) < len(self.tape))
        for name in ("record_state", "record_head", "record_symbol"):
            data[name] = [int(value) for value in getattr(self, name)]
        return data


_TRANSITION = re.compile(r"^([0-9])([LR])([A-Z])$")


def _parse_transition(text, group_index, group, symbol, n_symbols):
    where = f"group {group_index} ({group!r}): transition {symbol}"
    if text == "---":
        return -1, 0, -1
    if _TRANSITION.match(text):
        if int(text[0]) >= n_symbols:
            raise MalformedMachineError(
                f"{where} writes symbol '{text[0]}'; expected a digit 0..{n_symbols - 1}")
        return int(text[0]), (1 if text[1] == "R" else -1), ord(text[2]) - ord("A")
    written, direction, state = text
    if not written.isdigit():
        raise MalformedMachineError(
            f"{where} has symbol {written!r}; expected a digit 0..{n_symbols - 1} or '---'")
    if direction not in "LR":
        raise MalformedMachineError(f"{where} has direction {direction!r}; expected L or R")
    raise MalformedMachineError(
        f"{where} has state letter {state!r}; expected A..Z (letters past the last state "
        "halt)")


def parse_tm(spec):
    """Parse a Turing machine written in bbchallenge notation.

    One ``_``-separated group per state (``A``, ``B``, ...), one 3-character transition per
    read symbol: the symbol written (a digit), the move (``L`` or ``R``) and the next
    state's letter. ``---`` is an undefined transition; a letter past the defined states
    (conventionally ``Z``) is a halt state. 2 to 10 symbols, 1 to 26 states.

    Parameters
    ----------
    spec : str
        The machine, e.g. ``"1RB1LB_1LA1RZ"``.

    Returns
    -------
    TMProgram

    Raises
    ------
    MalformedMachineError
        If the spec is empty, a group has a length that is not 3 x (number of symbols), the
        groups disagree on the number of symbols, or a transition has an unknown symbol,
        direction or state letter. The message names the group (counted from 0), the
        transition (= the symbol read) and the offending character.

    Examples
    --------
    >>> program = parse_tm("1RB1LB_1LA1RZ")
    >>> program.n_states, program.n_symbols
    (2, 2)
    >>> program.write.tolist(), program.move.tolist(), program.next_state.tolist()
    ([[1, 1], [1, 1]], [[1, -1], [-1, 1]], [[1, 1], [0, 25]])
    """
    if not isinstance(spec, str):
        raise MalformedMachineError(f"a TM spec must be a string, got {type(spec).__name__}")
    return _parse_tm(spec.strip())


@lru_cache(maxsize=1024)
def _parse_tm(text):
    """Parse a stripped spec (cached: programs are immutable)."""
    if not text:
        raise MalformedMachineError("empty TM spec; expected groups like '1RB1LB_1LA1RZ'")
    groups = text.split("_")
    if len(groups) > MAX_STATES:
        raise MalformedMachineError(
            f"{len(groups)} groups (states); at most {MAX_STATES} (A..Z) are supported")
    first = groups[0]
    if len(first) % 3 or not 2 <= len(first) // 3 <= MAX_SYMBOLS:
        raise MalformedMachineError(
            f"group 0 ({first!r}) has {len(first)} characters; expected 3 per symbol and "
            f"2..{MAX_SYMBOLS} symbols (6..{3 * MAX_SYMBOLS} characters)")
    n_symbols = len(first) // 3
    shape = (len(groups), n_symbols)
    write = np.empty(shape, np.int8)
    move = np.empty(shape, np.int8)
    next_state = np.empty(shape, np.int8)
    for index, group in enumerate(groups):
        if len(group) != 3 * n_symbols:
            raise MalformedMachineError(
                f"group {index} ({group!r}) has {len(group)} characters; expected "
                f"{3 * n_symbols} ({n_symbols} symbols, as in group 0)")
        for symbol in range(n_symbols):
            write[index, symbol], move[index, symbol], next_state[index, symbol] = (
                _parse_transition(group[3 * symbol:3 * symbol + 3], index, group, symbol,
                                  n_symbols))
    return TMProgram(len(groups), n_symbols, write, move, next_state)


def format_tm(program):
    """Write a :class:`TMProgram` in bbchallenge notation (the inverse of :func:`parse_tm`).

    Parameters
    ----------
    program : TMProgram

    Returns
    -------
    str

    Examples
    --------
    >>> format_tm(parse_tm("1RB---_1LA1RZ"))
    '1RB---_1LA1RZ'
    """
    groups = []
    for state in range(program.n_states):
        parts = []
        for symbol in range(program.n_symbols):
            written = int(program.write[state, symbol])
            if written < 0:
                parts.append("---")
            else:
                direction = "R" if program.move[state, symbol] > 0 else "L"
                letter = chr(ord("A") + int(program.next_state[state, symbol]))
                parts.append(f"{written}{direction}{letter}")
        groups.append("".join(parts))
    return "_".join(groups)


def as_program(machine):
    """Return ``machine`` (a bbchallenge string or a :class:`TMProgram`) as a TMProgram.

    Raises
    ------
    MalformedMachineError
        If ``machine`` is a string that :func:`parse_tm` rejects.
    InvalidArgumentError
        If ``machine`` is neither a string nor a :class:`TMProgram`.
    """
    if isinstance(machine, str):
        return parse_tm(machine)
    if isinstance(machine, TMProgram):
        return machine
    raise InvalidArgumentError(f"machine={machine!r} must be a bbchallenge string or a TMProgram")


def tm_result(stopped_by, steps, state, head, low, cells, records=None):
    """Assemble a :class:`TMResult` from where a run stopped (positions relative to the
    start cell; ``cells`` the visited cells from ``low``, blanks as 0)."""
    if records is None:
        records = (np.zeros(0, np.int32),) * 3
    return TMResult(
        halted=stopped_by == stops.HALTED,
        steps=int(steps),
        ones=int(np.count_nonzero(cells)),
        tape_span=(int(low), int(low) + len(cells) - 1),
        final_state=chr(ord("A") + int(state)),
        head=int(head),
        stopped_by=stopped_by,
        tape=cells,
        tape_offset=int(low),
        record_state=records[0],
        record_head=records[1],
        record_symbol=records[2],
    )
