"""Edits on AP-MDM and on an edit-log ARM: same final sequences; the ARM's context and lookback grow."""

import numpy as np
import pytest

from proofs.oracles import edits as oracle
from proofs.tasks import run_task
from simulators.machines import ARM
from simulators.run import run
from theory.families import edits


@pytest.mark.parametrize("machine", ["apmdm", "arm"])
@pytest.mark.parametrize("script, answer", edits.CASES)
def test_canonical_cases(machine, script, answer):
    outcome = run_task("edits", script, machine)
    assert outcome.correct and outcome.answer == answer


@pytest.mark.parametrize("n", [1, 2, 3, 5, 8, 13, 40])
def test_both_machines_reach_the_reference_final_sequence(n):
    for seed in range(5):
        script = edits.generate(n, seed)
        outcomes = [run_task("edits", script, m, check_stateless=True) for m in ("apmdm", "arm")]
        assert outcomes[0].answer == outcomes[1].answer == edits.solve(script)
        for machine, outcome in zip(("apmdm", "arm"), outcomes):
            process = oracle.TASK.process(machine)
            assert outcome.result.resources.steps <= process.steps_bound(len(script))
            assert outcome.result.resources.peak_context <= process.context_bound(len(script))


def test_random_mixes_of_edits_not_only_alternating():
    rng = np.random.default_rng(3)
    for _ in range(20):
        start, length, script_edits = tuple(rng.integers(0, 26, 6)), 6, []
        for _ in range(12):
            if length and rng.integers(2):
                script_edits.append(("delete", int(rng.integers(0, length))))
                length -= 1
            else:
                script_edits.append(("insert", int(rng.integers(0, length + 1)), int(rng.integers(0, 26))))
                length += 1
        script = edits.EditScript(start, tuple(script_edits), 0 if length else None)
        for machine in ("apmdm", "arm"):
            assert run_task("edits", script, machine).correct


def test_arm_context_and_lookback_grow_with_n_and_apmdm_extra_context_does_not():
    rows = oracle.edit_rows([4, 16, 64, 256], seed=0)
    assert all(row["correct"] for row in rows)
    assert all(row["apmdm_extra_context"] <= 1 for row in rows)
    arm_lookback = [row["arm_lookback"] for row in rows]
    arm_extra = [row["arm_extra_context"] for row in rows]
    assert all(b > 3 * a for a, b in zip(arm_lookback, arm_lookback[1:]))  # about 4x per 4x n
    assert all(b > 3 * a for a, b in zip(arm_extra, arm_extra[1:]))
    # AP-MDM reads O(log n): the header's numbers, one entry, a binary search of statuses
    assert all(row["apmdm_lookback"] <= 8 * (2 * row["n"] + 1).bit_length() for row in rows)
    assert rows[-1]["arm_lookback"] > 50 * rows[-1]["apmdm_lookback"]
    assert all(row["apmdm_steps"] == 2 * row["edits"] + 1 for row in rows)


def test_lookback_counts_the_reads_of_the_replay():
    script = edits.EditScript((0, 1), (("insert", 0, 2), ("delete", 2)), 1)
    outcome = run_task("edits", script, "arm")
    # the first final token replays all 4 log entries: a kind token each, positions of 3
    # (the remask needs none), and the start token; plus the header and the log's kinds
    assert outcome.details["lookback"] >= 4 + 3 * 2 + 1


def test_negative_control_an_arm_that_replays_a_truncated_log_is_caught():
    wrong = 0
    for seed in range(10):
        script = edits.generate(12, seed)
        result = run(ARM(oracle.VOCAB), lambda x: oracle.arm_step(x, replay_from=2),
                     oracle.arm_prompt(script))
        wrong += not edits.verify(script, oracle.arm_answer(result.final))
    assert wrong > 0


def test_the_apmdm_details_replay_holds_one_state_at_a_time():
    import tracemalloc

    script = edits.generate(300, np.random.default_rng(5))
    run_task("edits", script, "apmdm")  # warm: compile, caches
    tracemalloc.start()
    try:
        outcome = run_task("edits", script, "apmdm")
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    context = outcome.result.resources.peak_context
    steps = outcome.result.resources.steps
    # every state kept would be steps x context int32 (about 10 MB here); one at a time is
    # a few states plus the recorded steps
    assert outcome.correct and peak < steps * context * 4 / 8, (peak, steps, context)
