"""Turing machines as macro machines over blocks of K cells on a run-length encoded tape.

The design (the classic busy-beaver simulator's "macro machine + RLE tape"):

- The tape is cut into blocks of ``K`` cells; block ``b`` holds cells ``b*K .. b*K+K-1``
  (cell 0 is the start cell). A block's content is a number in base ``n_symbols`` and gets
  a dense *block id* the first time it appears (an open-addressing hash table maps content
  to id; id 0 is the blank block).
- The tape is two stacks of runs ``(block id, repeat count)``: the blocks left of the head
  (top = nearest) and right of it. Past the bottom of a stack every block is blank. The
  head sits on a block boundary facing one way, so the macro state is ``(q, facing)``.
- A *block transition* runs the machine inside one block entered from one edge until it
  leaves by an edge; it is computed lazily and memoised in a table held by the run, keyed by
  ``(block id, state, edge entered)``: the block left behind, the state, the side left by,
  the steps taken and the cells reached (for the tape limit).
- A transition that crosses the block and leaves it in the state it entered with applies
  to a whole run of equal blocks at once: ``count`` blocks are rewritten and ``count``
  times the steps are counted in one turn (a "chain step"). This is where the speed comes
  from: BB(5) sweeps back and forth over long runs of equal blocks.
- Whatever is not a clean block transition is stepped one cell at a time on a *loose
  block* taken off the tape: a block in which the machine halts, meets an undefined
  transition or runs longer than a cap (possibly forever), the last steps before
  ``max_steps``, and a transition that would take the visited span past ``max_tape``. So
  the run stops at exactly the step, state, head and tape the plain engine stops at.
  Loose stepping runs at about half the plain engine's speed, so a machine that stays in
  one block (or whose blocks never repeat) gains nothing from the macro mode.

The result is the plain engine's :class:`~simulators.tm.TMResult` (without step records),
equal field for field. The kernel runs in turns bounded in number and in steps; between
them the front door grows the tables and stacks (after a memory check) and sees Ctrl-C.
"""

import numpy as np

from simulators import stops
from simulators.errors import InvalidArgumentError
from simulators.interrupts import CHUNK_STEPS, catch_interrupts
from simulators.jit import njit
from simulators.tm_program import as_program, tm_result
from simulators.validation import check_memory, check_positive_int, memory_budget

__all__ = ["run_tm_macro", "check_block_size", "MAX_MACRO_STEPS"]

MAX_MACRO_STEPS = 1 << 62
"""The largest ``max_steps`` a macro run takes (counts are int64 in the kernel)."""

# registers of a run, kept in an int64 array between kernel calls
_STATE, _MODE, _POS, _LOW, _HIGH, _STEPS, _N_LEFT, _N_RIGHT, _N_BLOCKS, _LOOSE_START = range(10)
_FACING_RIGHT, _FACING_LEFT, _LOOSE = 0, 1, 2
# columns of the memoised transition table; kinds of transition
_KIND, _BLOCK, _NEXT, _STEPS_TAKEN, _REACH_LOW, _REACH_HIGH = range(6)
_UNKNOWN, _EXIT_LEFT, _EXIT_RIGHT, _SLOW = 0, 1, 2, 3
# what a kernel call ended with
_BUDGET, _HALT, _UNDEFINED, _TAPE, _GROW_BLOCKS, _GROW_STACKS = 0, 1, 2, 4, 6, 7
_STOP_NAMES = {_BUDGET: stops.MAX_STEPS, _HALT: stops.HALTED, _UNDEFINED: stops.MISSING_RULE,
               _TAPE: stops.MAX_TAPE}
_ENDLESS = 1 << 62  # the count of the blank run past the bottom of a stack
_TURNS = 1 << 20  # macro turns per kernel call (well under 0.1 s)
_LOOP_CAP = 1 << 16  # steps inside one block before its transition is stepped cell by cell
_EMPTY = -1


@njit(cache=True)
def _encode(cells, powers):
    code = 0
    for i in range(cells.shape[0]):
        code += cells[i] * powers[i]
    return code


@njit(cache=True)
def _decode(code, n_symbols, cells):
    for i in range(cells.shape[0]):
        cells[i] = code % n_symbols
        code //= n_symbols


@njit(cache=True)
def _slot(code, mask):
    mixed = code ^ (code >> 29)
    mixed *= 0x7FEB352D
    mixed ^= mixed >> 31
    return mixed & mask


