"""What run() promises about policies: unwritable views, audits, one error shape, interrupts, counts."""

import dataclasses
import os
import signal
import threading

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from numba import njit

from simulators import jit
from simulators.errors import (
    HiddenStateError, IllegalWriteError, LeftmostMaskError, MemoryBudgetError, StepShapeError)
from simulators.machines import APMDM, ARM, MDM, MaskedARM
from simulators.policies import Edit, edit_at, halt_edit
from simulators.run import run
from simulators.testing.laws import LawViolation, check_resources, check_run, g_reference
from simulators.testing.strategies import stateless_policy
from simulators.validation import set_memory_budget
from simulators.vocab import Vocab

VOCAB = Vocab(["[BOS]", "[EOS]", "[MASK]", "a", "b", "c"])
M = VOCAB.mask_id


@pytest.mark.parametrize("unlock", [lambda x: x.setflags(write=True),
                                    lambda x: x.base.setflags(write=True)])
def test_a_python_policy_cannot_make_the_sequence_writable(unlock):
    seen = []

    def sneaky(x):
        try:
            unlock(x)
        except (ValueError, AttributeError):
            seen.append("refused")
            return 3
        x[0] = 5
        return 3
    result = run(ARM(VOCAB), sneaky, [0], max_steps=3, check_stateless=False)
    assert seen == ["refused"] * 3 and result.final.tolist() == [0, 3, 3, 3]


def test_python_policy_sees_a_view_not_a_copy_of_the_sequence():
    bases = set()

    def policy(x):
        bases.add(id(x.base))
        return 3
    run(ARM(VOCAB), policy, [0], max_steps=5, check_stateless=False)
    assert len(bases) == 1  # one read-only base over the machine's buffer


@njit
def _random_remask(x):
    if x.shape[0] > 40:
        return halt_edit()
    return edit_at(np.array([np.random.randint(1, x.shape[0])]), np.zeros(1, np.int32), 0, 1, 0)


@njit
def _fair_insert(x):
    if x.shape[0] > 40:
        return halt_edit()
    return edit_at(np.array([x.shape[0] - 1]), np.zeros(1, np.int32), 0, 1, 0)


_MEMORY = np.zeros(1, dtype=np.int64)


def test_compiled_policy_using_np_random_is_caught_with_its_step():
    with pytest.raises(HiddenStateError) as caught:
        run(APMDM(VOCAB), _random_remask, [0, 3, 3, 3, 3, 3, 3, 3])
    assert caught.value.step in (0, 1, 2, 4, 8, 16)
    assert caught.value.partial is not None and caught.value.partial.stopped_by == "error"


def test_the_same_policy_without_randomness_passes_the_compiled_audit():
    result = run(APMDM(VOCAB), _fair_insert, [0, 3])
    assert result.stopped_by == "halted" and result.resources.inserts == 39


def test_the_compiled_audit_can_be_turned_off():
    result = run(APMDM(VOCAB), _random_remask, [0, 3, 3], check_stateless=False)
    assert result.stopped_by == "halted"


def test_compiled_policy_writing_a_global_array_is_told_so():
    @njit
    def counts_in_a_global(x):
        _MEMORY[0] += 1
        return halt_edit()
    with pytest.raises(IllegalWriteError, match="global array"):
        run(APMDM(VOCAB), counts_in_a_global, [0, 3])


def test_hidden_counter_in_python_carries_step_and_partial():
    calls = []

    def counter(x):
        calls.append(1)
        return 3 if len(calls) % 2 else 4
    with pytest.raises(HiddenStateError) as caught:
        run(ARM(VOCAB), counter, [0], max_steps=20)
    assert caught.value.step is not None and caught.value.partial is not None


