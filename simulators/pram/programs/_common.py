"""Helpers shared by the PRAM program builders: size checks and tree-reduction steps."""

import numpy as np

from simulators.validation import check_positive_int

__all__ = ["ceil_log2", "check_size", "emit_tree_reduction"]


def ceil_log2(n):
    """Return ⌈log₂ n⌉ for n ≥ 1 (0 for n = 1)."""
    return int(n - 1).bit_length()


def check_size(n, name="n"):
    """Return ``n`` as an int ≥ 1, else raise :class:`InvalidArgumentError`."""
    return check_positive_int(n, name)


def emit_tree_reduction(builder, opcode, base, n, first_processor=0):
    """Emit ⌈log₂ n⌉ EREW steps folding ``memory[base:base + n]`` into ``memory[base]``.

    Step k pairs cell ``i`` with ``i + 2**k`` for ``i`` a multiple of ``2**(k + 1)``;
    every cell is read by at most one processor per step.
    """
    for level in range(ceil_log2(n)):
        stride = 1 << level
        left = np.arange(0, n - stride, 2 * stride)
        with builder.step():
            builder.emit(opcode, proc=first_processor + left // (2 * stride), dst=base + left,
                         a=base + left, b=base + left + stride)
