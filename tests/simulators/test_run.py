"""Laws of the four machines under run(), their resource counts, limits and refusals."""

import zlib

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from numba import njit

from simulators.errors import (
    ContextLimitError, HiddenStateError, IllegalWriteError, LeftmostMaskError, MaskEmittedError,
    StepLimitError, StepShapeError, UnknownTokenError)
from simulators.machines import APMDM, ARM, MDM, MaskedARM
from simulators.policies import Edit, append_edit, halt_edit
from simulators.run import run
from simulators.vocab import Vocab

VOCAB = Vocab(["[BOS]", "[EOS]", "[MASK]", "a", "b", "c"])
M, EOS = VOCAB.mask_id, VOCAB.eos_id


def hashed(x, salt):
    """A deterministic function of the sequence, to drive random but stateless policies."""
    return zlib.crc32(x.tobytes()) + (salt << 32)  # hash() is salted per process


def random_mdm_policy(seed):
    def policy(x):
        rng = np.random.default_rng(hashed(x, seed))
        masked = np.flatnonzero(x == M)
        chosen = np.sort(rng.choice(masked, size=rng.integers(1, len(masked) + 1), replace=False))
        return chosen, rng.integers(3, 6, size=len(chosen))
    return policy


@settings(max_examples=300)
@given(st.integers(0, 12), st.integers(0, 12), st.integers(0, 10**6))
def test_mdm_canvas_keeps_its_length_and_written_cells_are_final(prompt, masks, seed):
    x0 = np.array([3] * prompt + [M] * masks, dtype=np.int32)
    result = run(MDM(VOCAB), random_mdm_policy(seed), x0, record=True)
    states = result.trace.states
    assert all(len(s) == len(x0) for s in states)
    for before, after in zip(states, states[1:]):
        written = before != M
        assert np.array_equal(after[written], before[written])
        assert (after != before).sum() >= 1
    assert result.stopped_by == "no_masks" and M not in result.final
    assert result.resources.tokens_written == masks == result.resources.unmasks
    assert result.resources.steps <= masks


@settings(max_examples=300)
@given(st.integers(1, 10), st.integers(0, 10**6))
def test_arm_prefix_is_final_and_each_step_appends_one_token(length, seed):
    def policy(x):
        return EOS if len(x) >= 1 + length else 3 + hashed(x, seed) % 3
    result = run(ARM(VOCAB), policy, [0], record=True)
    for before, after in zip(result.trace.states, result.trace.states[1:]):
        assert len(after) == len(before) + 1 and np.array_equal(after[:-1], before)
    assert result.stopped_by == "eos" and result.resources.steps == length + 1  # tokens, then EOS
    assert result.resources.peak_context == length + 2


def test_masked_arm_unmasks_left_to_right():
    def leftmost(x):
        return np.flatnonzero(x == M)[:1], [4]
    result = run(MaskedARM(VOCAB), leftmost, [0, M, 3, M, M])
    assert result.final.tolist() == [0, 4, 3, 4, 4] and result.resources.steps == 3


@settings(max_examples=300)
@given(st.integers(0, 10**6))
def test_apmdm_resources_match_the_trace(seed):
    def policy(x):
        rng = np.random.default_rng(hashed(x, seed))
        if len(x) > 30 or rng.random() < 0.1:
            return None
        return rng.integers(3, 6, size=len(x)), rng.random((len(x), 3)) < 0.3
    result = run(APMDM(VOCAB), policy, [0, 3, M], record=True, max_steps=200)  # may cycle
    r = result.resources
    lengths = [len(s) for s in result.trace.states]
    assert r.steps == len(result.trace) and r.peak_context == max(lengths)
    assert r.serial_cost == sum(n * n for n in lengths[:-1])
    assert r.final_context == lengths[-1] == 3 - r.deletes + r.inserts


def test_compiled_and_python_loops_report_the_same_run():
    @njit
    def grow_then_shrink(x):
        n = x.shape[0]
        if n >= 12:
            return halt_edit()
        ctrl = np.zeros((1, 3), dtype=np.uint8)
        ctrl[0, 1] = 1  # insert after the last token, then unmask what is masked
        if x[n - 1] == 2:
            ctrl[0, 1] = 0
            return np.full(1, n - 1, np.int64), np.full(1, 3 + n % 3, np.int32), ctrl
        return np.full(1, n - 1, np.int64), np.zeros(1, np.int32), ctrl
    compiled = run(APMDM(VOCAB), grow_then_shrink, [0])
    stepped = run(APMDM(VOCAB), grow_then_shrink, [0], record=True)
    assert np.array_equal(compiled.final, stepped.final)
    assert compiled.resources == stepped.resources and compiled.stopped_by == stepped.stopped_by


def test_fixed_point_halts_apmdm_and_can_be_turned_off():
    def idle(x):
        return np.asarray(x), np.zeros((len(x), 3), np.uint8)
    assert run(APMDM(VOCAB), idle, [0, 3]).stopped_by == "fixed_point"
    assert run(APMDM(VOCAB, halt_on_fixed_point=False), idle, [0, 3], max_steps=5).stopped_by == "max_steps"


