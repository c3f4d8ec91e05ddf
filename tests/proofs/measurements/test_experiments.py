"""The Sudoku and max-flow experiments: measured against independent counts, controls failing."""

import networkx as nx
import numpy as np

from proofs.checker import check_claims, judge
from proofs.measurements.experiments import bfs_rounds, steps_needed
from theory.claims import get_claim
from theory.families import maxflow


def test_maxflow_steps_stay_within_the_guarantee_and_equal_the_bfs_rounds():
    results = check_claims(["E-maxflow"], quick=True)
    assert [r.claim for r in results] == ["E-maxflow", "E-maxflow-bfs-rounds"]
    assert all(r.verdict == "holds" for r in results), results
    assert results[1].measured == [1.0] * len(results[1].measured)   # the count is exact


def test_the_constant_steps_and_one_layer_fewer_controls_fail_on_their_bound():
    results = check_claims(["NEG-apmdm-maxflow-constant-steps", "NEG-maxflow-one-layer-fewer"],
                           quick=True)
    assert all(r.verdict == "fails" and "bound" in r.failures and r.ok for r in results)


def test_a_process_slower_than_its_guarantee_would_fail():
    """The exact bound has no slack: a value just over 1 at one size is a failure."""
    rows = [{"n": n, "x": n, "value": value, "correct": True}
            for n, value in ((3, 0.6), (6, 0.9), (10, 1.05))]
    assert judge(get_claim("E-maxflow"), rows).verdict == "fails"


def test_the_independent_edmonds_karp_finds_the_max_flow():
    rng = np.random.default_rng(5)
    for n in (3, 5, 8, 12):
        graph = maxflow.generate(n, rng, edges=min(3 * n, n * (n - 1) // 2))
        layers, augmentations = bfs_rounds(graph)
        digraph = nx.DiGraph()
        digraph.add_edges_from(graph.edges, capacity=1)
        digraph.add_nodes_from(graph.nodes)
        assert augmentations == nx.maximum_flow_value(digraph, graph.source, graph.target)
        assert len(layers) == augmentations + 1
        assert steps_needed(graph, 1) == steps_needed(graph) - 2 * augmentations


def test_sudoku_equals_the_reference_and_the_first_empty_cell_control_does_not():
    results = check_claims(["E-sudoku", "NEG-sudoku-first-empty-cell"], sizes=[2, 3])
    assert results[0].verdict == "holds" and results[0].measured == [1.0, 1.0]
    assert results[1].verdict == "fails" and "wrong answer" in results[1].failures
