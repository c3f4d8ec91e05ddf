"""Sudoku by the official MRV backtracking process on AP-MDM: 4 tokens per cell, remask then unmask.

The state is the official one (PAPER.md §3.1): cell (r, c) of an N×N grid is the four
tokens at ``(r·N + c)·4``: value, colour, marker, separator. Token ids follow the
official pattern for D = max(9, N) digits and C colours::

    EMPTY 0, digits 1..D, MASK D+1, WHITE D+2, COLOUR_1..C D+3..D+2+C,
    NORMAL D+C+3, SKULL D+C+4, BRANCH D+C+5, SEP D+C+6, EOS D+C+7

so 9×9 with C = 15 is exactly the official vocabulary (MASK 10, WHITE 11, COLOUR 12–26,
NORMAL 27, SKULL 28, BRANCH 29, SEP 30, EOS 31), 4×4 uses the same ids, and 16×16
shifts everything after the digits by 7 (MASK 17, ..., EOS 38).

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
re-pushed frame). ``extended`` has N² colours (one per possible depth, so none is
shared) and colours every cell with the depth of the solver's top frame; its
solutions and operation counts equal the official solver's on every puzzle.
``markov_conflicts`` collects state → successor pairs to test the question directly.
"""

import numpy as np
from numba import njit

from proofs.tasks import Process, Task
from simulators.machines import APMDM
from simulators.policies import halt_edit
from simulators.vocab import Vocab
from theory.families import sudoku

__all__ = ["OPERATIONS", "OFFICIAL_COLOURS", "token_ids", "vocabulary", "encode",
           "decode", "official_policy", "extended_policy",
           "operation_counts", "markov_conflicts", "TASK"]

OPERATIONS = ("assign", "branch", "contradiction", "backtrack", "skull_to_normal",
              "skull_to_branch")
"""The six operations of the official solver, each two transitions."""

OFFICIAL_COLOURS = 15


def token_ids(side, colours):
    """Return the token ids ``{name: id}`` for an N = ``side`` grid with ``colours`` colours.

    Examples
    --------
    >>> ids = token_ids(9, 15)
    >>> ids["MASK"], ids["WHITE"], ids["NORMAL"], ids["SKULL"], ids["BRANCH"], ids["SEP"], ids["EOS"]
    (10, 11, 27, 28, 29, 30, 31)
    """
    top = max(9, side)
    white = top + 2
    return dict(EMPTY=0, MASK=top + 1, WHITE=white, NORMAL=white + colours + 1,
                SKULL=white + colours + 2, BRANCH=white + colours + 3,
                SEP=white + colours + 4, EOS=white + colours + 5)


def _colours(side, encoding):
    if encoding == "official":
        return OFFICIAL_COLOURS
    if encoding == "extended":
        return side * side
    raise ValueError(f"encoding {encoding!r} is neither 'official' nor 'extended'")


def vocabulary(side, encoding="official"):
    """Return the :class:`~simulators.vocab.Vocab` of an N = ``side`` grid in ``encoding``."""
    colours = _colours(side, encoding)
    top = max(9, side)
    names = (["[EMPTY]"] + [str(d) for d in range(1, top + 1)] + ["[MASK]", "[WHITE]"]
             + [f"[COLOR_{k}]" for k in range(1, colours + 1)]
             + ["[NORMAL]", "[SKULL]", "[BRANCH]", "[SEP]", "[EOS]"])
    return Vocab(names)


def encode(puzzle, encoding="official"):
    """Return the initial state: every cell ``value WHITE NORMAL SEP`` (value 0 = EMPTY)."""
    grid = np.asarray(puzzle)
    side = grid.shape[0]
    ids = token_ids(side, _colours(side, encoding))
    state = np.empty((side * side, 4), dtype=np.int32)
    state[:, 0] = grid.ravel()
    state[:, 1] = ids["WHITE"]
    state[:, 2] = ids["NORMAL"]
    state[:, 3] = ids["SEP"]
    return state.ravel()


