"""Depth-first QBF/SAT search in place on AP-MDM, and the same search on a write-once MDM canvas.

Theorem 4's corollary (PSPACE in polynomial context) made to run; the construction is
ours (PAPER.md §2 marks the proof [INFERRED]). SAT is the QBF whose variables are all
existential, so one search serves both.

**Prompt.** ``[BOS] Q_1 .. Q_n [SEP] clauses [SEP] cells``. ``Q_v`` is ``E`` (∃) or
``A`` (∀), in quantifier order; a literal is ``+``/``-`` then the variable in binary
(b = bit length of n bits, most significant first); each clause ends with ``|``. The
cells are, per variable, a *value* cell (``F``, ``T``, or a mask: unassigned) and a
*tried* cell (a mask, or ``X``: its first branch is finished), then one *result* cell.

**One step** (the same function, :func:`next_cells`, for both machines). Let the
assigned variables be 1..d. Evaluate the matrix under them:

- some clause has every literal false: the subtree's value is False;
- every clause has a true literal: the value is True;
- otherwise decide variable d + 1: ``F`` if its tried cell is a mask, ``T`` if ``X``.

With a value v, return up the path: at variable i (from d down), if its first branch
(``F``, tried a mask) is done and does not settle the node (∃ with v False, or ∀ with
v True), *flip*: remask value i and everything below it, write ``X`` in tried i (the
next step writes ``T``). A node settled by its first branch (∃ and True, ∀ and False)
or returning from its second branch passes v up. Past variable 1, write v in the
result cell (``[TRUE]``/``[FALSE]``) and stop; for SAT the value cells then hold a
satisfying assignment (unassigned variables read as False).

Every cell change is mask → token (an unmask) or token → mask (a remask), so an
AP-MDM step is exactly the difference of two cell vectors, and the context never
changes: the prompt's length, O(n + m log n) for m clauses. Steps: at most 3·2^n − 2
(one per node entered, at most 2^(n+1) − 2; one per flip, at most 2^n − 1; one result).

**MDM.** A written token can never change, so the same search writes each new cell
vector as a fresh *frame* of 2n + 1 cells (``_`` for an empty cell) after the last
one; the first mask tells which frame is next, and the last frame is the state. The
canvas must be sized before the run, for the worst case: 3·2^n frames. Its *used*
context (prompt + written frames) grows with the steps, (2n + 1) per step; both are
reported (``peak_context``: the canvas; ``context_used`` in the details).
"""

import numpy as np

from simulators.jit import njit
from simulators.policies import halt_edit
from simulators.vocab import Vocab

__all__ = ["VOCAB", "frames", "apmdm_prompt", "mdm_canvas", "next_cells", "apmdm_policy",
           "mdm_policy", "read_cells", "apmdm_cells", "mdm_cells", "steps_bound", "frame_size",
           "formula_tokens"]

VOCAB = Vocab(["[BOS]", "[EOS]", "[MASK]", "[SEP]", "E", "A", "+", "-", "0", "1", "|",
               "F", "T", "X", "_", "[TRUE]", "[FALSE]"])
(BOS, EOS, MASK, SEP, EXISTS, FORALL, PLUS, MINUS, ZERO, ONE, BAR, FALSE, TRUE, TRIED, BLANK,
 RESULT_TRUE, RESULT_FALSE) = range(17)

_OPEN, _FALSIFIED, _SATISFIED = 0, 1, 2


def steps_bound(n):
    """Most steps the search takes on n variables: 3·2^n − 2 (at least 1)."""
    return max(1, 3 * 2**n - 2)


@njit(cache=True)
def frame_size(n):
    """Cells per state: a value and a tried cell per variable, and the result cell."""
    return 2 * n + 1


def formula_tokens(quantifiers, clauses):
    """Return ``[BOS] Q.. [SEP] clauses [SEP]`` as a list of token ids."""
    n = len(quantifiers)
    bits = n.bit_length()
    tokens = [BOS] + [EXISTS if q == "e" else FORALL for q in quantifiers] + [SEP]
    for clause in clauses:
        for lit in clause:
            tokens.append(PLUS if lit > 0 else MINUS)
            tokens.extend(ONE if c == "1" else ZERO for c in format(abs(lit), f"0{bits}b"))
        tokens.append(BAR)
    return tokens + [SEP]


def apmdm_prompt(quantifiers, clauses):
    """Return the AP-MDM prompt: the formula, then 2n + 1 masked cells."""
    tokens = formula_tokens(quantifiers, clauses) + [MASK] * frame_size(len(quantifiers))
    return np.array(tokens, dtype=np.int32)


def mdm_canvas(quantifiers, clauses):
    """Return the MDM canvas: the formula, then ``steps_bound(n)`` masked frames."""
    n = len(quantifiers)
    prompt = np.array(formula_tokens(quantifiers, clauses), dtype=np.int32)
    return np.concatenate([prompt, np.full(steps_bound(n) * frame_size(n), MASK, dtype=np.int32)])


@njit(cache=True)
def _layout(x):
    """Return (n, bits, first clause position, position of the SEP after the clauses)."""
    n = 0
    while x[1 + n] != SEP:
        n += 1
    bits = 0
    while (1 << bits) <= n:
        bits += 1
    clauses_start = n + 2
    position = clauses_start
    while x[position] != SEP:
        position += 1
    return n, bits, clauses_start, position