@pytest.mark.parametrize("machine, policy, x0, error", [
    (ARM(VOCAB), lambda x: Edit([], [], np.zeros((0, 3), int)), [0], StepShapeError),
    (ARM(VOCAB), lambda x: Edit([1, 2], [3, 3], np.zeros((2, 3), int)), [0], StepShapeError),
    (MaskedARM(VOCAB), lambda x: Edit.unmask([1, 3], [3, 3]), [0, M, 3, M], LeftmostMaskError),
    (APMDM(VOCAB), lambda x: (np.full(len(x), 3), np.zeros((len(x), 2), int)), [0, M],
     StepShapeError),
    (APMDM(VOCAB), lambda x: (np.full(len(x) + 1, 3), np.zeros((len(x), 3), int)), [0, M],
     StepShapeError),
    (APMDM(VOCAB), lambda x: Edit([0], [3, 4], [[0, 0, 0]]), [0, M], StepShapeError),
])
def test_every_rejected_step_carries_step_and_partial(machine, policy, x0, error):
    with pytest.raises(error) as caught:
        run(machine, policy, x0)
    assert caught.value.step == 0
    assert caught.value.partial.stopped_by == "error"
    assert caught.value.partial.final.tolist() == list(x0)


def test_a_rejected_step_names_its_position():
    with pytest.raises(LeftmostMaskError) as caught:
        run(MaskedARM(VOCAB), lambda x: Edit.unmask([1, 3], [3, 3]), [0, M, 3, M])
    assert caught.value.position == 1


@settings(max_examples=200, deadline=None)
@given(st.integers(0, 2**32), st.sampled_from(["apmdm", "mdm", "masked_arm", "arm"]))
def test_every_resource_total_matches_a_recount_of_the_trace(salt, machine):
    machines = dict(apmdm=APMDM, mdm=MDM, masked_arm=MaskedARM, arm=ARM)
    x0 = [0, 3, M, 4, M] if machine != "arm" else [0, 3]
    policy = stateless_policy(VOCAB, machine, salt)
    result = run(machines[machine](VOCAB), policy, x0, record=True, max_steps=40)
    check_run(result)


@settings(max_examples=200, deadline=None)
@given(st.integers(0, 2**32))
def test_dense_steps_through_run_follow_algorithm_1_and_are_counted(salt):
    def dense(x):
        rng = np.random.default_rng([salt, len(x), int(x.sum())])
        if len(x) > 30 or rng.random() < 0.05:
            return None
        return rng.integers(3, 6, len(x)), (rng.random((len(x), 3)) < 0.3).astype(np.uint8)
    result = run(APMDM(VOCAB), dense, [0, 3, M, M, 4], record=True, max_steps=30,
                 check_stateless=False)
    check_run(result)
    states = result.trace.states
    for t, (positions, tokens, ctrl) in enumerate(result.trace.steps):
        assert states[t + 1].tolist() == g_reference(states[t], tokens, ctrl, M)


def test_a_miscounted_resource_is_caught_by_the_recount():
    result = run(APMDM(VOCAB), stateless_policy(VOCAB, "apmdm", 7, stop=0.0), [0, 3, M, 4],
                 record=True, max_steps=20)
    check_resources(result)
    r = result.resources
    for name in ("remasks", "unmasks", "max_parallel", "deletes", "inserts"):
        miscounted = dataclasses.replace(r, **{name: getattr(r, name) + 1})
        wrong = dataclasses.replace(result, resources=miscounted)
        with pytest.raises(LawViolation, match=name):
            check_resources(wrong)


def test_edits_count_what_is_not_a_write():
    def remask_then_delete(x):
        if len(x) == 1:
            return None
        return Edit.delete([1]) if x[1] == M else Edit.remask([1])
    r = run(APMDM(VOCAB), remask_then_delete, [0, 3, 4]).resources
    assert r.tokens_written == 0 and r.edits == r.remasks + r.deletes == 4
    assert r.as_dict()["edits"] == 4


needs_main_thread = pytest.mark.skipif(
    threading.current_thread() is not threading.main_thread(),
    reason="Ctrl-C is caught only in the main thread")


@needs_main_thread
def test_a_python_run_is_interrupted_between_steps():
    def interrupts_at_five(x):
        if len(x) == 6:
            os.kill(os.getpid(), signal.SIGINT)
        return 3
    result = run(ARM(VOCAB), interrupts_at_five, [0], max_steps=100)
    assert result.stopped_by == "interrupted" and result.resources.steps == 6
    assert result.hit_limit


