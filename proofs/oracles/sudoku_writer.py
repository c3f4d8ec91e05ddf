"""The official Sudoku generator's transitions, colour bookkeeping included: a stateful writer for export.

The stateless policies of :mod:`proofs.oracles.sudoku` read the search depth and a
branch's cells from the board's colours; two behaviours of the official generator
(cl-1-koi/AP-MDM, dataset/sudoku/sudoku_generator.py and sudoku_solver.py, commit
822a2fd) are not a function of the board, so this writer keeps the solver's state
instead, as the official code does:

- **depth past 15.** Colours are reused (depth d has COLOR_((d − 1) mod 15 + 1)), so
  a backtrack cannot tell two branches of one colour apart; the solver's stack of
  frames knows which cells a backtrack clears (the cells filled since the frame was
  pushed, whatever their colour).
- **skull→branch.** A backtrack removes the frame from the generator's own branch list
  and a skull→branch (the frame pushed again with its next candidate) does not put it
  back, so the cells filled afterwards at that depth take the colour of the nearest
  frame still in the list (WHITE when none is): the enclosing branch's colour, not
  the depth's. The official generator does this; the writer copies it for the
  ``official`` encoding. The ``extended`` encoding colours by the solver's depth (256
  colours, none shared), as :func:`proofs.oracles.sudoku.extended_policy` does.

Each yielded transition is one sparse AP-MDM edit (remask/unmask only) with the
official operation name, its ``gdlm_operation`` and ``branch_id`` as the official
samples carry them.
"""

import numpy as np

from proofs.oracles import sudoku as oracle
from theory.errors import FamilyInputError

__all__ = ["transitions", "NAMES"]

NAMES = {
    "assign": (("assign_remask", "remask"), ("assign_unmask", "unmask")),
    "branch": (("branch_remask", "remask"), ("branch_unmask", "unmask")),
    "contradiction": (("contradiction_remask", "remask"), ("contradiction_unmask", "unmask")),
    "backtrack": (("backtrack_modified_remask", "remask"),
                  ("backtrack_modified_unmask", "remask")),
    "skull_to_normal": (("skull_to_normal_step1", "remask"), ("skull_to_normal_step2", "unmask")),
    "skull_to_branch": (("skull_to_branch_step1", "remask"), ("skull_to_branch_step2", "unmask")),
}
"""Official (operation, gdlm_operation) names of the two transitions of each operation."""


def _edit(changes):
    """An edit from ``[(position, token or None), ...]``: None remasks, a token unmasks."""
    changes = sorted(changes)
    positions = np.array([p for p, _ in changes], np.int64)
    tokens = np.array([0 if t is None else t for _, t in changes], np.int32)
    ctrl = np.zeros((len(changes), 3), np.uint8)
    ctrl[:, 0] = [t is None for _, t in changes]
    return positions, tokens, ctrl


class _Frame:
    __slots__ = ("start", "remaining", "branch_id", "snapshot")

    def __init__(self, start, remaining, branch_id, snapshot):
        self.start, self.remaining = start, remaining
        self.branch_id, self.snapshot = branch_id, snapshot


