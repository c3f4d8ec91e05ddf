"""The Dyck pair-insertion program equals the sampler on generated states, reachable or not."""

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from proofs.oracles import dyck_insertion as oracle
from proofs.certified import steps_agree
from proofs.certified.dyck_insertion import dyck_insertion_program

PROGRAM = dyck_insertion_program()
LETTERS = list(range(oracle.LETTER0, oracle.NUM0))


@settings(max_examples=150)
@given(st.integers(0, 6), st.integers(0, oracle.SEEDS - 1),
       st.lists(st.sampled_from(LETTERS + [oracle.MASK]), max_size=14))
def test_program_equals_the_sampler_on_any_word_with_any_masks(pairs, seed, word):
    x = np.concatenate([oracle.prompt_for(pairs, seed), np.array(word, dtype=np.int32)])
    assert steps_agree(oracle.machine(8), oracle.policy(x), PROGRAM(x), x)


@given(st.lists(st.integers(0, 30), max_size=2))
def test_program_halts_like_the_sampler_on_states_too_short_for_a_header(tokens):
    x = np.array(tokens, dtype=np.int32)
    assert PROGRAM(x) is None and oracle.policy(x) is None
