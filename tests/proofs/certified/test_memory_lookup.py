"""The T1 read program equals the oracle on generated logs and queries."""

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from proofs.oracles import memory_lookup as oracle
from proofs.certified import steps_agree
from proofs.certified.memory_lookup import memory_lookup_program

PROGRAM = memory_lookup_program()
cells = st.integers(0, 5)


@settings(max_examples=80)
@given(st.lists(st.tuples(cells, cells), max_size=15), st.lists(cells, max_size=6),
       st.data())
def test_program_equals_the_oracle_with_some_reads_done(writes, queries, data):
    x = oracle.canvas(writes, queries)
    masks = np.flatnonzero(x == oracle.MASK)
    done = data.draw(st.lists(st.sampled_from(masks.tolist()), unique=True)) if masks.size else []
    x[done] = oracle.NUM0 + 1  # already read (an MDM may write in any order)
    assert steps_agree(oracle.machine(8), oracle.policy(x), PROGRAM(x), x)
