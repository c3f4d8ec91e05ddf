"""Prefix sums on a PRAM: Hillis–Steele (CREW) and Blelloch's up/down-sweep (EREW)."""

import numpy as np

from simulators.pram import isa
from simulators.pram.program import ProgramBuilder
from simulators.pram.programs._common import ceil_log2, check_size

__all__ = ["prefix_sum_hillis_steele", "prefix_sum_blelloch", "emit_blelloch_scan"]


def prefix_sum_hillis_steele(n):
    """Inclusive prefix sums of n integers by Hillis–Steele doubling (CREW).

    Step k sets ``x[i] += x[i - 2**k]`` for all ``i ≥ 2**k`` at once, in place (reads
    precede writes in a step). Cell ``i`` is read by processors ``i`` and ``i + 2**k``,
    so the program needs concurrent reads.

    Bounds: T = ⌈log₂ n⌉, P = n - 1, work = Θ(n log n), memory n (input and output).

    Examples
    --------
    >>> from simulators.pram import run_pram
    >>> run_pram(prefix_sum_hillis_steele(4), [1, 2, 3, 4]).output.tolist()
    [1, 3, 6, 10]
    """
    n = check_size(n)
    builder = ProgramBuilder(f"prefix_sum_hillis_steele(n={n})")
    x = builder.alloc(n)
    builder.set_input(x, n)
    builder.set_output(x, n)
    for level in range(ceil_log2(n)):
        stride = 1 << level
        index = np.arange(stride, n)
        with builder.step():
            builder.emit(isa.ADD, proc=index, dst=x + index, a=x + index, b=x + index - stride)
    return builder.build("CREW")


def prefix_sum_blelloch(n):
    """Inclusive prefix sums of n integers by Blelloch's work-efficient scan (EREW).

    The input is copied into a zero-padded tree of N = 2^⌈log₂ n⌉ leaves; an up-sweep
    leaves subtree sums at right children, the root is cleared, and a down-sweep turns
    them into exclusive sums (two steps per level so that no cell is read twice in a
    step); a last step adds the input back.

    Bounds: T = 3⌈log₂ n⌉ + 3, P = N ≤ 2n, work = O(n), memory 2N + 2n (n cells in, n
    out).

    Examples
    --------
    >>> from simulators.pram import run_pram
    >>> run_pram(prefix_sum_blelloch(5), [1, 2, 3, 4, 5]).output.tolist()
    [1, 3, 6, 10, 15]
    """
    n = check_size(n)
    builder = ProgramBuilder(f"prefix_sum_blelloch(n={n})")
    source = builder.alloc(n)
    out = builder.alloc(n)
    builder.set_input(source, n)
    builder.set_output(out, n)
    emit_blelloch_scan(builder, source, out, n)
    return builder.build("EREW")


def emit_blelloch_scan(builder, source, out, n):
    """Emit the EREW steps of :func:`prefix_sum_blelloch` from ``source`` into ``out``.

    Allocates its own work cells; ``source`` is read but left unchanged. Takes
    3⌈log₂ n⌉ + 3 steps (up-sweep, clear, two-step down-sweep, copy in and out) and
    processor ids ``0..n-1``.
    """
    levels = ceil_log2(n)
    size = 1 << levels
    tree = builder.alloc(size)
    left_copy = builder.alloc(max(size // 2, 1))
    right_copy = builder.alloc(max(size // 2, 1))
    # int32 throughout (the program's own type; NumPy refuses an address that would not
    # fit), so that the builder copies rows instead of converting them
    index = np.arange(n, dtype=np.int32)
    with builder.step():
        builder.emit(isa.COPY, proc=index, dst=tree + index, a=source + index)
    for level in range(levels):  # up-sweep: right child of each pair gets the pair's sum
        right = np.arange((2 << level) - 1, size, 2 << level, dtype=np.int32)
        with builder.step():
            builder.emit(isa.ADD, proc=right // (2 << level), dst=tree + right,
                         a=tree + right, b=tree + right - (1 << level))
    with builder.step():
        builder.emit(isa.CONST, proc=0, dst=tree + size - 1, c=0)
    for level in reversed(range(levels)):  # down-sweep, two steps so no cell is read twice
        right = np.arange((2 << level) - 1, size, 2 << level, dtype=np.int32)
        left = right - (1 << level)
        pair = right // (2 << level)
        with builder.step():
            builder.emit(isa.COPY, proc=2 * pair, dst=left_copy + pair, a=tree + left)
            builder.emit(isa.COPY, proc=2 * pair + 1, dst=right_copy + pair, a=tree + right)
        with builder.step():
            builder.emit(isa.COPY, proc=2 * pair, dst=tree + left, a=tree + right)
            builder.emit(isa.ADD, proc=2 * pair + 1, dst=tree + right, a=right_copy + pair,
                         b=left_copy + pair)
    with builder.step():  # exclusive sums plus the input give inclusive sums
        builder.emit(isa.ADD, proc=index, dst=out + index, a=tree + index, b=source + index)
