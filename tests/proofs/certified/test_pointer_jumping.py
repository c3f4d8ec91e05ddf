"""The pointer-jumping program equals the oracle on every round of generated forests."""

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from proofs.oracles import pointer_jumping as oracle
from proofs.certified import steps_agree
from proofs.certified.pointer_jumping import pointer_jumping_program
from simulators.run import run

PROGRAM = pointer_jumping_program()


@settings(max_examples=40)
@given(st.integers(1, 30), st.integers(0, 2**16), st.integers(0, 6))
def test_program_equals_the_oracle_after_any_number_of_rounds(n, seed, rounds):
    canvas = oracle.prompt(n, seed)
    state = canvas
    if rounds and (canvas == oracle.MASK).any():
        state = run(oracle.machine(n), oracle.policy, canvas, max_steps=rounds).final
    assert steps_agree(oracle.machine(n), oracle.policy(state), PROGRAM(state), state)


def test_the_program_finds_every_root():
    parents = oracle.random_forest(200, rng=7)
    final = run(oracle.machine(200), PROGRAM, oracle.canvas(parents)).final
    roots = parents.copy()
    for _ in range(200):
        roots = parents[roots]
    assert np.array_equal(oracle.roots(final, 200), roots)
