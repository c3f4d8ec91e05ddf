"""T1's memory read as a depth-2 program (the layout of :mod:`proofs.oracles.memory_lookup`).

Layer 1: the separator's position, and each cell's left neighbour (so a value cell of
the log knows its address, and a query's mask knows the address it reads). Layer 2:
each mask attends to the log's value cells whose address equals its own and takes the
rightmost, the latest write; with none selected it reads 0. The graph is the same at
every size.
"""

from proofs.oracles import memory_lookup as oracle
from proofs.certified import CertifiedPolicy
from simulators import rasp

__all__ = ["memory_lookup_program", "MEMORY_LOOKUP"]

T, I = rasp.TOKENS, rasp.INDICES


def memory_lookup_program():
    """Return the step of :func:`proofs.oracles.memory_lookup.policy` as a program.

    Examples
    --------
    >>> program = memory_lookup_program()
    >>> positions, tokens = program(oracle.canvas([(1, 5), (2, 7), (1, 6)], [1, 2, 3]))
    >>> program.depth, (tokens - oracle.NUM0).tolist()
    (2, [6, 7, 0])
    """
    one = rasp.constant(1)
    separator = rasp.aggregate(rasp.select(T, rasp.constant(oracle.SEP), "=="), I, "min",
                               default=-1, label="separator")
    left = rasp.aggregate(rasp.select(I, rasp.map(lambda p: p - 1, I), "=="), T, "max",
                          default=-1, label="left neighbour")
    is_value = rasp.seq_map(lambda p, s: 0 < p < s and p % 2 == 0, I, separator,
                            label="log value cell")
    latest = rasp.aggregate(rasp.select(left, left, "==") & rasp.select(is_value, one, "=="),
                            T, "last", default=oracle.NUM0, label="latest write")
    is_mask = rasp.map(lambda t: t == oracle.MASK, T, label="is_mask")
    any_mask = rasp.aggregate(rasp.select(is_mask, one, "=="), one, "max", default=0,
                              label="any mask")
    halt = rasp.map(lambda m: m == 0, any_mask, label="halt")
    return rasp.Program("mdm", {"write": is_mask, "token": latest, "halt": halt},
                        name="memory-lookup")


MEMORY_LOOKUP = CertifiedPolicy(
    "memory-lookup", "T1 memory read, MDM: each query takes the latest write to its address",
    lambda n: memory_lookup_program(), oracle.policy, oracle.machine, oracle.prompt)
"""The T1 read, certified (``genpower depth memory-lookup``)."""
