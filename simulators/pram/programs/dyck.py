"""One-sided Dyck-k recognition in O(log² n) time on an EREW PRAM (depths, then a bitonic sort)."""

import numpy as np

from simulators.errors import InvalidArgumentError
from simulators.pram import isa
from simulators.pram.program import ProgramBuilder
from simulators.pram.programs._common import ceil_log2, emit_tree_reduction
from simulators.pram.programs.scan import emit_blelloch_scan
from simulators.validation import check_nonnegative_int

__all__ = ["dyck", "dyck_input"]


def dyck(n):
    """Accept (1) or reject (0) a word of n brackets of k types as one-sided Dyck-k (EREW).

    Input: ``n`` codes, ``t + 1`` for an opener of type ``t`` and ``-(t + 1)`` for its
    closer (see :func:`dyck_input`). Method:

    1. depth ``s[i]`` after each bracket by an EREW prefix sum of ±1;
    2. the *level* of an opener is ``s[i]``, of a closer ``s[i] + 1``; when every depth
       is ≥ 0, the brackets of one level alternate opener, closer, ... in position
       order, so each closer's partner is its predecessor in the order (level, position);
    3. sort the keys ``level·(N + 1) + position`` by Batcher's bitonic network (N = n
       rounded up to a power of two, padding keys sort last; two steps per comparator
       stage so that no cell is read twice in a step);
    4. every closer checks that its predecessor in sorted order is an opener of the
       matching type (when all depths are ≥ 0 the predecessor has the closer's level,
       since each level's run starts with an opener); the checks are AND-ed by a tree,
       as are min depth ≥ 0 and final depth = 0.

    Bounds: T = L(L + 1) + 5L + 22 with L = ⌈log₂ n⌉, i.e. O(log² n); P = 2N; work
    O(n log² n); memory O(n).

    Raises
    ------
    InvalidArgumentError
        If ``n`` is negative.

    Examples
    --------
    >>> from simulators.pram import run_pram
    >>> int(run_pram(dyck(6), dyck_input("([]{})")).output[0])
    1
    >>> int(run_pram(dyck(4), dyck_input("([)]")).output[0])
    0
    """
    n = check_nonnegative_int(n, "n")
    builder = ProgramBuilder(f"dyck(n={n})")
    if n == 0:
        answer = builder.alloc(1, fill=1)
        builder.set_output(answer, 1)
        return builder.build("EREW")
    levels = ceil_log2(n)
    size = 1 << levels
    modulus = size + 1
    code = builder.alloc(size + 1)             # padding and the sentinel slot hold 0
    builder.set_input(code, n)
    is_open, step, depth, level, scaled = (builder.alloc(n) for _ in range(5))
    keys = builder.alloc(size, fill=(n + 2) * modulus + np.arange(size))
    smaller = builder.alloc(size // 2 + 1)
    previous = builder.alloc(size, fill=-1)    # key -1: level -1, position N (sentinel)
    position, prev_position, own_code, prev_code, total, balanced, opener, ok = (
        builder.alloc(size) for _ in range(8))
    minimum = builder.alloc(n)
    last = builder.alloc(1)
    answer = builder.alloc(1)
    builder.set_output(answer, 1)
    i = np.arange(n)
    r = np.arange(size)

    def each(op, dst, a, immediate, proc):
        with builder.step():
            builder.emit(op, proc=proc, dst=dst + proc, a=a + proc, b=immediate)

    # 1. depths: s = prefix sums of +1 (opener) / -1 (closer)
    each(isa.GT_I, is_open, code, 0, i)
    each(isa.MUL_I, step, is_open, 2, i)
    each(isa.ADD_I, step, step, -1, i)
    emit_blelloch_scan(builder, step, depth, n)
    # 2. levels (a closer sits one above the depth after it) and keys level*(N+1) + i;
    #    padding keys keys[n:N] are preset to sort after every real key
    with builder.step():
        builder.emit(isa.EQ_I, proc=i, dst=level + i, a=is_open + i, b=0)
        builder.emit(isa.COPY, proc=n + i, dst=minimum + i, a=depth + i)
    with builder.step():
        builder.emit(isa.ADD, proc=i, dst=level + i, a=level + i, b=depth + i)
    each(isa.MUL_I, scaled, level, modulus, i)
    each(isa.ADD_I, keys, scaled, i, i)
    # 3. bitonic sort of keys[0:size]
    width = 2
    while width <= size:
        stride = width // 2
        while stride >= 1:
            low = r[(r ^ stride) > r]
            high = low ^ stride
            ascending = (low & width) == 0
            min_slot = np.where(ascending, low, high)
            max_slot = np.where(ascending, high, low)
            pair = np.arange(len(low))
            with builder.step():
                builder.emit(isa.MIN, proc=pair, dst=smaller + pair, a=keys + low, b=keys + high)
            with builder.step():
                builder.emit(isa.MAX, proc=pair, dst=keys + max_slot, a=keys + low, b=keys + high)
                builder.emit(isa.COPY, proc=len(low) + pair, dst=keys + min_slot,
                             a=smaller + pair)
            stride //= 2
        width *= 2
    # 4. each closer checks that its predecessor in sorted order is its opener (the
    #    sentinel key -1 before slot 0 has position N, whose code cell holds 0)
    each(isa.MOD_I, position, keys, modulus, r)
    rest = r[1:]
    with builder.step():
        builder.emit(isa.COPY, proc=rest, dst=previous + rest, a=keys + rest - 1)
    each(isa.MOD_I, prev_position, previous, modulus, r)
    with builder.step():  # two steps: slot r's code cell is slot r + 1's predecessor's
        builder.emit(isa.LOAD, proc=r, dst=own_code + r, a=position + r, c=code)
    with builder.step():
        builder.emit(isa.LOAD, proc=r, dst=prev_code + r, a=prev_position + r, c=code)
    with builder.step():
        builder.emit(isa.ADD, proc=r, dst=total + r, a=own_code + r, b=prev_code + r)
    with builder.step():
        builder.emit(isa.EQ_I, proc=r, dst=balanced + r, a=total + r, b=0)
        builder.emit(isa.GE_I, proc=size + r, dst=opener + r, a=own_code + r, b=0)
    with builder.step():
        builder.emit(isa.OR, proc=r, dst=ok + r, a=balanced + r, b=opener + r)
    # 5. AND of the checks, min depth >= 0, final depth == 0
    with builder.step():
        builder.emit(isa.EQ_I, proc=0, dst=last, a=depth + n - 1, b=0)
    emit_tree_reduction(builder, isa.AND, ok, size)
    emit_tree_reduction(builder, isa.MIN, minimum, n)
    with builder.step():
        builder.emit(isa.GE_I, proc=0, dst=minimum, a=minimum, b=0)
    with builder.step():
        builder.emit(isa.AND, proc=0, dst=answer, a=ok, b=last)
    with builder.step():
        builder.emit(isa.AND, proc=0, dst=answer, a=answer, b=minimum)
    return builder.build("EREW")


def dyck_input(word, pairs="()[]{}<>"):
    """Encode a bracket string as the input codes of :func:`dyck`.

    ``pairs`` lists the bracket types as consecutive opener/closer characters; type
    ``t`` is ``pairs[2t]pairs[2t+1]``. Openers become ``t + 1``, closers ``-(t + 1)``.

    Raises
    ------
    InvalidArgumentError
        If ``word`` holds a character that is not in ``pairs``, or ``pairs`` has odd
        length or repeats a character.

    Examples
    --------
    >>> dyck_input("([])").tolist()
    [1, 2, -2, -1]
    """
    if len(pairs) % 2 or len(set(pairs)) != len(pairs):
        raise InvalidArgumentError(f"pairs={pairs!r} must list distinct opener/closer pairs")
    table = {ch: (index // 2 + 1) * (1 if index % 2 == 0 else -1)
             for index, ch in enumerate(pairs)}
    unknown = sorted(set(word) - set(table))
    if unknown:
        raise InvalidArgumentError(
            f"word holds {''.join(unknown)!r}, not among the brackets {pairs!r}")
    return np.array([table[ch] for ch in word], dtype=np.int64)
