"""Tests of the max-flow → min-cut editing process on AP-MDM."""

import numpy as np
import pytest
from hypothesis import given, settings, strategies as st

from proofs.oracles import maxflow as oracle
from proofs.tasks import get_task, run_task
from simulators.machines import APMDM
from simulators.policies import Edit
from simulators.run import run
from simulators.testing.laws import check_run
from theory.families import maxflow


@st.composite
def instances(draw):
    n = draw(st.integers(2, 12))
    edges = draw(st.integers(0, min(n * (n - 1) // 2, 3 * n)))
    return maxflow.generate(n, np.random.default_rng(draw(st.integers(0, 2**32 - 1))),
                            edges=edges)


@settings(max_examples=40, deadline=None)
@given(instances())
def test_every_run_finds_a_minimum_cut(instance):
    outcome = run_task("maxflow", instance)  # run() audits statelessness itself
    assert outcome.result.stopped_by == "eos"
    assert outcome.correct is True
    assert len(outcome.answer) == maxflow.max_flow_value(instance)
    assert outcome.details["deleted_edges"] == [list(e) for e in outcome.answer]


@settings(max_examples=10, deadline=None)
@given(instances())
def test_the_trace_replays(instance):
    result = run(APMDM(oracle.VOCAB), oracle.policy, oracle.prompt(instance),
                 max_steps=10_000, record=True)
    check_run(result)


@pytest.mark.parametrize("text, source, target, flow", [
    ("0 1\n2 1\n", 0, 2, 0),          # no path: nothing is deleted
    ("0 1\n1 2\n2 3\n", 0, 3, 1),     # a chain: one edge
    ("0 1\n1 3\n0 2\n2 3\n", 0, 3, 2),
    ("1 0\n3 2\n", 0, 3, 0),          # already cut
])
def test_small_graphs(text, source, target, flow):
    instance = maxflow.parse(text, source=source, target=target)
    outcome = run_task("maxflow", instance)
    assert outcome.correct is True
    assert len(outcome.answer) == flow
    assert outcome.details["max_flow"] == flow


def test_a_policy_that_skips_an_augmentation_is_caught():
    instance = maxflow.parse("0 1\n1 3\n0 2\n2 3\n")

    def skipping(x):
        # skip the second augmentation: go to the cut as if the target were unreached
        x = np.asarray(x)
        if oracle.operation(x) == "augment" and np.any(x[6:] == oracle.FB):
            return Edit.insert_after([len(x) - 1])
        return oracle.policy(x)

    result = run(APMDM(oracle.VOCAB), skipping, oracle.prompt(instance), max_steps=1000)
    answer = oracle.answer(result.final)
    assert result.stopped_by == "eos" and answer is not None
    assert not maxflow.verify(instance, answer)
    assert maxflow.verify(instance, oracle.answer(
        run(APMDM(oracle.VOCAB), oracle.policy, oracle.prompt(instance), max_steps=1000).final))


def test_node_ids_above_the_vocabulary_are_refused():
    from theory.errors import FamilyInputError

    with pytest.raises(FamilyInputError, match="above"):
        oracle.prompt(maxflow.parse("0 100\n"))


def test_the_task_is_registered():
    assert get_task("maxflow").family is maxflow