@njit
def _toggle_forever(x):
    if x[1] == 2:
        return edit_at(np.array([1]), np.full(1, 3, np.int32), 0, 0, 0)
    return edit_at(np.array([1]), np.zeros(1, np.int32), 1, 0, 0)


@needs_main_thread
def test_a_compiled_run_is_interrupted_between_chunks():
    run(APMDM(VOCAB), _toggle_forever, [0, 3], max_steps=10)  # compile first
    timer = threading.Timer(0.5, os.kill, (os.getpid(), signal.SIGINT))
    timer.start()
    result = run(APMDM(VOCAB), _toggle_forever, [0, 3], max_steps=10**8)  # bounded if missed
    timer.join()
    assert result.stopped_by == "interrupted" and result.resources.steps > 0
    assert len(result.final) == 2


def test_memory_is_checked_before_the_buffer_is_allocated():
    set_memory_budget(1000)
    with pytest.raises(MemoryBudgetError, match="prompt"):
        run(APMDM(VOCAB), lambda x: None, np.zeros(1000, np.int32))


def _grow_then_fail(x):
    """Dense steps that insert after every position, then an unknown token at length 12."""
    if len(x) >= 12:
        return np.full(len(x), 99), np.zeros((len(x), 3), np.uint8)
    ctrl = np.zeros((len(x), 3), np.uint8)
    ctrl[:, 1] = 1
    return np.full(len(x), 3), ctrl


def test_a_rejected_dense_step_leaves_the_sequence_as_it_was():
    with pytest.raises(Exception) as caught:
        run(APMDM(VOCAB), _grow_then_fail, [0, M, 4], check_stateless=False)
    reference = run(APMDM(VOCAB), _grow_then_fail, [0, M, 4], max_steps=2, record=True,
                    check_stateless=False)
    assert caught.value.step == 2
    assert caught.value.partial.final.tolist() == reference.final.tolist()
    assert len(reference.final) == 12


@pytest.mark.parametrize("convert", [
    lambda p, t, c: (p.astype(np.int32), t.astype(np.int64), c.astype(bool)),
    lambda p, t, c: (p.tolist(), t.tolist(), c.tolist()),
    lambda p, t, c: (p[::-1][::-1].copy(order="F"), np.asfortranarray(t), np.asfortranarray(c)),
    lambda p, t, c: tuple(np.frombuffer(a.tobytes(), a.dtype).reshape(a.shape) for a in (p, t, c)),
], ids=["other-dtypes", "lists", "fortran-order", "read-only"])
def test_edits_in_other_types_run_as_the_kernels_types_do(convert):
    exact = stateless_policy(VOCAB, "apmdm", 11, stop=0.0)

    def converted(x):
        out = exact(x)
        return None if out is None else Edit(*convert(*out))
    one = run(APMDM(VOCAB), exact, [0, 3, M, 4, M], max_steps=25)
    other = run(APMDM(VOCAB), converted, [0, 3, M, 4, M], max_steps=25)
    assert other.final.tolist() == one.final.tolist() and other.resources == one.resources


def test_probabilities_as_control_bits_are_refused_on_the_fast_path_too():
    def probabilities(x):
        return Edit(np.array([1]), np.array([3], np.int32), np.array([[0.05, 0.0, 0.0]]))
    with pytest.raises(StepShapeError, match="threshold"):
        run(APMDM(VOCAB), probabilities, [0, M])


def test_the_audit_asks_again_only_at_steps_1_2_4_8():
    calls = []

    def counted(x):
        calls.append(len(x))
        return 3 if len(x) < 101 else VOCAB.eos_id
    result = run(ARM(VOCAB), counted, [0])
    steps = result.resources.steps  # 101: 100 tokens, then EOS
    audits = len([i for i in range(steps) if i & (i - 1) == 0])  # steps 0, 1, 2, 4, ..., 64
    assert len(calls) == steps + audits
    assert len(run(ARM(VOCAB), counted, [0], check_stateless=False).final) == 102


