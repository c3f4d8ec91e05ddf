"""Parity's three programs equal the oracle policies on generated states, reachable or not."""

import numpy as np
from hypothesis import example, given, settings
from hypothesis import strategies as st

from proofs.oracles import parity as oracle
from proofs.certified import steps_agree
from proofs.certified.parity import elimination_program, prefix_parity_program, tree_program
from simulators.machines import APMDM, ARM, MDM
from simulators.run import run

ELIMINATION, TREE, PREFIX = elimination_program(), tree_program(), prefix_parity_program()


@settings(max_examples=150)
@given(st.lists(st.sampled_from([oracle.ZERO, oracle.ONE, oracle.MASK]), max_size=12))
@example([])
@example([oracle.ONE])
@example([oracle.ZERO])
@example([oracle.MASK])
def test_elimination_program_equals_the_oracle_on_any_state(tail):
    x = np.array([oracle.BOS] + tail, dtype=np.int32)
    assert steps_agree(APMDM(oracle.VOCAB), oracle.elimination_policy(x), ELIMINATION(x), x)


@settings(max_examples=60)
@given(st.lists(st.integers(0, 1), max_size=40), st.integers(0, 8))
def test_tree_program_equals_the_oracle_after_any_number_of_levels(bits, levels):
    canvas = oracle.mdm_canvas(bits)
    state = run(MDM(oracle.VOCAB), oracle.tree_policy, canvas, max_steps=levels + 1).final \
        if levels and (canvas == oracle.MASK).any() else canvas
    assert steps_agree(MDM(oracle.VOCAB), oracle.tree_policy(state), TREE(state), state)


@settings(max_examples=80)
@given(st.lists(st.integers(0, 1), max_size=20), st.data())
def test_prefix_program_equals_the_oracle_whatever_parities_were_written(bits, data):
    written = data.draw(st.lists(st.sampled_from([oracle.P0, oracle.P1]), max_size=len(bits)))
    x = np.concatenate([oracle.arm_prompt(bits), np.array(written, dtype=np.int32)])
    assert steps_agree(ARM(oracle.VOCAB), oracle.prefix_parity_policy(x), PREFIX(x), x)


def test_parity_programs_have_depth_1_2_and_2():
    assert (ELIMINATION.depth, TREE.depth, PREFIX.depth) == (1, 2, 2)


def test_the_programs_run_the_parity_task_to_the_right_answer():
    bits = np.random.default_rng(5).integers(0, 2, 101)
    final = run(APMDM(oracle.VOCAB), ELIMINATION, oracle.apmdm_prompt(bits)).final
    assert oracle.apmdm_answer(final) == bits.sum() % 2
    final = run(MDM(oracle.VOCAB), TREE, oracle.mdm_canvas(bits)).final
    assert oracle.mdm_answer(final) == bits.sum() % 2
    final = run(ARM(oracle.VOCAB), PREFIX, oracle.arm_prompt(bits)).final
    assert oracle.arm_answer(final) == bits.sum() % 2