@njit(cache=True)
def _block_id(code, codes, keys, values, regs):
    """The id of the block with content ``code``, given a new id if it has none (the
    caller made room)."""
    mask = keys.shape[0] - 1
    slot = _slot(code, mask)
    while True:
        key = keys[slot]
        if key == code:
            return values[slot]
        if key == _EMPTY:
            block = regs[_N_BLOCKS]
            regs[_N_BLOCKS] = block + 1
            keys[slot] = code
            values[slot] = block
            codes[block] = code
            return block
        slot = (slot + 1) & mask


@njit(cache=True)
def _rehash(codes, n_blocks, keys, values):
    mask = keys.shape[0] - 1
    for block in range(n_blocks):
        slot = _slot(codes[block], mask)
        while keys[slot] != _EMPTY:
            slot = (slot + 1) & mask
        keys[slot] = codes[block]
        values[slot] = block


@njit(cache=True)
def _learn(row, block, state, side, write, move, nxt, n_symbols, powers, codes, keys, values,
           trans, scratch, regs, loop_cap):
    """Fill row ``row`` of the transition table: run ``state`` in ``block`` from its left
    (side 0) or right (side 1) edge until it leaves the block."""
    width = scratch.shape[0]
    n_states = write.shape[0]
    _decode(codes[block], n_symbols, scratch)
    offset = 0 if side == 0 else width - 1
    low = high = offset
    steps = 0
    while steps < loop_cap:
        symbol = scratch[offset]
        written = write[state, symbol]
        if written < 0:
            break
        scratch[offset] = written
        offset += move[state, symbol]
        state = nxt[state, symbol]
        steps += 1
        low = min(low, offset)
        high = max(high, offset)
        if state >= n_states:
            break
        if offset < 0 or offset >= width:
            trans[row, _BLOCK] = _block_id(_encode(scratch, powers), codes, keys, values, regs)
            trans[row, _NEXT] = state
            trans[row, _STEPS_TAKEN] = steps
            trans[row, _REACH_LOW] = low
            trans[row, _REACH_HIGH] = high
            trans[row, _KIND] = _EXIT_LEFT if offset < 0 else _EXIT_RIGHT
            return
    trans[row, _KIND] = _SLOW  # halts, meets ---, or stays longer: step it cell by cell


@njit(cache=True)
def _pop(ids, counts, size, n):
    """Take ``n`` blocks off the top run of a stack (of the endless blank run if it is
    empty); return the new size."""
    if size > 0:
        counts[size - 1] -= n
        if counts[size - 1] == 0:
            size -= 1
    return size


@njit(cache=True)
def _push(ids, counts, size, block, n):
    """Put ``n`` copies of ``block`` on a stack, merging equal runs; return the new size."""
    if size > 0 and ids[size - 1] == block:
        counts[size - 1] += n
        return size
    if size == 0 and block == 0:
        return size  # blanks on the endless blank run
    ids[size] = block
    counts[size] = n
    return size + 1


