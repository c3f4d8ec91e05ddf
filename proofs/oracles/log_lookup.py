"""T3's canvas view on a Masked-ARM: the current token of position p, from a left-to-right edit log.

In the any-order MDM → Masked-ARM simulation (Theorem 3, PAPER.md §2) the Masked-ARM
writes, left to right, a log of (position, token) entries for what the MDM decoded; to
run the MDM's step it must know the current content of each canvas position p: the
token of the latest log entry for p, or the original canvas token if there is none.
This process writes that view, one position per step. Layout (tokens ``[BOS] [EOS]
[MASK] [SEP] [HOLE]``, then numbers ``0 ..``, used both for positions and tokens)::

    [BOS]  c_0 .. c_{m-1}  [SEP]  p_1 t_1 .. p_E t_E  [SEP]  [MASK] x m
           the original canvas    the log, oldest first      the view, left to right

``[HOLE]`` marks an original position that was still masked (so the view shows a hole
where the log has no entry). Each step unmasks the leftmost mask, view cell k, with the
current content of position k. This is our layout; the T3 construction may differ.

Examples
--------
>>> x = canvas([HOLE, NUM0 + 7, HOLE], [(0, 5), (2, 6), (0, 8)])
>>> [int(policy(x)[1][0]) - NUM0]
[8]
"""

import numpy as np

from simulators.errors import InvalidArgumentError
from simulators.machines import MaskedARM
from simulators.vocab import Vocab

__all__ = ["NUM0", "SEP", "HOLE", "MASK", "TOKENS", "vocabulary", "machine", "canvas", "prompt",
           "policy", "view"]

BOS, EOS, MASK, SEP, HOLE, NUM0 = 0, 1, 2, 3, 4, 5
TOKENS = 8
"""Canvas tokens are the numbers 0..TOKENS-1 in generated instances."""


def vocabulary(n):
    """Return the vocabulary for a canvas of n positions."""
    return Vocab(["[BOS]", "[EOS]", "[MASK]", "[SEP]", "[HOLE]"]
                 + [str(k) for k in range(max(n, TOKENS))])


def machine(n):
    """Return the Masked-ARM over :func:`vocabulary` (n)."""
    return MaskedARM(vocabulary(n))


def canvas(original, log):
    """Return the canvas for the ``original`` tokens (ids) and ``log`` entries (position, number).

    Raises
    ------
    InvalidArgumentError
        If a logged position is outside the canvas.
    """
    m = len(original)
    if any(not 0 <= p < m for p, _ in log):
        raise InvalidArgumentError(f"logged positions must lie in 0..{m - 1}")
    entries = [NUM0 + v for pair in log for v in pair]
    return np.array([BOS, *original, SEP, *entries, SEP] + [MASK] * m, dtype=np.int32)


def prompt(n, rng=None):
    """Return a canvas of n positions (about a third holes) and a log of n entries."""
    rng = np.random.default_rng(rng)
    original = np.where(rng.random(n) < 0.35, HOLE, NUM0 + rng.integers(0, TOKENS, n))
    log = list(zip(rng.integers(0, n, n), rng.integers(0, TOKENS, n))) if n else []
    return canvas(original.tolist(), log)


def policy(x):
    """Unmask the leftmost view cell with the current content of its canvas position."""
    x = np.asarray(x)
    masks = np.flatnonzero(x == MASK)
    if masks.size == 0:
        return None
    first, second = np.flatnonzero(x == SEP)[:2]
    k = int(masks[0] - second - 1)
    token = int(x[1 + k])
    for entry in range(first + 1, second, 2):
        if x[entry] == NUM0 + k:
            token = int(x[entry + 1])
    return np.array([masks[0]], dtype=np.int64), np.array([token], dtype=np.int32)


def view(final):
    """Return the view (token ids) from a finished canvas."""
    final = np.asarray(final)
    second = np.flatnonzero(final == SEP)[1]
    return final[second + 1:]
