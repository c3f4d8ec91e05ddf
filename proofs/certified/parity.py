"""Parity's steps as constant-depth programs: AP-MDM elimination, MDM tree level, ARM prefix parity.

The layouts and token ids are those of :mod:`proofs.oracles.parity`; each program is
checked against the oracle policy there (``elimination_policy``, ``tree_policy``).

- **Elimination** (depth 1): three heads read the length and the two tokens after BOS
  into every position; a map at each position then decides, as the oracle does, whether
  it is acted on (remask or delete) and whether the run halts.
- **Tree level** (depth 2): the length gives n and so the tree's layout, the leftmost
  mask gives the level being written; each cell of that level reads its two children
  (a head each, at positions computed from its own index and n) and writes their XOR.
- **Prefix parity** (ARM, depth 2): the length and the first position after BOS that
  holds no bit (SEP) give the number k of parities written; the last position reads
  bit k + 1 and XORs it with its own token, the previous parity (or appends EOS).
"""

from proofs.oracles import parity as oracle
from proofs.certified import CertifiedPolicy
from simulators import rasp
from simulators.machines import APMDM, ARM, MDM
from theory.families import parity

__all__ = ["elimination_program", "tree_program", "prefix_parity_program", "ELIMINATION", "TREE",
           "PREFIX_PARITY"]

T, I = rasp.TOKENS, rasp.INDICES
ONE_, ZERO_, MASK_ = oracle.ONE, oracle.ZERO, oracle.MASK


def _token_at(position, label):
    """The token at ``position`` (a constant), broadcast to every position; -1 if none."""
    return rasp.aggregate(rasp.select(I, rasp.constant(position), "=="), T, "max", default=-1,
                          label=label)


def _elimination_action(a, b):
    """Which of positions 1, 2 the oracle acts on, and how: ((positions), 'remask'|'delete')."""
    if a == MASK_ and b == MASK_:
        return (1, 2), "delete"
    if a == MASK_:
        return (1,), "delete"
    if b == MASK_:
        return (2,), "delete"
    if b == -1 or (a == ZERO_ and b == ONE_):
        return (1,), "remask"
    if a == ONE_ and b == ZERO_:
        return (2,), "remask"
    return (1, 2), "remask"


def elimination_program():
    """Return the AP-MDM elimination step of :func:`proofs.oracles.parity.elimination_policy`.

    Examples
    --------
    >>> import numpy as np
    >>> program = elimination_program()
    >>> program.depth, program(np.array([0, 4, 3], dtype=np.int32)).positions.tolist()
    (1, [2])
    """
    size = rasp.length()
    a, b = _token_at(1, "x[1]"), _token_at(2, "x[2]")
    halt = rasp.seq_map(lambda n, first: n == 1 or (n == 2 and first == ONE_), size, a,
                        label="halt")

    def acts(i, first, second, how):
        positions, kind = _elimination_action(first, second)
        return i in positions and kind == how

    remask = rasp.seq_map(lambda i, x1, x2: acts(i, x1, x2, "remask"), I, a, b, label="remask")
    delete = rasp.seq_map(lambda i, x1, x2: acts(i, x1, x2, "delete"), I, a, b, label="delete")
    act = rasp.seq_map(lambda r, d: r or d, remask, delete, label="act")
    zero = rasp.constant(0)
    return rasp.Program("apmdm", {"act": act, "token": zero, "remask": remask, "insert": zero,
                                  "delete": delete, "halt": halt}, name="parity-elimination")


def _leaves(length):
    """The n whose tree canvas has ``length`` tokens (binary search: the length grows with n)."""
    low, high = 0, length
    while low < high:
        middle = (low + high) // 2
        if 1 + sum(oracle.tree_level_sizes(middle)) < length:
            low = middle + 1
        else:
            high = middle
    return low


def _layout(n):
    sizes = oracle.tree_level_sizes(n)
    offsets = [1]
    for size in sizes:
        offsets.append(offsets[-1] + size)
    return sizes, offsets


def _level_of(position, n):
    """The tree level holding ``position`` (0 = the bits), or -1 for BOS or outside."""
    _, offsets = _layout(n)
    for level in range(len(offsets) - 1):
        if offsets[level] <= position < offsets[level + 1]:
            return level
    return -1


def _child(position, n, which):
    """Position of child ``which`` (0, 1) of the node at ``position``; -1 if it has none."""
    sizes, offsets = _layout(n)
    level = _level_of(position, n)
    if level < 1:
        return -1
    k = 2 * (position - offsets[level]) + which
    return offsets[level - 1] + k if k < sizes[level - 1] else -1


