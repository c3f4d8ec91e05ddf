"""T1's read: each query gets the value of the last write to its address, 0 if none."""

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from proofs.oracles import memory_lookup as oracle
from simulators.errors import InvalidArgumentError
from simulators.run import run

cells = st.integers(0, 6)


@given(st.lists(st.tuples(cells, cells), max_size=20), st.lists(cells, min_size=1, max_size=8))
def test_each_read_is_the_last_write_to_its_address(writes, queries):
    result = run(oracle.machine(8), oracle.policy, oracle.canvas(writes, queries))
    expected = [next((v for a, v in reversed(writes) if a == q), 0) for q in queries]
    assert oracle.read_values(result.final).tolist() == expected
    assert result.resources.steps == 1


def test_negative_addresses_are_refused():
    with pytest.raises(InvalidArgumentError, match=">= 0"):
        oracle.canvas([(-1, 2)], [0])
