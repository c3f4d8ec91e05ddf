"""Where two runs first differ: the first step k whose states differ, and the first position in it."""

from dataclasses import dataclass

import numpy as np

from genpower.show.trajectory import apply_operations

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


def _same_operations(a, b, t):
    return all(np.array_equal(x, y) for x, y in zip(a.step_operations(t), b.step_operations(t)))


def first_difference(a, b):
    """Return the :class:`Difference` of trajectories ``a`` and ``b``, or None if they are equal.

    Equal states and equal operations give equal next states, so the states are built
    once while both runs do the same; they are compared only after a step whose
    operations differ (two steps can differ and still reach the same state).

    Examples
    --------
    >>> from genpower.show.trajectory import Trajectory, UNMASK
    >>> def run(*tokens):
    ...     n = len(tokens)
    ...     return Trajectory(np.array([9, 9], np.int32), np.arange(n + 1), np.full(n, UNMASK,
    ...                       np.uint8), np.arange(n, dtype=np.int32), np.array(tokens, np.int32), 9)
    >>> first_difference(run(1, 2), run(1, 3))
    Difference(step=2, position=1)
    >>> first_difference(run(1), run(1, 2))
    Difference(step=2, position=None)
    >>> first_difference(run(1, 2), run(1, 2)) is None
    True
    """
    if not np.array_equal(a.initial, b.initial):
        return Difference(0, _first_position(a.initial, b.initial))
    state = a.initial.copy()
    for t in range(min(a.steps, b.steps)):
        if _same_operations(a, b, t):
            state = apply_operations(state, *a.step_operations(t))
            continue
        after_a = apply_operations(state, *a.step_operations(t))
        after_b = apply_operations(state, *b.step_operations(t))
        if not np.array_equal(after_a, after_b):
            return Difference(t + 1, _first_position(after_a, after_b))
        state = after_a
    if a.steps != b.steps:
        return Difference(min(a.steps, b.steps) + 1, None)
    return None
