"""Theorem 4 as a compiler: a PRAM program becomes an AP-MDM that keeps memory in place.

Layout and process (the paper's proof idea is [INFERRED]; this is our choice). The
canvas is the PRAM memory, cell ``a`` as 4 number tokens, followed by a clock cell
holding the number of PRAM steps done; no masks between steps. PRAM step ``t`` writes
the cells ``W_t``: every cell a row names as ``dst`` (a false conditional write copies
the old value), every cell a pointer write hits, and the clock. It takes two AP-MDM
steps, with one more at the start:

1. *grow* (before step 1, and merged into the previous step's *shrink*): an insert bit
   on each of the 4 tokens of every cell of ``W_t`` puts a mask after each, so a cell
   being written reads ``d M d M d M d M``: the work area grows by 4·|W_t| tokens;
2. *write*: remask the 4 old digits and unmask the 4 new ones in the same step, the new
   values computed from the old digits that are still there: ``M n M n M n M n``;
3. *shrink*: delete the 4 masks of each written cell (and grow for step t + 1).

The policy tells the phases apart from the canvas alone: no masks (grow, or stop when
the clock reads T), masks at odd offsets of a cell (write), at even offsets (shrink);
the clock says which PRAM step is due. A canvas of any other shape makes it stop.

Bound achieved: 2T + 1 steps; context at most ``4·(S + 1) + 4·max|W_t| <= 8·(S + 1)``
tokens for S memory cells, whatever T is.
"""

import numpy as np

from proofs.constructions.compiled import (DIGITS_PER_VALUE, Compiled, decode_values,
                                           encode_values, number_vocab)
from proofs.constructions.pram_steps import direct_targets, execute_step, resolve_writes
from simulators.errors import InvalidArgumentError
from simulators.machines import APMDM
from simulators.policies import Edit
from simulators.pram import PramProgram
from simulators.validation import check_memory

__all__ = ["pram_to_apmdm", "resource_rows"]

_W = DIGITS_PER_VALUE
_OFFSETS = np.arange(_W, dtype=np.int64)


class _Canvas:
    """A canvas read as memory: which cells are doubled, and where each cell's digits are."""

    def __init__(self, x, doubled, digit_offset):
        self.x, self.doubled, self.digit_offset = x, doubled, digit_offset

    def start(self, cells):
        return _W * (cells + np.searchsorted(self.doubled, cells))

    def digit_positions(self, cells):
        cells = np.asarray(cells, dtype=np.int64)
        start = self.start(cells)
        is_doubled = np.isin(cells, self.doubled)
        spread = np.where(is_doubled[:, None], 2 * _OFFSETS + self.digit_offset, _OFFSETS)
        return start[:, None] + spread

    def read(self, cells):
        return decode_values(self.x[self.digit_positions(cells)])


def _parse(x, mask, cells_total):
    """Return ``(phase, canvas)`` with phase 'grow', 'write' or 'shrink'; None if not ours."""
    masked = np.flatnonzero(x == mask)
    if masked.size == 0:
        if len(x) != _W * cells_total:
            return None
        return "grow", _Canvas(x, np.zeros(0, dtype=np.int64), 0)
    if masked.size % _W:
        return None
    groups = masked.reshape(-1, _W)
    first = groups[:, 0]
    phase_offset = int(first[0] % _W)
    if phase_offset not in (0, 1) or np.any(first % _W != phase_offset) or np.any(
            groups - first[:, None] != 2 * _OFFSETS):
        return None
    doubled = (first - phase_offset) // _W - np.arange(len(groups))
    if np.any(np.diff(doubled) <= 0) or doubled[-1] >= cells_total or \
            len(x) != _W * (cells_total + len(groups)):
        return None
    if phase_offset == 1:
        return "write", _Canvas(x, doubled, 0)       # old digits at even offsets
    return "shrink", _Canvas(x, doubled, 1)          # new digits at odd offsets


