"""Parity on AP-MDM, MDM and ARM: right answers, the official transitions, the claimed step counts."""

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from proofs.oracles import parity as oracle
from proofs.tasks import get_task, run_task
from simulators.machines import APMDM
from simulators.policies import normalize_step
from simulators.run import run
from simulators.trace import replay
from theory.families import parity

B, M, ZERO, ONE = oracle.BOS, oracle.MASK, oracle.ZERO, oracle.ONE

# The 7 training transitions of the official parity generator (PAPER.md §3.2).
OFFICIAL_TRANSITIONS = [
    ([B, ZERO, ONE], [B, M, ONE]),
    ([B, M, ONE], [B, ONE]),
    ([B, ONE, ZERO], [B, ONE, M]),
    ([B, ONE, M], [B, ONE]),
    ([B, ZERO, ZERO], [B, M, M]),
    ([B, ONE, ONE], [B, M, M]),
    ([B, M, M], [B]),
]


@pytest.mark.parametrize("machine", ["apmdm", "mdm", "arm"])
@pytest.mark.parametrize("n, bits, expected", parity.CASES)
def test_canonical_cases(machine, n, bits, expected):
    outcome = run_task("parity", bits, machine)
    assert outcome.answer == expected and outcome.correct


@settings(max_examples=300)
@given(st.lists(st.integers(0, 1), max_size=200), st.sampled_from(["apmdm", "mdm", "arm"]))
def test_every_machine_answers_like_numpy(bits, machine):
    bits = np.array(bits, dtype=np.uint8)
    assert run_task("parity", bits, machine).answer == int(np.sum(bits) % 2)


def test_elimination_reproduces_the_seven_official_transitions():
    machine = APMDM(oracle.VOCAB)
    for x_k, x_next in OFFICIAL_TRANSITIONS:
        result = run(machine, oracle.elimination_policy, x_k, max_steps=1, record=True)
        sample = result.trace.samples()[0]
        assert sample["x_k_plus_1"].tolist() == x_next
        assert sample["e_star"].sum() == 0  # parity never inserts
        assert replay([sample], M).ok


@pytest.mark.parametrize("machine", ["apmdm", "mdm", "arm"])
def test_policies_answer_the_same_about_recorded_states_in_any_order(machine):
    bits = parity.generate(37, rng=4)
    outcome = run_task("parity", bits, machine, record=True)
    process = get_task("parity").process(machine)
    policy = process.policy
    trace = outcome.result.trace
    code = process.machine().code
    for t in np.random.default_rng(0).permutation(len(trace)):
        state = trace.states[t]
        again = normalize_step(code, policy(state), len(state), t)
        assert all(np.array_equal(a, b) for a, b in zip(again, trace.steps[t]))


@pytest.mark.parametrize("n", [2, 3, 16, 17, 1000, 4097])
def test_mdm_takes_ceil_log2_n_steps_on_a_2n_canvas(n):
    result = run_task("parity", parity.generate(n, rng=n), "mdm").result
    assert result.resources.steps == math.ceil(math.log2(n))
    assert result.resources.peak_context <= 2 * n + math.ceil(math.log2(n)) + 1


@pytest.mark.parametrize("n", [0, 1, 10, 1000])
def test_arm_takes_n_plus_one_steps(n):
    result = run_task("parity", parity.generate(n, rng=n), "arm").result
    assert result.resources.steps == n + 1 and result.resources.peak_context == 2 * n + 3


@pytest.mark.parametrize("n", [1, 10, 1000, 100_000])
def test_elimination_takes_at_most_2n_steps_and_never_grows(n):
    result = run_task("parity", parity.generate(n, rng=n), "apmdm").result
    assert n - 1 <= result.resources.steps <= 2 * n  # a lone final 1 needs no step
    assert result.resources.peak_context == n + 1 and result.resources.inserts == 0
    assert result.resources.deletes == n - len(result.final) + 1
