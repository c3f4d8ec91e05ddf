"""Sampling two-sided Dyck-k: an instance asks for a member of a given length; any member is right.

An instance is a :class:`Request` ``(k, length, seed)``: the seed is the one the
sampler writes into its prompt, so one request names one run. The reference
:func:`solve` draws a uniform member with that seed; :func:`verify` accepts any member
of the requested length over the first k letters (the language itself is in
:mod:`theory.families.two_sided_dyck`).

Examples
--------
>>> request = parse("k=2 length=6 seed=1")
>>> verify(request, solve(request))
True
"""

from dataclasses import dataclass

import numpy as np

from theory.errors import FamilyInputError
from theory.families._checks import instance_of
from theory.families._text import is_decimal
from theory.families import two_sided_dyck

__all__ = ["check", "Request", "generate", "parse", "solve", "verify", "CASES", "COMPLEXITY", "MAX_SEED"]

COMPLEXITY = two_sided_dyck.COMPLEXITY

MAX_SEED = 2**32 - 1


@dataclass(frozen=True)
class Request:
    """Draw one member of two-sided Dyck-``k`` with ``length`` letters, with ``seed``."""

    k: int
    length: int
    seed: int

    def __post_init__(self):
        two_sided_dyck.check_alphabet(self.k)
        if isinstance(self.length, bool) or not isinstance(self.length, (int, np.integer)) \
                or self.length < 0 or self.length % 2:
            raise FamilyInputError(f"length={self.length!r}: two-sided Dyck words have even "
                                   "length >= 0")
        if isinstance(self.seed, bool) or not isinstance(self.seed, (int, np.integer)) \
                or not 0 <= self.seed <= MAX_SEED:
            raise FamilyInputError(f"seed={self.seed!r} must be an integer from 0 to {MAX_SEED}")

    def __len__(self):
        return int(self.length)


CASES = (Request(2, 0, 0), Request(2, 2, 1), Request(2, 8, 2), Request(3, 10, 3))
"""Canonical requests, shared by tests and the checker."""


def check(instance):
    """Return ``instance`` if it is a :class:`Request` (checked when it was made), else raise
    :class:`FamilyInputError`."""
    return instance_of(instance, Request, "Request(k, length, seed) or parse(text)")


def generate(n, rng=None, k=2):
    """Return a request for a member of length ``n`` over ``k`` letters, with a random seed.

    Raises
    ------
    FamilyInputError
        If ``n`` is odd or negative.
    """
    return Request(k, n, int(np.random.default_rng(rng).integers(MAX_SEED + 1)))


def parse(text):
    """Read ``k=K length=L seed=S`` (any order, white space between fields).

    Raises
    ------
    FamilyInputError
        For a missing, repeated, unknown or non-integer field.

    Examples
    --------
    >>> parse("length=4 seed=9 k=3")
    Request(k=3, length=4, seed=9)
    """
    fields = {}
    for item in text.split():
        key, _, value = item.partition("=")
        number = value.removeprefix("-")
        if key not in ("k", "length", "seed") or key in fields or not is_decimal(number):
            raise FamilyInputError(f"expected fields k=K length=L seed=S; cannot read {item!r}")
        fields[key] = int(value)
    missing = {"k", "length", "seed"} - set(fields)
    if missing:
        raise FamilyInputError(f"missing field(s): {', '.join(sorted(missing))} "
                               "(expected k=K length=L seed=S)")
    return Request(fields["k"], fields["length"], fields["seed"])


def solve(request):
    """Return a uniform member of the requested length, drawn with the request's seed."""
    return two_sided_dyck.sample_member(request.length, request.k, request.seed)


def verify(request, word):
    """Return True if ``word`` is a member of length ``request.length`` over ``request.k`` letters."""
    if word is None:
        return False
    word = [int(v) for v in word]
    return (len(word) == request.length and all(1 <= abs(v) <= request.k for v in word)
            and two_sided_dyck.is_member(word))
