"""The Sudoku decision program equals the MRV oracle on generated boards, consistent or not."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from proofs.oracles import sudoku_decision as oracle
from proofs.certified import steps_agree
from proofs.certified.sudoku_decision import sudoku_decision_program
from simulators.errors import InvalidArgumentError

PROGRAMS = {n: sudoku_decision_program(n) for n in (1, 4, 9)}


@settings(max_examples=60)
@given(st.sampled_from([1, 4, 9]), st.data())
def test_program_equals_the_oracle_on_any_board(n, data):
    digit = st.one_of(st.just(oracle.MASK), st.integers(oracle.DIGIT0, oracle.DIGIT0 + n - 1))
    cells = data.draw(st.lists(digit, min_size=n * n, max_size=n * n))
    x = np.array([0] + cells, dtype=np.int32)
    assert steps_agree(oracle.machine(n), oracle.policy(x), PROGRAMS[n](x), x)


@pytest.mark.parametrize("n", [0, 2, 8, -4])
def test_a_side_that_is_not_a_square_is_refused(n):
    with pytest.raises(InvalidArgumentError, match="square"):
        sudoku_decision_program(n)


def test_a_board_whose_program_would_not_fit_in_memory_is_refused_before_building():
    from simulators.errors import MemoryBudgetError
    from simulators.validation import set_memory_budget
    set_memory_budget(1 << 20)
    with pytest.raises(MemoryBudgetError, match="N = 1,024"):
        sudoku_decision_program(1024)
