"""Edit helpers, the halt marker, and the checks on what a policy returns."""

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from numba import njit

from simulators.errors import InvalidArgumentError, StepShapeError, UnknownTokenError
from simulators.machines import APMDM, ARM, MDM
from simulators.policies import Edit, edit_at, halt_edit, normalize_step, threshold
from simulators.run import run
from simulators.step import APMDM as APMDM_CODE
from simulators.step import ARM as ARM_CODE
from simulators.step import HALT_POSITION
from simulators.testing.laws import g_reference
from simulators.vocab import Vocab

VOCAB = Vocab(["[BOS]", "[EOS]", "[MASK]", "a", "b", "c"])
M = VOCAB.mask_id


def test_edit_helpers_set_one_control_column_each():
    assert Edit.remask([1, 4]).ctrl.tolist() == [[1, 0, 0], [1, 0, 0]]
    assert Edit.insert_after([2]).ctrl.tolist() == [[0, 1, 0]]
    assert Edit.delete([0]).ctrl.tolist() == [[0, 0, 1]]
    unmask = Edit.unmask([1, 3], [4, 5])
    assert unmask.tokens.tolist() == [4, 5] and not unmask.ctrl.any()


def test_combined_edits_merge_positions_in_order_and_or_their_bits():
    edit = Edit.remask([5]) | Edit.insert_after([1, 5]) | Edit.unmask([3], [4])
    assert edit.positions.tolist() == [1, 3, 5]
    assert edit.ctrl.tolist() == [[0, 1, 0], [0, 0, 0], [1, 1, 0]]
    assert edit.tokens.tolist() == [0, 4, 0]


def test_combining_two_different_tokens_at_one_position_is_refused():
    with pytest.raises(InvalidArgumentError, match="position 2"):
        Edit.combine(Edit.unmask([2], [3]), Edit.unmask([2], [4]))
    assert Edit.combine(Edit.unmask([2], [3]), Edit.unmask([2], [3])).tokens.tolist() == [3]


def test_helpers_refuse_positions_out_of_order():
    with pytest.raises(InvalidArgumentError):
        Edit.remask([3, 1])


@given(st.lists(st.integers(0, 9), unique=True, min_size=1), st.integers(0, 2))
def test_a_combined_edit_applies_like_its_parts_in_one_step(positions, column):
    x0 = np.array([0] + [3, M] * 5, dtype=np.int32)
    positions = sorted(p + 1 for p in positions)
    part = [Edit.remask, Edit.insert_after, Edit.delete][column](positions)
    free = [p for p in range(1, 11) if p not in positions and x0[p] == M]
    unmask = Edit.unmask(free, np.full(len(free), 5))

    def once(edit):
        return lambda x: edit if np.array_equal(x, x0) else None
    whole = part | unmask
    y, ctrl = _dense(whole, x0)
    assert whole.positions.tolist() == sorted(set(positions) | set(free))
    assert np.array_equal(run(APMDM(VOCAB), once(whole), x0).final, g_reference(x0, y, ctrl, M))


def _dense(edit, x):
    """The dense (y, ctrl) of a sparse edit: unlisted masks stay masks (remask)."""
    y, ctrl = x.copy(), np.zeros((len(x), 3), dtype=np.uint8)
    ctrl[x == M, 0] = 1
    y[edit.positions], ctrl[edit.positions] = edit.tokens, edit.ctrl
    return y, ctrl


def test_a_negative_position_is_an_error_not_a_halt():
    with pytest.raises(StepShapeError, match="step 0"):
        run(APMDM(VOCAB), lambda x: Edit([-1], [3], [[0, 0, 0]]), [0, M])
    with pytest.raises(StepShapeError):
        run(APMDM(VOCAB), lambda x: Edit([HALT_POSITION], [3], [[0, 0, 0]]), [0, M])


def test_a_compiled_negative_position_is_an_error_and_halt_edit_still_halts():
    @njit
    def off_by_one(x):
        return edit_at(np.array([-1]), np.zeros(1, np.int32), 1, 0, 0)

    @njit
    def stops(x):
        return halt_edit()
    with pytest.raises(StepShapeError) as caught:
        run(APMDM(VOCAB), off_by_one, [0, 3])
    assert caught.value.step == 0 and caught.value.partial.stopped_by == "error"
    assert run(APMDM(VOCAB), stops, [0, 3]).stopped_by == "halted"
    assert normalize_step(APMDM_CODE, halt_edit(), 2, 0) is None


@pytest.mark.parametrize("tokens", [np.array([2**32 + 3], np.int64),
                                    np.array([2**32 + 3], np.uint64),
                                    np.array([2**63 + 3], np.uint64), [2**32 + 3]])
def test_token_ids_are_range_checked_before_narrowing(tokens):
    with pytest.raises(UnknownTokenError):
        run(MDM(VOCAB), lambda x: (np.array([1]), tokens), [0, M])


def test_arm_token_out_of_int32_is_an_unknown_token_not_an_overflow():
    with pytest.raises(UnknownTokenError, match="step 0"):
        run(ARM(VOCAB), lambda x: 2**32 + 3, [0])


def test_token_equal_to_the_vocabulary_size_is_unknown():
    with pytest.raises(UnknownTokenError):
        run(MDM(VOCAB), lambda x: (np.array([1]), np.array([len(VOCAB)])), [0, M])
    last = run(MDM(VOCAB), lambda x: (np.array([1]), np.array([len(VOCAB) - 1])), [0, M])
    assert last.final[1] == 5


@pytest.mark.parametrize("ctrl", [np.full((2, 3), 0.05), np.array([[0, 2, 0], [0, 0, 0]], np.uint8),
                                  np.array([[0, 0, 0], [-1, 0, 0]]), np.full((2, 3), 3, np.int64)])
def test_control_bits_other_than_0_or_1_are_refused(ctrl):
    with pytest.raises(StepShapeError, match="0 or 1|threshold") as caught:
        run(APMDM(VOCAB), lambda x: (np.full(len(x), 3), ctrl), [0, M])
    assert caught.value.step == 0 and caught.value.partial is not None


def test_float_controls_are_refused_with_a_hint_to_threshold():
    with pytest.raises(StepShapeError, match="threshold"):
        run(APMDM(VOCAB), lambda x: Edit([1], [3], [[0.0, 0.0, 0.0]]), [0, M])


def test_float_tokens_are_refused():
    with pytest.raises(StepShapeError):
        run(APMDM(VOCAB), lambda x: (np.full(len(x), 3.0), np.zeros((len(x), 3), int)), [0, M])


def test_threshold_makes_probabilities_usable():
    probs = np.array([[0.05, 0.9, 0.5], [0.6, 0.0, 0.0]])
    assert threshold(probs).tolist() == [[0, 1, 0], [1, 0, 0]]
    result = run(APMDM(VOCAB), lambda x: (np.full(len(x), 3), threshold(np.zeros((len(x), 3)))),
                 [0, M])
    assert result.final.tolist() == [0, 3]
    with pytest.raises(InvalidArgumentError):
        threshold([[np.nan, 0, 0]])


def test_arm_token_as_bool_is_refused():
    with pytest.raises(StepShapeError):
        normalize_step(ARM_CODE, True, 1, 0)
