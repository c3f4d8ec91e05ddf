"""Tree reductions on an EREW PRAM: the sum and the parity of n numbers."""

from simulators.pram import isa
from simulators.pram.program import ProgramBuilder
from simulators.pram.programs._common import check_size, emit_tree_reduction

__all__ = ["tree_sum", "parity"]


def _reduction(name, opcode, n):
    n = check_size(n)
    builder = ProgramBuilder(f"{name}(n={n})")
    x = builder.alloc(n)
    builder.set_input(x, n)
    builder.set_output(x, 1)
    emit_tree_reduction(builder, opcode, x, n)
    return builder.build("EREW")


def tree_sum(n):
    """Sum of n integers by a balanced binary tree, in place (EREW).

    Bounds: T = ⌈log₂ n⌉, P = ⌊n/2⌋, work = n - 1, memory n.

    Examples
    --------
    >>> from simulators.pram import run_pram
    >>> int(run_pram(tree_sum(3), [4, 5, 6]).output[0])
    15
    """
    return _reduction("tree_sum", isa.ADD, n)


def parity(n):
    """Parity (XOR) of n bits by a balanced binary tree, in place (EREW).

    Bounds: T = ⌈log₂ n⌉, P = ⌊n/2⌋, work = n - 1, memory n.

    Examples
    --------
    >>> from simulators.pram import run_pram
    >>> int(run_pram(parity(4), [1, 0, 1, 1]).output[0])
    1
    """
    return _reduction("parity", isa.XOR, n)
