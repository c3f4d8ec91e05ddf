"""T1's memory read on an MDM: each query gets the value of the latest write to its address.

In the PRAM→MDM simulation (Theorem 1, PAPER.md §2) memory is append-only: each
parallel step appends a block of (address, value) writes, and a read of address a is
an attention lookup for the most recent entry that wrote a. This is that lookup alone,
as one MDM step. Layout (tokens ``[BOS] [EOS] [MASK] [SEP]``, then numbers ``0 ..``)::

    [BOS]  a_1 v_1  a_2 v_2 ... a_W v_W  [SEP]  q_1 [MASK]  q_2 [MASK] ... q_Q [MASK]

Entries are in write order, block after block; within a block the rightmost entry
wins (a CRCW write by the highest-numbered processor). Memory starts at 0, so an
address never written reads 0. One step unmasks every query's mask with its value.
This is our layout; the PRAM→MDM construction may order a block's cells differently.

Examples
--------
>>> import numpy as np
>>> x = canvas([(1, 5), (2, 7), (1, 6)], [1, 2, 3])
>>> positions, tokens = policy(x)
>>> positions.tolist(), (tokens - NUM0).tolist()
([9, 11, 13], [6, 7, 0])
"""

import numpy as np

from simulators.errors import InvalidArgumentError
from simulators.machines import MDM
from simulators.vocab import Vocab

__all__ = ["NUM0", "SEP", "MASK", "VALUES", "vocabulary", "machine", "canvas", "prompt",
           "policy", "read_values"]

BOS, EOS, MASK, SEP, NUM0 = 0, 1, 2, 3, 4
VALUES = 16
"""Values are 0..VALUES-1 in generated instances."""


def _numbers(n):
    return max(VALUES, n // 4 + 1)


def vocabulary(n):
    """Return the vocabulary for size n (numbers up to the addresses and values in use)."""
    return Vocab(["[BOS]", "[EOS]", "[MASK]", "[SEP]"] + [str(k) for k in range(_numbers(n))])


def machine(n):
    """Return the MDM over :func:`vocabulary` (n)."""
    return MDM(vocabulary(n))


def canvas(writes, queries):
    """Return the canvas for ``writes`` (address, value) in order and read ``queries`` (addresses).

    Raises
    ------
    InvalidArgumentError
        If an address or value is negative.
    """
    cells = [a for pair in writes for a in pair] + list(queries)
    if any(c < 0 for c in cells):
        raise InvalidArgumentError("addresses and values must be >= 0")
    log = [NUM0 + c for pair in writes for c in pair]
    reads = [t for q in queries for t in (NUM0 + q, MASK)]
    return np.array([BOS] + log + [SEP] + reads, dtype=np.int32)


def prompt(n, rng=None):
    """Return a canvas with n writes to about n/4 addresses and max(1, n/4) reads."""
    rng = np.random.default_rng(rng)
    addresses = max(1, n // 4)
    writes = list(zip(rng.integers(0, addresses, n), rng.integers(0, VALUES, n)))
    return canvas(writes, rng.integers(0, addresses + 1, max(1, n // 4)))


def policy(x):
    """Unmask every query's mask with the latest value written to its address (0 if none)."""
    x = np.asarray(x)
    masks = np.flatnonzero(x == MASK)
    if masks.size == 0:
        return None
    separator = int(np.flatnonzero(x == SEP)[0])
    memory = {}
    for position in range(1, separator - 1, 2):
        memory[int(x[position])] = int(x[position + 1])
    tokens = [memory.get(int(x[m - 1]), NUM0) for m in masks]
    return masks.astype(np.int64), np.array(tokens, dtype=np.int32)


def read_values(final):
    """Return the values read, from a finished canvas."""
    final = np.asarray(final)
    separator = int(np.flatnonzero(final == SEP)[0])
    return final[separator + 2::2] - NUM0
