"""Tests of the official max-flow → min-cut editing process on AP-MDM."""

import networkx as nx
import numpy as np
import pytest
from hypothesis import given, settings, strategies as st

from proofs import trajectories
from proofs.oracles import maxflow as oracle
from proofs.tasks import get_task, run_task
from simulators.machines import APMDM
from simulators.policies import Edit
from simulators.run import run
from simulators.testing.laws import check_run
from simulators.trace import FIELDS
from tests.maxflow_reference import trajectory
from theory.errors import FamilyInputError
from theory.families import maxflow


@st.composite
def instances(draw, largest=12):
    n = draw(st.integers(2, largest))
    edges = draw(st.integers(0, min(n * (n - 1) // 2, 3 * n)))
    return maxflow.generate(n, np.random.default_rng(draw(st.integers(0, 2**32 - 1))),
                            edges=edges)


def _from_networkx(graph, source, target):
    return maxflow.parse("".join(f"{u} {v}\n" for u, v in graph.edges), source=source,
                         target=target)


def _assert_official(instance, samples=None):
    """Our samples equal the independent reference of the official rules, field for field."""
    expected, flow = trajectory(instance.edges, instance.nodes, instance.source,
                                instance.target)
    samples = list(trajectories.maxflow_samples(instance)) if samples is None else samples
    assert len(samples) == len(expected) > 0
    for k, (ours, theirs) in enumerate(zip(samples, expected)):
        assert ours["solver_metadata"]["operation"] == theirs["operation"], k
        for key in FIELDS:
            assert np.array_equal(ours[key], theirs[key]), (k, theirs["operation"], key)
    assert samples[0]["solver_metadata"]["max_flow_value"] == flow
    return expected


@settings(max_examples=40, deadline=None)
@given(instances())
def test_every_run_finds_a_minimum_cut(instance):
    outcome = run_task("maxflow", instance)  # run() audits statelessness itself
    flow = maxflow.max_flow_value(instance)
    assert outcome.result.stopped_by == ("eos" if flow else "halted")
    assert outcome.correct is True
    assert len(outcome.answer) == flow == outcome.details["phases"].get("AUG_FLIP_EDGES", 0)
    assert outcome.details["deleted_edges"] == [list(e) for e in outcome.answer]
    assert outcome.result.resources.steps <= oracle.steps_bound(len(instance), flow)


@settings(max_examples=40, deadline=None)
@given(instances())
def test_the_trajectory_is_the_official_one_sample_for_sample(instance):
    _assert_official(instance)


@settings(max_examples=10, deadline=None)
@given(instances())
def test_the_trace_replays(instance):
    result = run(APMDM(oracle.VOCAB), oracle.policy, oracle.prompt(instance),
                 max_steps=10_000, record=True)
    check_run(result)


def _layered(layers, width, seed):
    """A random layered DAG: many augmenting paths of the same length."""
    rng = np.random.default_rng(seed)
    graph = nx.DiGraph()
    columns = [[0]] + [list(range(1 + i * width, 1 + (i + 1) * width)) for i in range(layers)]
    columns.append([1 + layers * width])
    for left, right in zip(columns, columns[1:]):
        for u in left:
            for v in right:
                if rng.random() < 0.6:
                    graph.add_edge(u, v)
    graph.add_nodes_from([0, columns[-1][0]])
    return graph, 0, columns[-1][0]


@pytest.mark.parametrize("graph, source, target, flow", [
    (nx.DiGraph([(0, 1), (2, 1)]), 0, 2, 0),                          # no path
    (nx.DiGraph([(1, 0), (3, 2)]), 0, 3, 0),                          # already cut
    (nx.DiGraph([(0, 1), (1, 2), (2, 3)]), 0, 3, 1),                  # a chain
    (nx.DiGraph([(0, 1), (1, 3), (0, 2), (2, 3)]), 0, 3, 2),          # two paths
    (nx.DiGraph([(0, 1), (0, 2), (1, 2), (1, 3), (2, 3)]), 0, 3, 2),  # a reversal is used
    (nx.path_graph(30, create_using=nx.DiGraph), 0, 29, 1),           # levels past [LVL19]
])
def test_networkx_graphs(graph, source, target, flow):
    instance = _from_networkx(graph, source, target)
    outcome = run_task("maxflow", instance)
    assert outcome.correct is True and len(outcome.answer) == flow
    _assert_official(instance)


def test_node_ids_past_the_official_vocabulary():
    """A transitive tournament on ids 40..51 (the official ids stop at 19): max flow 11."""
    graph = nx.DiGraph([(40 + u, 40 + v) for u in range(12) for v in range(u + 1, 12)])
    instance = _from_networkx(graph, 40, 51)
    outcome = run_task("maxflow", instance)
    assert outcome.correct is True and len(outcome.answer) == 11
    _assert_official(instance)


@pytest.mark.parametrize("seed", range(4))
def test_layered_graphs_with_many_augmenting_paths(seed):
    graph, source, target = _layered(3, 4, seed)
    instance = _from_networkx(graph, source, target)
    outcome = run_task("maxflow", instance)
    assert outcome.correct is True
    assert outcome.details["phases"].get("AUG_FLIP_EDGES", 0) >= 1
    _assert_official(instance)


def test_operation_counts_equal_the_reference():
    instance = maxflow.generate(12, 7, edges=36)
    expected = _assert_official(instance)
    counts = {}
    for sample in expected:
        counts[sample["operation"]] = counts.get(sample["operation"], 0) + 1
    assert run_task("maxflow", instance).details["phases"] == counts


def test_edges_both_ways_are_flipped_where_the_path_went():
    """With u → v and v → u both present the official lookup can reverse the wrong edge
    (here it counts 2 augmentations for a max flow of 1 and cuts nothing); ours reverses
    the edge the path used, and the answer is a minimum cut."""
    instance = maxflow.parse("1 0\n2 0\n2 1\n0 1\n0 2\n", source=0, target=2)
    official, flow = trajectory(instance.edges, instance.nodes, instance.source,
                                instance.target)
    assert flow == 2 and official[-1]["operation"] == "APPEND_EOA_Y"
    outcome = run_task("maxflow", instance)
    assert outcome.correct is True and outcome.answer == [(0, 2)]
    assert outcome.details["phases"]["AUG_FLIP_EDGES"] == 1


def test_a_policy_with_another_parent_rule_differs_from_the_official_trajectory():
    """Control for the comparison: parents chosen as the highest id, not the lowest."""
    instance = _from_networkx(nx.DiGraph([(0, 1), (0, 2), (1, 3), (2, 3), (3, 4)]), 0, 4)

    def highest_parent(x):
        x = np.asarray(x)
        edit = oracle.policy(x)
        if oracle.operation(x) == "BFS_LAYER_Y" and x[-1] == oracle.CLOSE:
            tokens = edit.tokens.copy()
            tokens[tokens == 33 + 1] = 33 + 2   # node 3's parent: 2 instead of 1
            return Edit(edit.positions, tokens, edit.ctrl)
        return edit

    result = run(APMDM(oracle.VOCAB), highest_parent, oracle.prompt(instance), record=True,
                 max_steps=200)
    samples = [trajectories._listed_sample(*args) for args in zip(
        result.trace.states, result.trace.steps, result.trace.states[1:])]
    for sample, state in zip(samples, result.trace.states):
        sample["solver_metadata"] = {"operation": oracle.operation(state),
                                     "max_flow_value": 1}
    with pytest.raises(AssertionError):
        _assert_official(instance, samples)


def test_a_policy_that_cuts_one_edge_too_many_is_caught():
    instance = maxflow.parse("0 1\n1 3\n0 2\n2 3\n")
    starts = range(6, 6 + 6 * len(instance.edges), 6)

    def greedy(x):
        x = np.asarray(x)
        edit = oracle.policy(x)
        if oracle.operation(x) == "CUT_MARK_R":   # mark one more edge than the cut
            extra = next(s for s in starts if s not in set(edit.positions.tolist()))
            return edit | Edit.remask(range(extra, extra + 6))
        return edit

    initial = oracle.prompt(instance)
    result = run(APMDM(oracle.VOCAB), greedy, initial, max_steps=1000)
    answer = oracle.answer(result.final, initial)
    assert answer is not None and len(answer) == 3
    assert not maxflow.verify(instance, answer)
    honest = run(APMDM(oracle.VOCAB), oracle.policy, initial, max_steps=1000)
    assert maxflow.verify(instance, oracle.answer(honest.final, initial))


def test_the_answer_needs_a_finished_sequence():
    initial = oracle.prompt(maxflow.parse("0 1\n"))
    assert oracle.answer(initial, initial) is None


def test_node_ids_above_the_vocabulary_are_refused():
    with pytest.raises(FamilyInputError, match="above"):
        oracle.prompt(maxflow.parse("0 100\n"))


def test_the_task_is_registered():
    assert get_task("maxflow").family is maxflow


@settings(max_examples=15, deadline=None)
@given(instances())
def test_masks_kept_as_values_are_not_counted_as_writes(instance):
    """The counters agree with the official labels: an edge slot that stays [MASK]
    (y_star [MASK], r_star 0) is neither an unmask nor a remask."""
    samples = list(trajectories.maxflow_samples(instance))
    mask = oracle.MASK
    resources = run_task("maxflow", instance).result.resources
    written = sum(int(np.sum((s["x_k"] == mask) & (s["y_star"] != mask) & (s["r_star"] == 0)
                             & (s["c_star"] == 0))) for s in samples)
    kept = sum(int(np.sum((s["x_k"] == mask) & (s["y_star"] == mask) & (s["r_star"] == 0)
                          & (s["c_star"] == 0))) for s in samples)
    assert resources.unmasks == resources.tokens_written == written
    assert resources.remasks == sum(int(np.sum(s["r_star"] & (s["x_k"] != mask)))
                                    for s in samples)
    assert resources.inserts == sum(int(s["e_star"].sum()) for s in samples)
    assert resources.deletes == sum(int(s["c_star"].sum()) for s in samples)
    assert kept > 0 or not instance.edges   # reverse-direction masks stay through init


@pytest.mark.parametrize("seed", range(20))
def test_the_official_loader_graphs_run_right_and_follow_the_official_trajectory(seed):
    instance = maxflow.official_graph(seed)
    assert int(oracle.prompt(instance).max()) <= 52      # node ids within the official 0..19
    outcome = run_task("maxflow", instance)
    assert outcome.correct is True and outcome.result.stopped_by == "eos"
    assert len(outcome.answer) == maxflow.max_flow_value(instance)
    assert int(outcome.result.final.max()) <= 52          # no extended token appears
    _assert_official(instance)
