"""Hypothesis strategies for sequences and steps of the generation machines."""

import numpy as np
from hypothesis import strategies as st

VOCAB_SIZE = 6
MASK = 2


NON_MASK = st.sampled_from([t for t in range(VOCAB_SIZE) if t != MASK])


def sequences(min_size=0, max_size=40, masks=True):
    """int32 sequences over ids 0..VOCAB_SIZE-1; with ``masks``, about half the tokens are MASK."""
    token = st.one_of(st.just(MASK), NON_MASK) if masks else NON_MASK
    return st.lists(token, min_size=min_size, max_size=max_size).map(
        lambda tokens: np.array(tokens, dtype=np.int32))


@st.composite
def dense_labels(draw, length):
    """Candidate tokens (never MASK) and control bits (remask, insert, delete) for each position."""
    y = draw(st.lists(NON_MASK, min_size=length, max_size=length))
    bits = draw(st.lists(st.tuples(*(st.integers(0, 1),) * 3), min_size=length, max_size=length))
    return np.array(y, dtype=np.int32), np.array(bits, dtype=np.uint8).reshape(length, 3)


@st.composite
def apmdm_steps(draw, max_size=40):
    """A sequence and dense labels for one AP-MDM step."""
    x = draw(sequences(max_size=max_size))
    y, ctrl = draw(dense_labels(len(x)))
    return x, y, ctrl


@st.composite
def sparse_steps(draw, x):
    """A sparse step on ``x``: a sorted subset of positions with tokens and control bits."""
    chosen = sorted(draw(st.sets(st.integers(0, len(x) - 1), max_size=len(x)))) if len(x) else []
    y, ctrl = draw(dense_labels(len(chosen)))
    return np.array(chosen, dtype=np.int64), y, ctrl
