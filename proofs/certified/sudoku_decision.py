"""One Sudoku MRV decision as a depth-2 program whose width grows with the board side N.

Layer 1: for each digit d, three heads (same row, same column, same box) ask whether a
peer holds d, so every cell knows its candidates and how many there are. Layer 2: one
head over the empty cells takes the smallest ``count · (N² + 1) + position``, which is
the MRV cell and its count; that cell writes its smallest candidate. Depth stays 2, but
a cell's candidate set is N bits, so the program is built per N with 3N heads and
about 5N streams: width O(N) = O(√cells). (A log-precision embedding cannot hold N
bits per position, which is why the experiment spends several tokens per cell.)
"""

from proofs.oracles import sudoku_decision as oracle
from proofs.certified import CertifiedPolicy
from simulators import rasp
from simulators.validation import check_memory

__all__ = ["sudoku_decision_program", "SUDOKU_DECISION"]

T, I = rasp.TOKENS, rasp.INDICES
_BYTES_PER_DIGIT = 4096  # measured: about 2.5 kB of graph per digit


def _unit(n, b, which):
    """The row, column or box of a cell position (-1 for BOS)."""
    def unit(p):
        if p == 0:
            return -1
        r, c = divmod(p - 1, n)
        return (r, c, (r // b) * b + c // b)[which]
    return unit


def sudoku_decision_program(n):
    """Return the step of :func:`proofs.oracles.sudoku_decision.policy` for an n×n board.

    Raises
    ------
    InvalidArgumentError
        If ``n`` is not a positive square.
    MemoryBudgetError
        If the graph (about 4 kB per digit) would not fit in the memory budget.

    Examples
    --------
    >>> program = sudoku_decision_program(4)
    >>> program.depth, program.heads
    (2, 13)
    """
    b = oracle.box_side(n)
    check_memory(_BYTES_PER_DIGIT * n, f"a Sudoku decision program for N = {n:,} ({3 * n:,} heads)")
    units = [rasp.map(_unit(n, b, k), I, label=name)
             for k, name in enumerate(("row", "col", "box"))]
    peers = [rasp.select(unit, unit, "==") for unit in units]
    present = []
    for d in range(1, n + 1):
        holds_d = rasp.map(lambda t, d=d: t == oracle.DIGIT0 + d - 1, T, label=f"is {d}")
        seen = [rasp.aggregate(peer, holds_d, "max", label=f"{d} in {unit.label}")
                for peer, unit in zip(peers, units)]
        present.append(rasp.seq_map(max, *seen, label=f"{d} taken"))
    count = rasp.seq_map(lambda *taken: n - sum(taken), *present, label="candidates")
    smallest = rasp.seq_map(lambda *taken: next((d for d, t in enumerate(taken, 1) if not t), 0),
                            *present, label="smallest candidate")
    scale = n * n + 1
    is_empty = rasp.map(lambda t: t == oracle.MASK, T, label="empty")
    score = rasp.seq_map(lambda c, p: c * scale + p, count, I, label="mrv score")
    best = rasp.aggregate(rasp.select(is_empty, rasp.constant(1), "=="), score, "min",
                          default=-1, label="mrv")
    write = rasp.seq_map(lambda p, s: s >= 0 and p == s % scale, I, best, label="write")
    halt = rasp.map(lambda s: s < 0 or s // scale == 0, best, label="halt")
    token = rasp.map(lambda d: oracle.DIGIT0 + d - 1, smallest, label="token")
    return rasp.Program("mdm", {"write": write, "token": token, "halt": halt},
                        name="sudoku-decision")


SUDOKU_DECISION = CertifiedPolicy(
    "sudoku-decision", "Sudoku N×N, MDM: the MRV cell gets its smallest candidate (n = N, square)",
    sudoku_decision_program, oracle.policy, oracle.machine, oracle.prompt)
"""One MRV decision, certified at depth 2 and O(N) width (``genpower depth sudoku-decision``)."""
