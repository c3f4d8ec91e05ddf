"""The sparse in-place step kernel agrees with the dense rule g, whatever the buffer's free room."""

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from simulators import step
from tests.reference import g_reference, sparse_as_dense
from tests.strategies import MASK, VOCAB_SIZE, sequences, sparse_steps

NO_LIMIT = step.NO_LIMIT


def apply_sparse(buf, start, end, positions, tokens, ctrl, max_context=NO_LIMIT):
    counts = np.zeros(step.STEP_COUNTS, dtype=np.int64)
    status, bad, buf, start, end, _ = step.apply_step(
        step.APMDM, buf, start, end, positions, tokens, ctrl, MASK, VOCAB_SIZE, 1, 0,
        max_context, counts)
    return status, bad, buf, start, end, counts


@st.composite
def runs_of_sparse_steps(draw):
    x = draw(sequences(max_size=30))
    slack = draw(st.integers(0, 8))
    steps = []
    current = x.tolist()
    for _ in range(draw(st.integers(1, 6))):
        positions, tokens, ctrl = draw(sparse_steps(np.array(current, dtype=np.int32)))
        steps.append((positions, tokens, ctrl))
        y, dense = sparse_as_dense(current, positions, tokens, ctrl, MASK)
        current = g_reference(current, y, dense, MASK)
    return x, slack, steps


@settings(max_examples=2000)
@given(runs_of_sparse_steps())
def test_sparse_steps_in_a_buffer_equal_dense_g_step_by_step(case):
    x, slack, steps = case
    buf, start, end = step.new_buffer(x, slack=slack)
    current = x.tolist()
    for positions, tokens, ctrl in steps:
        y, dense = sparse_as_dense(current, positions, tokens, ctrl, MASK)
        expected = g_reference(current, y, dense, MASK)
        status, _, buf, start, end, counts = apply_sparse(buf, start, end, positions, tokens, ctrl)
        assert status == step.OK
        assert buf[start:end].tolist() == expected
        deleted = sum(1 for p, row in zip(positions, ctrl) if row[2] and current[p] == MASK)
        assert counts[step.DELETES] == deleted
        current = expected


def test_deleting_next_to_the_front_of_a_long_sequence_moves_only_the_front():
    x = np.arange(100_000, dtype=np.int32) % 5 + 3
    x[1] = x[2] = MASK
    buf, start, end = step.new_buffer(np.where(x >= VOCAB_SIZE, 3, x))
    tail_before = buf[start + 3:end].copy()
    tail_address = buf[start + 3:].__array_interface__["data"][0]
    ctrl = np.array([[0, 0, 1], [0, 0, 1]], dtype=np.uint8)
    status, _, new_buf, new_start, new_end, _ = apply_sparse(
        buf, start, end, np.array([1, 2]), np.zeros(2, np.int32), ctrl)
    assert status == step.OK and new_buf is buf
    assert new_end == end and new_start == start + 2  # the tail did not move; BOS moved by 2
    assert new_buf[new_start + 1:].__array_interface__["data"][0] == tail_address
    assert np.array_equal(new_buf[new_start + 1:new_end], tail_before)


def test_rejected_step_leaves_the_sequence_untouched():
    x = np.array([0, MASK, 3, MASK], dtype=np.int32)
    buf, start, end = step.new_buffer(x)
    before = buf.copy()
    ctrl = np.array([[0, 1, 0], [0, 0, 0]], dtype=np.uint8)
    status, bad, *_ = apply_sparse(buf, start, end, np.array([1, 3]), np.array([4, MASK], np.int32), ctrl)
    assert status == step.MASK_EMITTED and bad == 1
    assert np.array_equal(buf, before)


def test_context_limit_refuses_a_step_that_grows_past_it():
    x = np.array([0, 3], dtype=np.int32)
    buf, start, end = step.new_buffer(x)
    ctrl = np.array([[0, 1, 0]], dtype=np.uint8)
    status, *_ = apply_sparse(buf, start, end, np.array([1]), np.zeros(1, np.int32), ctrl, max_context=2)
    assert status == step.CONTEXT_LIMIT


def test_deleting_the_very_first_token_moves_nothing():
    x = np.full(50_000, MASK, dtype=np.int32)
    buf, start, end = step.new_buffer(x)
    tail_address = buf[start + 1:].__array_interface__["data"][0]
    ctrl = np.array([[0, 0, 1]], dtype=np.uint8)
    status, _, new_buf, new_start, new_end, _ = apply_sparse(
        buf, start, end, np.array([0]), np.zeros(1, np.int32), ctrl)
    assert status == step.OK and new_buf is buf and (new_start, new_end) == (start + 1, end)
    assert new_buf[new_start:].__array_interface__["data"][0] == tail_address


def test_inserting_at_the_front_again_and_again_regrows_the_buffer_and_keeps_order():
    buf, start, end = step.new_buffer(np.array([3, 4], dtype=np.int32), slack=0)
    ctrl = np.array([[0, 1, 0]], dtype=np.uint8)
    for _ in range(100):  # insert a mask after position 0, then unmask it to 5
        _, _, buf, start, end, _ = apply_sparse(buf, start, end, np.array([0]), np.zeros(1, np.int32), ctrl)
        _, _, buf, start, end, _ = apply_sparse(buf, start, end, np.array([1]), np.full(1, 5, np.int32),
                                                np.zeros((1, 3), np.uint8))
    assert buf[start:end].tolist() == [3] + [5] * 100 + [4]


@settings(max_examples=200, deadline=None)
@given(st.integers(64, 5000), st.data())
def test_long_moves_either_way_equal_dense_g(length, data):
    """Edits in a long sequence move a side of thousands of tokens, left or right, in
    blocks: every cell must land where g puts it."""
    rng = np.random.default_rng(length)
    x = rng.integers(3, VOCAB_SIZE, length).astype(np.int32)
    where = data.draw(st.lists(st.integers(0, length - 1), min_size=1, max_size=4, unique=True))
    x[where] = MASK
    positions = np.array(sorted(where), dtype=np.int64)
    ctrl = np.zeros((len(positions), 3), dtype=np.uint8)
    ctrl[:, 0] = 1  # keep the masks masks
    ctrl[:, 1] = data.draw(st.lists(st.integers(0, 1), min_size=len(positions),
                                    max_size=len(positions)))
    ctrl[:, 2] = 1 - ctrl[:, 1]  # each either spawns a mask after it or is deleted
    tokens = np.zeros(len(positions), dtype=np.int32)
    slack = data.draw(st.integers(0, 8))
    buf, start, end = step.new_buffer(x, slack=slack)
    y, dense = sparse_as_dense(x.tolist(), positions, tokens, ctrl, MASK)
    expected = g_reference(x.tolist(), y, dense, MASK)
    status, _, buf, start, end, _ = apply_sparse(buf, start, end, positions, tokens, ctrl)
    assert status == step.OK and buf[start:end].tolist() == expected


def test_a_control_bit_of_2_is_refused_in_every_column():
    x = np.array([0, MASK, 3], dtype=np.int32)
    for column in range(3):
        ctrl = np.zeros((1, 3), dtype=np.uint8)
        ctrl[0, column] = 2
        buf, start, end = step.new_buffer(x)
        status, bad, *_ = apply_sparse(buf, start, end, np.array([1]), np.array([3], np.int32),
                                       ctrl)
        assert (status, bad) == (step.BAD_CONTROL, 0)