@njit(cache=True)
def _evaluate(x, start, end, bits, values):
    """Matrix status under ``values`` (0 unassigned, 1 false, 2 true)."""
    all_satisfied = True
    position = start
    while position < end:
        satisfied, open_literal = False, False
        while x[position] != BAR:
            positive = x[position] == PLUS
            variable = 0
            for i in range(bits):
                variable = 2 * variable + (x[position + 1 + i] - ZERO)
            position += 1 + bits
            value = values[variable - 1]
            if value == 0:
                open_literal = True
            elif (value == 2) == positive:
                satisfied = True
        position += 1
        if not satisfied:
            if not open_literal:
                return _FALSIFIED
            all_satisfied = False
    return _SATISFIED if all_satisfied else _OPEN


@njit(cache=True)
def next_cells(x, cells):
    """Return the cell vector after one search step from ``cells`` (MASK for empty cells).

    ``x`` supplies the formula (its prefix up to the SEP after the clauses). Returns
    ``cells`` itself (unchanged) when the result cell is already written.
    """
    n, bits, start, end = _layout(x)
    if cells[2 * n] != MASK:
        return cells
    values = np.zeros(n, dtype=np.int8)
    depth = 0
    while depth < n and cells[2 * depth] != MASK:
        values[depth] = 2 if cells[2 * depth] == TRUE else 1
        depth += 1
    status = _evaluate(x, start, end, bits, values)
    new = cells.copy()
    if status == _OPEN:
        new[2 * depth] = TRUE if cells[2 * depth + 1] == TRIED else FALSE
        return new
    value = status == _SATISFIED
    for i in range(depth - 1, -1, -1):
        first_branch = cells[2 * i + 1] == MASK
        exists = x[1 + i] == EXISTS
        if first_branch and value != exists:  # ∃ found False, or ∀ found True: try T
            new[2 * i] = MASK
            new[2 * i + 1] = TRIED
            for j in range(2 * i + 2, 2 * n):
                new[j] = MASK
            return new
    new[2 * n] = RESULT_TRUE if value else RESULT_FALSE
    return new


@njit(cache=True)
def apmdm_cells(x):
    """The cells of an AP-MDM sequence (its last 2n + 1 tokens)."""
    n = _layout(x)[0]
    return x[x.shape[0] - frame_size(n):].copy()


@njit(cache=True)
def apmdm_policy(x):
    """One search step in place: unmask the cells that get a token, remask the others."""
    cells = apmdm_cells(x)
    new = next_cells(x, cells)
    changed = np.flatnonzero(new != cells)
    if changed.shape[0] == 0:
        return halt_edit()
    offset = x.shape[0] - cells.shape[0]
    ctrl = np.zeros((changed.shape[0], 3), dtype=np.uint8)
    tokens = np.zeros(changed.shape[0], dtype=np.int32)
    for j in range(changed.shape[0]):
        if new[changed[j]] == MASK:
            ctrl[j, 0] = 1
            tokens[j] = BLANK
        else:
            tokens[j] = new[changed[j]]
    return changed.astype(np.int64) + offset, tokens, ctrl


@njit(cache=True)
def frames(x):
    """Return (first frame position, frame size, frames written) of an MDM canvas."""
    n, _, _, end = _layout(x)
    size = frame_size(n)
    first = end + 1
    total = (x.shape[0] - first) // size
    lo, hi = 0, total  # frames are written in order: find the first still masked
    while lo < hi:
        mid = (lo + hi) // 2
        if x[first + mid * size] != MASK:
            lo = mid + 1
        else:
            hi = mid
    return first, size, lo


@njit(cache=True)
def mdm_cells(x):
    """The state an MDM canvas holds: its last written frame (``_`` read as a mask)."""
    first, size, written = frames(x)
    if written == 0:
        return np.full(size, MASK, dtype=np.int32)
    cells = x[first + (written - 1) * size:first + written * size].copy()
    for j in range(size):
        if cells[j] == BLANK:
            cells[j] = MASK
    return cells


@njit(cache=True)
def mdm_policy(x):
    """One search step on the canvas: write the next state as a new frame."""
    first, size, written = frames(x)
    cells = mdm_cells(x)
    if cells[size - 1] != MASK or first + (written + 1) * size > x.shape[0]:
        return halt_edit()
    new = next_cells(x, cells)
    tokens = new.copy()
    for j in range(size):
        if tokens[j] == MASK:
            tokens[j] = BLANK
    positions = np.arange(first + written * size, first + (written + 1) * size).astype(np.int64)
    return positions, tokens, np.zeros((size, 3), dtype=np.uint8)


def read_cells(cells):
    """Return ``(value, assignment)`` from a cell vector: value None if no result is written."""
    cells = np.asarray(cells)
    result = int(cells[-1])
    value = {RESULT_TRUE: True, RESULT_FALSE: False}.get(result)
    assignment = [bool(cells[2 * i] == TRUE) for i in range((len(cells) - 1) // 2)]
    return value, assignment
