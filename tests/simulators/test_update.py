"""Laws of the AP-MDM update rule g (Algorithm 1), checked on thousands of random steps."""

import numpy as np
import pytest
from hypothesis import example, given, settings

from simulators.testing.profiles import examples
from simulators.errors import StepShapeError
from simulators.update import apply_g, as_controls
from tests.reference import g_reference
from tests.strategies import MASK, apmdm_steps, dense_labels, sequences

MANY = settings(max_examples=examples(2000))  # HYPOTHESIS_PROFILE=dev: 200, for mutation runs


@MANY
@given(apmdm_steps())
@example((np.array([0, MASK, 4], dtype=np.int32), np.array([0, 3, 4], dtype=np.int32),
          np.array([[0, 1, 1], [0, 1, 1], [0, 0, 0]], dtype=np.uint8)))
def test_kernel_equals_plain_python_algorithm_1(step):
    x, y, ctrl = step
    assert apply_g(x, y, ctrl, MASK).tolist() == g_reference(x.tolist(), y.tolist(), ctrl.tolist(), MASK)


@MANY
@given(apmdm_steps())
def test_length_law_deleted_masks_leave_and_inserts_on_kept_positions_add(step):
    x, y, ctrl = step
    deleted = (ctrl[:, 2] == 1) & (x == MASK)
    inserts_kept = (ctrl[:, 1] == 1) & ~deleted
    assert len(apply_g(x, y, ctrl, MASK)) == len(x) - deleted.sum() + inserts_kept.sum()


@MANY
@given(apmdm_steps())
def test_kept_tokens_keep_their_order(step):
    x, _, ctrl = step
    unmask_token = 5  # mark unmasked tokens so they can be told from kept ones
    x = np.where(x == unmask_token, 4, x).astype(np.int32)
    out = apply_g(x, np.full(len(x), unmask_token), ctrl, MASK)
    kept = [int(t) for t, row in zip(x, ctrl) if t != MASK and row[0] == 0]
    assert [int(t) for t in out if t not in (MASK, unmask_token)] == kept


@MANY
@given(apmdm_steps())
def test_remask_beats_unmask_and_delete_removes_only_masks(step):
    x, y, ctrl = step
    ctrl = ctrl.copy()
    ctrl[:, 1] = 0  # no inserts, so position i of the output is traceable
    ctrl[:, 2] = np.where(x == MASK, 0, ctrl[:, 2])  # delete bits only on non-masks: no effect
    out = apply_g(x, y, ctrl, MASK)
    assert len(out) == len(x)
    assert np.all(out[ctrl[:, 0] == 1] == MASK)
    unmasked = (x == MASK) & (ctrl[:, 0] == 0)
    assert np.array_equal(out[unmasked], y[unmasked])


@MANY
@given(sequences(masks=False))
def test_zero_controls_on_mask_free_sequence_are_a_fixed_point(x):
    ctrl = np.zeros((len(x), 3), dtype=np.uint8)
    assert np.array_equal(apply_g(x, x, ctrl, MASK), x)


def test_insert_after_deleted_mask_is_dropped():
    x = np.array([0, MASK], dtype=np.int32)
    out = apply_g(x, [0, 3], [[0, 0, 0], [0, 1, 1]], MASK)
    assert out.tolist() == [0]


@given(sequences(min_size=1), dense_labels(3))
def test_wrong_length_labels_are_refused(x, labels):
    import pytest

    from simulators.errors import StepShapeError
    y, ctrl = labels
    if len(x) != 3:
        with pytest.raises(StepShapeError):
            apply_g(x, y, ctrl, MASK)


@pytest.mark.parametrize("dtype", [np.uint8, np.bool_])
def test_controls_of_the_wrong_shape_are_refused_whatever_their_dtype(dtype):
    with pytest.raises(StepShapeError, match=r"\(3, 3\)"):
        as_controls(np.zeros((2, 3), dtype=dtype), 3)
    with pytest.raises(StepShapeError):
        apply_g([0, MASK, 4], [0, 3, 4], np.zeros((3, 2), dtype=dtype), MASK)


@pytest.mark.parametrize("dtype", [np.uint8, np.bool_])
def test_byte_controls_of_the_right_shape_are_read_without_a_copy(dtype):
    ctrl = np.zeros((3, 3), dtype=dtype)
    assert np.shares_memory(as_controls(ctrl, 3), ctrl)
    assert not np.shares_memory(as_controls(ctrl.astype(np.int64), 3), ctrl)
