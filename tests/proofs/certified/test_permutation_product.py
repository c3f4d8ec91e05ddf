"""The tree product of permutations equals the oracle, and its depth grows as ⌈log₂ n⌉ + 1."""

import math

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from proofs.oracles import permutation_product as oracle
from proofs.certified import certificate, steps_agree
from proofs.certified.permutation_product import tree_product_program
from simulators import rasp


@settings(max_examples=30)
@given(st.lists(st.integers(0, 119), max_size=33))
def test_the_tree_product_equals_the_oracle(indices):
    x = oracle.canvas(indices)
    program = tree_product_program(len(indices))
    assert steps_agree(oracle.machine(0), oracle.policy(x), program(x), x)


def test_the_natural_program_for_an_nc1_complete_step_grows_in_depth():
    rows = certificate("permutation-product", [16, 64, 256, 1024])
    sizes = [16, 64, 256, 1024]
    assert [row["depth"] for row in rows] == [math.ceil(math.log2(n)) + 1 for n in sizes]


def test_a_tree_one_level_short_misses_the_last_factors():
    """Negative control: the program built for 8 factors, run on 16, ignores factors 9..16."""
    cycle = oracle.index((1, 2, 3, 4, 0))
    x = oracle.canvas([cycle] * 16)
    short = rasp.evaluate(x, tree_product_program(8).outputs["token"])[0][-1]
    full = rasp.evaluate(x, tree_product_program(16).outputs["token"])[0][-1]
    assert full == oracle.policy(x)[1][0] == oracle.PERM0 + cycle  # cycle^16 = cycle
    assert short == oracle.PERM0 + oracle.index((3, 4, 0, 1, 2))   # cycle^8 = cycle^3


def test_composition_is_apply_first_then_second():
    a, b = np.random.default_rng(0).integers(0, 120, 2)
    first, second = oracle.PERMUTATIONS[a], oracle.PERMUTATIONS[b]
    assert oracle.PERMUTATIONS[oracle.COMPOSE[a, b]] == tuple(second[first[i]] for i in range(5))
