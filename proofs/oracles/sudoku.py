"""Sudoku by the official MRV backtracking process on AP-MDM: 4 tokens per cell, remask then unmask.

The state is the official one (PAPER.md §3.1): cell (r, c) of an N×N grid is the four
tokens at ``(r·N + c)·4``: value, colour, marker, separator. The 9×9 ids are exactly
the official ones (EMPTY 0, digits 1–9, MASK 10, WHITE 11, COLOUR_1..15 12–26, NORMAL
27, SKULL 28, BRANCH 29, SEP 30, EOS 31); 4×4 uses the same ids. Larger grids and more
colours extend the vocabulary in the same pattern by appending after id 31, so that
every official id keeps its meaning: digits 10–16 (16×16) are ids 32–38, and the
extended encoding's colours 16..256 are ids 39–279.

Each operation of the official solver is two transitions (assign, branch,
contradiction, backtrack, skull→normal, skull→branch; rules in PAPER.md §3.1 "Exact
rules"). The policy reads the phase from the board alone:

- one cell fully masked: the remask half of assign / branch / contradiction is done;
  its candidate count (0, 1, ≥ 2) says which, and the unmask follows;
- a SKULL marker: a contradiction was marked; backtrack step 1 remasks every cell of
  the top branch's colour and the marker of the top branch's start (the BRANCH cell
  of that colour);
- fully masked cells and one cell with only its marker masked: backtrack step 2 (the
  masked cells become EMPTY WHITE NORMAL, the failed cell's digit moves to its marker);
- a cell ``MASK MASK d``: the next candidate above d is written (skull step 1), with
  the branch colour if candidates remain above it, else the enclosing branch's colour;
- one cell with only its marker masked: skull step 2 writes BRANCH or NORMAL;
- otherwise the row-major MRV scan picks the next cell (none: solved, the run halts).

The depth of the search is the number of BRANCH markers; colour k marks depth k.

**Encodings.** ``official`` uses the official 15 colours, depth d having colour
((d − 1) mod 15) + 1. Two official behaviours are not a function of the board: past
depth 15 two branches share a colour, and after a skull→branch the official generator
colours later cells with the enclosing branch's colour (its branch list drops the
re-pushed frame); the export reproduces both (:mod:`proofs.oracles.sudoku_writer`). ``extended`` has 256 colours (one per possible depth, so none is
shared) and colours every cell with the depth of the solver's top frame; its
solutions and operation counts equal the official solver's on every puzzle.
``markov_conflicts`` collects state → successor pairs to test the question directly.

**Is the official state Markov?** Up to depth 15 and without a skull→branch, yes, by
construction: ``official_policy`` reads the next transition from the board alone and
its runs equal a plain reference of the official generator state for state (tests).
Past depth 15 the depth-colour rule fails: on the smallest such puzzle found (128
transitions, ``DEEP`` in the tests) the official process first differs from it at
transition 66, the backtrack of frame 18, whose colour COLOR_3 frame 3 also holds; so
``official_policy`` stops (unsolved, with the reason) once the depth passes 15, and at a
skull→branch (before it writes the BRANCH marker), after which the official colours are
not on the board. The export does not stop: :mod:`proofs.oracles.sudoku_writer` keeps the
official solver's state and writes the official samples for every puzzle.
Still no state with two successors was found (``markov_conflicts`` over every tested
trajectory returns none), and there is an argument that none exists without a
skull→branch: the WHITE filled cells are the board of the last moment the search stack
was empty, the solver is deterministic from there, and a depth-first search never
shows the same board twice; so the next transition is a function of the state, but
one that replays the search from the WHITE cells, not a local rule. The extended
encoding makes it local.
"""

import numpy as np

from proofs.tasks import Process, Task
from simulators.jit import njit
from simulators.machines import APMDM
from simulators.policies import halt_edit
from simulators.vocab import Vocab
from theory.errors import FamilyInputError
from theory.families import sudoku

