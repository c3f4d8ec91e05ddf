"""Theorem 2: MDM runs keep steps <= masks <= S and Σ L² <= S³; the AP-MDM counter does not."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from proofs.constructions.mdm_budget import counter, counter_value, mdm_budget, resource_rows
from proofs.oracles.parity import VOCAB, mdm_canvas, tree_policy
from simulators.errors import InvalidArgumentError
from simulators.machines import MDM
from simulators.run import run


@settings(max_examples=30, deadline=None)
@given(st.lists(st.integers(0, 1), min_size=1, max_size=200))
def test_parity_tree_runs_keep_the_budget(bits):
    assert mdm_budget(run(MDM(VOCAB), tree_policy, mdm_canvas(bits)))["holds"]


def test_counter_contrast_for_S_4_to_18():
    rows = resource_rows(range(4, 19))  # S = 20 takes 2 million steps: see genpower compile counter
    for row in rows:
        S = row["S"]
        assert row["mdm_steps"] == row["mdm_context"] == S and row["mdm_budget_holds"]
        assert row["apmdm_context"] == S
        assert row["apmdm_count"] == 2 ** S - 1
        assert row["apmdm_steps"] == 2 * (2 ** S - 1)
        assert not row["apmdm_steps_le_S"]


def test_negative_control_the_budget_check_fails_on_the_apmdm_counter():
    result = run(*counter(6, "apmdm"))
    report = mdm_budget(result)
    assert not report["holds"] and report["steps"] > report["S"]


def test_counter_policy_is_stateless_under_the_audit():
    machine, policy, prompt = counter(5)
    result = run(machine, policy, prompt, record=True)  # Python loop: audited
    assert counter_value(result.final) == 31 and result.stopped_by == "halted"


@pytest.mark.parametrize("context, machine", [(0, "apmdm"), (41, "apmdm"), (4, "arm")])
def test_bad_counter_arguments_are_refused(context, machine):
    with pytest.raises(InvalidArgumentError):
        counter(context, machine)


def test_mdm_counter_counts_in_unary():
    result = run(*counter(7, "mdm"))
    assert counter_value(result.final, "mdm") == 7 and np.all(result.final == 1)


def test_a_counter_stopped_between_remask_and_unmask_holds_no_count():
    machine, policy, prompt = counter(6, "apmdm")
    counts = [counter_value(run(machine, policy, prompt, max_steps=steps).final)
              for steps in range(1, 12)]
    assert None in counts and all(c is None or 0 <= c < 64 for c in counts)
