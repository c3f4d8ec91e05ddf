"""Sudoku process: the policy's run equals a plain reference of the official rules, state for state."""

import numpy as np
import pytest

from proofs.oracles import sudoku as oracle
from proofs.tasks import run_task
from simulators.machines import APMDM
from simulators.run import run
from simulators.testing.laws import LawViolation, check_run, check_stateless
from theory.official_sudoku import operation_counts as reference_counts
from theory.official_sudoku import trajectory
from theory.families import sudoku

DEEP = "2...............1..8.......895.4...6.3....1..........4...4857.9.....7..17..9....8"
"""The smallest puzzle found (128 transitions) whose search goes past depth 15: frames
3 and 18 share COLOR_3, and the official process first differs from the depth-colour
rule at transition 66, the backtrack of frame 18."""


def _puzzles():
    pool = [sudoku.generate(4, seed, givens=6) for seed in range(12)]
    pool += [sudoku.generate(9, seed, givens=26) for seed in range(6)]
    pool += [sudoku.parse(sudoku.HARD_PUZZLES[0]), sudoku.generate(16, 0, givens=160)]
    return pool


PUZZLES = _puzzles()


def _run(puzzle, encoding):
    policy = oracle.official_policy if encoding == "official" else oracle.extended_policy
    return run(APMDM(oracle.vocabulary(encoding)), policy, oracle.encode(puzzle, encoding),
               record=True, max_steps=10**6)


def _reference(puzzle, encoding):
    if encoding == "official":
        return trajectory(puzzle.tolist())
    return trajectory(puzzle.tolist(), colours=oracle.MAX_COLOURS, official_colour_quirk=False)


def _first_difference(states_a, states_b):
    for k, (a, b) in enumerate(zip(states_a, states_b)):
        if not np.array_equal(a, b):
            return k
    return None if len(states_a) == len(states_b) else min(len(states_a), len(states_b))


def test_official_token_ids():
    vocab = oracle.vocabulary()
    names = ["[EMPTY]"] + [str(d) for d in range(1, 10)] + ["[MASK]", "[WHITE]"]
    names += [f"[COLOR_{k}]" for k in range(1, 16)]
    names += ["[NORMAL]", "[SKULL]", "[BRANCH]", "[SEP]", "[EOS]"]
    assert [vocab.id(name) for name in names] == list(range(32))
    assert oracle.vocabulary("extended").id("[COLOR_15]") == 26


@pytest.mark.parametrize("encoding", ["official", "extended"])
@pytest.mark.parametrize("index", range(len(PUZZLES)))
def test_run_equals_the_reference_state_for_state(index, encoding):
    puzzle = PUZZLES[index]
    states, operations, solution = _reference(puzzle, encoding)
    result = _run(puzzle, encoding)
    check_run(result)
    assert _first_difference(list(result.trace.iter_states()), states) is None
    assert sudoku.verify(puzzle, oracle.decode(result.final))
    counts, transitions = oracle.operation_counts(puzzle, encoding)
    assert counts == reference_counts(operations)
    assert transitions == len(operations) == result.resources.steps


def test_a_corrupted_reference_is_told_apart():
    """Negative control: the comparison sees a one-token change and a wrong colour rule."""
    puzzle = PUZZLES[-2]
    states, _, _ = _reference(puzzle, "official")
    mine = list(_run(puzzle, "official").trace.iter_states())
    states[40] = states[40].copy() if isinstance(states[40], np.ndarray) else list(states[40])
    states[40][1] = 12 if states[40][1] != 12 else 13
    assert _first_difference(mine, states) == 40
    other, _, _ = trajectory(puzzle.tolist(), colours=2)
    assert _first_difference(mine, other) is not None


def test_operation_identities_hold():
    counts, transitions = oracle.operation_counts(sudoku.parse(sudoku.HARD_PUZZLES[1]))
    assert counts["contradiction"] == counts["backtrack"]
    assert counts["backtrack"] == counts["skull_to_normal"] + counts["skull_to_branch"]
    assert transitions == 2 * sum(counts.values()) > 30_000


