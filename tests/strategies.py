"""The kit's strategies at the fixed six-token vocabulary our kernel tests use (MASK = 2)."""

from hypothesis import strategies as st

from proofs.oracles import log_lookup
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


@st.composite
def logged_canvases(draw, max_m, max_log):
    """T3's view input: ``(m, original, log)``, m tokens (holes or numbers) and up to
    ``max_log`` logged writes ``(position, value)`` over them."""
    m = draw(st.integers(1, max_m))
    token = st.one_of(st.just(log_lookup.HOLE),
                      st.integers(0, 7).map(lambda v: log_lookup.NUM0 + v))
    original = draw(st.lists(token, min_size=m, max_size=m))
    log = draw(st.lists(st.tuples(st.integers(0, m - 1), st.integers(0, 7)), max_size=max_log))
    return m, original, log
