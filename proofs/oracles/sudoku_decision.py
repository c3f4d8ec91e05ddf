"""One Sudoku decision on an MDM: fill the most constrained empty cell with its smallest candidate.

The forward move of the MRV search in the paper's Sudoku experiment (PAPER.md §3.1):
among the empty cells, take one with the fewest candidates (the leftmost in row-major
order on ties) and write its smallest candidate. A run of these decisions is greedy
MRV without backtracking; it stops when the board is full or some empty cell has no
candidate left (a dead end, where the AP-MDM process would backtrack by remasking).
Layout: ``[BOS]`` then the N×N cells row by row, a digit ``1 .. N`` or ``[MASK]`` for an
empty cell; N is a square (boxes are √N × √N). This is our layout, not the
experiment's four tokens per cell.

Examples
--------
>>> from simulators.run import run
>>> x = prompt(4, rng=0)
>>> result = run(machine(4), policy, x)
>>> result.stopped_by, bool((result.final != MASK).all())
('no_masks', True)
"""

import math

import numpy as np

from simulators.errors import InvalidArgumentError
from simulators.machines import MDM
from simulators.vocab import Vocab

__all__ = ["DIGIT0", "MASK", "box_side", "vocabulary", "machine", "solved_grid", "prompt",
           "candidates", "policy"]

BOS, EOS, MASK, DIGIT0 = 0, 1, 2, 3


def box_side(n):
    """Return √n for a board side ``n`` that is a positive square.

    Raises
    ------
    InvalidArgumentError
        If ``n`` is not a positive perfect square.
    """
    side = math.isqrt(n) if isinstance(n, int) and n > 0 else 0
    if side * side != n or side == 0:
        raise InvalidArgumentError(f"a Sudoku board side must be a positive square (4, 9, 16, "
                                   f"...), got {n!r}")
    return side


def vocabulary(n):
    """Return the vocabulary for an n×n board: digits 1..n."""
    box_side(n)
    return Vocab(["[BOS]", "[EOS]", "[MASK]"] + [str(d) for d in range(1, n + 1)])


def machine(n):
    """Return the MDM over :func:`vocabulary` (n)."""
    return MDM(vocabulary(n))


def solved_grid(n, rng=None):
    """Return a random solved n×n grid (digits 1..n) by shuffling the standard pattern."""
    b = box_side(n)
    rng = np.random.default_rng(rng)
    r = np.arange(n)
    pattern = (b * (r[:, None] % b) + r[:, None] // b + r[None, :]) % n
    bands = [band * b + rng.permutation(b) for band in rng.permutation(b)]
    rows = np.concatenate(bands)
    cols = np.concatenate([stack * b + rng.permutation(b) for stack in rng.permutation(b)])
    digits = rng.permutation(n) + 1
    return digits[pattern[rows][:, cols]]


def prompt(n, rng=None, blank=0.6):
    """Return the canvas of a solved n×n grid with a fraction ``blank`` of cells emptied."""
    rng = np.random.default_rng(rng)
    grid = solved_grid(n, rng).ravel() + DIGIT0 - 1
    grid[rng.random(grid.size) < blank] = MASK
    return np.concatenate([[BOS], grid]).astype(np.int32)


def candidates(x, n):
    """Return, for each cell, the boolean array of digits (1..n) still allowed there."""
    b = box_side(n)
    board = np.asarray(x[1:1 + n * n]).reshape(n, n).astype(np.int64) - DIGIT0 + 1
    allowed = np.ones((n * n, n + 1), dtype=bool)
    for cell in range(n * n):
        r, c = divmod(cell, n)
        r0, c0 = r - r % b, c - c % b
        peers = np.concatenate([board[r], board[:, c], board[r0:r0 + b, c0:c0 + b].ravel()])
        allowed[cell, peers[(peers >= 1) & (peers <= n)]] = False
    return allowed[:, 1:]


def policy(x):
    """Write the smallest candidate into the leftmost empty cell with fewest candidates."""
    x = np.asarray(x)
    n = math.isqrt(len(x) - 1)
    empty = np.flatnonzero(x[1:] == MASK)
    if empty.size == 0:
        return None
    counts = candidates(x, n).sum(axis=1)
    cell = int(empty[np.argmin(counts[empty])])
    if counts[cell] == 0:
        return None
    digit = int(np.argmax(candidates(x, n)[cell])) + 1
    return np.array([cell + 1], dtype=np.int64), np.array([DIGIT0 + digit - 1], dtype=np.int32)
