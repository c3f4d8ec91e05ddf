"""List ranking by pointer jumping on a CREW PRAM."""

import numpy as np

from simulators.pram import isa
from simulators.pram.program import ProgramBuilder
from simulators.pram.programs._common import ceil_log2, check_size

__all__ = ["list_ranking"]


def list_ranking(n):
    """Distance of every node to the tail of a linked list, by pointer jumping (CREW).

    Input: ``succ[0:n]``, the successor of each node; the tail is its own successor.
    Output: ``rank[0:n]``, the number of links from each node to the tail. Each of the
    ⌈log₂ n⌉ rounds does ``rank[i] += rank[succ[i]]; succ[i] = succ[succ[i]]`` in two
    steps (indirect loads, then updates); nodes near the tail are read by many
    processors, hence CREW.

    Bounds: T = 2⌈log₂ n⌉ + 1, P = 2n, work = O(n log n), memory 4n.

    Examples
    --------
    >>> from simulators.pram import run_pram
    >>> run_pram(list_ranking(4), [2, 3, 1, 3]).output.tolist()
    [3, 1, 2, 0]
    """
    n = check_size(n)
    builder = ProgramBuilder(f"list_ranking(n={n})")
    succ = builder.alloc(n)
    rank = builder.alloc(n)
    next_rank = builder.alloc(n)
    next_succ = builder.alloc(n)
    builder.set_input(succ, n)
    builder.set_output(rank, n)
    node = np.arange(n)
    with builder.step():
        builder.emit(isa.NE_I, proc=node, dst=rank + node, a=succ + node, b=node)
    for _ in range(ceil_log2(n)):
        with builder.step():
            builder.emit(isa.LOAD, proc=node, dst=next_rank + node, a=succ + node, c=rank)
            builder.emit(isa.LOAD, proc=n + node, dst=next_succ + node, a=succ + node, c=succ)
        with builder.step():
            builder.emit(isa.ADD, proc=node, dst=rank + node, a=rank + node, b=next_rank + node)
            builder.emit(isa.COPY, proc=n + node, dst=succ + node, a=next_succ + node)
    return builder.build("CREW")
