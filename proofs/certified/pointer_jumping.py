"""One round of pointer jumping as a depth-3 program (layout of proofs.oracles.pointer_jumping).

Layer 1: the length (hence n) and the leftmost mask (hence the block being written).
Layer 2: each cell reads its own node's pointer in the block before (``p - n``).
Layer 3: it reads that pointer's pointer, at the block's start plus the pointer.
The graph does not depend on n: the same program runs every round at every size.
"""

from proofs.oracles import pointer_jumping as oracle
from proofs.certified import CertifiedPolicy
from simulators import rasp

__all__ = ["pointer_jumping_program", "POINTER_JUMPING"]

T, I = rasp.TOKENS, rasp.INDICES


def pointer_jumping_program():
    """Return the step of :func:`proofs.oracles.pointer_jumping.policy` as a program.

    Examples
    --------
    >>> program = pointer_jumping_program()
    >>> positions, tokens = program(oracle.canvas([0, 0, 1, 2]))
    >>> program.depth, positions.tolist(), (tokens - oracle.NODE0).tolist()
    (3, [5, 6, 7, 8], [0, 0, 0, 1])
    """
    n = rasp.map(oracle.nodes_for_canvas, rasp.length(), label="n")
    is_mask = rasp.map(lambda t: t == oracle.MASK, T, label="is_mask")
    first = rasp.aggregate(rasp.select(is_mask, rasp.constant(1), "=="), I, "min", default=-1,
                           label="first mask")
    same_node_before = rasp.seq_map(lambda p, size: p - size, I, n, label="p - n")
    pointer = rasp.aggregate(rasp.select(I, same_node_before, "=="), T, "max", default=-1,
                             label="pointer")
    target = rasp.seq_map(lambda p, size, t: p - size - (p - 1) % size + t - oracle.NODE0
                          if size else -1, I, n, pointer, label="pointer's cell")
    grandparent = rasp.aggregate(rasp.select(I, target, "=="), T, "max", default=-1,
                                 label="pointer's pointer")
    write = rasp.seq_map(lambda p, f, size: f >= 0 and f <= p < f + size, I, first, n,
                         label="write")
    halt = rasp.map(lambda f: f == -1, first, label="halt")
    return rasp.Program("mdm", {"write": write, "token": grandparent, "halt": halt},
                        name="pointer-jumping")


POINTER_JUMPING = CertifiedPolicy(
    "pointer-jumping", "forest roots, MDM: one round of pointer jumping per step",
    lambda n: pointer_jumping_program(), oracle.policy, oracle.machine, oracle.prompt)
"""One round of pointer jumping, certified (``genpower depth pointer-jumping``)."""
