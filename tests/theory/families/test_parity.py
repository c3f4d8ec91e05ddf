"""The parity family: generator, solver and verifier agree with numpy."""

import numpy as np
import pytest

from theory.families import parity


def test_generate_is_reproducible_and_binary():
    a, b = parity.generate(1000, rng=7), parity.generate(1000, rng=7)
    assert np.array_equal(a, b) and set(np.unique(a)) <= {0, 1}


@pytest.mark.parametrize("n, bits, expected", parity.CASES)
def test_solver_on_canonical_cases(n, bits, expected):
    assert len(bits) == n and parity.solve(bits) == expected and parity.verify(bits, expected)
    assert not parity.verify(bits, 1 - expected)


def test_negative_size_is_refused():
    with pytest.raises(ValueError):
        parity.generate(-1)
