"""The stateful writer follows the official solver: it equals the stateless policies where they can follow, and the reference where they cannot."""

import json

import numpy as np
import pytest

from proofs.oracles import sudoku as oracle
from proofs.oracles import sudoku_writer
from simulators.machines import APMDM
from simulators.run import run
from simulators.trace import step_sample
from theory.official_sudoku import trajectory
from theory.errors import FamilyInputError
from theory.families import sudoku

DEEP = "2...............1..8.......895.4...6.3....1..........4...4857.9.....7..17..9....8"
SKULL_TO_BRANCH = "48.3............71.2.......7.5....6....2..8...6.7.......1.76...3.....4......5...."
DEEP_AND_SKULL = ".9....7.44...6.....5............8..998........17.49...7..............32.........."


def states(puzzle, encoding):
    """Every state of the writer's run, each successor made by g."""
    x = oracle.encode(puzzle, encoding)
    out = [x]
    for _, _, _, edit in sudoku_writer.transitions(puzzle, encoding):
        x = step_sample(x, edit, oracle.MASK)["x_k_plus_1"]
        out.append(x)
    return out


def policy_states(puzzle, encoding):
    policy = oracle.official_policy if encoding == "official" else oracle.extended_policy
    result = run(APMDM(oracle.vocabulary(encoding)), policy, oracle.encode(puzzle, encoding),
                 record=True, max_steps=10**7, check_stateless=False)
    return list(result.trace.iter_states())


@pytest.mark.parametrize("puzzle", [sudoku.generate(9, seed, givens=24) for seed in range(3)]
                         + [sudoku.generate(4, 1, givens=5), sudoku.generate(16, 0, givens=160),
                            sudoku.parse(sudoku.HARD_PUZZLES[0])])
def test_writer_equals_the_stateless_official_policy_where_it_can_follow(puzzle):
    ours, theirs = states(puzzle, "official"), policy_states(puzzle, "official")
    assert len(ours) == len(theirs) > 1
    assert all(np.array_equal(a, b) for a, b in zip(ours, theirs))


@pytest.mark.parametrize("text", [DEEP, SKULL_TO_BRANCH, DEEP_AND_SKULL])
def test_writer_equals_the_stateless_extended_policy_on_every_search(text):
    puzzle = sudoku.parse(text)
    ours, theirs = states(puzzle, "extended"), policy_states(puzzle, "extended")
    assert len(ours) == len(theirs) and all(np.array_equal(a, b) for a, b in zip(ours, theirs))


@pytest.mark.parametrize("text", [DEEP, SKULL_TO_BRANCH, DEEP_AND_SKULL])
def test_writer_equals_the_reference_with_the_colour_quirk(text):
    puzzle = sudoku.parse(text)
    expected, names, _ = trajectory(puzzle.tolist())
    ours = states(puzzle, "official")
    assert len(ours) == len(expected)
    assert all(np.array_equal(a, b) for a, b in zip(ours, expected))
    mine = [name for name, *_ in sudoku_writer.transitions(puzzle)]
    renamed = {"backtrack_remask": "backtrack_modified_remask",
               "backtrack_unmask": "backtrack_modified_unmask"}
    assert mine == [renamed.get(n, n) for n in names]


def test_the_official_policy_cannot_follow_past_depth_15_and_stops():
    """Control: the stateless policy stops short where the writer goes on (DEEP: 128)."""
    assert len(policy_states(sudoku.parse(DEEP), "official")) - 1 < 128
    assert sum(1 for _ in sudoku_writer.transitions(sudoku.parse(DEEP))) == 128


def test_a_puzzle_without_a_solution_raises_after_the_search():
    puzzle = sudoku.parse(".1.34....3...214")   # consistent givens, no solution
    assert sudoku.solve(puzzle) is None
    with pytest.raises(FamilyInputError, match="no solution"):
        list(sudoku_writer.transitions(puzzle))


def test_branch_ids_are_the_depth_and_skull_to_normal_carries_zero():
    for name, gdlm, branch_id, _ in sudoku_writer.transitions(sudoku.parse(SKULL_TO_BRANCH)):
        if name.startswith(("assign", "skull_to_normal")):
            assert branch_id == 0
        else:
            assert branch_id >= 1
        assert gdlm == ("unmask" if name.endswith(("unmask", "step2")) and
                        not name.startswith("backtrack") else "remask")


def test_the_official_policy_stops_at_a_skull_to_branch_and_says_why(capsys):
    """run --encoding official cannot follow the colour quirk: it stops before writing the
    BRANCH marker, with the reason, instead of going on with colours the data lacks."""
    from genpower.cli import main

    last = policy_states(sudoku.parse(SKULL_TO_BRANCH), "official")[-1]
    waiting = (last[2::4] == oracle.MASK) & (last[0::4] != oracle.MASK)
    assert waiting.sum() == 1
    assert main(["run", "sudoku", SKULL_TO_BRANCH, "--encoding", "official", "--json"]) == 1
    record = json.loads(capsys.readouterr().out)
    assert record["reason"].startswith("a skull→branch at row 1, column 3")