@pytest.mark.parametrize("machine, policy, x0, stopped_by", [
    (APMDM(VOCAB), lambda x: None, [0, 3], "halted"),
    (MDM(VOCAB), lambda x: ([1], [3]), [0, M], "no_masks"),
    (ARM(VOCAB), lambda x: VOCAB.eos_id, [0], "eos"),
    (APMDM(VOCAB), lambda x: Edit.unmask([], []), [0, 3], "fixed_point"),
])
def test_raise_for_limit_passes_a_run_that_ended_by_itself(machine, policy, x0, stopped_by):
    result = run(machine, policy, x0)
    assert result.stopped_by == stopped_by and not result.hit_limit
    assert result.raise_for_limit() is result


def test_the_memory_check_counts_the_buffer_with_its_slack_and_the_dense_spare():
    n = 1000  # AP-MDM: 4 bytes x (n + 2 x slack of n // 2), plus a spare of n
    needed = 4 * (n + 2 * (n // 2)) + 4 * n
    set_memory_budget(needed)
    run(APMDM(VOCAB), lambda x: None, np.zeros(n, np.int32))
    set_memory_budget(needed - 1)
    with pytest.raises(MemoryBudgetError):
        run(APMDM(VOCAB), lambda x: None, np.zeros(n, np.int32))
    set_memory_budget(4 * n)  # an MDM canvas is used as it is: no slack, no spare
    run(MDM(VOCAB), lambda x: None, np.zeros(n, np.int32))


@pytest.mark.parametrize("limit", [1, 2, 5])
def test_an_arm_stops_at_exactly_max_context(limit):
    result = run(ARM(VOCAB), lambda x: 3, [0], max_context=limit)
    assert result.stopped_by == "max_context" and len(result.final) == limit


def _dense_policy(x):
    """A dense step: unmask masks to 'b', insert after every 'b', delete masks at every
    fourth position; the sequence grows until it stops at 40 tokens."""
    if len(x) > 40:
        return None
    ctrl = np.zeros((len(x), 3), np.uint8)
    ctrl[:, 1] = x == 4
    ctrl[::4, 2] = 1
    return np.full(len(x), 4, np.int32), ctrl


@pytest.mark.parametrize("convert", [
    lambda y, c: (y.astype(np.int64), c.astype(bool)),
    lambda y, c: (y.tolist(), c.tolist()),
    lambda y, c: (y[::-1][::-1], np.asfortranarray(c)),
    lambda y, c: tuple(np.frombuffer(a.tobytes(), a.dtype).reshape(a.shape) for a in (y, c)),
], ids=["other-dtypes", "lists", "fortran-order", "read-only"])
def test_dense_steps_in_other_types_run_as_the_kernels_types_do(convert):
    def converted(x):
        out = _dense_policy(x)
        return None if out is None else convert(*out)
    x0 = [0, M, 4, M, 3, M]
    with jit.forced_interpreter(0):  # compiled: exact arrays go straight to the kernel
        exact = run(APMDM(VOCAB), _dense_policy, x0, max_steps=50)
        other = run(APMDM(VOCAB), converted, x0, max_steps=50)
    assert exact.stopped_by == "halted"
    assert exact.resources.inserts and exact.resources.deletes
    assert other.final.tolist() == exact.final.tolist() and other.resources == exact.resources


@pytest.mark.parametrize("shapes", [(4, (5, 3)), (6, (5, 3)), (5, (4, 3)), (5, (5, 2))])
def test_a_dense_step_of_the_wrong_shape_is_refused_naming_the_step(shapes):
    length, ctrl_shape = shapes

    def wrong(x):
        if len(x) < 5:  # two good steps that insert, then the wrong shape
            ctrl = np.zeros((len(x), 3), np.uint8)
            ctrl[-1, 1] = 1
            return np.full(len(x), 3, np.int32), ctrl
        return np.full(length, 3, np.int32), np.zeros(ctrl_shape, np.uint8)
    with pytest.raises(StepShapeError, match="step 2") as caught, jit.forced_interpreter(0):
        run(APMDM(VOCAB), wrong, [0, 3, 4], max_steps=50, check_stateless=False)  # not by the audit
    assert caught.value.partial.final.tolist() == [0, 3, 4, 3, M]  # as after step 1