def test_eos_halts_apmdm_when_chosen():
    def write_eos(x):
        return Edit([len(x) - 1], [EOS], [[0, 0, 0]])
    assert run(APMDM(VOCAB), write_eos, [0, M]).stopped_by == "eos"
    assert run(APMDM(VOCAB, halt_on_eos=False), write_eos, [0, M]).stopped_by == "fixed_point"


def test_max_context_stops_with_the_partial_result():
    def grow(x):
        return Edit([0], [0], [[0, 1, 0]])
    result = run(APMDM(VOCAB), grow, [0], max_context=5)
    assert result.stopped_by == "max_context" and len(result.final) == 5 and result.hit_limit
    with pytest.raises(ContextLimitError) as caught:
        result.raise_for_limit()
    assert caught.value.partial is result


def test_max_steps_stops_with_the_partial_result():
    result = run(ARM(VOCAB), lambda x: 3, [0], max_steps=7)
    assert result.stopped_by == "max_steps" and len(result.final) == 8
    with pytest.raises(StepLimitError):
        result.raise_for_limit()


class Counter:
    """A cheating policy: it counts its calls, so its answer depends on hidden state."""

    def __init__(self):
        self.calls = 0

    def __call__(self, x):
        self.calls += 1
        return 3 if self.calls % 2 else 4


def test_policy_with_hidden_counter_is_caught():
    with pytest.raises(HiddenStateError):
        run(ARM(VOCAB), Counter(), [0], max_steps=20)


def test_stateless_policy_passes_the_audit():
    assert run(ARM(VOCAB), lambda x: 3 + len(x) % 2, [0], max_steps=100).resources.steps == 100


def test_mdm_policy_that_rewrites_a_decoded_cell_is_caught():
    def rewrite(x):
        return np.array([1]), np.array([4])  # position 1 was decoded at step 0
    with pytest.raises(IllegalWriteError) as caught:
        run(MDM(VOCAB), rewrite, [0, M, M])
    assert caught.value.step == 1 and caught.value.position == 1
    assert caught.value.partial.final.tolist() == [0, 4, M]
    assert caught.value.partial.stopped_by == "error" and caught.value.partial.resources.steps == 1


@pytest.mark.parametrize("machine, policy, x0, error", [
    (MDM(VOCAB), lambda x: (np.array([1]), np.array([9])), [0, M], UnknownTokenError),
    (MDM(VOCAB), lambda x: (np.array([1]), np.array([M])), [0, M], MaskEmittedError),
    (MDM(VOCAB), lambda x: (np.array([], int), np.array([], int)), [0, M], StepShapeError),
    (MDM(VOCAB), lambda x: Edit([1], [3], [[1, 0, 0]]), [0, M], IllegalWriteError),
    (MaskedARM(VOCAB), lambda x: (np.array([2]), np.array([3])), [0, M, M], LeftmostMaskError),
    (ARM(VOCAB), lambda x: M, [0], MaskEmittedError),
    (ARM(VOCAB), lambda x: Edit([0], [3], [[0, 0, 0]]), [0], StepShapeError),
    (ARM(VOCAB), lambda x: (np.array([1]), np.array([3])), [0], StepShapeError),
    (APMDM(VOCAB), lambda x: (np.zeros(len(x) + 1, int), np.zeros((len(x), 3), int)), [0], StepShapeError),
    (APMDM(VOCAB), lambda x: (np.zeros(len(x), int), np.zeros((len(x), 2), int)), [0], StepShapeError),
    (APMDM(VOCAB), lambda x: Edit([1, 0], [3, 3], np.zeros((2, 3), int)), [0, M], StepShapeError),
    (APMDM(VOCAB), lambda x: Edit([5], [3], np.zeros((1, 3), int)), [0, M], StepShapeError),
    (APMDM(VOCAB), lambda x: (np.full(len(x), -3), np.zeros((len(x), 3), int)), [0, M], UnknownTokenError),
])
def test_bad_policy_output_raises_a_specific_error_naming_the_step(machine, policy, x0, error):
    with pytest.raises(error, match=r"step 0"):
        run(machine, policy, x0)


def test_compiled_policy_errors_are_reported_like_python_ones():
    @njit
    def writes_mask(x):
        return append_edit(x.shape[0], 2)
    with pytest.raises(MaskEmittedError, match="arm step 0"):
        run(ARM(VOCAB), writes_mask, [0])


@pytest.mark.parametrize("record", [False, True])
def test_compiled_policy_that_writes_into_its_input_is_caught(record):
    @njit
    def edits_behind_the_machines_back(x):
        if x.shape[0] > 3:
            x[0] = 4  # never reached from this prompt, refused all the same
        return append_edit(x.shape[0], 3)
    with pytest.raises(IllegalWriteError, match="writes into the sequence"):
        run(ARM(VOCAB), edits_behind_the_machines_back, [0], record=record)
