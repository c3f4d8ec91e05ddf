"""A run that starts as plain Python, one handed over to compiled kernels at once, and a
compiled run are the same run: same final sequence, stop reason, resources, trace, errors."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from proofs.oracles import parity as parity_oracle
from simulators import jit
from simulators.errors import HiddenStateError, MaskEmittedError, UnknownTokenError
from simulators.machines import APMDM, ARM, MDM, MaskedARM
from simulators.policies import Edit
from simulators.run import run
from simulators.testing.laws import check_same_run
from simulators.vocab import Vocab
from tests.simulators.test_run import hashed, random_mdm_policy

VOCAB = Vocab(["[BOS]", "[EOS]", "[MASK]", "a", "b", "c"])
M, EOS = VOCAB.mask_id, VOCAB.eos_id
TIERS = {"python": float("inf"), "handed over": 1e-9}  # 1e-9 s: compiled from step 32 on


def runs(machine, policy, x0, **options):
    """The run compiled from the start, then as plain Python and handed over early."""
    with jit.forced_interpreter(0):
        compiled = run(machine, policy, x0, **options)
    others = {}
    for name, seconds in TIERS.items():
        with jit.forced_interpreter(seconds):
            others[name] = run(machine, policy, x0, **options)
    return compiled, others


def random_apmdm_policy(seed):
    def policy(x):
        rng = np.random.default_rng(hashed(x, seed))
        if len(x) > 60 or rng.random() < 0.02:
            return None
        if rng.random() < 0.5:  # dense
            y = rng.integers(3, 6, size=len(x))
            ctrl = (rng.random((len(x), 3)) < 0.2).astype(np.uint8)
            ctrl[0] = 0
            return y, ctrl
        positions = np.unique(rng.integers(0, len(x), size=rng.integers(1, 4)))
        ctrl = (rng.random((len(positions), 3)) < 0.3).astype(np.uint8)
        ctrl[positions == 0] = 0
        return Edit(positions, rng.integers(3, 6, size=len(positions)), ctrl)
    return policy


@settings(max_examples=40, deadline=None)
@given(st.integers(0, 10**6), st.integers(1, 40), st.booleans())
def test_mdm_runs_agree_across_tiers(seed, masks, record):
    x0 = [0] + [M] * masks
    def leftmost(x):
        return np.array([np.flatnonzero(x == M)[0]]), np.array([3 + int(hashed(x, seed) % 3)])
    for machine, policy in ((MDM(VOCAB), random_mdm_policy(seed)), (MaskedARM(VOCAB), leftmost)):
        compiled, others = runs(machine, policy, x0, record=record)
        for other in others.values():
            check_same_run(compiled, other)
            if record:
                assert len(other.trace.steps) == len(compiled.trace.steps)


@settings(max_examples=40, deadline=None)
@given(st.integers(0, 10**6), st.integers(1, 200))
def test_arm_and_apmdm_runs_agree_across_tiers(seed, max_steps):
    arm_policy = lambda x: EOS if hashed(x, seed) % 50 == 0 else 3 + int(hashed(x, seed) % 3)  # noqa: E731
    for machine, policy, x0 in ((ARM(VOCAB), arm_policy, [0]),
                                (APMDM(VOCAB), random_apmdm_policy(seed), [0, M, 3, M])):
        compiled, others = runs(machine, policy, x0, max_steps=max_steps, record=True)
        for other in others.values():
            check_same_run(compiled, other)
            for a, b in zip(compiled.trace.steps, other.trace.steps):
                assert all(np.array_equal(u, v) for u, v in zip(a, b))


def test_a_kernel_policy_runs_as_python_then_compiled_with_the_same_result():
    bits = np.random.default_rng(4).integers(0, 2, size=500)
    prompt = parity_oracle.apmdm_prompt(bits)
    compiled, others = runs(APMDM(parity_oracle.VOCAB), parity_oracle.elimination_policy, prompt)
    assert compiled.resources.steps > 32  # the handed-over run changed loops mid-way
    for other in others.values():
        check_same_run(compiled, other)


@pytest.mark.parametrize("seconds", TIERS.values())
def test_hidden_state_is_caught_as_python_and_after_the_hand_over(seconds):
    class Counter:
        calls = 0

        def __call__(self, x):
            self.calls += 1
            return 3 if self.calls < 70 else 4
    with jit.forced_interpreter(seconds), pytest.raises(HiddenStateError):
        run(ARM(VOCAB), Counter(), [0], max_steps=200)


@pytest.mark.parametrize("seconds", [0, *TIERS.values()])
@pytest.mark.parametrize("policy, error", [
    (lambda x: 3 if len(x) < 40 else M, MaskEmittedError),
    (lambda x: 3 if len(x) < 40 else 9, UnknownTokenError),
])
def test_errors_name_the_same_step_in_every_tier(seconds, policy, error):
    with jit.forced_interpreter(seconds), pytest.raises(error, match="step 39") as caught:
        run(ARM(VOCAB), policy, [0])
    assert caught.value.partial.resources.steps == 39


@pytest.mark.parametrize("dense", [False, True])
def test_wide_steps_agree_across_tiers(dense):
    # hundreds of inserts, deletes and unmasks in one step: counters past 255 and 2**15
    # (NumPy keeps uint8 and int16 arithmetic narrow in plain Python; Numba widens it)
    def policy(x):
        n = len(x)
        if n > 40_000:
            return None
        ctrl = np.zeros((n, 3), dtype=np.uint8)
        ctrl[1:, 1] = 1  # insert after every position but BOS
        ctrl[::4, 2] = x[::4] == M  # delete the masks at every 4th position, unmask the others
        if dense:
            return np.full(n, 3, dtype=np.int32), ctrl
        return Edit(np.arange(n), np.full(n, 3, dtype=np.int32), ctrl)
    x0 = [0] + [M, 4] * 300
    compiled, others = runs(APMDM(VOCAB), policy, x0, record=True)
    assert compiled.resources.inserts > 40_000 and compiled.resources.deletes > 300
    for other in others.values():
        check_same_run(compiled, other)


def _recording(policy, seen):
    """``policy``, noting before each call whether the run was still going as Python."""
    def recorded(x):
        seen.append(jit.is_interpreting())
        return policy(x)
    return recorded


def test_a_run_of_few_long_steps_hands_over_before_its_first_step():
    # 17 steps over 2^16 + 1 tokens: as Python each would take tens of milliseconds
    bits = np.random.default_rng(0).integers(0, 2, size=1 << 16).astype(np.uint8)
    seen = []
    with jit.forced_interpreter(60):  # a budget of 60 s: only the sequence's length says go
        result = run(MDM(parity_oracle.VOCAB), _recording(parity_oracle.tree_policy, seen),
                     parity_oracle.mdm_canvas(bits))
    assert parity_oracle.mdm_answer(result.final) == int(bits.sum() % 2)
    assert seen and not any(seen)


def test_a_run_whose_steps_are_slow_hands_over_when_its_time_is_up():
    import time

    def slow(x):  # each step takes 30 ms, whatever the sequence
        time.sleep(0.03)
        return parity_oracle.tree_policy(x)
    seen = []
    bits = np.ones(1 << 10, dtype=np.uint8)
    with jit.forced_interpreter(0.1):
        run(MDM(parity_oracle.VOCAB), _recording(slow, seen), parity_oracle.mdm_canvas(bits))
    assert len(seen) >= 10 and 1 <= sum(seen) <= 4 and not any(seen[sum(seen):])
