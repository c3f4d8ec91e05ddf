"""Theorem 1: every PRAM program, run as an append-only MDM, gives its output in T steps."""

import numpy as np
import pytest

from proofs.constructions.pram_inputs import PROGRAMS, pram_instance
from proofs.constructions.pram_to_mdm import pram_to_mdm, resource_rows
from simulators.errors import IllegalWriteError, InvalidArgumentError
from simulators.pram import run_pram
from simulators.run import run


@pytest.mark.parametrize("program", PROGRAMS)
def test_every_library_program_gives_the_pram_output_in_T_steps_within_the_bound(program):
    rows = resource_rows(program, [4, 16, 64], seed=2)
    for row in rows:
        assert row["correct"] is True
        assert row["steps"] == row["T"] == row["bound_steps"]
        assert row["peak_context"] <= row["bound_context"]
        assert row["context_per_PT"] <= 8  # 4·S + 6·P·T over P·T, S <= P·T here
        assert row["max_parallel"] <= 6 * row["P"] + 4 * row["P"]


def test_policy_answers_the_same_about_recorded_states_in_any_order():
    program, cells = pram_instance("list_ranking", n=16, seed=1)
    compiled = pram_to_mdm(program)
    result = run(compiled.machine, compiled.policy, compiled.prompt(cells), record=True)
    states = result.trace.states
    for index in reversed(range(len(result.trace.steps))):
        positions, tokens = compiled.policy(states[index])
        recorded_positions, recorded_tokens, _ = result.trace.steps[index]
        assert np.array_equal(positions, recorded_positions)
        assert np.array_equal(tokens, recorded_tokens)


def test_negative_control_a_policy_that_rewrites_a_written_cell_is_refused():
    program, cells = pram_instance("prefix_sum_hillis_steele", n=8, seed=0)
    compiled = pram_to_mdm(program)

    def rewrites(x):
        positions, tokens = compiled.policy(x)
        return np.concatenate([[0], positions]), np.concatenate([[tokens[0]], tokens])

    with pytest.raises(IllegalWriteError):
        run(compiled.machine, rewrites, compiled.prompt(cells))


def test_negative_control_a_wrong_input_is_caught_by_the_output_comparison():
    program, cells = pram_instance("tree_sum", n=8, seed=0)
    _, output = pram_to_mdm(program).run(cells + 1)
    assert not np.array_equal(output, run_pram(program, cells).output)


def test_bad_inputs_are_refused():
    program, cells = pram_instance("tree_sum", n=4, seed=0)
    with pytest.raises(InvalidArgumentError):
        pram_to_mdm("tree_sum")
    with pytest.raises(InvalidArgumentError):
        pram_to_mdm(program).prompt(cells[:2])


def test_a_cut_short_run_has_no_output():
    program, cells = pram_instance("dyck", n=16, seed=0)
    result, output = pram_to_mdm(program).run(cells, max_steps=3)
    assert result.stopped_by == "max_steps" and output is None
