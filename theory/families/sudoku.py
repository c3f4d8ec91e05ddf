"""Sudoku (N×N, N = 4, 9, 16): generator of unique puzzles, readers, reference solver, verifier.

An instance is an ``(N, N)`` int array, 0 for a blank and ``1 .. N`` for a given; the
boxes are √N × √N. An answer is the completed grid, or None for a puzzle with no
solution.

Known complexity: completing a generalised (n²×n²) Sudoku is NP-complete (Yato and
Seta 2003, by a parsimonious reduction from Latin-square completion).

Examples
--------
>>> puzzle = generate(4, rng=1, givens=6)
>>> int((puzzle > 0).sum())
6
>>> verify(puzzle, solve(puzzle))
True
"""

import math
import zipfile

import numpy as np

from theory.errors import FamilyInputError
from theory.families._text import without_whitespace

__all__ = ["SIDES", "check", "generate", "parse", "to_text", "read_official_rows", "solve",
           "count_solutions", "verify", "CASES", "COMPLEXITY", "HARD_PUZZLES"]

COMPLEXITY = {
    "complete for": ("NP", "Yato and Seta 2003, generalised n²×n² Sudoku completion"),
}

SIDES = (4, 9, 16)
"""The grid sides this package runs."""

_DIGITS = "123456789ABCDEFG"
_BLANKS = ".0"

HARD_PUZZLES = (
    # "AI Escargot" (Arto Inkala 2006)
    "1....7.9..3..2...8..96..5....53..9...1..8...26....4...3......1..4......7..7...3..",
    # Arto Inkala's 2010 "world's hardest Sudoku"
    "8..........36......7..9.2...5...7.......457.....1...3...1....68..85...1..9....4..",
    # two sparse puzzles from public hard-puzzle lists that MRV backtracking finds long:
    # 306,870 and 81,220 transitions of the official solver
    "48.3............71.2.......7.5....6....2..8.............1.76...3.....4......5....",
    "....14....3....2...7..........9...3.6.1.............8.2.....1.4....5.6.....7.8...",
)
"""Well-known hard 9×9 puzzles (81-character strings), used by tests and the benchmark."""


def _side(cells):
    side = math.isqrt(cells)
    if side * side != cells or side not in SIDES:
        raise FamilyInputError(f"a Sudoku has 16, 81 or 256 cells (sides {SIDES}); got {cells}")
    return side


def _box(side):
    return math.isqrt(side)


def _check_givens(grid):
    """Raise FamilyInputError if two givens clash in a row, column or box."""
    side = grid.shape[0]
    box = _box(side)
    for r in range(side):
        for c in range(side):
            value = grid[r, c]
            if not value:
                continue
            r0, c0 = r - r % box, c - c % box
            peers = np.concatenate([grid[r, :c], grid[r, c + 1:], grid[:r, c], grid[r + 1:, c]])
            block = grid[r0:r0 + box, c0:c0 + box].copy()
            block[r - r0, c - c0] = 0
            if value in peers or value in block:
                raise FamilyInputError(f"contradictory givens: {value} at row {r + 1}, column "
                                       f"{c + 1} repeats in its row, column or box")


def _as_grid(instance):
    grid = np.asarray(instance)
    if grid.ndim != 2 or grid.shape[0] != grid.shape[1]:
        raise FamilyInputError(f"a Sudoku is a square grid; got shape {grid.shape}")
    side = _side(grid.size)
    if grid.size and (grid.min() < 0 or grid.max() > side):
        raise FamilyInputError(f"cells hold 0 (blank) or 1..{side}; got {grid.min()}..{grid.max()}")
    return grid.astype(np.int64)


def check(instance):
    """Return ``instance`` as an int64 grid if it is a puzzle (square, 4/9/16 a side, cells
    0..side, givens that do not clash), else raise :class:`FamilyInputError`."""
    grid = _as_grid(instance)
    _check_givens(grid)
    return grid


