"""The T3 view program equals the oracle on generated canvases, logs and partly written views."""

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from proofs.certified import steps_agree
from proofs.certified.log_lookup import log_lookup_program
from proofs.oracles import log_lookup as oracle
from tests.strategies import logged_canvases

PROGRAM = log_lookup_program()


@settings(max_examples=80)
@given(logged_canvases(max_m=8, max_log=12), st.data())
def test_program_equals_the_oracle_at_any_point_of_the_view(canvas, data):
    m, original, log = canvas
    x = oracle.canvas(original, log)
    view = np.flatnonzero(x == oracle.MASK)
    x[view[:data.draw(st.integers(0, m))]] = oracle.NUM0  # the view written so far
    assert steps_agree(oracle.machine(m), oracle.policy(x), PROGRAM(x), x)
