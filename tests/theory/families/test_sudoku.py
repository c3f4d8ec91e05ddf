"""Sudoku family: readers refuse what is malformed, the generator's puzzles are unique, verify can say no."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from theory.errors import FamilyInputError
from theory.families import sudoku


@pytest.mark.parametrize("text, message", [
    ("1" * 17, "16, 81 or 256 cells"),
    ("12x4" + "." * 12, "'X' at cell 2"),
    ("5" + "." * 15, "'5' at cell 0"),
    ("11" + "." * 14, "contradictory givens"),
    ("1..." "...." "1..." "....", "contradictory givens"),
    ("1..." ".1.." "...." "....", "contradictory givens"),
])
def test_parse_refuses_malformed_puzzles(text, message):
    with pytest.raises(FamilyInputError, match=message):
        sudoku.parse(text)


def test_parse_reads_dots_zeros_and_letters():
    assert sudoku.parse("1.0. .... .... ....")[0].tolist() == [1, 0, 0, 0]
    grid = sudoku.parse("G" + "." * 255)
    assert grid[0, 0] == 16


@given(seed=st.integers(0, 2**32 - 1), side=st.sampled_from([4, 9]))
@settings(max_examples=10, deadline=None)
def test_generated_puzzles_have_one_solution_and_the_asked_givens(seed, side):
    givens = 6 if side == 4 else 28
    puzzle = sudoku.generate(side, seed, givens=givens)
    assert int((puzzle > 0).sum()) == givens
    assert sudoku.count_solutions(puzzle) == 1
    assert sudoku.parse(sudoku.to_text(puzzle)).tolist() == puzzle.tolist()


def test_generate_refuses_impossible_requests():
    with pytest.raises(FamilyInputError, match="side"):
        sudoku.generate(5, 0)
    with pytest.raises(FamilyInputError, match="givens"):
        sudoku.generate(4, 0, givens=17)
    with pytest.raises(FamilyInputError, match="unique"):
        sudoku.generate(4, 0, givens=1)


@pytest.mark.parametrize("text", sudoku.HARD_PUZZLES)
def test_hard_puzzles_have_one_solution_that_verifies(text):
    puzzle = sudoku.parse(text)
    assert sudoku.count_solutions(puzzle) == 1
    assert sudoku.verify(puzzle, sudoku.solve(puzzle))


def test_verify_rejects_a_broken_solution_and_a_wrong_none():
    puzzle = sudoku.parse(sudoku.HARD_PUZZLES[0])
    solution = sudoku.solve(puzzle)
    broken = solution.copy()
    broken[0, 1], broken[0, 2] = broken[0, 2], broken[0, 1]   # still a permutation per row
    assert not sudoku.verify(puzzle, broken)
    assert not sudoku.verify(puzzle, None)
    assert not sudoku.verify(puzzle, "not a grid")
    unsolvable = sudoku.parse("123....4........")
    assert sudoku.solve(unsolvable) is None and sudoku.verify(unsolvable, None)


def _official_row(puzzle, solution):
    quads = [(r, c, int(solution[r, c]), 0 if puzzle[r, c] else 1)
             for r in range(9) for c in range(9)]
    return np.array([int((puzzle > 0).sum())] + [v for q in quads for v in q])


def test_official_rows_keep_the_givens_only():
    puzzle = sudoku.parse(sudoku.HARD_PUZZLES[1])
    row = _official_row(puzzle, sudoku.solve(puzzle))
    assert row.shape == (325,)
    (read,) = sudoku.read_official_rows(row[None, :])
    assert read.tolist() == puzzle.tolist()
    lying = row.copy()
    lying[0] += 1
    with pytest.raises(FamilyInputError, match="says"):
        sudoku.read_official_rows(lying[None, :])
    with pytest.raises(FamilyInputError, match="325"):
        sudoku.read_official_rows(row[None, :-1])
