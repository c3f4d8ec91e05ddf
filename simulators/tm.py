"""Turing machines in bbchallenge notation, run step-exactly in Numba (the plain engine).

The program table, the result, parsing and formatting are :mod:`simulators.tm_program`
(re-exported here); ``run_tm(..., macro=K)`` hands the run to :mod:`simulators.tm_macro`.
"""

import time
from functools import lru_cache

import numpy as np

from simulators import stops
from simulators.errors import InvalidArgumentError
from simulators.interrupts import CHUNK_STEPS, catch_interrupts
from simulators.jit import interpreted, interpreter_deadline, njit
from simulators.tm_program import TMProgram, TMResult, as_program, format_tm, parse_tm, tm_result
from simulators.validation import (check_memory, check_nonnegative_int, check_positive_int,
                                   memory_budget)

__all__ = ["TMProgram", "TMResult", "parse_tm", "format_tm", "run_tm"]

# The tape stores this value in cells the head never reached; the transition table is laid
# out with a row stride of 256 so that reading it behaves exactly like reading a blank (0).
_UNVISITED = 255
_STRIDE = 256
# A pseudo next state marking an undefined transition (``---``); every value >= the number
# of defined states stops the kernel, and this one is told apart from the halt letters.
_UNDEFINED_STATE = 27
_GROW_MARGIN = 1024
_INITIAL_TAPE = 1 << 14

_STOP_BUDGET, _STOP_HALT, _STOP_UNDEFINED, _STOP_EDGE = 0, 1, 2, 3
_STOP_TAPE, _STOP_INTERRUPTED = 4, 5
_STOP_NAMES = {_STOP_BUDGET: stops.MAX_STEPS, _STOP_HALT: stops.HALTED,
               _STOP_UNDEFINED: stops.MISSING_RULE, _STOP_TAPE: stops.MAX_TAPE,
               _STOP_INTERRUPTED: stops.INTERRUPTED}
_EDGE_MARGIN = 64  # the kernels stop this close to an end of the allocated tape
_TM_CHUNK = 4 * CHUNK_STEPS
_INTERPRETED_CHUNK = 1 << 12  # steps between deadline checks while running as Python


@lru_cache(maxsize=256)
def _kernel_tables(program):
    """Flat tables indexed by ``state * 256 + symbol``; next states premultiplied by 256.

    Column 255 (an unvisited cell) repeats column 0 (blank). Moves are stored plus one
    (0 = L, 2 = R). Undefined transitions, and columns past the symbols, write back what
    they read, do not move (1) and lead to the pseudo state ``_UNDEFINED_STATE``.
    """
    n_states, n_symbols = program.n_states, program.n_symbols
    columns = np.arange(_STRIDE)
    read = np.where(columns == _UNVISITED, 0, columns)
    valid = read < n_symbols
    read = np.where(valid, read, 0)
    written = program.write[:, read].astype(np.int64)            # (n_states, 256)
    defined = (written >= 0) & valid[None, :]
    write = np.where(defined, written, columns[None, :]).astype(np.uint8)
    move = np.where(defined, program.move[:, read], 0).astype(np.int64) + 1  # L 0, R 2
    next_state = np.where(defined, program.next_state[:, read], _UNDEFINED_STATE)
    return (write.ravel(), move.ravel().astype(np.uintp),
            (next_state.astype(np.int64) * _STRIDE).ravel().astype(np.uintp))


@njit(cache=True)
def _tm_fast_kernel(write, move, next_base, tape, head, state_base, budget, stop_base):
    """Run up to ``budget`` steps without recording; return (code, steps, head, state_base).

    Runs in chunks shorter than the head's distance to the nearer end of the tape, so the
    inner loop needs no bounds checks; returns code 3 when the head is within 64 cells of
    an end. Indices are unsigned (no wraparound test); ``move`` holds the move plus one
    (0 = L, 1 = stay, 2 = R) so that unsigned arithmetic never wraps.
    """
    steps = 0
    size = tape.shape[0]
    position = np.uintp(head)
    state = np.uintp(state_base)
    stop = np.uintp(stop_base)
    undefined = np.uintp(_UNDEFINED_STATE * _STRIDE)
    one = np.uintp(1)
    while steps < budget:
        signed = np.intp(position)
        room = min(signed, size - 1 - signed)
        if room < 64:
            return 3, steps, np.intp(position), np.intp(state)
        chunk = min(budget - steps, room)
        for _ in range(chunk):
            index = state + np.uintp(tape[position])
            tape[position] = write[index]
            position = position + move[index] - one
            state = next_base[index]
            steps += 1
            if state >= stop:
                if state == undefined:  # not a step; the cell and head were left alone
                    return 2, steps - 1, np.intp(position), np.intp(index - tape[position])
                return 1, steps, np.intp(position), np.intp(state)
    return 0, steps, np.intp(position), np.intp(state)