__all__ = ["OPERATIONS", "OFFICIAL_COLOURS", "MAX_COLOURS", "digit_token", "token_digit",
           "colour_token", "vocabulary", "encode",
           "decode", "official_policy", "extended_policy",
           "operation_counts", "markov_conflicts", "TASK"]

OPERATIONS = ("assign", "branch", "contradiction", "backtrack", "skull_to_normal",
              "skull_to_branch")
"""The six operations of the official solver, each two transitions."""

OFFICIAL_COLOURS = 15


MASK, WHITE, NORMAL, SKULL, BRANCH, SEP, EOS = 10, 11, 27, 28, 29, 30, 31
"""The official ids of the structural tokens (the same in both encodings)."""

MAX_COLOURS = 256
"""Colours of the extended encoding: one per possible depth of a 16×16 search."""


@njit(cache=True)
def digit_token(digit):
    """Token id of a digit (0 is EMPTY): 1–9 as themselves, 10–16 as 32–38."""
    return digit if digit <= 9 else digit + 22


@njit(cache=True)
def token_digit(token):
    """The digit a token stands for, 0 for EMPTY and for every non-digit token."""
    if 1 <= token <= 9:
        return token
    if 32 <= token <= 38:
        return token - 22
    return 0


@njit(cache=True)
def colour_token(depth, colours):
    """Colour of search depth ``depth`` with ``colours`` colours (WHITE for depth 0)."""
    if depth == 0:
        return WHITE
    k = (depth - 1) % colours + 1
    return WHITE + k if k <= 15 else k + 23


def _colours(encoding):
    if encoding == "official":
        return OFFICIAL_COLOURS
    if encoding == "extended":
        return MAX_COLOURS
    raise ValueError(f"encoding {encoding!r} is neither 'official' nor 'extended'")


def vocabulary(encoding="official"):
    """Return the :class:`~simulators.vocab.Vocab` of ``encoding`` (any side up to 16).

    Examples
    --------
    >>> v = vocabulary()
    >>> len(v), v.id("[MASK]"), v.id("[BRANCH]"), v.id("16")
    (39, 10, 29, 38)
    """
    names = (["[EMPTY]"] + [str(d) for d in range(1, 10)] + ["[MASK]", "[WHITE]"]
             + [f"[COLOR_{k}]" for k in range(1, 16)]
             + ["[NORMAL]", "[SKULL]", "[BRANCH]", "[SEP]", "[EOS]"]
             + [str(d) for d in range(10, 17)])
    if encoding == "extended":
        names += [f"[COLOR_{k}]" for k in range(16, MAX_COLOURS + 1)]
    else:
        _colours(encoding)
    return Vocab(names)


def encode(puzzle, encoding="official"):
    """Return the initial state: every cell ``value WHITE NORMAL SEP`` (value 0 = EMPTY).

    Examples
    --------
    >>> encode(np.array([[1, 0, 0, 0], [0] * 4, [0] * 4, [0] * 4]))[:8].tolist()
    [1, 11, 27, 30, 0, 11, 27, 30]
    """
    grid = np.asarray(puzzle)
    _colours(encoding)
    state = np.empty((grid.size, 4), dtype=np.int32)
    state[:, 0] = [digit_token(int(d)) for d in grid.ravel()]
    state[:, 1] = WHITE
    state[:, 2] = NORMAL
    state[:, 3] = SEP
    return state.ravel()


