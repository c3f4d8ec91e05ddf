"""The iterated-addition family: the sum of the values, checked against Python's sum."""

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from theory.errors import FamilyInputError
from theory.families import iterated_addition

values = st.lists(st.integers(-(2**40), 2**40), max_size=60).map(
    lambda v: np.array(v, dtype=np.int64))


@pytest.mark.parametrize("n, instance, expected", iterated_addition.CASES)
def test_canonical_cases(n, instance, expected):
    assert len(instance) == n and iterated_addition.solve(instance) == expected
    assert iterated_addition.verify(instance, expected)
    assert not iterated_addition.verify(instance, expected + 1)


@given(values)
def test_solver_is_the_sum_and_verify_accepts_only_it(instance):
    total = sum(int(v) for v in instance)
    assert iterated_addition.solve(instance) == total
    assert iterated_addition.verify(instance, total)
    assert not iterated_addition.verify(instance, total - 1)
    assert not iterated_addition.verify(instance, [total])


@given(values)
def test_text_round_trips(instance):
    text = iterated_addition.to_text(instance)
    assert np.array_equal(iterated_addition.parse(text), instance)


def test_malformed_text_is_refused():
    with pytest.raises(FamilyInputError, match="word 2"):
        iterated_addition.parse("4 four")


def test_a_sum_outside_64_bits_is_refused_but_partial_overflow_is_not():
    with pytest.raises(FamilyInputError, match="sum leaves the 64-bit range"):
        iterated_addition.parse(f"{2**62} {2**62}")
    assert iterated_addition.solve(iterated_addition.parse(f"{2**62} {2**62} {-(2**62)}")) == 2**62