def parse(text):
    """Read a puzzle: 16, 81 or 256 characters row by row, '.' or '0' for a blank.

    Digits are ``1-9`` then ``A-G`` (10–16, for 16×16; lower case too); white space is
    ignored.

    Raises
    ------
    FamilyInputError
        For a wrong number of cells, a character that is no digit of that size, or
        givens that contradict each other.

    Examples
    --------
    >>> parse("1.3. ..2. .... 4...")[0].tolist()
    [1, 0, 3, 0]
    """
    chars = without_whitespace(text).upper()
    side = _side(len(chars))
    grid = np.zeros((side, side), dtype=np.int64)
    for offset, char in enumerate(chars):
        if char in _BLANKS:
            continue
        value = _DIGITS.find(char) + 1
        if value < 1 or value > side:
            raise FamilyInputError(f"character {char!r} at cell {offset} is not a digit of a "
                                   f"{side}×{side} Sudoku (use 1-{_DIGITS[side - 1]}, '.' or '0')")
        grid[divmod(offset, side)] = value
    _check_givens(grid)
    return grid


def to_text(grid):
    """Return the grid as one line, '.' for blanks (the inverse of :func:`parse`)."""
    return "".join("." if v == 0 else _DIGITS[v - 1] for v in np.asarray(grid).ravel())


def load_official(path):
    """Return the puzzles of an official ``.npy`` file (rows as :func:`read_official_rows` reads).

    Raises
    ------
    FamilyInputError
        If the file cannot be read as a NumPy array (missing, empty, not ``.npy``) or
        its rows are not official rows.
    """
    try:
        rows = np.load(path, allow_pickle=False)
    except (OSError, ValueError, EOFError, zipfile.BadZipFile) as error:  # empty, not .npy
        raise FamilyInputError(f"cannot read {path}: {error}") from None
    return read_official_rows(rows)


def read_official_rows(rows):
    """Turn rows of the official ``.npy`` files into puzzles.

    Each row holds ``[n_given] + 81 × (row, col, value, strategy)``; strategy 0 marks a
    given (PAPER.md §3.1). Only the givens are kept.

    Raises
    ------
    FamilyInputError
        If a row is not 325 integers or names a cell outside the grid.
    """
    rows = np.atleast_2d(np.asarray(rows))
    if rows.shape[1] != 325:
        raise FamilyInputError(f"official rows have 325 integers; got {rows.shape[1]}")
    puzzles = []
    for index, row in enumerate(rows):
        quads = row[1:].reshape(81, 4)
        given = quads[quads[:, 3] == 0]
        if len(given) != row[0]:
            raise FamilyInputError(f"row {index}: says {row[0]} givens, has {len(given)}")
        if given.size and (given[:, :2].min() < 0 or given[:, :2].max() > 8
                           or given[:, 2].min() < 1 or given[:, 2].max() > 9):
            raise FamilyInputError(f"row {index}: a given lies outside the 9×9 grid")
        grid = np.zeros((9, 9), dtype=np.int64)
        grid[given[:, 0], given[:, 1]] = given[:, 2]
        _check_givens(grid)
        puzzles.append(grid)
    return puzzles


