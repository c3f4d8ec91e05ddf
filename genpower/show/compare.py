"""Where two runs first differ: the first step k whose states differ, and the first position in it."""

from dataclasses import dataclass

import numpy as np

from genpower.show.trajectory import REMASK, apply_operations

__all__ = ["Difference", "first_difference"]


@dataclass(frozen=True)
class Difference:
    """The first state two runs do not share.

    Attributes
    ----------
    step : int
        The first k with state k of one run unequal to state k of the other, or with
        state k in one run only (the other ended before).
    position : int or None
        The first position where the two states k differ (the shorter length when one
        is a prefix of the other); None when one run has no state k.
    """

    step: int
    position: int | None


def _first_position(a, b):
    shared = min(len(a), len(b))
    differ = np.flatnonzero(a[:shared] != b[:shared])
    return int(differ[0]) if differ.size else shared


def _next_unequal_step(a, b, start):
    """The first step t >= start whose operations differ in ``a`` and ``b`` (or the
    shorter run's length), found with array comparisons rather than step by step."""
    shared = min(a.steps, b.steps)
    if start >= shared:
        return shared
    counts_differ = np.flatnonzero(np.diff(a.offsets[start:shared + 1]) !=
                                   np.diff(b.offsets[start:shared + 1]))
    stop = start + int(counts_differ[0]) if counts_differ.size else shared
    lo_a, hi_a, lo_b = a.offsets[start], a.offsets[stop], b.offsets[start]
    differ = np.zeros(hi_a - lo_a, dtype=bool)  # same counts: operation i pairs with i
    for name in ("kinds", "positions", "tokens"):
        differ |= getattr(a, name)[lo_a:hi_a] != getattr(b, name)[lo_b:lo_b + hi_a - lo_a]
    first = np.flatnonzero(differ)
    if first.size:
        return int(np.searchsorted(a.offsets, lo_a + first[0], side="right")) - 1
    return stop


def _advanced(state, operations):
    """State after the operations; a step that only writes changes ``state`` in place."""
    kinds, positions, tokens = operations
    if np.all(kinds <= REMASK):
        state[positions] = tokens
        return state
    return apply_operations(state, kinds, positions, tokens)


def first_difference(a, b):
    """Return the :class:`Difference` of trajectories ``a`` and ``b``, or None if they are equal.

    Equal states and equal operations give equal next states, so the steps whose
    operations differ are found by comparing the operation arrays, and states are
    compared only after such a step (two steps can differ and still reach the same
    state).

    Examples
    --------
    >>> from genpower.show.trajectory import Trajectory, UNMASK
    >>> def run(*tokens):  # unmask position t to tokens[t] at step t
    ...     n = len(tokens)
    ...     return Trajectory(np.array([9, 9], np.int32), np.arange(n + 1),
    ...                       np.full(n, UNMASK, np.uint8), np.arange(n, dtype=np.int32),
    ...                       np.array(tokens, np.int32), 9)
    >>> first_difference(run(1, 2), run(1, 3))
    Difference(step=2, position=1)
    >>> first_difference(run(1), run(1, 2))
    Difference(step=2, position=None)
    >>> first_difference(run(1, 2), run(1, 2)) is None
    True
    """
    if not np.array_equal(a.initial, b.initial):
        return Difference(0, _first_position(a.initial, b.initial))
    state, t = a.initial.copy(), 0
    while True:
        unequal = _next_unequal_step(a, b, t)
        if unequal >= min(a.steps, b.steps):
            break
        for s in range(t, unequal):  # the state is needed only where operations differ
            state = _advanced(state, a.step_operations(s))
        after_a = apply_operations(state, *a.step_operations(unequal))
        after_b = apply_operations(state, *b.step_operations(unequal))
        if not np.array_equal(after_a, after_b):
            return Difference(unequal + 1, _first_position(after_a, after_b))
        state, t = after_a, unequal + 1
    if a.steps != b.steps:
        return Difference(min(a.steps, b.steps) + 1, None)
    return None
