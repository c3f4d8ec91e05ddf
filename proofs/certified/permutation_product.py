"""The product of n permutations of five elements by a balanced tree: its depth grows as log n.

Round d composes, at every position whose offset is a multiple of 2^(d+1), its partial
product with the one 2^d positions to its right (one head per round); the mask then
reads position 1. This is the natural parallel program, and for this step no constant
depth one is expected: the step is NC¹-complete (Barrington), while constant-depth
transformers are in TC⁰. The language proves no lower bound; the certificate shows
the measured depth of the natural program growing with n, and the prefix sums of
:mod:`proofs.certified.prefix_sum` show that growing depth in one program does not by
itself mean the step needs it.
"""

import math

from proofs.oracles import permutation_product as oracle
from proofs.certified import CertifiedPolicy
from simulators import rasp

__all__ = ["tree_product_program", "PERMUTATION_PRODUCT"]

T, I = rasp.TOKENS, rasp.INDICES


def tree_product_program(n):
    """Return the balanced-tree product for canvases of n permutations.

    Examples
    --------
    >>> [tree_product_program(n).depth for n in (1, 2, 16, 1024)]
    [1, 2, 5, 11]
    """
    identity = oracle.index(range(5))
    partial = rasp.seq_map(lambda t, p: t - oracle.PERM0 if 1 <= p <= n else identity, T, I,
                           label="permutation")
    for d in (1 << k for k in range(math.ceil(math.log2(n)) if n > 1 else 0)):
        right = rasp.aggregate(rasp.select(I, rasp.map(lambda p, d=d: p + d, I), "=="), partial,
                               "max", default=identity, label=f"product {d} ahead")
        partial = rasp.seq_map(
            lambda a, b, p, d=d: oracle.COMPOSE[a, b] if (p - 1) % (2 * d) == 0 and p + d <= n
            else a, partial, right, I, label=f"product of {2 * d}")
    product = rasp.aggregate(rasp.select(I, rasp.constant(1), "=="), partial, "max",
                             default=identity, label="product")
    is_mask = rasp.map(lambda t: t == oracle.MASK, T, label="is_mask")
    last_is_mask = rasp.aggregate(rasp.select(I, rasp.constant(n + 1), "=="), is_mask, "max",
                                  label="unwritten")
    token = rasp.map(lambda v: oracle.PERM0 + v, product, label="token")
    halt = rasp.map(lambda m: m == 0, last_is_mask, label="halt")
    return rasp.Program("mdm", {"write": is_mask, "token": token, "halt": halt},
                        name="permutation-product")


PERMUTATION_PRODUCT = CertifiedPolicy(
    "permutation-product", "product of n permutations of 5 elements by a tree: depth grows (NC¹)",
    tree_product_program, oracle.policy, oracle.machine, oracle.prompt, constant_depth=False)
"""The natural program for an NC¹-complete step: its depth grows as log n."""