@njit(cache=True)
def _macro_kernel(write, move, nxt, n_symbols, powers, codes, keys, values, trans,
                  left_ids, left_counts, right_ids, right_counts, loose, scratch, regs,
                  max_steps, soft_steps, max_turns, max_tape, loop_cap):
    """Run macro turns until ``soft_steps`` steps, ``max_turns`` turns, a stop, or a table
    or stack that needs room; return the code (registers are updated in place)."""
    n_states = write.shape[0]
    width = loose.shape[0]
    state, mode, pos = regs[_STATE], regs[_MODE], regs[_POS]
    low, high, steps = regs[_LOW], regs[_HIGH], regs[_STEPS]
    n_left, n_right = regs[_N_LEFT], regs[_N_RIGHT]
    code = _BUDGET
    turns = 0
    while steps < soft_steps and turns < max_turns:
        turns += 1
        if regs[_N_BLOCKS] + 2 > codes.shape[0] or 2 * (regs[_N_BLOCKS] + 2) > keys.shape[0]:
            code = _GROW_BLOCKS
            break
        if n_left + 2 > left_ids.shape[0] or n_right + 2 > right_ids.shape[0]:
            code = _GROW_STACKS
            break
        if mode == _LOOSE:
            start = regs[_LOOSE_START]
            while True:
                offset = pos - start
                if offset < 0 or offset >= width:
                    block = _block_id(_encode(loose, powers), codes, keys, values, regs)
                    if offset < 0:
                        n_right = _push(right_ids, right_counts, n_right, block, 1)
                        mode = _FACING_LEFT
                    else:
                        n_left = _push(left_ids, left_counts, n_left, block, 1)
                        mode = _FACING_RIGHT
                    break
                if steps >= soft_steps:
                    break
                symbol = loose[offset]
                written = write[state, symbol]
                if written < 0:
                    code = _UNDEFINED
                    break
                target = pos + move[state, symbol]
                if target < low:
                    if high - target >= max_tape:
                        code = _TAPE
                        break
                    low = target
                elif target > high:
                    if target - low >= max_tape:
                        code = _TAPE
                        break
                    high = target
                loose[offset] = written
                pos = target
                state = nxt[state, symbol]
                steps += 1
                if state >= n_states:
                    code = _HALT
                    break
            if code != _BUDGET:
                break
            continue
        if mode == _FACING_RIGHT:
            side, start = 0, pos
            if n_right > 0:
                block, count = right_ids[n_right - 1], right_counts[n_right - 1]
            else:
                block, count = 0, _ENDLESS
        else:
            side, start = 1, pos - width + 1
            if n_left > 0:
                block, count = left_ids[n_left - 1], left_counts[n_left - 1]
            else:
                block, count = 0, _ENDLESS
        row = (block * n_states + state) * 2 + side
        if trans[row, _KIND] == _UNKNOWN:
            _learn(row, block, state, side, write, move, nxt, n_symbols, powers, codes, keys,
                   values, trans, scratch, regs, loop_cap)
        kind = trans[row, _KIND]
        n = 0
        if kind != _SLOW:
            taken = trans[row, _STEPS_TAKEN]
            reach_low, reach_high = trans[row, _REACH_LOW], trans[row, _REACH_HIGH]
            following = trans[row, _NEXT]
            crosses = (kind == _EXIT_RIGHT) == (side == 0)
            n = count if crosses and following == state else 1
            n = min(n, (max_steps - steps) // taken)
            if n > 0 and side == 0:
                new_low = min(low, start + reach_low)
                if max(high, start + (n - 1) * width + reach_high) - new_low >= max_tape:
                    if high - new_low >= max_tape:
                        n = 0
                    else:
                        n = min(n, (new_low + max_tape - 1 - start - reach_high) // width + 1)
            elif n > 0:
                new_high = max(high, start + reach_high)
                if new_high - min(low, start - (n - 1) * width + reach_low) >= max_tape:
                    if new_high - low >= max_tape:
                        n = 0
                    else:
                        n = min(n, (start + reach_low - new_high + max_tape - 1) // width + 1)
        if n <= 0:  # step this block cell by cell
            if side == 0:
                n_right = _pop(right_ids, right_counts, n_right, 1)
            else:
                n_left = _pop(left_ids, left_counts, n_left, 1)
            _decode(codes[block], n_symbols, loose)
            regs[_LOOSE_START] = start
            mode = _LOOSE
            continue
        if side == 0:
            n_right = _pop(right_ids, right_counts, n_right, n)
            low = min(low, start + reach_low)
            high = max(high, start + (n - 1) * width + reach_high)
        else:
            n_left = _pop(left_ids, left_counts, n_left, n)
            high = max(high, start + reach_high)
            low = min(low, start - (n - 1) * width + reach_low)
        following_block = trans[row, _BLOCK]
        if kind == _EXIT_RIGHT:
            n_left = _push(left_ids, left_counts, n_left, following_block, n)
            pos = start + n * width
            mode = _FACING_RIGHT
        else:
            n_right = _push(right_ids, right_counts, n_right, following_block, n)
            pos = start - (n - 1) * width - 1
            mode = _FACING_LEFT
        steps += n * taken
        state = following
    regs[_STATE], regs[_MODE], regs[_POS] = state, mode, pos
    regs[_LOW], regs[_HIGH], regs[_STEPS] = low, high, steps
    regs[_N_LEFT], regs[_N_RIGHT] = n_left, n_right
    return code


class _MacroRun:
    """The growing arrays of one macro run (tables, stacks, loose block, registers)."""

    def __init__(self, program, width):
        self.n_states, self.n_symbols, self.width = program.n_states, program.n_symbols, width
        self.write, self.move, self.next = (np.asarray(t, np.int64) for t in (
            program.write, program.move, program.next_state))
        self.powers = self.n_symbols ** np.arange(width, dtype=np.int64)
        self.loop_cap = min(self.n_states * width * self.n_symbols ** width + 1, _LOOP_CAP)
        self.codes = np.zeros(0, np.int64)
        self.trans = np.zeros((0, 6), np.int64)
        self.keys = np.zeros(0, np.int64)
        self.values = np.zeros(0, np.int64)
        self.regs = np.zeros(10, np.int64)
        self.grow_blocks()
        self.regs[_N_BLOCKS] = 1  # id 0: the blank block (code 0)
        self.keys[_slot_python(0, len(self.keys) - 1)] = 0
        self.left_ids = self.left_counts = self.right_ids = self.right_counts = np.zeros(0,
                                                                                      np.int64)
        self.grow_stacks()
        self.loose = np.zeros(width, np.int64)
        self.scratch = np.zeros(width, np.int64)

    def restart(self):
        """Back to the blank tape and state A, keeping the learned transitions (they depend
        on the machine only)."""
        n_blocks = self.regs[_N_BLOCKS]
        self.regs[:] = 0
        self.regs[_N_BLOCKS] = n_blocks

    def grow_blocks(self):
        """Double the room for block ids (content, transitions, hash table)."""
        blocks = max(256, 2 * len(self.codes))
        rows = blocks * self.n_states * 2
        check_memory(8 * (blocks + 6 * rows + 2 * 4 * blocks),
                     f"a macro machine with {blocks:,} blocks")
        n_blocks = int(self.regs[_N_BLOCKS])
        self.codes = np.concatenate([self.codes, np.zeros(blocks - len(self.codes), np.int64)])
        trans = np.zeros((rows, 6), np.int64)
        trans[:len(self.trans)] = self.trans
        self.trans = trans
        self.keys = np.full(4 * blocks, _EMPTY, np.int64)
        self.values = np.zeros(4 * blocks, np.int64)
        _rehash(self.codes, n_blocks, self.keys, self.values)

    def grow_stacks(self):
        """Double the room of both run stacks."""
        size = max(1024, 2 * len(self.left_ids))
        check_memory(4 * 8 * size, f"a run-length tape of 2 x {size:,} runs")
        grown = []
        for stack in (self.left_ids, self.left_counts, self.right_ids, self.right_counts):
            bigger = np.zeros(size, np.int64)
            bigger[:len(stack)] = stack
            grown.append(bigger)
        self.left_ids, self.left_counts, self.right_ids, self.right_counts = grown

    def turn(self, max_steps, soft_steps, max_tape):
        """One kernel call; return its code."""
        return _macro_kernel(self.write, self.move, self.next, self.n_symbols, self.powers,
                             self.codes, self.keys, self.values, self.trans, self.left_ids,
                             self.left_counts, self.right_ids, self.right_counts, self.loose,
                             self.scratch, self.regs, max_steps, soft_steps, _TURNS, max_tape,
                             self.loop_cap)

    def _blocks(self, ids):
        cells = (self.codes[ids][:, None] // self.powers[None, :]) % self.n_symbols
        return cells.astype(np.uint8)

    def cells(self):
        """The visited cells ``low .. high`` as a uint8 array (blanks 0)."""
        regs, width = self.regs, self.width
        low, high, pos, mode = (int(regs[i]) for i in (_LOW, _HIGH, _POS, _MODE))
        check_memory(high - low + 1 + 2 * width, f"a tape of {high - low + 1:,} cells")
        out = np.zeros(high - low + 1, np.uint8)

        def place(first, cells):
            begin, end = max(first, low), min(first + len(cells), high + 1)
            if begin < end:
                out[begin - low:end - low] = cells[begin - first:end - first]

        if mode == _LOOSE:
            start = int(regs[_LOOSE_START])
            place(start, self.loose.astype(np.uint8))
            left_end, right_start = start - 1, start + width
        elif mode == _FACING_RIGHT:
            left_end, right_start = pos - 1, pos
        else:
            left_end, right_start = pos, pos + 1
        n_left, n_right = int(regs[_N_LEFT]), int(regs[_N_RIGHT])
        left = np.repeat(self._blocks(self.left_ids[:n_left]), self.left_counts[:n_left],
                         axis=0).ravel()  # bottom (far left) first
        place(left_end + 1 - len(left), left)
        right = np.repeat(self._blocks(self.right_ids[:n_right][::-1]),
                          self.right_counts[:n_right][::-1], axis=0).ravel()
        place(right_start, right)
        return out


def _slot_python(code, mask):
    return int(_slot(np.int64(code), np.int64(mask)))


def check_block_size(block_size, n_symbols, name="block_size"):
    """Return ``block_size`` if blocks of that many cells of ``n_symbols`` symbols fit the
    engine (content below 2^62 as a number).

    Raises
    ------
    InvalidArgumentError
        Naming the argument ``name`` and the largest block that fits.
    """
    width = check_positive_int(block_size, name)
    if n_symbols ** width >= MAX_MACRO_STEPS:
        raise InvalidArgumentError(
            f"{name}={width} with {n_symbols} symbols: a block's content must be below 2^62 "
            f"as a number (at most {_largest_block(n_symbols)} cells)")
    return width


def run_tm_macro(machine, block_size, *, max_steps=10**9, max_tape=None):
    """Run a Turing machine on a blank tape as a macro machine over blocks of cells.

    Same result as :func:`simulators.tm.run_tm` (steps, ones, tape, head, span, final
    state, stopped_by, exactly), reached by block transitions memoised per run and chain
    steps over runs of equal blocks (see the module docstring). Ctrl-C between kernel calls
    ends the run with ``stopped_by="interrupted"`` and the partial result.

    Parameters
    ----------
    machine : str or TMProgram
        The machine in bbchallenge notation, or a parsed :class:`~simulators.tm.TMProgram`.
    block_size : int
        Cells per block, at least 1 and with ``n_symbols ** block_size < 2**62``.
    max_steps : int, optional
        Stop with ``stopped_by="max_steps"`` after exactly this many steps (1 .. 2^62).
    max_tape : int, optional
        As in :func:`simulators.tm.run_tm` (exact); default a quarter of the memory budget.

    Returns
    -------
    TMResult
        Without step records.

    Raises
    ------
    MalformedMachineError
        If ``machine`` is a string that :func:`simulators.tm.parse_tm` rejects.
    InvalidArgumentError
        If ``block_size``, ``max_steps`` or ``max_tape`` is out of range.
    MemoryBudgetError
        If the tables, the run stacks or the final tape would not fit in the memory budget.

    Examples
    --------
    >>> result = run_tm_macro("1RB1LB_1LA1RZ", 2)
    >>> result.steps, result.ones, result.tape_span, result.stopped_by
    (6, 4, (-2, 1), 'halted')
    >>> run_tm_macro("1RA1RA", 3, max_steps=10**6).head  # one chain step over a blank run
    1000000
    """
    program = as_program(machine)
    width = check_block_size(block_size, program.n_symbols)
    max_steps = check_positive_int(max_steps, "max_steps")
    if max_steps > MAX_MACRO_STEPS:
        raise InvalidArgumentError(f"max_steps={max_steps} is above 2^62 for a macro run")
    max_tape = (memory_budget() // 4 if max_tape is None
                else check_positive_int(max_tape, "max_tape"))
    return _drive(_MacroRun(program, width), max_steps, max_tape)


def _drive(run, max_steps, max_tape):
    """Run ``run`` from where it is to a stop; return the :class:`TMResult`."""
    regs = run.regs
    code = _BUDGET
    with catch_interrupts() as interrupts:
        while regs[_STEPS] < max_steps:
            if interrupts.requested:
                code = None
                break
            code = run.turn(max_steps, min(max_steps, int(regs[_STEPS]) + 4 * CHUNK_STEPS),
                            max_tape)
            if code == _GROW_BLOCKS:
                run.grow_blocks()
            elif code == _GROW_STACKS:
                run.grow_stacks()
            elif code != _BUDGET:
                break
    stopped_by = stops.INTERRUPTED if code is None else _STOP_NAMES[code]
    return tm_result(stopped_by, regs[_STEPS], regs[_STATE], regs[_POS], regs[_LOW],
                     run.cells())


def _largest_block(n_symbols):
    width = 1
    while n_symbols ** (width + 1) < MAX_MACRO_STEPS:
        width += 1
    return width
