"""The T3 view program equals the oracle on generated canvases, logs and partly written views."""

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from proofs.oracles import log_lookup as oracle
from proofs.certified import steps_agree
from proofs.certified.log_lookup import log_lookup_program

PROGRAM = log_lookup_program()


@settings(max_examples=80)
@given(st.data())
def test_program_equals_the_oracle_at_any_point_of_the_view(data):
    m = data.draw(st.integers(1, 8))
    token = st.one_of(st.just(oracle.HOLE), st.integers(0, 7).map(lambda v: oracle.NUM0 + v))
    original = data.draw(st.lists(token, min_size=m, max_size=m))
    log = data.draw(st.lists(st.tuples(st.integers(0, m - 1), st.integers(0, 7)), max_size=12))
    x = oracle.canvas(original, log)
    view = np.flatnonzero(x == oracle.MASK)
    x[view[:data.draw(st.integers(0, m))]] = oracle.NUM0  # the view written so far
    assert steps_agree(oracle.machine(m), oracle.policy(x), PROGRAM(x), x)