def pram_to_apmdm(program):
    """Compile ``program`` into an AP-MDM that rewrites memory in place (Theorem 4).

    Parameters
    ----------
    program : PramProgram

    Returns
    -------
    Compiled
        ``prompt(input_cells)``: the memory and a clock at 0; ``decode(final)``: the
        output cells, None if the final canvas is not a finished memory;
        ``bound`` = ``{"steps": 2T + 1, "context": 8·(S + 1)}``.

    Raises
    ------
    InvalidArgumentError
        If ``program`` is not a :class:`PramProgram`; ``prompt`` raises it for an input of
        the wrong length.

    Examples
    --------
    >>> from simulators.pram.programs import prefix_sum_hillis_steele
    >>> compiled = pram_to_apmdm(prefix_sum_hillis_steele(4))
    >>> result, output = compiled.run([1, 2, 3, 4])
    >>> output.tolist(), result.resources.steps, result.resources.peak_context
    ([1, 3, 6, 10], 5, 36)
    """
    if not isinstance(program, PramProgram):
        raise InvalidArgumentError(f"program must be a PramProgram, got {type(program).__name__}")
    vocab = number_vocab()
    mask = vocab.mask_id
    clock = program.memory_size
    cells_total = program.memory_size + 1
    steps = program.steps
    direct = [direct_targets(program, t) for t in range(steps)]

    def step_writes(canvas, t):
        target, value, processor = execute_step(program, t, canvas.read)
        return resolve_writes(target, value, processor, program.mode)

    def write_set(canvas, t):
        written, _ = step_writes(canvas, t)
        return np.union1d(np.union1d(direct[t], written), [clock])

    def policy(x):
        parsed = _parse(x, mask, cells_total)
        if parsed is None:
            return None
        phase, canvas = parsed
        t = int(canvas.read([clock])[0])
        if phase == "grow":
            if t >= steps:
                return None
            return Edit.insert_after(canvas.digit_positions(write_set(canvas, t)).ravel())
        if phase == "write":
            if t >= steps or not np.array_equal(canvas.doubled, write_set(canvas, t)):
                return None
            written, values = step_writes(canvas, t)
            new = canvas.read(canvas.doubled)
            where = np.searchsorted(canvas.doubled, written)
            new[where] = values
            new[-1] = t + 1  # the clock is the last cell
            start = canvas.start(canvas.doubled)[:, None]
            old_positions = start + 2 * _OFFSETS
            positions = np.stack([old_positions, old_positions + 1], axis=2).reshape(-1)
            tokens = np.stack([np.zeros_like(old_positions), encode_values(new)],
                              axis=2).reshape(-1)
            ctrl = np.zeros((len(positions), 3), dtype=np.uint8)
            ctrl[0::2, 0] = 1  # remask each old digit; unmask the new one beside it
            return Edit(positions.astype(np.int64), tokens.astype(np.int32), ctrl)
        edit = Edit.delete(np.flatnonzero(x == mask))
        if t < steps:
            grow = Edit.insert_after(canvas.digit_positions(write_set(canvas, t)).ravel())
            order = np.argsort(np.concatenate([edit[0], grow[0]]))
            edit = Edit(*(np.concatenate([a, b])[order] for a, b in zip(edit, grow)))
        return edit

    def prompt(input_cells):
        cells = np.asarray(input_cells)
        if cells.shape != (program.input_length,) or (
                cells.size and not np.issubdtype(cells.dtype, np.integer)):
            raise InvalidArgumentError(f"input must be {program.input_length} integers for "
                                       f"{program.name}, got shape {cells.shape}")
        check_memory(32 * _W * cells_total, f"an AP-MDM canvas of {2 * _W * cells_total:,} tokens")
        memory = np.zeros(cells_total, dtype=np.int64)
        memory[:-1] = program.initial_memory
        memory[program.input_start:program.input_start + program.input_length] = cells
        return encode_values(memory).ravel()

    def decode(final):
        final = np.asarray(final)
        if len(final) != _W * cells_total or (final == mask).any():
            return None
        values = decode_values(final)
        if values[clock] != steps:
            return None
        return values[program.output_start:program.output_start + program.output_length]

    bound = {"steps": 2 * steps + 1 if steps else 0, "context": 2 * _W * cells_total}
    return Compiled(APMDM(vocab), policy, prompt, decode, bound)


def resource_rows(program_name, sizes, seed=0):
    """Run a PRAM library program and its Theorem 4 AP-MDM at each size; one row per size.

    The rows of :func:`proofs.constructions.pram_comparison.comparison_rows`: the PRAM's
    ``P``, ``T``, ``work``, ``memory``; the AP-MDM run's resources (``remasks``,
    ``inserts``, ``deletes``, ...); ``correct`` (equal outputs); ``bound_steps``,
    ``bound_context``; ``steps_per_T`` and ``context_per_S`` (peak context over the
    PRAM's memory).

    Raises
    ------
    InvalidArgumentError
        If the program name or a size is invalid.
    """
    from proofs.constructions.pram_comparison import comparison_rows
    return comparison_rows(pram_to_apmdm, program_name, sizes, seed)
