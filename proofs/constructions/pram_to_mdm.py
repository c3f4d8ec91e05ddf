"""Theorem 1 as a compiler: a PRAM program becomes an MDM whose canvas is an append-only memory log.

Layout (the paper leaves it [INFERRED]; this is our choice). Values are int64, written as
4 number tokens (:mod:`proofs.constructions.compiled`).

- Block 0 holds the initial memory with the input loaded: cell ``a`` at ``4a``. It is
  the prompt; everything after it is masked.
- PRAM step ``t`` (1-based) owns block ``t``. Its *direct section* has one 4-token slot
  per distinct cell that a row of step ``t`` names as ``dst`` (known from the program);
  the slot holds the cell's value after the step, even when a conditional write did
  not fire (then the old value is copied), so a slot is never empty. Its *indirect
  section* has one 6-token entry per pointer-writing row (STORE, CSTORE, CSTORE_I): the
  cell (2 tokens) and its value, sorted by cell, unused entries carrying cell 2**32 - 1.
  Cells hit by both kinds of write land in the direct slot.
- MDM step ``t`` unmasks block ``t`` whole: T steps for T PRAM steps.

The policy reads the canvas only. It finds the current step by binary search for the
first masked block (O(log T)). A read of cell ``a`` before step ``t`` finds the latest
block ``s < t`` whose direct section has ``a`` by binary search in a table computed
from the program alone (O(log(P·T))), then checks the indirect sections of the
pointer-writing steps after ``s``, newest first, by binary search each (O(log P)).
Work per step: O(P·log(P·T)) for programs without pointer writes; with them, add
O(P·k·log P) for k pointer-writing steps since the cell's last direct write.

Bound achieved: exactly T steps; context ``4·S + 4·(direct slots) + 6·(pointer rows)
<= 4·S + 6·P·T`` tokens for memory S: O(P·T) once the memory is at most the work.
"""

import numpy as np

from proofs.constructions.compiled import (DIGITS_PER_VALUE, Compiled, decode_values,
                                           encode_values, number_vocab)
from proofs.constructions.pram_steps import (direct_targets, execute_step, indirect_rows,
                                             resolve_writes)
from simulators.errors import InvalidArgumentError
from simulators.machines import MDM
from simulators.pram import PramProgram
from simulators.validation import check_memory

__all__ = ["pram_to_mdm", "resource_rows"]

_W = DIGITS_PER_VALUE
_ENTRY = 2 + _W            # indirect entry: cell (2 tokens) then value
_UNUSED = (1 << 32) - 1    # cell of an unused indirect entry (after every real cell)


class _Layout:
    """Where every block, slot and entry sits; computed from the program alone."""

    def __init__(self, program):
        self.program = program
        steps = program.steps
        self.memory = program.memory_size
        self.direct = [direct_targets(program, t) for t in range(steps)]
        self.indirect = [indirect_rows(program, t) for t in range(steps)]
        sizes = [_W * self.memory] + [_W * len(d) + _ENTRY * k
                                      for d, k in zip(self.direct, self.indirect)]
        self.block_start = np.concatenate([[0], np.cumsum(sizes)]).astype(np.int64)
        self.length = int(self.block_start[-1])
        stride = steps + 1
        keys = [np.arange(self.memory, dtype=np.int64) * stride]
        positions = [np.arange(self.memory, dtype=np.int64) * _W]
        for t, cells in enumerate(self.direct, start=1):
            keys.append(cells * stride + t)
            positions.append(self.block_start[t] + _W * np.arange(len(cells), dtype=np.int64))
        keys, positions = np.concatenate(keys), np.concatenate(positions)
        order = np.argsort(keys, kind="stable")
        self.keys, self.key_position, self.stride = keys[order], positions[order], stride
        self.pointer_blocks = np.array([t for t in range(1, steps + 1) if self.indirect[t - 1]],
                                       dtype=np.int64)

    def section(self, t):
        """First position and entry count of block ``t``'s indirect section."""
        return int(self.block_start[t]) + _W * len(self.direct[t - 1]), self.indirect[t - 1]


def _read_values(x, positions):
    return decode_values(x[positions[:, None] + np.arange(_W)])


def _entry_cells(x, start, indices):
    at = start + _ENTRY * indices
    return x[at].astype(np.int64) * 65536 + x[at + 1]


def _lookup(layout, x, cells, t):
    """Values of ``cells`` after blocks ``0 .. t-1`` of canvas ``x``."""
    cells = np.asarray(cells, dtype=np.int64)
    index = np.searchsorted(layout.keys, cells * layout.stride + t, side="left") - 1
    latest = layout.keys[index] % layout.stride
    values = _read_values(x, layout.key_position[index])
    pending = np.ones(len(cells), dtype=bool)
    earlier = layout.pointer_blocks[:np.searchsorted(layout.pointer_blocks, t)]
    for s in earlier[::-1]:
        ask = pending & (latest < s)
        if not ask.any():
            break
        start, count = layout.section(int(s))
        wanted = cells[ask]
        low = np.zeros(len(wanted), dtype=np.int64)
        high = np.full(len(wanted), count, dtype=np.int64)
        while (low < high).any():  # vectorised binary search over the sorted entries
            middle = (low + high) // 2
            below = (_entry_cells(x, start, np.minimum(middle, count - 1)) < wanted) & (low < high)
            low = np.where(below, middle + 1, low)
            high = np.where(below | (low >= high), high, middle)
        found = (low < count)
        found[found] = _entry_cells(x, start, low[found]) == wanted[found]
        hit = np.flatnonzero(ask)[found]
        values[hit] = _read_values(x, start + _ENTRY * low[found] + 2)
        pending[hit] = False
    return values


