"""Both prefix-sum programs equal the oracle; only the doubling one's depth grows."""

import math

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from proofs.oracles import prefix_sum as oracle
from proofs.certified import steps_agree
from proofs.certified.prefix_sum import doubling_program, mean_program
from simulators import rasp


@settings(max_examples=40)
@given(st.lists(st.integers(0, 1), max_size=40))
def test_both_programs_compute_every_prefix_sum(bits):
    x = oracle.canvas(bits)
    machine = oracle.machine(len(bits))
    for program in (doubling_program(len(bits)), mean_program()):
        assert steps_agree(machine, oracle.policy(x), program(x), x)


def test_doubling_depth_is_ceil_log2_n_plus_one_and_mean_depth_is_two():
    for n in (2, 3, 100, 4096):
        assert doubling_program(n).depth == math.ceil(math.log2(n)) + 1
        assert mean_program().depth == 2


def test_a_doubling_program_cut_short_is_wrong():
    """Negative control: the scan built for n/2 (a round too few) gets the sums wrong."""
    x = oracle.canvas(np.ones(16, dtype=np.int64))
    sums = rasp.evaluate(x, doubling_program(8).outputs["token"])[0][17:] - oracle.NUM0
    assert sums.tolist() != list(range(1, 17))
    full = rasp.evaluate(x, doubling_program(16).outputs["token"])[0][17:] - oracle.NUM0
    assert full.tolist() == list(range(1, 17))
