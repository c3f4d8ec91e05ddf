"""Depth belongs to the program, not the function: two programs for all prefix sums in one step.

- **Doubling** (Hillis–Steele, the natural parallel scan): round d adds the partial sum
  2^d positions to the left, one head per round, so the graph is built per n and its
  measured depth is ⌈log₂ n⌉ + 1: it grows with n. The certificate reports this; it
  is the example of a step that is *not* certified at constant depth.
- **Mean attention** (depth 2): the k-th mask averages the bits at positions 1..k
  and multiplies by k. Exact mean attention counts, so prefix sums (and parity) are
  constant depth in this language, as in log-precision transformers (TC⁰: iterated
  addition is in TC⁰). A step believed to need depth growing with n is NC¹-hard, such
  as composing n permutations of five elements (Barrington):
  :mod:`proofs.certified.permutation_product`. The language proves no lower bounds, so
  there it can only show that the natural program's depth grows.
"""

import math

from proofs.oracles import prefix_sum as oracle
from proofs.certified import CertifiedPolicy
from simulators import rasp

__all__ = ["doubling_program", "mean_program", "PREFIX_SUM_DOUBLING", "PREFIX_SUM_MEAN"]

T, I = rasp.TOKENS, rasp.INDICES


def _writes_and_halt(n_stream):
    is_mask = rasp.map(lambda t: t == oracle.MASK, T, label="is_mask")
    first = rasp.aggregate(rasp.select(is_mask, rasp.constant(1), "=="), I, "min", default=-1,
                           label="first mask")
    halt = rasp.seq_map(lambda f, n: f != n + 1 or n == 0, first, n_stream, label="halt")
    return is_mask, halt


def doubling_program(n):
    """Return the Hillis–Steele scan for canvases of n bits: depth ⌈log₂ n⌉ + 1.

    Examples
    --------
    >>> [doubling_program(n).depth for n in (1, 2, 16, 1000)]
    [1, 2, 5, 11]
    """
    partial = rasp.seq_map(lambda t, p: t - oracle.NUM0 if 1 <= p <= n else 0, T, I,
                           label="bit")
    for d in (1 << k for k in range(math.ceil(math.log2(n)) if n > 1 else 0)):
        behind = rasp.aggregate(rasp.select(I, rasp.map(lambda p, d=d: p - d, I), "=="), partial,
                                "max", default=0, label=f"sum {d} back")
        partial = rasp.seq_map(lambda s, b, p, d=d: s + (b if p - d >= 1 else 0), partial, behind,
                               I, label=f"partial {2 * d}")
    answer = rasp.aggregate(rasp.select(I, rasp.map(lambda p: p - n, I), "=="), partial, "max",
                            default=0, label="prefix sum")
    write, halt = _writes_and_halt(rasp.constant(n))
    token = rasp.map(lambda s: s + oracle.NUM0, answer, label="token")
    return rasp.Program("mdm", {"write": write, "token": token, "halt": halt},
                        name="prefix-sum-doubling")


def mean_program():
    """Return prefix sums by mean attention: depth 2 at every n.

    Examples
    --------
    >>> positions, tokens = mean_program()(oracle.canvas([1, 1, 0, 1]))
    >>> mean_program().depth, (tokens - oracle.NUM0).tolist()
    (2, [1, 2, 2, 3])
    """
    n = rasp.map(lambda size: (size - 1) // 2, rasp.length(), label="n")
    k = rasp.seq_map(lambda p, m: p - m, I, n, label="k")
    bit = rasp.map(lambda t: t - oracle.NUM0, T, label="bit")
    first_k = rasp.select(I, k, "<=") & rasp.select(I, rasp.constant(1), ">=")
    mean = rasp.aggregate(first_k, bit, "mean", label="mean of b_1..b_k")
    token = rasp.seq_map(lambda a, kk: round(a * kk) + oracle.NUM0, mean, k, label="token")
    write, halt = _writes_and_halt(n)
    return rasp.Program("mdm", {"write": write, "token": token, "halt": halt},
                        name="prefix-sum-mean")


PREFIX_SUM_DOUBLING = CertifiedPolicy(
    "prefix-sum-doubling", "all prefix sums in one MDM step by doubling: depth grows as log n",
    doubling_program, oracle.policy, oracle.machine, oracle.prompt, constant_depth=False)
"""The natural scan: its certificate shows depth growing with n."""

PREFIX_SUM_MEAN = CertifiedPolicy(
    "prefix-sum-mean", "all prefix sums in one MDM step by mean attention: depth 2",
    lambda n: mean_program(), oracle.policy, oracle.machine, oracle.prompt)
"""The same step at constant depth, by counting with mean attention."""