@njit(cache=True)
def _tm_checked_kernel(write, move, next_base, tape, head, state_base, budget, stop_base,
                       origin, bounds, max_tape, record_state, record_head, record_symbol,
                       record_at):
    """Like :func:`_tm_fast_kernel` but one checked step at a time: records the steps while
    the record has room, and keeps the visited span ``bounds`` (tape indices, updated in
    place) within ``max_tape`` cells exactly: a step that would move the head past it is not
    taken (code 4)."""
    steps = 0
    size = tape.shape[0]
    low, high = bounds[0], bounds[1]
    while steps < budget:
        if head < 64 or head > size - 65:
            bounds[0], bounds[1] = low, high
            return 3, steps, head, state_base
        symbol = np.intp(tape[head])
        index = state_base + symbol
        if next_base[index] == _UNDEFINED_STATE * _STRIDE:
            bounds[0], bounds[1] = low, high
            return 2, steps, head, state_base
        target = head + np.intp(move[index]) - 1
        if target < low:
            if high - target >= max_tape:
                bounds[0], bounds[1] = low, high
                return 4, steps, head, state_base
            low = target
        elif target > high:
            if target - low >= max_tape:
                bounds[0], bounds[1] = low, high
                return 4, steps, head, state_base
            high = target
        at = record_at + steps
        if at < record_state.shape[0]:
            record_state[at] = state_base // _STRIDE
            record_head[at] = head - origin
            record_symbol[at] = 0 if symbol == _UNVISITED else symbol
        tape[head] = write[index]
        head = target
        state_base = np.intp(next_base[index])
        steps += 1
        if state_base >= stop_base:
            bounds[0], bounds[1] = low, high
            return 1, steps, head, state_base
    bounds[0], bounds[1] = low, high
    return 0, steps, head, state_base


def _visited(tape, head, origin):
    """Tape indices ``(low, high)`` of the cells visited so far (the head's and the start
    cell included)."""
    used = np.flatnonzero(tape != _UNVISITED)
    low = min(int(used[0]) if used.size else head, head, origin)
    high = max(int(used[-1]) if used.size else head, head, origin)
    return low, high


def _bounded_tape(tape, head, origin, max_tape):
    """Move the visited cells into a tape that holds every cell the head may still reach
    without the span passing ``max_tape``: ``2 * max_tape`` cells and the margins, so that
    the checked kernel never meets an end. Return (tape, head, origin)."""
    low, high = _visited(tape, head, origin)
    size = 2 * max_tape + 2 * _EDGE_MARGIN
    check_memory(size, f"a Turing machine tape of {size:,} cells")
    bounded = np.full(size, _UNVISITED, np.uint8)
    start = _EDGE_MARGIN + max_tape - 1 - (high - low)  # where cell ``high - max_tape + 1`` is
    bounded[start:start + high - low + 1] = tape[low:high + 1]
    shift = start - low
    return bounded, head + shift, origin + shift


def _grow(tape, head, origin, max_tape):
    """Double the tape and recentre the used part; return (tape, head, origin, bounded).

    While the tape has at most ``max_tape`` cells no run on it can pass ``max_tape``, so
    the unchecked kernel may run; a tape that would be larger becomes the bounded tape of
    :func:`_bounded_tape` (``bounded`` True), on which only the checked kernel runs.
    """
    low, high = _visited(tape, head, origin)
    size = max(2 * tape.shape[0], 4 * (high - low + 1) + 4 * _GROW_MARGIN)
    if size > max_tape:
        return (*_bounded_tape(tape, head, origin, max_tape), True)
    check_memory(size, f"a Turing machine tape of {size:,} cells")
    grown = np.full(size, _UNVISITED, np.uint8)
    start = (size - (high - low + 1)) // 2
    grown[start:start + high - low + 1] = tape[low:high + 1]
    shift = start - low
    return grown, head + shift, origin + shift, False