def decode(final):
    """Return the grid of digits in a state (0 for EMPTY), or None if a value is masked."""
    final = np.asarray(final)
    side = int(round((final.size // 4) ** 0.5))
    values = final[0::4]
    if np.any(values == MASK):
        return None
    return np.array([token_digit(int(t)) for t in values], dtype=np.int64).reshape(side, side)


# --- the policy -----------------------------------------------------------------------

@njit(cache=True)
def _side_of(length):
    side = 1
    while 4 * side * side < length:
        side += 1
    return side


@njit(cache=True)
def _box_of(side):
    box = 1
    while box * box < side:
        box += 1
    return box


@njit(cache=True)
def _place(rows, cols, boxes, cell, digit, side, box):
    """Mark ``digit`` (1..side) as used in the row, column and box of ``cell``."""
    r = cell // side
    c = cell % side
    bit = np.int64(1) << (digit - 1)
    rows[r] |= bit
    cols[c] |= bit
    boxes[(r // box) * box + c // box] |= bit


@njit(cache=True)
def _used(x, side, box, skip):
    """Bitmasks of the digits placed in each row, column and box (cell ``skip`` left out)."""
    rows = np.zeros(side, np.int64)
    cols = np.zeros(side, np.int64)
    boxes = np.zeros(side, np.int64)
    for i in range(side * side):
        v = token_digit(x[4 * i])
        if i != skip and 1 <= v <= side:
            _place(rows, cols, boxes, i, v, side, box)
    return rows, cols, boxes


@njit(cache=True)
def _free(i, side, box, rows, cols, boxes):
    r = i // side
    c = i % side
    full = (np.int64(1) << side) - 1
    return full & ~(rows[r] | cols[c] | boxes[(r // box) * box + c // box])


@njit(cache=True)
def _popcount(bits):
    count = 0
    while bits:
        bits &= bits - 1
        count += 1
    return count


@njit(cache=True)
def _lowest_above(bits, digit):
    """The smallest digit in ``bits`` greater than ``digit`` (0 if none)."""
    for d in range(digit + 1, 64):
        if bits >> (d - 1) & 1:
            return d
    return 0


@njit(cache=True)
def _edit(count):
    return (np.empty(count, np.int64), np.empty(count, np.int32),
            np.zeros((count, 3), np.uint8))


@njit(cache=True)
def _cell_edit(cell, tokens, remask):
    """One cell's value, colour and marker: ``tokens[k]``, remask bit ``remask[k]``."""
    positions, out, ctrl = _edit(3)
    for k in range(3):
        positions[k] = 4 * cell + k
        out[k] = tokens[k]
        ctrl[k, 0] = remask[k]
    return positions, out, ctrl


@njit(cache=True)
def _policy(x, colours):
    side = _side_of(x.shape[0])
    box = _box_of(side)
    mask, white, normal, skull, branch = MASK, WHITE, NORMAL, SKULL, BRANCH
    cells = side * side
    full_masked = 0
    full_cell = -1
    marker_masked = -1
    digit_marker = -1
    skull_cell = -1
    depth = 0
    rows = np.zeros(side, np.int64)
    cols = np.zeros(side, np.int64)
    boxes = np.zeros(side, np.int64)
    for i in range(cells):
        v = x[4 * i]
        m = x[4 * i + 2]
        if v == mask and m == mask:
            full_masked += 1
            full_cell = i
        elif m == mask:
            marker_masked = i
        elif v == mask:
            digit_marker = i
        if m == skull:
            skull_cell = i
        elif m == branch:
            depth += 1
        d = token_digit(v)
        if d:
            _place(rows, cols, boxes, i, d, side, box)
    if depth > colours:                                 # colours would be shared: stop
        return halt_edit()
    if digit_marker >= 0:                               # skull step 1
        f = digit_marker
        failed = x[4 * f + 2]
        free = _free(f, side, box, rows, cols, boxes)
        value = _lowest_above(free, token_digit(failed))
        more = _lowest_above(free, value) > 0
        colour = colour_token(depth + 1 if more else depth, colours)
        return _cell_edit(f, np.array([digit_token(value), colour, failed]), np.array([0, 0, 1]))
    if marker_masked >= 0 and full_masked > 0:          # backtrack step 2
        positions, out, ctrl = _edit(3 * (full_masked + 1))
        j = 0
        for i in range(cells):
            if x[4 * i] == mask and x[4 * i + 2] == mask:
                for k, token in ((0, 0), (1, white), (2, normal)):
                    positions[j] = 4 * i + k
                    out[j] = token
                    j += 1
            elif i == marker_masked:
                for k in range(3):
                    positions[j] = 4 * i + k
                    out[j] = x[4 * i]
                    ctrl[j, 0] = 1 if k < 2 else 0
                    j += 1
        return positions, out, ctrl
    if marker_masked >= 0:                              # skull step 2
        f = marker_masked
        rows, cols, boxes = _used(x, side, box, f)
        more = _lowest_above(_free(f, side, box, rows, cols, boxes), token_digit(x[4 * f])) > 0
        if more and colours == OFFICIAL_COLOURS:        # skull→branch: the official colours
            return halt_edit()                          # that follow are not on the board
        return _cell_edit(f, np.array([x[4 * f], x[4 * f + 1], branch if more else normal]),
                          np.array([0, 0, 0]))
    if full_masked == 1:                                # unmask half of a two-step operation
        free = _free(full_cell, side, box, rows, cols, boxes)
        count = _popcount(free)
        if count == 0:
            tokens = np.array([0, colour_token(depth, colours), skull])
        elif count == 1:
            tokens = np.array([digit_token(_lowest_above(free, 0)), colour_token(depth, colours),
                               normal])
        else:
            tokens = np.array([digit_token(_lowest_above(free, 0)),
                               colour_token(depth + 1, colours), branch])
        return _cell_edit(full_cell, tokens, np.array([0, 0, 0]))
    if skull_cell >= 0:                                 # backtrack step 1
        colour = colour_token(depth, colours)
        start = -1
        members = 0
        for i in range(cells):
            if x[4 * i + 1] == colour:
                if x[4 * i + 2] == branch:
                    start = i
                members += 1
        positions, out, ctrl = _edit(3 * members)
        j = 0
        for i in range(cells):
            if x[4 * i + 1] != colour:
                continue
            for k in range(3):
                positions[j] = 4 * i + k
                out[j] = x[4 * i + k]
                ctrl[j, 0] = 1 if (i != start or k == 2) else 0
                j += 1
        return positions, out, ctrl
    # a clean board: the MRV scan
    best = -1
    best_count = 1 << 30
    for i in range(cells):
        if x[4 * i] == 0:
            count = _popcount(_free(i, side, box, rows, cols, boxes))
            if count < best_count:
                best = i
                best_count = count
                if count <= 1:
                    break
    if best < 0 or (best_count == 0 and depth == 0):
        return halt_edit()                              # solved, or no solution
    return _cell_edit(best, np.array([x[4 * best], x[4 * best + 1], x[4 * best + 2]]),
                      np.array([1, 1, 1]))


@njit(cache=True)
def official_policy(x):
    """The official process on the official state (15 colours, reused past depth 15)."""
    return _policy(x, 15)


@njit(cache=True)
def extended_policy(x):
    """The same process with one colour per depth (256 colours): a function of the state."""
    return _policy(x, MAX_COLOURS)


# --- reading a run -------------------------------------------------------------

@njit(cache=True)
def _count_operations(x0, colours, max_steps):
    """Run the policy on a private copy (remask/unmask only, as this process is) and
    classify each pair of steps; returns the six counts and the number of transitions."""
    x = x0.copy()
    mask, skull, branch = MASK, SKULL, BRANCH
    counts = np.zeros(6, np.int64)
    steps = 0
    first_multi = False
    first_skull = False
    while steps < max_steps:
        positions, tokens, ctrl = _policy(x, colours)
        if positions.shape[0] == 1 and tokens.shape[0] == 0:
            break
        if steps % 2 == 0:
            first_multi = positions.shape[0] > 3
            first_skull = ctrl[0, 0] == 0
        else:
            marker = tokens[2]
            if first_multi:
                counts[3] += 1
            elif first_skull:
                counts[5 if marker == branch else 4] += 1
            elif marker == skull:
                counts[2] += 1
            elif marker == branch:
                counts[1] += 1
            else:
                counts[0] += 1
        for j in range(positions.shape[0]):
            p = positions[j]
            if ctrl[j, 0]:
                x[p] = mask
            elif x[p] == mask:
                x[p] = tokens[j]
        steps += 1
    return counts, steps


def operation_counts(puzzle, encoding="official", max_steps=10**9):
    """Count the six operations of the process on ``puzzle`` (two transitions each).

    The first step of a pair that lists more than one cell is a backtrack; one that
    keeps the value and remasks only the marker is a skull step; otherwise the marker
    the second step writes (SKULL, BRANCH, NORMAL) names a contradiction, branch or
    assign.

    Returns
    -------
    (dict, int)
        The counts by operation name, and the number of transitions.
    """
    grid = np.asarray(puzzle)
    counts, steps = _count_operations(encode(grid, encoding), _colours(encoding),
                                      max_steps)
    return dict(zip(OPERATIONS, counts.tolist())), int(steps)


def markov_conflicts(trajectories):
    """Return the states that occur with two different successors across ``trajectories``.

    Parameters
    ----------
    trajectories : iterable of sequences of states
        Each a list of int arrays ``x_0, x_1, ...``.

    Returns
    -------
    list of (state, successor_a, successor_b)
        Empty when every state has one successor: then a stateless policy can exist.
    """
    seen = {}
    conflicts = []
    for states in trajectories:
        for before, after in zip(states, states[1:]):
            key = np.asarray(before, dtype=np.int32).tobytes()
            value = np.asarray(after, dtype=np.int32).tobytes()
            first = seen.setdefault(key, value)
            if first != value:
                conflicts.append((np.frombuffer(key, np.int32), np.frombuffer(first, np.int32),
                                  np.frombuffer(value, np.int32)))
    return conflicts


# --- the task -------------------------------------------------------------------------

def _answer(final):
    grid = decode(final)
    return None if grid is None or np.any(grid == 0) else sudoku.to_text(grid)


def _details(encoding):
    def details(result, puzzle):
        grid = decode(result.final)
        solved = grid is not None and not np.any(grid == 0)
        operations, transitions = operation_counts(puzzle, encoding, result.resources.steps)
        record = {"encoding": encoding, "solved": bool(solved),
                  "solution": sudoku.to_text(grid) if solved else None,
                  "transitions": int(result.resources.steps), "operations": operations}
        final = np.asarray(result.final)
        depth = int(np.count_nonzero(final[2::4] == BRANCH))
        waiting = np.flatnonzero((final[2::4] == MASK) & (final[0::4] != MASK))
        if not solved and result.stopped_by == "halted" and waiting.size:
            side = int(round((final.size // 4) ** 0.5))
            r, c = divmod(int(waiting[0]), side)
            record["reason"] = (f"a skull→branch at row {r + 1}, column {c + 1}: after it the "
                                "official generator colours the cells filled at this depth "
                                "with the enclosing branch's colour, which the board does not "
                                "show; genpower export sudoku writes the official samples, "
                                "or run it with --encoding extended")
        elif not solved and result.stopped_by == "halted" and depth > _colours(encoding):
            record["reason"] = (f"the search went {depth} branches deep, past the "
                                f"{_colours(encoding)} colours of the {encoding} encoding; "
                                "run it with --encoding extended")
        elif not solved and result.stopped_by == "halted":
            record["reason"] = ("no solution: the search exhausted every branch"
                                if operations["branch"] or operations["contradiction"]
                                else "no solution: an empty cell has no candidate")
        return record
    return details


def _process(encoding):
    policy = official_policy if encoding == "official" else extended_policy
    return Process(lambda: APMDM(vocabulary(encoding)), lambda puzzle: encode(puzzle, encoding),
                   policy, _answer, steps_bound=lambda n: 10**9,
                   context_bound=lambda n: 4 * n * n, details=_details(encoding))


TASK = Task(
    name="sudoku",
    summary="Sudoku by the official MRV backtracking process (4 tokens per cell) on AP-MDM",
    family=sudoku,
    processes={"extended": _process("extended"), "official": _process("official")},
    size=lambda puzzle: int(np.asarray(puzzle).shape[0]),
)
"""Sudoku: the process names are the encodings (``--encoding`` or ``--machine``)."""
