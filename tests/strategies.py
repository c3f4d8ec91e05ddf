"""The kit's strategies at the fixed six-token vocabulary our kernel tests use (MASK = 2)."""

from hypothesis import strategies as st

from simulators.testing import strategies as kit
from simulators.vocab import Vocab

VOCAB = Vocab(["[BOS]", "[EOS]", "[MASK]", "a", "b", "c"])
VOCAB_SIZE = len(VOCAB)
MASK = VOCAB.mask_id


def sequences(min_size=0, max_size=40, masks=True):
    """int32 sequences over VOCAB; with ``masks``, about half the tokens are MASK."""
    return kit.sequences(VOCAB, min_size, max_size, masks)


def dense_labels(length):
    """Candidate tokens (never MASK) and control bits (remask, insert, delete) for each position."""
    return kit.dense_steps(VOCAB, [0] * length)


@st.composite
def apmdm_steps(draw, max_size=40):
    """A sequence and dense labels for one AP-MDM step."""
    x = draw(sequences(max_size=max_size))
    y, ctrl = draw(dense_labels(len(x)))
    return x, y, ctrl


def sparse_steps(x):
    """A sparse AP-MDM step on ``x``: a sorted subset of positions with tokens and control bits."""
    return kit.sparse_steps(VOCAB, x, "apmdm")