def _current_block(layout, x, mask):
    """First block (1-based) still masked, or None when every block is written."""
    low, high = 1, layout.program.steps + 1
    while low < high:
        middle = (low + high) // 2
        if x[layout.block_start[middle]] == mask:
            high = middle
        else:
            low = middle + 1
    return low if low <= layout.program.steps else None


def _block_tokens(layout, x, t):
    program = layout.program
    target, value, processor = execute_step(program, t - 1,
                                            lambda cells: _lookup(layout, x, cells, t))
    cells, values = resolve_writes(target, value, processor, program.mode)
    direct = layout.direct[t - 1]
    slot_values = _lookup(layout, x, direct, t) if len(direct) else np.zeros(0, np.int64)
    where = np.searchsorted(direct, cells)
    in_direct = (where < len(direct)) & (direct[np.minimum(where, len(direct) - 1)] == cells) \
        if len(direct) else np.zeros(len(cells), dtype=bool)
    slot_values[where[in_direct]] = values[in_direct]
    entries = np.zeros((layout.indirect[t - 1], _ENTRY), dtype=np.int32)
    entries[:, 0] = entries[:, 1] = 65535
    pointed, pointed_values = cells[~in_direct], values[~in_direct]
    entries[:len(pointed), 0] = pointed >> 16
    entries[:len(pointed), 1] = pointed & 65535
    entries[:len(pointed), 2:] = encode_values(pointed_values)
    return np.concatenate([encode_values(slot_values).ravel(), entries.ravel()])


def pram_to_mdm(program):
    """Compile ``program`` into an MDM with append-only memory blocks (Theorem 1).

    Parameters
    ----------
    program : PramProgram

    Returns
    -------
    Compiled
        ``prompt(input_cells)`` builds the canvas (block 0 written, the rest masked);
        ``decode(final)`` returns the output cells (int64), None if masks remain;
        ``bound`` = ``{"steps": T, "context": 4·S + 6·P·T, "layout": exact length}``.

    Raises
    ------
    InvalidArgumentError
        If ``program`` is not a :class:`PramProgram` or its memory exceeds 2**32 cells;
        ``prompt`` raises it for an input of the wrong length.
    MemoryBudgetError
        From ``prompt``, if the canvas would not fit in the memory budget.

    Examples
    --------
    >>> from simulators.pram.programs import tree_sum
    >>> compiled = pram_to_mdm(tree_sum(4))
    >>> result, output = compiled.run([1, 2, 3, 4])
    >>> output.tolist(), result.resources.steps, result.stopped_by
    ([10], 2, 'no_masks')
    """
    if not isinstance(program, PramProgram):
        raise InvalidArgumentError(f"program must be a PramProgram, got {type(program).__name__}")
    if program.memory_size >= _UNUSED:
        raise InvalidArgumentError(f"{program.name} has {program.memory_size} cells; "
                                   "this layout addresses fewer than 2**32")
    layout = _Layout(program)
    vocab = number_vocab()
    mask = vocab.mask_id

    def policy(x):
        t = _current_block(layout, x, mask)
        if t is None:
            return None
        start, end = int(layout.block_start[t]), int(layout.block_start[t + 1])
        return np.arange(start, end, dtype=np.int64), _block_tokens(layout, x, t)

    def prompt(input_cells):
        cells = np.asarray(input_cells)
        if cells.shape != (program.input_length,) or (
                cells.size and not np.issubdtype(cells.dtype, np.integer)):
            raise InvalidArgumentError(f"input must be {program.input_length} integers for "
                                       f"{program.name}, got shape {cells.shape}")
        check_memory(16 * layout.length, f"an MDM canvas of {layout.length:,} tokens")
        memory = program.initial_memory.copy()
        memory[program.input_start:program.input_start + program.input_length] = cells
        canvas = np.full(layout.length, mask, dtype=np.int32)
        canvas[:_W * program.memory_size] = encode_values(memory).ravel()
        return canvas

    output_cells = np.arange(program.output_start, program.output_start + program.output_length)

    def decode(final):
        final = np.asarray(final)
        if len(final) != layout.length or (final == mask).any():
            return None
        return _lookup(layout, final, output_cells, program.steps + 1)

    processors = int(np.diff(program.step_offsets).max()) if program.steps else 0
    bound = {"steps": program.steps,
             "context": _W * program.memory_size + _ENTRY * processors * program.steps,
             "layout": layout.length}
    return Compiled(MDM(vocab), policy, prompt, decode, bound)


def resource_rows(program_name, sizes, seed=0):
    """Run a PRAM library program and its Theorem 1 MDM at each size; one row per size.

    The rows of :func:`proofs.constructions.pram_comparison.comparison_rows`: the PRAM's
    ``P``, ``T``, ``work``, ``memory``; the MDM run's resources; ``correct`` (equal
    outputs); the bound's ``bound_steps``, ``bound_context``; and the ratios
    ``steps_per_T`` and ``context_per_PT``.

    Raises
    ------
    InvalidArgumentError
        If the program name or a size is invalid.
    """
    from proofs.constructions.pram_comparison import comparison_rows
    return comparison_rows(pram_to_mdm, program_name, sizes, seed)
