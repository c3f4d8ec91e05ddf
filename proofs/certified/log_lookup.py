"""T3's canvas view as a depth-2 program (the layout of :mod:`proofs.oracles.log_lookup`).

Layer 1: both separators, the leftmost mask, and each cell's left neighbour (so a log
token knows the position it was written to). Layer 2: each view cell k attends to the
log tokens whose position is k and takes the rightmost (the latest), and to the
original token at position 1 + k; it keeps the first if there is one. Only the
leftmost mask writes (Masked-ARM). The graph is the same at every size.
"""

from proofs.oracles import log_lookup as oracle
from proofs.certified import CertifiedPolicy
from simulators import rasp

__all__ = ["log_lookup_program", "LOG_LOOKUP"]

T, I = rasp.TOKENS, rasp.INDICES


def log_lookup_program():
    """Return the step of :func:`proofs.oracles.log_lookup.policy` as a program.

    Examples
    --------
    >>> x = oracle.canvas([oracle.HOLE, oracle.NUM0 + 7], [(0, 5), (0, 8)])
    >>> positions, tokens = log_lookup_program()(x)
    >>> log_lookup_program().depth, positions.tolist(), (tokens - oracle.NUM0).tolist()
    (2, [9], [8])
    """
    one = rasp.constant(1)
    is_sep = rasp.select(T, rasp.constant(oracle.SEP), "==")
    first = rasp.aggregate(is_sep, I, "min", default=-1, label="first separator")
    second = rasp.aggregate(is_sep, I, "max", default=-1, label="second separator")
    is_mask = rasp.map(lambda t: t == oracle.MASK, T, label="is_mask")
    leftmost = rasp.aggregate(rasp.select(is_mask, one, "=="), I, "min", default=-1,
                              label="leftmost mask")
    left = rasp.aggregate(rasp.select(I, rasp.map(lambda p: p - 1, I), "=="), T, "max",
                          default=-1, label="left neighbour")
    is_log_token = rasp.seq_map(lambda p, s1, s2: s1 < p < s2 and (p - s1) % 2 == 0,
                                I, first, second, label="log token")
    wanted = rasp.seq_map(lambda p, s2: oracle.NUM0 + p - s2 - 1, I, second, label="position k")
    logged = rasp.aggregate(rasp.select(left, wanted, "==") & rasp.select(is_log_token, one, "=="),
                            T, "last", default=-1, label="latest entry")
    original = rasp.aggregate(
        rasp.select(I, rasp.seq_map(lambda p, s2: p - s2, I, second), "=="), T, "max",
        default=-1, label="original token")
    token = rasp.seq_map(lambda new, old: old if new == -1 else new, logged, original,
                         label="current token")
    write = rasp.seq_map(lambda p, f: p == f, I, leftmost, label="write")
    halt = rasp.map(lambda f: f == -1, leftmost, label="halt")
    return rasp.Program("mdm", {"write": write, "token": token, "halt": halt}, name="log-lookup")


LOG_LOOKUP = CertifiedPolicy(
    "log-lookup", "T3 canvas view, Masked-ARM: position k's latest logged token, left to right",
    lambda n: log_lookup_program(), oracle.policy, oracle.machine, oracle.prompt)
"""The T3 view, certified (``genpower depth log-lookup``)."""
