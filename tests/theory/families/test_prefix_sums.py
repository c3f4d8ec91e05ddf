"""The prefix-sums family: solver, verifier, parser and generator agree with a running total."""

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from tests.simulators.reference_pram import prefix_sums as running_totals
from theory.errors import FamilyInputError
from theory.families import prefix_sums

values = st.lists(st.integers(-(2**40), 2**40), max_size=60).map(
    lambda v: np.array(v, dtype=np.int64))


@pytest.mark.parametrize("n, instance, expected", prefix_sums.CASES)
def test_canonical_cases(n, instance, expected):
    assert len(instance) == n and np.array_equal(prefix_sums.solve(instance), expected)
    assert prefix_sums.verify(instance, expected)
    if n:
        assert not prefix_sums.verify(instance, expected + 1)


@given(values)
def test_solver_is_the_running_total_and_verify_accepts_only_it(instance):
    answer = prefix_sums.solve(instance)
    assert answer.tolist() == running_totals(instance) and prefix_sums.verify(instance, answer)
    assert not prefix_sums.verify(instance, answer[:-1] if len(answer) else [0])
    if len(answer):
        wrong = answer.copy()
        wrong[-1] += 1
        assert not prefix_sums.verify(instance, wrong)


@given(values)
def test_text_round_trips(instance):
    assert np.array_equal(prefix_sums.parse(prefix_sums.to_text(instance)), instance)


@given(st.integers(0, 200), st.integers(0, 2**32))
def test_generate_is_reproducible_and_in_range(n, seed):
    instance = prefix_sums.generate(n, seed)
    assert len(instance) == n and np.array_equal(instance, prefix_sums.generate(n, seed))
    low, high = prefix_sums.VALUE_RANGE
    assert np.all((instance >= low) & (instance <= high))
    assert prefix_sums.verify(instance, prefix_sums.solve(instance))


@pytest.mark.parametrize("text, message", [
    ("1 2 x", "word 3 is 'x'"),
    ("1 2.5", "word 2"),
    ("1\u00a02", "word 1"),          # only ASCII white space separates
    ("99999999999999999999", "64-bit"),
    (f"{2**62} {2**62}", "prefix sum leaves the 64-bit range"),
    (f"{2**62} {2**62} {-(2**62)}", "prefix sum leaves"),
])
def test_malformed_text_is_refused(text, message):
    with pytest.raises(FamilyInputError, match=message):
        prefix_sums.parse(text)


def test_white_space_of_every_ascii_kind_separates():
    assert prefix_sums.parse(" 1\t2\r\n3\v4\f5 ").tolist() == [1, 2, 3, 4, 5]