def decode(final):
    """Return the grid of values in a state (0 for EMPTY), or None if any value is masked."""
    final = np.asarray(final)
    side = int(round((final.size // 4) ** 0.5))
    values = final[0::4].reshape(side, side)
    if np.any(values > side):
        return None
    return values.astype(np.int64)


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
def _used(x, side, box, skip):
    """Bitmasks of the digits placed in each row, column and box (cell ``skip`` left out)."""
    rows = np.zeros(side, np.int64)
    cols = np.zeros(side, np.int64)
    boxes = np.zeros(side, np.int64)
    for i in range(side * side):
        v = x[4 * i]
        if i != skip and 1 <= v <= side:
            r = i // side
            c = i % side
            bit = np.int64(1) << (v - 1)
            rows[r] |= bit
            cols[c] |= bit
            boxes[(r // box) * box + c // box] |= bit
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
def _colour(depth, white, colours):
    if depth == 0:
        return white
    return white + (depth - 1) % colours + 1


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
    top = max(9, side)
    mask = top + 1
    white = top + 2
    normal = white + colours + 1
    skull = normal + 1
    branch = normal + 2
    cells = side * side
    full_masked = 0
    full_cell = -1
    marker_masked = -1
    digit_marker = -1
    skull_cell = -1
    depth = 0
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
    if digit_marker >= 0:                               # skull step 1
        f = digit_marker
        failed = x[4 * f + 2]
        rows, cols, boxes = _used(x, side, box, f)
        free = _free(f, side, box, rows, cols, boxes)
        value = _lowest_above(free, failed)
        more = _lowest_above(free, value) > 0
        colour = _colour(depth + 1 if more else depth, white, colours)
        return _cell_edit(f, np.array([value, colour, failed]), np.array([0, 0, 1]))
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
        more = _lowest_above(_free(f, side, box, rows, cols, boxes), x[4 * f]) > 0
        return _cell_edit(f, np.array([x[4 * f], x[4 * f + 1], branch if more else normal]),
                          np.array([0, 0, 0]))
    if full_masked == 1:                                # unmask half of a two-step operation
        rows, cols, boxes = _used(x, side, box, -1)
        free = _free(full_cell, side, box, rows, cols, boxes)
        count = _popcount(free)
        if count == 0:
            tokens = np.array([0, _colour(depth, white, colours), skull])
        elif count == 1:
            tokens = np.array([_lowest_above(free, 0), _colour(depth, white, colours), normal])
        else:
            tokens = np.array([_lowest_above(free, 0), _colour(depth + 1, white, colours), branch])
        return _cell_edit(full_cell, tokens, np.array([0, 0, 0]))
    if skull_cell >= 0:                                 # backtrack step 1
        colour = _colour(depth, white, colours)
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
    rows, cols, boxes = _used(x, side, box, -1)         # a clean board: the MRV scan
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
    """The same process with one colour per depth (N² colours): a function of the state."""
    return _policy(x, _side_of(x.shape[0]) ** 2)


# --- reading a run -------------------------------------------------------------

def operation_counts(trace, side, encoding="official"):
    """Count the six operations in a recorded run of either policy (two steps each).

    The first step of a pair that lists more than one cell is a backtrack; one whose
    marker is remasked alone is a skull step; otherwise the marker the second step
    writes (SKULL, BRANCH, NORMAL) names a contradiction, branch or assign.
    """
    ids = token_ids(side, _colours(side, encoding))
    counts = dict.fromkeys(OPERATIONS, 0)
    steps = trace.steps
    for k in range(0, len(steps) - 1, 2):
        first, second = steps[k], steps[k + 1]
        marker = int(second[1][2])
        if len(first[0]) > 3:
            counts["backtrack"] += 1
        elif first[2][0, 0] == 0:
            counts["skull_to_branch" if marker == ids["BRANCH"] else "skull_to_normal"] += 1
        else:
            counts[{ids["SKULL"]: "contradiction", ids["BRANCH"]: "branch"}.get(
                marker, "assign")] += 1
    return counts


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
