"""A Turing machine as a lag system: one pass over the word is one TM step.

Variant (Wang's lag systems as :mod:`simulators.lag` runs them, window m = 3; our
construction). A lag rule sees the first symbols of the word and appends to its end, so
information only flows from later symbols to earlier outputs. We therefore emit, at the
window ``(l, c, r)``, the *new value of the middle cell* c (a cellular-automaton step
that sees both neighbours), which makes one pass over the word one synchronous TM step.
The word is ``# # # c_1 ... c_n``: three markers, then the visited tape, the scanned
cell written as a head symbol such as ``B1`` (state B reading 1).

- A cell becomes the head when the head next to it moves onto it; the head cell becomes
  the symbol it writes.
- The markers keep the word from rotating: the last marker (``#`` before c_1) emits
  ``# #``, the first (after c_n, read at the wrap-around) emits nothing, the middle one
  ``#``. Because the middle and last markers' outputs begin with ``#``, the two windows
  at the end of a pass, which already read new symbols, read the markers they expect.
- A head moving off the tape grows it: the last marker emits ``# # Q0`` (left end), the
  first emits ``Q0`` (right end).
- A head in a halt state or on an undefined transition has no rule, so the run stops
  (``missing_rule``) at the window centred on it, in the pass after the last TM step.

Cost: the pass for TM step t takes ``3 + w_t`` productions, ``w_t`` the number of cells
visited before it; the TM step count is the number of ``# # #`` windows minus the last,
unfinished pass. Why m = 3 and not 2: with 2 a cell cannot see its left neighbour, so
moving the head right would need a full rotation of the word per cell.
"""

import numpy as np

from simulators.errors import MalformedMachineError
from simulators.lag import make_lag_system
from simulators.tm import TMProgram, parse_tm

__all__ = ["tm_to_lag", "initial_word", "read_tape", "passes", "MARKER"]

MARKER = "#"


def _letter(index):
    return chr(ord("A") + int(index))


def _symbols(program):
    cells = [str(s) for s in range(program.n_symbols)]
    halts = sorted({int(q) for q in program.next_state.ravel() if q >= program.n_states})
    states = [_letter(q) for q in range(program.n_states)] + [_letter(q) for q in halts]
    heads = [f"{q}{s}" for q in states for s in cells]
    return cells, heads


def tm_to_lag(tm):
    """Compile a Turing machine (bbchallenge string or TMProgram) into a lag system (m = 3).

    Returns
    -------
    LagSystem
        With ``on_missing="halt"``; start it from :func:`initial_word`.

    Raises
    ------
    MalformedMachineError
        If ``tm`` does not parse, or the window table would be too large (more than
        2**24 windows: about 250 symbols; e.g. 26 states × 10 symbols).

    Examples
    --------
    >>> from simulators.lag import run_lag
    >>> system = tm_to_lag("1RB1LB_1LA1RZ")
    >>> result = run_lag(system, initial_word(), record_steps=1000)
    >>> read_tape(result.final_word.split(), mid_pass=True), passes(system, result)
    (('1111', 2, 'Z'), 6)
    """
    program = parse_tm(tm) if isinstance(tm, str) else tm
    if not isinstance(program, TMProgram):
        raise MalformedMachineError(f"tm must be a bbchallenge string or TMProgram, got {tm!r}")
    cells, heads = _symbols(program)
    alphabet = [MARKER] + cells + heads
    if len(alphabet) ** 3 > 1 << 24:
        raise MalformedMachineError(f"{len(alphabet)} lag symbols make {len(alphabet) ** 3:,} "
                                    "windows, more than the 2**24 a lag table holds")

    def move(symbol):
        """(direction, new state letter) of a head symbol that moves, else None."""
        if len(symbol) != 2:
            return None
        state, read = ord(symbol[0]) - ord("A"), int(symbol[1])
        if state >= program.n_states or program.write[state, read] < 0:
            return None
        return int(program.move[state, read]), _letter(program.next_state[state, read])

    rules = {}
    for left in alphabet:
        for middle in alphabet:
            for right in alphabet:
                if sum(len(s) == 2 for s in (left, middle, right)) > 1:
                    continue
                production = _new_value(left, middle, right, move, program)
                if production is not None:
                    rules[(left, middle, right)] = production
    return make_lag_system(rules, m=3, alphabet=alphabet, on_missing="halt")


def _new_value(left, middle, right, move, program):
    from_left, from_right = move(left), move(right)
    if middle == MARKER:
        if left != MARKER and right == MARKER:  # first marker, after the last cell
            return [f"{from_left[1]}0"] if from_left and from_left[0] == 1 else []
        if left == MARKER and right == MARKER:
            return [MARKER]
        if left == MARKER:  # last marker, before the first cell
            grow = [f"{from_right[1]}0"] if from_right and from_right[0] == -1 else []
            return [MARKER, MARKER] + grow
        return None  # a lone marker between cells never occurs
    if len(middle) == 2:  # the head: write, unless it halts (no rule)
        if move(middle) is None:
            return None
        state, read = ord(middle[0]) - ord("A"), int(middle[1])
        return [str(int(program.write[state, read]))]
    if from_left and from_left[0] == 1:
        return [f"{from_left[1]}{middle}"]
    if from_right and from_right[0] == -1:
        return [f"{from_right[1]}{middle}"]
    return [middle]


def initial_word():
    """The word of a blank tape with the head on cell 0 in state A: ``# # # A0``."""
    return [MARKER, MARKER, MARKER, "A0"]


def read_tape(word, mid_pass=False):
    """Return ``(tape, head, state)`` of a lag word: cells as digits, head index, state letter.

    ``mid_pass=True`` for a word where a run stopped inside a pass (``missing_rule``): its
    front symbol was already re-emitted, so it is dropped first.

    Raises
    ------
    MalformedMachineError
        If the word does not hold three markers in a row and exactly one head.
    """
    word = list(word[1:] if mid_pass else word)
    n = len(word)
    starts = [i for i in range(n) if all(word[(i + k) % n] == MARKER for k in range(3))]
    heads = [i for i, symbol in enumerate(word) if len(symbol) == 2]
    if len(starts) != 1 or word.count(MARKER) != 3 or len(heads) != 1:
        raise MalformedMachineError(f"{' '.join(word)!r} is not a TM configuration word")
    tape = [word[(starts[0] + 3 + k) % n] for k in range(n - 3)]
    head = next(k for k, symbol in enumerate(tape) if len(symbol) == 2)
    state = tape[head][0]
    tape[head] = tape[head][1]
    return "".join(tape), head, state


def passes(system, result):
    """Number of TM steps a lag run completed, from its recorded windows (``record_steps``).

    Counts the ``# # #`` windows that start a pass, less one for a pass left unfinished.

    Raises
    ------
    MalformedMachineError
        If the run recorded fewer windows than it took.
    """
    if len(result.record_rule) < result.steps:
        raise MalformedMachineError("record every step (record_steps >= steps) to count passes")
    marker = system.alphabet.encode([MARKER])[0]
    size = system.alphabet.size
    start_code = (marker * size + marker) * size + marker
    started = int(np.count_nonzero(np.asarray(result.record_rule) == start_code))
    finished_at_boundary = result.stopped_by == "max_steps" and list(
        result.final_ids[:3]) == [marker] * 3
    return started if finished_at_boundary else max(started - 1, 0)
