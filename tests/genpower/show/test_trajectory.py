"""Trajectories: the state at step k rebuilt from the operations is the trace's state k."""

import numpy as np
import pytest

from genpower.show import Trajectory, from_samples, from_trace, running_resources
from genpower.show.trajectory import DELETE, INSERT, KINDS, REMASK, UNMASK, apply_operations
from simulators.errors import TraceFormatError

from .runs import CASES, task_run, trajectory


@pytest.mark.parametrize("task, machine, n", CASES)
def test_state_k_rebuilt_from_operations_is_the_traces_state_k(task, machine, n):
    trace = task_run(task, machine, n).result.trace
    rebuilt = list(trajectory(task, machine, n).iter_states())
    recorded = list(trace.iter_states())
    assert len(rebuilt) == len(recorded) == len(trace) + 1
    for k, (mine, theirs) in enumerate(zip(rebuilt, recorded)):
        assert np.array_equal(mine, theirs), f"state {k}"


@pytest.mark.parametrize("task, machine, n", CASES)
def test_running_resources_end_at_the_runs_resources(task, machine, n):
    outcome = task_run(task, machine, n)
    running = running_resources(trajectory(task, machine, n))
    resources = outcome.result.resources
    for name, values in running.items():
        if name != "context":
            assert values[-1] == getattr(resources, name), name
    assert running["context"][-1] == resources.final_context


@pytest.mark.parametrize("task, machine, n", [c for c in CASES if c[1] != "arm"])
def test_samples_give_the_same_operations_as_the_trace(task, machine, n):
    trace = task_run(task, machine, n).result.trace
    from_file = from_samples(trace.samples(), trace.machine.vocab.mask_id)
    direct = trajectory(task, machine, n)
    for name in ("offsets", "kinds", "positions", "tokens", "initial"):
        assert np.array_equal(getattr(from_file, name), getattr(direct, name)), name


def test_the_runs_cover_all_four_operations():
    seen = set()
    for case in CASES:
        seen |= set(trajectory(*case).kinds.tolist())
    assert seen == {UNMASK, REMASK, INSERT, DELETE} and len(KINDS) == 4


def test_a_listed_mask_that_stays_a_mask_is_no_operation():
    # max-flow lists edge slots that stay [MASK]; neither they nor a remask of a mask count
    maxflow = trajectory("maxflow", "apmdm", 10)
    written = maxflow.kinds == UNMASK
    assert not np.any(maxflow.tokens[written] == maxflow.mask_id)


def test_delete_and_insert_at_one_step_apply_in_order():
    M = 7
    state = np.array([1, M, 2, M], np.int32)
    kinds = np.array([INSERT, DELETE, REMASK, INSERT], np.uint8)
    after = apply_operations(state, kinds, np.array([-1, 1, 2, 3]), np.array([M, M, M, M]))
    assert after.tolist() == [M, 1, M, M, M]


def test_samples_that_do_not_replay_are_refused():
    sample = task_run("parity", "apmdm", 40).result.trace.samples()[0]
    bad = dict(sample, x_k_plus_1=sample["x_k_plus_1"][:-1])
    with pytest.raises(TraceFormatError, match="step 0, first difference at position 40"):
        from_samples([bad], 2)


def test_samples_of_two_runs_are_refused():
    samples = task_run("parity", "apmdm", 40).result.trace.samples()
    with pytest.raises(TraceFormatError, match="not sample 0's x_k_plus_1"):
        from_samples([samples[0], samples[5]], 2)


def _planted(run, kinds=None, tokens=None):
    return Trajectory(run.initial, run.offsets, run.kinds if kinds is None else kinds,
                      run.positions, run.tokens if tokens is None else tokens, run.mask_id)


def test_a_planted_fault_in_the_tokens_breaks_the_state_law():
    # negative control: the state law can fail; write each unmask's token off by one
    trace = task_run("sudoku", "official", 9).result.trace
    run = from_trace(trace)
    faulty = _planted(run, tokens=np.where(run.kinds == UNMASK, run.tokens % 9 + 1,
                                           run.tokens).astype(np.int32))
    assert not all(np.array_equal(a, b) for a, b in zip(faulty.iter_states(),
                                                          trace.iter_states()))


def test_a_planted_fault_in_the_kinds_breaks_the_resources_law():
    # the state law cannot see an unmask called a remask; the resources law does
    run = trajectory("sudoku", "official", 9)
    faulty = _planted(run, kinds=np.where(run.kinds == UNMASK, REMASK, run.kinds)
                      .astype(np.uint8))
    resources = task_run("sudoku", "official", 9).result.resources
    assert running_resources(faulty)["unmasks"][-1] != resources.unmasks