def test_past_depth_15_only_the_extended_encoding_follows_the_official_solver():
    puzzle = sudoku.parse(DEEP)
    official, operations, _ = _reference(puzzle, "official")
    assert operations[66] == "backtrack_remask"
    depths = [int(np.count_nonzero(np.asarray(state)[2::4] == oracle.BRANCH)) for state in official]
    stopped = _run(puzzle, "official")
    mine = list(stopped.trace.iter_states())
    assert stopped.stopped_by == "halted" and len(mine) == depths.index(16) + 1 < 67
    assert _first_difference(mine, official[:len(mine)]) is None
    outcome = run_task("sudoku", puzzle, "official")
    assert outcome.correct is False and "past the 15 colours" in outcome.details["reason"]
    extended, ext_operations, _ = _reference(puzzle, "extended")
    assert _first_difference(list(_run(puzzle, "extended").trace.iter_states()), extended) is None
    assert oracle.operation_counts(puzzle, "extended")[0] == reference_counts(operations)
    assert reference_counts(ext_operations) == reference_counts(operations)


def test_no_official_state_has_two_successors():
    trajectories = [_reference(p, "official")[0] for p in PUZZLES[:-1]]
    trajectories.append(_reference(sudoku.parse(DEEP), "official")[0])
    assert oracle.markov_conflicts(trajectories) == []


def test_markov_check_finds_a_planted_conflict():
    """Negative control: one state followed by two different states is reported."""
    states, _, _ = _reference(PUZZLES[0], "official")
    forked = list(states[:3]) + [states[5]]
    conflicts = oracle.markov_conflicts([states, forked])
    assert len(conflicts) == 1
    assert np.array_equal(conflicts[0][0], states[2])


@pytest.mark.parametrize("policy", [oracle.official_policy, oracle.extended_policy])
def test_policies_are_stateless(policy):
    result = run(APMDM(oracle.vocabulary()), policy, oracle.encode(PUZZLES[12]), record=True)
    check_stateless(policy, list(result.trace.iter_states())[:300])


def test_stateless_check_catches_a_policy_with_a_counter():
    calls = []

    def counting(x):
        calls.append(1)
        return oracle.official_policy(x) if len(calls) % 2 else None

    with pytest.raises(LawViolation):
        check_stateless(counting, [oracle.encode(PUZZLES[0])] * 3)


def test_unsolvable_puzzle_ends_unsolved_with_a_reason():
    outcome = run_task("sudoku", sudoku.parse("123....4........"))
    assert outcome.correct is True and outcome.answer is None
    assert outcome.details["solved"] is False and "no solution" in outcome.details["reason"]


def test_exhausted_search_is_reported_unsolvable():
    puzzle = sudoku.parse("...3.2......3..2")        # no solution, found only after a backtrack
    outcome = run_task("sudoku", puzzle)
    assert outcome.correct is True and outcome.answer is None
    assert outcome.details["operations"]["backtrack"] == 1
    assert outcome.details["reason"] == "no solution: the search exhausted every branch"
    states, operations, solution = trajectory(puzzle.tolist())
    assert solution is None and len(operations) == outcome.details["transitions"] == 16


@pytest.mark.parametrize("text", sudoku.HARD_PUZZLES[2:])
def test_long_searches_count_like_the_reference(text):
    puzzle = sudoku.parse(text)
    _, operations, solution = trajectory(puzzle.tolist(), keep_states=False)
    counts, transitions = oracle.operation_counts(puzzle, "extended")
    assert transitions == len(operations) > 80_000
    assert counts == reference_counts(operations)
    outcome = run_task("sudoku", puzzle, "extended")
    assert outcome.correct and outcome.details["transitions"] == transitions
    assert outcome.answer == sudoku.to_text(np.array(solution))
