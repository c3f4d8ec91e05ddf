"""The MRV decision: grids are valid, decisions never conflict, a dead end halts."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from proofs.oracles import sudoku_decision as oracle
from simulators.run import run


def conflicts(board, n):
    b = oracle.box_side(n)
    units = [board[r] for r in range(n)] + [board[:, c] for c in range(n)]
    units += [board[r:r + b, c:c + b].ravel() for r in range(0, n, b) for c in range(0, n, b)]
    return sum(len(u[u > 0]) - len(set(u[u > 0].tolist())) for u in units)


@pytest.mark.parametrize("n", [1, 4, 9, 16])
def test_solved_grids_are_valid(n):
    grid = oracle.solved_grid(n, rng=n)
    assert conflicts(grid, n) == 0 and (np.sort(grid, axis=1) == np.arange(1, n + 1)).all()


@settings(max_examples=20)
@given(st.sampled_from([4, 9]), st.integers(0, 2**16))
def test_decisions_never_create_a_conflict(n, seed):
    result = run(oracle.machine(n), oracle.policy, oracle.prompt(n, seed))
    board = result.final[1:].reshape(n, n).astype(np.int64) - oracle.DIGIT0 + 1
    board[board < 0] = 0
    assert conflicts(board, n) == 0
    assert result.stopped_by in ("no_masks", "halted")


def test_a_dead_end_halts():
    x = np.full(17, oracle.MASK, dtype=np.int32)
    x[0] = 0
    x[1:4] = [oracle.DIGIT0, oracle.DIGIT0 + 1, oracle.DIGIT0 + 2]   # row 0 of a 4×4: 1 2 3 _
    x[1 + 4 * 1 + 3] = oracle.DIGIT0 + 3                             # (1, 3) holds 4
    assert oracle.policy(x) is None  # (0, 3) can hold neither 1-3 (its row) nor 4 (its column)
    x[1 + 4 * 1 + 3] = oracle.MASK
    assert oracle.policy(x)[0].tolist() == [4]  # without the 4, (0, 3) is forced and chosen
