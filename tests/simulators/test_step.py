"""The sparse in-place step kernel agrees with the dense rule g, whatever the buffer's free room."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from simulators import jit, step
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


# The dense step (y, ctrl): blocks of DENSE_BLOCK positions written into the spare buffer.

BLOCK = step.DENSE_BLOCK
EOS = 1


def apply_dense(x, y, ctrl, spare_size=0, max_context=NO_LIMIT, vocab_size=VOCAB_SIZE):
    """Apply a dense step to ``x`` in a fresh buffer; return status, bad index, the new
    sequence (None unless OK), counts, and whether the old buffer was left untouched."""
    buf, start, end = step.new_buffer(np.asarray(x, dtype=np.int32))
    before = buf.copy()
    counts = np.zeros(step.STEP_COUNTS, dtype=np.int64)
    spare = np.full(spare_size, -7, dtype=np.int32)
    status, bad, new_buf, new_start, new_end, free = step.apply_dense(
        buf, start, end, np.asarray(y, dtype=np.int32), np.asarray(ctrl, dtype=np.uint8),
        MASK, vocab_size, EOS, max_context, counts, spare)
    untouched = np.array_equal(buf, before)
    if status != step.OK:
        assert new_buf is buf and (new_start, new_end) == (start, end)
        return status, bad, None, counts, untouched
    assert free is buf and new_buf is not buf  # the buffers swap
    return status, bad, new_buf[new_start:new_end].tolist(), counts, untouched


def recount(x, y, ctrl):
    """The counts of a dense step, position by position (remask beats unmask, a delete
    removes only a mask and with it its insert)."""
    unmasks = remasks = inserts = deletes = eos = 0
    for token, candidate, (remask, insert, delete) in zip(x, y, ctrl):
        if delete and token == MASK:
            deletes += 1
            continue
        remasks += bool(remask and token != MASK)
        unmasked = token == MASK and not remask
        unmasks += unmasked
        eos |= unmasked and candidate == EOS
        inserts += bool(insert)
    return {step.UNMASKS: unmasks, step.REMASKS: remasks, step.INSERTS: inserts,
            step.DELETES: deletes, step.WRITTEN: unmasks, step.EOS_WRITTEN: int(eos)}


LENGTHS = [0, 1, 2, 31, 32, 33, BLOCK - 1, BLOCK, BLOCK + 1, 2 * BLOCK + 7, 3 * BLOCK]


@st.composite
def dense_cases(draw):
    length = draw(st.sampled_from(LENGTHS) | st.integers(0, 3 * BLOCK))
    rng = np.random.default_rng(draw(st.integers(0, 2**32)))
    x = np.where(rng.random(length) < draw(st.floats(0, 1)), MASK,
                 rng.choice([0, 1, 3, 4, 5], length)).astype(np.int32)
    y = rng.choice([0, 1, 3, 4, 5], length).astype(np.int32)
    ctrl = (rng.random((length, 3)) < np.array(draw(st.tuples(*[st.floats(0, 1)] * 3)))
            ).astype(np.uint8)
    spare_size = draw(st.sampled_from([0, length + 2, 2 * length + 2, 4 * length + 40]))
    return x, y, ctrl, spare_size


@settings(max_examples=300, deadline=None)
@given(dense_cases())
def test_dense_steps_equal_g_and_their_counts_at_every_length_and_spare_size(case):
    x, y, ctrl, spare_size = case
    status, _, new, counts, untouched = apply_dense(x, y, ctrl, spare_size)
    assert status == step.OK and untouched
    assert new == g_reference(x.tolist(), y.tolist(), ctrl.tolist(), MASK)
    assert dict(enumerate(counts.tolist())) == recount(x.tolist(), y.tolist(), ctrl.tolist())


def test_a_dense_step_that_inserts_everywhere_grows_a_small_spare_and_ends_in_a_mask():
    x = np.full(3 * BLOCK + 5, 3, dtype=np.int32)
    ctrl = np.zeros((len(x), 3), dtype=np.uint8)
    ctrl[:, 1] = 1
    for spare_size in (0, len(x) + 2):  # too small: regrown during the step
        status, _, new, counts, _ = apply_dense(x, x, ctrl, spare_size)
        assert status == step.OK and new == [3, MASK] * len(x)
        assert counts[step.INSERTS] == len(x)


def test_a_dense_step_that_deletes_every_mask_keeps_only_the_tokens():
    x = np.array(([MASK] * 3 + [4]) * BLOCK, dtype=np.int32)  # blocks of only masks too
    x[:2 * BLOCK] = MASK
    ctrl = np.zeros((len(x), 3), dtype=np.uint8)
    ctrl[:, 2] = 1
    ctrl[::5, 1] = 1  # a deleted mask takes its insert with it; a kept token keeps it
    status, _, new, counts, _ = apply_dense(x, np.full(len(x), 3), ctrl)
    assert status == step.OK
    assert new == g_reference(x.tolist(), [3] * len(x), ctrl.tolist(), MASK)
    assert counts[step.DELETES] == np.count_nonzero(x == MASK) and MASK not in new[::2]


def test_a_dense_step_that_deletes_everything_leaves_an_empty_sequence():
    x = np.full(2 * BLOCK + 3, MASK, dtype=np.int32)
    ctrl = np.ones((len(x), 3), dtype=np.uint8)
    status, _, new, counts, _ = apply_dense(x, x, ctrl)
    assert status == step.OK and new == [] and counts[step.DELETES] == len(x)


def test_inserting_only_at_the_last_position_appends_a_mask():
    x = np.full(BLOCK + 1, 4, dtype=np.int32)
    ctrl = np.zeros((len(x), 3), dtype=np.uint8)
    ctrl[-1, 1] = 1
    status, _, new, *_ = apply_dense(x, x, ctrl, spare_size=len(x) + 2)
    assert status == step.OK and new == [4] * len(x) + [MASK]


@pytest.mark.parametrize("where", [0, BLOCK - 1, BLOCK, 2 * BLOCK + 5])
@pytest.mark.parametrize("fault, status", [
    ("control 2", step.BAD_CONTROL), ("control 255", step.BAD_CONTROL),
    ("token 6", step.UNKNOWN_TOKEN), ("token -1", step.UNKNOWN_TOKEN),
    ("token mask", step.MASK_EMITTED)])
def test_a_faulty_position_in_any_block_is_named_and_leaves_the_sequence_untouched(
        where, fault, status):
    length = 3 * BLOCK
    x = np.full(length, MASK, dtype=np.int32)
    y = np.full(length, 3, dtype=np.int32)
    ctrl = np.zeros((length, 3), dtype=np.uint8)
    ctrl[::3, 1] = 1  # inserts before and after the fault: blocks get placed before it is seen
    kind, value = fault.split()
    if kind == "control":
        ctrl[where, where % 3] = int(value)
    else:
        y[where] = MASK if value == "mask" else int(value)
    got, bad, _, counts, untouched = apply_dense(x, y, ctrl)
    assert (got, bad) == (status, where) and untouched and not counts.any()


def test_the_first_faulty_position_is_named_when_a_block_has_several():
    x = np.full(2 * BLOCK, MASK, dtype=np.int32)
    y = np.full(len(x), 3, dtype=np.int32)
    ctrl = np.zeros((len(x), 3), dtype=np.uint8)
    ctrl[BLOCK + 9, 0] = 2
    y[BLOCK + 4] = 9
    assert apply_dense(x, y, ctrl)[:2] == (step.UNKNOWN_TOKEN, BLOCK + 4)


def test_a_bad_token_is_refused_only_where_it_is_unmasked():
    x = np.array([3, MASK, MASK, MASK], dtype=np.int32)
    y = np.array([9, 9, 9, 4], dtype=np.int32)  # 9 lies outside the vocabulary
    ctrl = np.array([[0, 0, 0], [1, 0, 0], [0, 0, 1], [0, 0, 0]], dtype=np.uint8)
    status, _, new, *_ = apply_dense(x, y, ctrl)  # kept token, remasked and deleted masks
    assert status == step.OK and new == [3, MASK, 4]


def test_a_dense_step_growing_past_max_context_is_refused_untouched():
    x = np.full(BLOCK + 10, 3, dtype=np.int32)
    ctrl = np.zeros((len(x), 3), dtype=np.uint8)
    ctrl[-1, 1] = 1
    status, _, _, _, untouched = apply_dense(x, x, ctrl, max_context=len(x))
    assert status == step.CONTEXT_LIMIT and untouched
    assert apply_dense(x, x, ctrl, max_context=len(x) + 1)[0] == step.OK


def test_eos_unmasked_in_a_later_block_is_counted():
    x = np.full(2 * BLOCK + 1, MASK, dtype=np.int32)
    y = np.full(len(x), 3, dtype=np.int32)
    y[-1] = EOS
    counts = apply_dense(x, y, np.zeros((len(x), 3), np.uint8))[3]
    assert counts[step.EOS_WRITTEN] == 1 and counts[step.UNMASKS] == len(x)


def test_a_vocabulary_past_int32_accepts_every_nonnegative_token():
    x = np.array([MASK, MASK], dtype=np.int32)
    ctrl = np.zeros((2, 3), dtype=np.uint8)
    top = np.iinfo(np.int32).max
    status, _, new, *_ = apply_dense(x, [top, 3], ctrl, vocab_size=2**40)
    assert status == step.OK and new == [top, 3]
    assert apply_dense(x, [3, -5], ctrl, vocab_size=2**40)[:2] == (step.UNKNOWN_TOKEN, 1)


@settings(max_examples=25, deadline=None)
@given(dense_cases())
def test_the_dense_step_as_plain_python_is_the_compiled_step(case):
    """Short runs start as plain Python (simulators.jit): the same kernel code must give
    the same sequence, counts and status there (a running total kept in a uint8 would
    wrap past 255 as Python, not compiled)."""
    x, y, ctrl, spare_size = case
    if len(x) % 3 == 0 and len(x):  # a third of the cases: a faulty control bit mid-way
        ctrl[len(x) // 2, 0] = 3
    compiled = apply_dense(x, y, ctrl, spare_size)
    with jit.interpreted():
        python = apply_dense(x, y, ctrl, spare_size)
    assert python[:3] == compiled[:3] and python[3].tolist() == compiled[3].tolist()
    assert python[4] and compiled[4]


def test_a_dense_step_of_the_wrong_shape_is_refused_before_anything_is_read():
    x = np.full(5, MASK, dtype=np.int32)
    for y, ctrl in ((np.full(4, 3), np.zeros((5, 3))), (np.full(5, 3), np.zeros((6, 3))),
                    (np.full(5, 3), np.zeros((5, 2)))):
        assert apply_dense(x, y, ctrl)[:2] == (step.BAD_SHAPE, -1)


@pytest.mark.parametrize("machine, positions, ordered_required", [
    (step.MDM, [2, 1], True), (step.APMDM, [2, 1], True), (step.MDM, [1, 1], True),
    (step.ARM, [2], False)])
def test_each_machine_kernel_checks_its_listing_first(machine, positions, ordered_required):
    """The checks every kernel starts with (written once for the three): MDM and AP-MDM
    positions must increase; an ARM lists one position, the end; a refused listing
    leaves the buffer as it was and names its first bad entry."""
    x = np.array([0, MASK, MASK], dtype=np.int32)
    buf, start, end = step.new_buffer(x)
    before = buf.copy()
    counts = np.full(step.STEP_COUNTS, 7, dtype=np.int64)
    k = len(positions)
    status, bad, *_ = step.apply_step(
        machine, buf, start, end, np.array(positions, np.int64), np.full(k, 3, np.int32),
        np.zeros((k, 3), np.uint8), MASK, VOCAB_SIZE, 1, 1, NO_LIMIT, counts)
    if ordered_required:
        assert (status, bad) == (step.BAD_SHAPE, 1)
    else:  # an ARM appends at the end only: position 2 of a length-3 sequence is not it
        assert status == step.BAD_SHAPE
    assert np.array_equal(buf, before) and not counts.any()  # counters cleared, nothing done
