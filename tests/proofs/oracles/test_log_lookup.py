"""T3's view: position k shows its latest logged token, else the original token, written left to right."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from proofs.oracles import log_lookup as oracle
from simulators.errors import InvalidArgumentError
from simulators.run import run


@given(st.data())
def test_the_view_is_the_canvas_with_the_log_applied(data):
    m = data.draw(st.integers(1, 10))
    token = st.one_of(st.just(oracle.HOLE), st.integers(0, 7).map(lambda v: oracle.NUM0 + v))
    original = data.draw(st.lists(token, min_size=m, max_size=m))
    log = data.draw(st.lists(st.tuples(st.integers(0, m - 1), st.integers(0, 7)), max_size=15))
    result = run(oracle.machine(m), oracle.policy, oracle.canvas(original, log))
    current = list(original)
    for position, value in log:
        current[position] = oracle.NUM0 + value
    assert oracle.view(result.final).tolist() == current
    assert result.resources.steps == m


def test_a_logged_position_outside_the_canvas_is_refused():
    with pytest.raises(InvalidArgumentError, match="logged positions"):
        oracle.canvas([oracle.HOLE], [(1, 0)])