def transitions(puzzle, encoding="official"):
    """Yield ``(operation, gdlm_operation, branch_id, edit)`` for each transition on ``puzzle``.

    The search is the official solver's: the first empty cell in row-major order with
    at most one candidate, else the first with the fewest; one candidate is assigned;
    more open a branch on the smallest (branch_id = the new depth); none is a
    contradiction (marked at that cell), then the top frame backtracks to its next
    candidate (skull→branch if more remain after it, else skull→normal). ``edit`` is
    ``(positions, tokens, ctrl)`` as a policy returns it.

    Parameters
    ----------
    puzzle : array_like
        An N×N grid (N = 4, 9 or 16), 0 for empty.
    encoding : {"official", "extended"}
        ``official``: 15 colours reused past depth 15, and the generator's colour quirk
        after a skull→branch. ``extended``: one colour per depth.

    Raises
    ------
    FamilyInputError
        When the search ends without a solution (the official generator raises then
        and writes nothing for the puzzle); it is raised after the last transition.
    """
    grid = np.asarray(puzzle)
    colours = oracle.OFFICIAL_COLOURS if encoding == "official" else oracle.MAX_COLOURS
    oracle.vocabulary(encoding)  # refuses an unknown encoding
    quirk = encoding == "official"
    side = grid.shape[0]
    box = int(round(side ** 0.5))
    cells = side * side
    full = (1 << side) - 1
    where = [(i // side, side + i % side, 2 * side + (i // side) // box * box + (i % side) // box)
             for i in range(cells)]
    values = [int(v) for v in grid.ravel()]
    used = [0] * (3 * side)
    for i, v in enumerate(values):
        if v:
            for unit in where[i]:
                used[unit] |= 1 << (v - 1)
    digit = [int(oracle.digit_token(d)) for d in range(side + 1)]
    colour = [int(oracle.colour_token(d, colours)) for d in range(cells + 1)]
    WHITE, NORMAL, SKULL, BRANCH = oracle.WHITE, oracle.NORMAL, oracle.SKULL, oracle.BRANCH
    stack = []       # the solver's frames
    listed = []      # the generator's branch list: the branch_ids it colours by

    def free(i):
        a, b, c = where[i]
        return full & ~(used[a] | used[b] | used[c])

    def fill(i, d):
        values[i] = d
        for unit in where[i]:
            used[unit] |= 1 << (d - 1)

    def fill_colour():
        return colour[(listed[-1] if listed else 0) if quirk else len(stack)]

    def pair(kind, branch_id, first, second):
        (name1, gdlm1), (name2, gdlm2) = NAMES[kind]
        yield name1, gdlm1, branch_id, _edit(first)
        yield name2, gdlm2, branch_id, _edit(second)

    def whole(i, tokens):
        return [(4 * i + k, t) for k, t in enumerate(tokens)]

    while True:
        best, best_free, best_count = -1, 0, side + 1
        for i in range(cells):
            if values[i] == 0:
                bits = free(i)
                count = bits.bit_count()
                if count < best_count:
                    best, best_free, best_count = i, bits, count
                    if count <= 1:
                        break
        if best < 0:
            return
        if best_count == 1:
            d = best_free.bit_length()
            fill(best, d)
            yield from pair("assign", 0, whole(best, (None,) * 3),
                            whole(best, (digit[d], fill_colour(), NORMAL)))
            continue
        if best_count > 1:
            d = (best_free & -best_free).bit_length()
            frame = _Frame(best, [], len(stack) + 1, values.copy())
            frame.remaining = [k + 1 for k in range(d, side) if best_free >> k & 1]
            stack.append(frame)
            listed.append(frame.branch_id)
            fill(best, d)
            yield from pair("branch", frame.branch_id, whole(best, (None,) * 3),
                            whole(best, (digit[d], colour[frame.branch_id], BRANCH)))
            continue
        if not stack:
            raise FamilyInputError("the puzzle has no solution: the search exhausted every "
                                   "branch (the official generator writes no samples for it)")
        top = stack[-1]
        yield from pair("contradiction", top.branch_id, whole(best, (None,) * 3),
                        whole(best, (0, colour[top.branch_id], SKULL)))
        stack.pop()
        start, snapshot = top.start, top.snapshot
        ordinary = [i for i in range(cells) if values[i] and not snapshot[i] and i != start]
        cleared = ordinary + [best]
        first = [(4 * start + 2, None)]
        second = [(4 * start, None), (4 * start + 1, None), (4 * start + 2, digit[values[start]])]
        for i in cleared:
            first += whole(i, (None,) * 3)
            second += whole(i, (0, WHITE, NORMAL))
        yield from pair("backtrack", top.branch_id, first, second)
        listed[:] = [b for b in listed if b != top.branch_id]
        values[:] = snapshot
        used[:] = [0] * (3 * side)
        for i, v in enumerate(values):
            if v:
                for unit in where[i]:
                    used[unit] |= 1 << (v - 1)
        d = top.remaining.pop(0)
        fill(start, d)
        if top.remaining:
            stack.append(top)
            kind, branch_id, shade, marker = ("skull_to_branch", top.branch_id,
                                              colour[top.branch_id], BRANCH)
        else:
            kind, branch_id, shade, marker = "skull_to_normal", 0, fill_colour(), NORMAL
        yield from pair(kind, branch_id,
                        [(4 * start, digit[d]), (4 * start + 1, shade), (4 * start + 2, None)],
                        [(4 * start + 2, marker)])