def run_tm(machine, *, max_steps=10**9, record_steps=0, max_tape=None, macro=None):
    """Run a Turing machine on a blank tape, one exact step at a time.

    Starts in state ``A`` on an all-blank (0) tape, head at cell 0. Each step reads the
    cell, writes, moves and changes state; the step that enters a halt state counts (the
    bbchallenge convention: the BB(5) champion halts after 47,176,870 steps). An undefined
    transition ``---`` stops the run with ``stopped_by="missing_rule"`` and is not
    counted as a step (the tape, head and state are those before it). The run goes in
    chunks of a few 10^7 steps; Ctrl-C between them ends it with
    ``stopped_by="interrupted"`` and the partial result.

    Parameters
    ----------
    machine : str or TMProgram
        The machine in bbchallenge notation, or a parsed :class:`TMProgram`.
    max_steps : int, optional
        Stop with ``stopped_by="max_steps"`` after this many steps (at least 1).
    record_steps : int, optional
        Record (state, head, symbol read) of the first this many steps (fewer if the run
        stops earlier). Refused up front if the record would not fit in memory.
    max_tape : int, optional
        Stop with ``stopped_by="max_tape"`` instead of taking a step that would move the
        head so that the visited cells (the head's positions so far) span more than this
        many cells; that step is not counted (tape, head and state are those before it).
        Default: what the memory budget allows (a quarter of it).
    macro : int, optional
        Run as a macro machine over blocks of this many cells with a run-length encoded
        tape (:func:`simulators.tm_macro.run_tm_macro`): the same result, much faster on
        machines that sweep over long runs of equal blocks. Cannot record steps.

    Returns
    -------
    TMResult

    Raises
    ------
    MalformedMachineError
        If ``machine`` is a string that :func:`parse_tm` rejects.
    InvalidArgumentError
        If ``max_steps`` or ``max_tape`` is not a positive integer, ``record_steps`` is
        negative, ``macro`` is given with ``record_steps`` or is not a block size the macro
        engine takes, or ``machine`` is neither a string nor a :class:`TMProgram`.
    MemoryBudgetError
        If the record, or the tape as it grows, would not fit in the memory budget.

    Notes
    -----
    A plain step-exact engine: every step is executed (about 3e8 steps/s on BB(5) on one
    core). While the tape holds at most ``max_tape`` cells the kernel runs unchecked; past
    that, a checked kernel keeps the span exactly within ``max_tape``.

    Examples
    --------
    >>> result = run_tm("1RB1LB_1LA1RZ")
    >>> result.halted, result.steps, result.ones, result.tape_span, result.stopped_by
    (True, 6, 4, (-2, 1), 'halted')
    >>> run_tm("1RB1LB_1LA1RZ", max_steps=3).stopped_by
    'max_steps'
    >>> run_tm("1RA1RA", max_tape=10).steps  # the 10th step would visit an 11th cell
    9
    """
    program = as_program(machine)
    max_steps = check_positive_int(max_steps, "max_steps")
    record_steps = min(check_nonnegative_int(record_steps, "record_steps"), max_steps)
    max_tape = (memory_budget() // 4 if max_tape is None
                else check_positive_int(max_tape, "max_tape"))
    if macro is not None:
        if record_steps:
            raise InvalidArgumentError(
                f"record_steps={record_steps} with macro={macro!r}: a macro run does not "
                "execute steps one by one; record without macro")
        from simulators.tm_macro import check_block_size, run_tm_macro  # 30 ms: on use only
        check_block_size(macro, program.n_symbols, "macro")
        return run_tm_macro(program, macro, max_steps=max_steps, max_tape=max_tape)
    check_memory(12 * record_steps, f"recording {record_steps:,} steps")
    write, move, next_base = _kernel_tables(program)
    stop_base = program.n_states * _STRIDE
    if _INITIAL_TAPE <= max_tape:
        tape = np.full(_INITIAL_TAPE, _UNVISITED, np.uint8)
        head = origin = tape.shape[0] // 2
        bounded = False
    else:
        tape, head, origin = _bounded_tape(np.full(1, _UNVISITED, np.uint8), 0, 0, max_tape)
        bounded = True
    bounds = None
    state_base = 0
    steps = 0
    code = _STOP_BUDGET
    record_state = np.zeros(record_steps, np.int32)
    record_head = np.zeros(record_steps, np.int32)
    record_symbol = np.zeros(record_steps, np.int32)
    deadline = interpreter_deadline(_tm_fast_kernel, _tm_checked_kernel)
    with catch_interrupts() as interrupts:
        while steps < max_steps:
            if interrupts.requested:
                code = _STOP_INTERRUPTED
                break
            if deadline is not None and time.perf_counter() > deadline:
                deadline = None  # a long run: on to the compiled kernels
            chunk = min(_TM_CHUNK if deadline is None else _INTERPRETED_CHUNK, max_steps - steps)
            if steps < record_steps or bounded:
                if bounds is None:
                    bounds = np.array(_visited(tape, head, origin), np.intp)
                if not bounded:
                    chunk = min(chunk, record_steps - steps)
                kernel, arguments = _tm_checked_kernel, (
                    write, move, next_base, tape, head, state_base, chunk, stop_base,
                    origin, bounds, max_tape, record_state, record_head, record_symbol,
                    steps)
            else:
                bounds = None  # the unchecked kernel does not keep them
                kernel, arguments = _tm_fast_kernel, (
                    write, move, next_base, tape, head, state_base, chunk, stop_base)
            if deadline is None:
                code, done, head, state_base = kernel(*arguments)
            else:
                with interpreted():
                    code, done, head, state_base = kernel.py_func(*arguments)
            steps += done
            if code == _STOP_EDGE:
                tape, head, origin, bounded = _grow(tape, head, origin, max_tape)
                bounds = None
                code = _STOP_BUDGET
            elif code != _STOP_BUDGET:
                break
    recorded = min(record_steps, steps)
    head = int(head)
    low, high = _visited(tape, head, origin)
    cells = tape[low:high + 1].copy()
    cells[cells == _UNVISITED] = 0
    return tm_result(_STOP_NAMES[code], steps, int(state_base) // _STRIDE, head - origin,
                     low - origin, cells, (record_state[:recorded], record_head[:recorded],
                                           record_symbol[:recorded]))
