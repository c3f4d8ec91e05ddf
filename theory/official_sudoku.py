"""Plain-Python reference of the official Sudoku solver and trajectory generator (PAPER.md §3.1).

What claim E-sudoku measures the AP-MDM process against (``genpower check``), so it ships
with the package. Written from the rules of ``sudoku_solver.py`` /
``sudoku_generator.py`` of the official code, independently of proofs/oracles/sudoku.py: a solver object with a stack of frames
(start cell, remaining candidates, filled cells, snapshot) and the generator's
bookkeeping (colour grid, its own branch list, which a skull→branch does not extend).
``trajectory(puzzle)`` returns every state and the operation name of each transition.
"""

import math

__all__ = ["tokens", "trajectory", "operation_counts", "OPERATIONS"]

OPERATIONS = ("assign", "branch", "contradiction", "backtrack", "skull_to_normal",
              "skull_to_branch")


def tokens():
    """The official token ids (digits 10-16 and colours past 15 are appended after 31)."""
    return dict(EMPTY=0, MASK=10, WHITE=11, NORMAL=27, SKULL=28, BRANCH=29, SEP=30)


def digit(d):
    """The official token of digit ``d`` (1-9 as themselves, 10-16 after 31)."""
    return d if d <= 9 else d + 22


def trajectory(puzzle, colours=15, official_colour_quirk=True, keep_states=True):
    """Return ``(states, operations, solved_grid_or_None)`` for ``puzzle`` (a list of rows).

    ``states[k] -> states[k + 1]`` is transition k, ``operations[k]`` its name
    (``assign_remask``, ...). With ``official_colour_quirk`` the colour of filled cells
    follows the generator's own branch list (a frame re-pushed by skull→branch is not
    in it); without, it follows the solver's depth (the extended encoding). Without
    ``keep_states`` only the first and the last state are kept (for long runs).
    """
    side = len(puzzle)
    box = math.isqrt(side)
    t = tokens()

    def colour_token(depth):
        if depth == 0:
            return t["WHITE"]
        k = (depth - 1) % colours + 1
        return t["WHITE"] + k if k <= 15 else k + 23

    values = [list(row) for row in puzzle]
    seq = []
    for r in range(side):
        for c in range(side):
            seq += [digit(values[r][c]), t["WHITE"], t["NORMAL"], t["SEP"]]
    states, ops = [list(seq)], []

    def emit(name, changes):
        for pos, tok in changes:
            seq[pos] = tok
        if keep_states or len(states) < 1:
            states.append(list(seq))
        else:
            states[1:] = [list(seq)]
        ops.append(name)

    def at(r, c, k):
        return (r * side + c) * 4 + k

    def candidates(r, c):
        used = set(values[r]) | {values[i][c] for i in range(side)}
        r0, c0 = r - r % box, c - c % box
        used |= {values[i][j] for i in range(r0, r0 + box) for j in range(c0, c0 + box)}
        return [d for d in range(1, side + 1) if d not in used]

    def best_cell():
        best, best_cands = None, None
        for r in range(side):
            for c in range(side):
                if values[r][c] == 0:
                    cands = candidates(r, c)
                    if best is None or len(cands) < len(best_cands):
                        best, best_cands = (r, c), cands
                        if len(cands) <= 1:
                            return best, best_cands
        return best, best_cands

    stack = []            # solver frames: dict(start, remaining, tried, filled, snapshot)
    current = []          # solver's cells filled since the top frame was (re)pushed
    generator_ids = []    # generator's branch list: (id, colour depth)
    skulls = set()

    def generator_colour():
        return colour_token(generator_ids[-1] if official_colour_quirk and generator_ids
                            else (len(stack) if not official_colour_quirk else 0))

    def two_steps(name, cell, first, second):
        (r, c) = cell
        emit(name + "_remask", [(at(r, c, k), tok) for k, tok in first])
        emit(name + "_unmask", [(at(r, c, k), tok) for k, tok in second])

    M = t["MASK"]
    while True:
        cell, cands = best_cell()
        if cell is None:
            return states, ops, values
        r, c = cell
        if not cands:
            if stack:
                stack[-1]["filled"] += current
            if not stack:
                return states, ops, None
            # contradiction: the first empty cell with no candidate
            depth = stack[-1]["id"]
            two_steps("contradiction", cell, [(0, M), (1, M), (2, M)],
                      [(0, t["EMPTY"]), (1, colour_token(depth)), (2, t["SKULL"])])
            frame = stack.pop()
            start = frame["start"]
            cleared = set(frame["filled"]) | set(current)
            ordinary = [p for p in cleared if p != start and p != cell]
            first = [(at(*p, k), M) for p in ordinary + [cell] for k in range(3)]
            first.append((at(*start, 2), M))
            emit("backtrack_remask", first)
            failed = seq[at(*start, 0)]
            second = [(at(*p, k), tok) for p in ordinary + [cell]
                      for k, tok in enumerate((t["EMPTY"], t["WHITE"], t["NORMAL"]))]
            second += [(at(*start, 0), M), (at(*start, 1), M), (at(*start, 2), failed)]
            emit("backtrack_unmask", second)
            generator_ids[:] = [g for g in generator_ids if g != frame["id"]]
            skulls.add(start)
            values[:] = [list(row) for row in frame["snapshot"]]
            value = frame["remaining"].pop(0)
            frame["tried"] = value
            frame["filled"] = []
            current = [start]
            values[start[0]][start[1]] = value
            if frame["remaining"]:
                stack.append(frame)
                colour, marker, name = colour_token(frame["id"]), t["BRANCH"], "skull_to_branch"
                if not official_colour_quirk:
                    generator_ids.append(frame["id"])
            else:
                colour, marker, name = generator_colour(), t["NORMAL"], "skull_to_normal"
            skulls.discard(start)
            sr, sc = start
            emit(name + "_step1", [(at(sr, sc, 0), digit(value)), (at(sr, sc, 1), colour),
                                   (at(sr, sc, 2), M)])
            emit(name + "_step2", [(at(sr, sc, 2), marker)])
            continue
        if len(cands) == 1:
            values[r][c] = cands[0]
            current.append(cell)
            two_steps("assign", cell, [(0, M), (1, M), (2, M)],
                      [(0, digit(cands[0])), (1, generator_colour()), (2, t["NORMAL"])])
        else:
            if stack:
                stack[-1]["filled"] += current
            frame = dict(start=cell, remaining=cands[1:], tried=cands[0], filled=[],
                         snapshot=[list(row) for row in values], id=len(stack) + 1)
            stack.append(frame)
            generator_ids.append(frame["id"])
            values[r][c] = cands[0]
            current = [cell]
            two_steps("branch", cell, [(0, M), (1, M), (2, M)],
                      [(0, digit(cands[0])), (1, colour_token(frame["id"])),
                       (2, t["BRANCH"])])


def operation_counts(ops):
    """Count the six operations (each is two transitions) in a list of transition names."""
    counts = dict.fromkeys(OPERATIONS, 0)
    for name in ops[::2]:
        counts[name.rsplit("_", 1)[0]] += 1
    return counts