def tree_program():
    """Return one level of the MDM XOR tree of :func:`proofs.oracles.parity.tree_policy`.

    Examples
    --------
    >>> import numpy as np
    >>> from proofs.oracles.parity import mdm_canvas
    >>> positions, tokens = tree_program()(mdm_canvas([1, 1, 0]))
    >>> tree_program().depth, positions.tolist(), (tokens - 3).tolist()
    (2, [4, 5], [0, 0])
    """
    n = rasp.map(_leaves, rasp.length(), label="n")
    is_mask = rasp.map(lambda t: t == MASK_, T, label="is_mask")
    first_mask = rasp.aggregate(rasp.select(is_mask, rasp.constant(1), "=="), I, "min",
                                default=-1, label="first mask")
    current = rasp.seq_map(lambda f, size: _level_of(f, size) if f >= 0 else -1, first_mask, n,
                           label="level written")
    level = rasp.seq_map(_level_of, I, n, label="level")
    left, right = (rasp.aggregate(
        rasp.select(I, rasp.seq_map(lambda p, size, w=which: _child(p, size, w), I, n), "=="),
        T, "max", default=-1, label=f"child {which}") for which in (0, 1))
    token = rasp.seq_map(lambda u, v: u if v == -1 else ZERO_ + ((u - ZERO_) ^ (v - ZERO_)),
                         left, right, label="xor")
    write = rasp.seq_map(lambda here, now: now >= 1 and here == now, level, current, label="write")
    halt = rasp.map(lambda f: f == -1, first_mask, label="halt")
    return rasp.Program("mdm", {"write": write, "token": token, "halt": halt}, name="parity-tree")


def prefix_parity_program():
    """Return the ARM step of :func:`proofs.oracles.parity.prefix_parity_policy` as a program.

    Examples
    --------
    >>> program = prefix_parity_program()
    >>> x = oracle.arm_prompt([1, 1])
    >>> program.depth, [oracle.VOCAB.names[program(x)]]
    (2, ['p1'])
    """
    size = rasp.length()
    is_bit = rasp.map(lambda t: t in (ZERO_, ONE_), T, label="is_bit")
    no_bit = rasp.select(is_bit, rasp.constant(0), "==") & rasp.select(I, rasp.constant(1), ">=")
    first_no_bit = rasp.aggregate(no_bit, I, "min", default=-1, label="first non-bit")
    bits = rasp.seq_map(lambda f, n: (f if f >= 0 else max(n - 1, 1)) - 1, first_no_bit, size,
                        label="bits")
    written = rasp.seq_map(lambda n, b: n - b - 2, size, bits, label="written")
    next_bit = rasp.aggregate(rasp.select(I, rasp.map(lambda w: w + 1, written), "=="), T, "max",
                              default=-1, label="next bit")
    token = rasp.seq_map(
        lambda w, b, bit, last: oracle.EOS if w == b else
        (oracle.P1 if (w > 0 and last == oracle.P1) != (bit == ONE_) else oracle.P0),
        written, bits, next_bit, T, label="token")
    return rasp.Program("arm", {"token": token}, name="parity-prefix")


ELIMINATION = CertifiedPolicy(
    "parity-elimination", "parity, AP-MDM: remask or delete the two tokens after BOS",
    lambda n: elimination_program(), oracle.elimination_policy, lambda n: APMDM(oracle.VOCAB),
    lambda n, rng: oracle.apmdm_prompt(parity.generate(n, rng)), ("parity", "apmdm"))
"""The elimination step, certified (``genpower depth parity-elimination``)."""

TREE = CertifiedPolicy(
    "parity-tree", "parity, MDM: unmask one level of the balanced XOR tree",
    lambda n: tree_program(), oracle.tree_policy, lambda n: MDM(oracle.VOCAB),
    lambda n, rng: oracle.mdm_canvas(parity.generate(n, rng)), ("parity", "mdm"))
"""One tree level, certified (``genpower depth parity-tree``)."""

PREFIX_PARITY = CertifiedPolicy(
    "parity-prefix", "parity, ARM: append the parity of the next prefix, then EOS",
    lambda n: prefix_parity_program(), oracle.prefix_parity_policy, lambda n: ARM(oracle.VOCAB),
    lambda n, rng: oracle.arm_prompt(parity.generate(n, rng)), ("parity", "arm"))
"""One prefix parity, certified (``genpower depth parity-prefix``)."""
