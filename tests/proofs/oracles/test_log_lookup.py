"""T3's view: position k shows its latest logged token, else the original token, written left to right."""

import pytest
from hypothesis import given

from proofs.oracles import log_lookup as oracle
from simulators.errors import InvalidArgumentError
from simulators.run import run
from tests.strategies import logged_canvases


@given(logged_canvases(max_m=10, max_log=15))
def test_the_view_is_the_canvas_with_the_log_applied(canvas):
    m, original, log = canvas
    result = run(oracle.machine(m), oracle.policy, oracle.canvas(original, log))
    current = list(original)
    for position, value in log:
        current[position] = oracle.NUM0 + value
    assert oracle.view(result.final).tolist() == current
    assert result.resources.steps == m


def test_a_logged_position_outside_the_canvas_is_refused():
    with pytest.raises(InvalidArgumentError, match="logged positions"):
        oracle.canvas([oracle.HOLE], [(1, 0)])