def _search(grid, limit, rng=None):
    """Depth-first search with bitmasks and fewest-candidates choice; up to ``limit`` solutions."""
    side = grid.shape[0]
    box = _box(side)
    cells = [int(v) for v in grid.ravel()]
    full = (1 << side) - 1
    rows, cols, boxes = [0] * side, [0] * side, [0] * side
    where = [(i // side, i % side, (i // side) // box * box + (i % side) // box)
             for i in range(side * side)]
    for i, v in enumerate(cells):
        if v:
            r, c, b = where[i]
            rows[r] |= 1 << (v - 1)
            cols[c] |= 1 << (v - 1)
            boxes[b] |= 1 << (v - 1)
    found = []

    def visit():
        best, best_free = -1, None
        for i, v in enumerate(cells):
            if v == 0:
                r, c, b = where[i]
                free = full & ~(rows[r] | cols[c] | boxes[b])
                if best < 0 or bin(free).count("1") < bin(best_free).count("1"):
                    best, best_free = i, free
                    if free & (free - 1) == 0:
                        break
        if best < 0:
            found.append(np.array(cells, dtype=np.int64).reshape(side, side))
            return len(found) >= limit
        digits = [d for d in range(1, side + 1) if best_free >> (d - 1) & 1]
        if rng is not None:
            rng.shuffle(digits)
        r, c, b = where[best]
        for d in digits:
            bit = 1 << (d - 1)
            cells[best] = d
            rows[r] |= bit
            cols[c] |= bit
            boxes[b] |= bit
            stop = visit()
            cells[best] = 0
            rows[r] &= ~bit
            cols[c] &= ~bit
            boxes[b] &= ~bit
            if stop:
                return True
        return False

    visit()
    return found


def solve(instance):
    """Return the first solution (an ``(N, N)`` array), or None if there is none.

    Raises
    ------
    FamilyInputError
        For a malformed grid or contradictory givens.
    """
    grid = _as_grid(instance)
    _check_givens(grid)
    found = _search(grid, 1)
    return found[0] if found else None


def count_solutions(instance, limit=2):
    """Return the number of solutions, counting no further than ``limit``."""
    grid = _as_grid(instance)
    _check_givens(grid)
    return len(_search(grid, limit))


def generate(n, rng=None, givens=None):
    """Return an ``n``×``n`` puzzle with a unique solution and ``givens`` givens.

    A random full grid is emptied cell by cell in random order, keeping each removal
    that leaves the solution unique, until ``givens`` remain; if the order gets stuck
    above ``givens``, another order is tried (up to 20).

    Parameters
    ----------
    n : int
        The side: 4, 9 or 16.
    rng : None, int or numpy.random.Generator
    givens : int or None
        How many givens to keep (default: n²/3 rounded up, and 24 for 9×9).

    Raises
    ------
    FamilyInputError
        For a side other than 4, 9, 16, a ``givens`` outside 0..n², or when no unique
        puzzle with that few givens was found.
    """
    if n not in SIDES:
        raise FamilyInputError(f"side n={n} must be one of {SIDES}")
    cells = n * n
    if givens is None:
        givens = 24 if n == 9 else -(-cells // 3) if n == 4 else 150
    if not 0 <= givens <= cells:
        raise FamilyInputError(f"givens={givens} must lie in 0..{cells}")
    rng = np.random.default_rng(rng)
    solution = _search(np.zeros((n, n), dtype=np.int64), 1, rng)[0]
    for _ in range(20):
        puzzle = solution.copy()
        kept = cells
        for i in rng.permutation(cells):
            if kept == givens:
                return puzzle
            r, c = divmod(int(i), n)
            value = puzzle[r, c]
            puzzle[r, c] = 0
            if len(_search(puzzle, 2)) == 1:
                kept -= 1
            else:
                puzzle[r, c] = value
        if kept == givens:
            return puzzle
    raise FamilyInputError(f"found no {n}×{n} puzzle with a unique solution and only "
                           f"{givens} givens; ask for more givens")


def verify(instance, answer):
    """Return True if ``answer`` completes ``instance`` correctly (None: the puzzle has no solution).

    ``answer`` is a grid or its text (as :func:`to_text` writes it).

    Examples
    --------
    >>> verify(parse("1..4..1..1..4..1"), parse("1234341221434321"))
    True
    """
    grid = _as_grid(instance)
    if answer is None:
        return solve(grid) is None
    if isinstance(answer, str):
        try:
            answer = parse(answer)
        except FamilyInputError:
            return False
    answer = np.asarray(answer)
    if answer.shape != grid.shape:
        return False
    side = grid.shape[0]
    box = _box(side)
    if np.any((grid > 0) & (answer != grid)):
        return False
    want = set(range(1, side + 1))
    units = [answer[r, :] for r in range(side)] + [answer[:, c] for c in range(side)]
    units += [answer[r:r + box, c:c + box].ravel()
              for r in range(0, side, box) for c in range(0, side, box)]
    return all(set(unit.tolist()) == want for unit in units)


CASES = (
    (4, parse("1..4" "..1." ".1.." "4..1"), parse("1234" "3412" "2143" "4321")),
    (9, parse(HARD_PUZZLES[0]), None),
)
"""Canonical cases (n, puzzle, solution or None to compute), shared by tests and the checker."""
