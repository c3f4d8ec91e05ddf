"""First difference of two runs: the first step whose states differ, and where."""

import numpy as np
import pytest

from genpower.show import Difference, first_difference, from_trace
from genpower.show.trajectory import INSERT, Trajectory

from .runs import CASES, naive_first_difference, oracle_and_model, trajectory


def test_oracle_and_faulty_model_first_differ_where_their_states_do():
    oracle, model = oracle_and_model()
    difference = first_difference(from_trace(oracle), from_trace(model))
    step, position = naive_first_difference(oracle, model)
    assert difference == Difference(step, position)
    assert 0 < step < len(model)
    assert not np.array_equal(oracle.states[step], model.states[step])
    assert np.array_equal(oracle.states[step - 1], model.states[step - 1])


def test_identical_runs_have_no_difference():
    run = trajectory("maxflow", "apmdm", 10)
    assert first_difference(run, trajectory("maxflow", "apmdm", 10)) is None


def test_a_run_that_ends_early_differs_at_the_step_after_its_end():
    oracle, model = oracle_and_model()
    whole = from_trace(oracle)
    cut = from_trace(oracle)
    shorter = Trajectory(cut.initial, cut.offsets[:11], cut.kinds[:cut.offsets[10]],
                         cut.positions[:cut.offsets[10]], cut.tokens[:cut.offsets[10]],
                         cut.mask_id)
    assert first_difference(whole, shorter) == Difference(11, None)
    assert first_difference(shorter, whole) == Difference(11, None)


def test_different_prompts_differ_at_step_zero():
    a, b = trajectory("parity", "apmdm", 40), trajectory("sat", "apmdm", 4)
    assert first_difference(a, b).step == 0


def test_different_operations_that_reach_the_same_state_are_no_difference():
    M = 5
    def one_insert(after):
        return Trajectory(np.array([1, M], np.int32), np.array([0, 1]),
                          np.array([INSERT], np.uint8), np.array([after], np.int32),
                          np.array([M], np.int32), M)
    # inserting a mask after the 1 or after the mask gives [1, M, M] both ways
    assert first_difference(one_insert(0), one_insert(1)) is None


@pytest.mark.parametrize("case", [c for c in CASES if c[:2] != ("parity", "apmdm")][:4])
def test_a_planted_change_of_one_token_is_found_where_the_states_differ(case):
    run = trajectory(*case)
    written = np.flatnonzero(run.tokens != run.mask_id)
    index = written[len(written) // 2]
    tokens = run.tokens.copy()
    tokens[index] = (tokens[index] + 1) % (run.mask_id + 1) or run.mask_id + 1
    changed = Trajectory(run.initial, run.offsets, run.kinds, run.positions, tokens,
                         run.mask_id)
    step = int(np.searchsorted(run.offsets, index, side="right"))
    found = first_difference(run, changed)
    assert found is not None and found.step == step
    assert not np.array_equal(run.state(step), changed.state(step))


def test_two_runs_page_takes_runs_as_they_come(tmp_path):
    from genpower.show import two_runs_page
    from simulators.errors import InvalidArgumentError
    from simulators.machines import APMDM
    from simulators.run import run

    from .runs import task_run

    oracle, model = oracle_and_model()
    size, difference = two_runs_page(tmp_path / "a.html", oracle, from_trace(model))
    assert size == (tmp_path / "a.html").stat().st_size
    assert difference == {"step": naive_first_difference(oracle, model)[0],
                          "position": naive_first_difference(oracle, model)[1]}
    outcome = task_run("maxflow", "apmdm", 10)
    _, same = two_runs_page(tmp_path / "b.html", outcome, outcome.result)
    assert same is None
    unrecorded = run(APMDM(oracle.machine.vocab), lambda x: None, oracle.initial)
    with pytest.raises(InvalidArgumentError, match="not recorded"):
        two_runs_page(tmp_path / "c.html", unrecorded, oracle)
