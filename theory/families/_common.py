"""What the families share: the front door of ``generate`` and the check of an integer answer."""

import functools

import numpy as np

from theory.errors import FamilyInputError

__all__ = ["generator", "integer_answer", "same_integers"]


def generator(function):
    """Wrap ``generate(n, rng, ...)`` so that it receives ``n >= 0`` and a Generator.

    The wrapped function is called as ``generate(n, rng=None, ...)``: ``rng`` may be None,
    a seed or a ``numpy.random.Generator`` (``numpy.random.default_rng`` turns it into
    one); a negative ``n`` raises :class:`~theory.errors.FamilyInputError`
    (``n=-1 must be >= 0``) before the family's own code runs.
    """
    @functools.wraps(function)
    def generate(n, rng=None, *args, **options):
        if n < 0:
            raise FamilyInputError(f"n={n} must be >= 0")
        return function(n, np.random.default_rng(rng), *args, **options)
    return generate


def integer_answer(answer, shape):
    """Return ``answer`` as an integer array of ``shape``, or None if it is not one.

    Anything that is not array-like, or holds non-integers, is simply not an answer.
    """
    try:
        answer = np.asarray(answer)
    except (TypeError, ValueError):
        return None
    if answer.shape != shape or (answer.size and not np.issubdtype(answer.dtype, np.integer)):
        return None
    return answer


def same_integers(answer, expected):
    """Return True if ``answer`` is an integer array equal to ``expected`` (same shape)."""
    answer = integer_answer(answer, expected.shape)
    return answer is not None and bool(np.array_equal(answer, expected))
