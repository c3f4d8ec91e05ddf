"""Theorem 3: a left-to-right Masked-ARM log re-enacts any-order MDM runs, 3 steps per token."""

import hashlib

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import proofs.constructions.mdm_to_masked_arm as t3
from proofs.constructions.mdm_budget import mdm_budget
from proofs.constructions.mdm_to_masked_arm import (compare, mdm_source, mdm_to_masked_arm,
                                                     resource_rows)
from simulators.errors import InvalidArgumentError
from simulators.machines import MDM, APMDM
from simulators.run import run
from simulators.vocab import Vocab

VOCAB = Vocab(["[MASK]", "a", "b", "c", "d"], bos=None, eos=None)


def any_order_policy(seed, stop_chance):
    """A stateless any-order MDM policy: its choices are a hash of the canvas and the seed."""
    def policy(x):
        masked = np.flatnonzero(x == VOCAB.mask_id)
        if masked.size == 0:
            return None
        digest = hashlib.blake2b(x.tobytes() + seed.to_bytes(8, "little"), digest_size=8)
        rng = np.random.default_rng(int.from_bytes(digest.digest(), "little"))
        if rng.random() < stop_chance:
            return None
        chosen = np.sort(rng.choice(masked, size=int(rng.integers(1, masked.size + 1)),
                                    replace=False))
        return chosen, rng.integers(1, len(VOCAB), size=len(chosen))
    return policy


def check(row):
    assert row["same_canvas"] and row["same_steps"]
    assert row["marm_steps"] == 3 * row["mdm_tokens"]
    assert row["marm_context"] <= 4 * row["mdm_context"]


@settings(max_examples=60, deadline=None)
@given(canvas=st.lists(st.integers(0, len(VOCAB) - 1), min_size=1, max_size=30),
       seed=st.integers(0, 2**32), stop_chance=st.sampled_from([0.0, 0.1]))
def test_hypothesis_any_order_policies_are_reproduced(canvas, seed, stop_chance):
    check(compare(MDM(VOCAB), any_order_policy(seed, stop_chance),
                  np.array(canvas, dtype=np.int32)))


def test_parity_tree_is_reproduced():
    for row in resource_rows("parity", [1, 2, 7, 32, 100], seed=4):
        check(row)
        assert row["mdm_steps"] < row["mdm_tokens"] or row["mdm_tokens"] <= 1


@pytest.mark.parametrize("program", ["prefix_sum_hillis_steele", "list_ranking", "dyck"])
def test_theorem_1_mdms_are_reproduced(program):
    for row in resource_rows(program, [4], seed=1):
        check(row)


def test_the_masked_arm_run_keeps_theorem_2_budget():
    machine, policy, canvas = mdm_source("parity", 20)
    compiled = mdm_to_masked_arm(machine, policy, len(canvas))
    assert mdm_budget(run(compiled.machine, compiled.policy, compiled.prompt(canvas)))["holds"]


def test_negative_control_a_log_that_drops_an_entry_is_caught(monkeypatch):
    original = t3._entry

    def drops_first(positions, tokens, index, *flags):
        return original(positions, tokens, min(index + 1, len(positions) - 1), *flags)

    monkeypatch.setattr(t3, "_entry", drops_first)
    row = compare(*mdm_source("parity", 16, seed=0))
    assert not (row["same_canvas"] and row["same_steps"])


def test_bad_arguments_are_refused():
    with pytest.raises(InvalidArgumentError):
        mdm_to_masked_arm(APMDM(VOCAB), None, 4)
    with pytest.raises(InvalidArgumentError):
        mdm_to_masked_arm(MDM(VOCAB), None, 0)
    with pytest.raises(InvalidArgumentError):
        mdm_to_masked_arm(MDM(Vocab(["[MASK]", "[HOLE]"])), None, 4)
    with pytest.raises(InvalidArgumentError):
        mdm_to_masked_arm(MDM(VOCAB), None, 4).prompt(np.zeros(3, dtype=np.int32))
    with pytest.raises(InvalidArgumentError):
        mdm_source("sudoku", 4)
