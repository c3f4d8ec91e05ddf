"""Max-flow family: the reference cut verifies, and verify refuses a non-cut or a too-large cut."""

import networkx as nx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from theory.errors import FamilyInputError
from theory.families import maxflow


@pytest.mark.parametrize("n, instance, value", maxflow.CASES)
def test_cases_have_their_flow_value(n, instance, value):
    assert len(instance) == n
    assert maxflow.max_flow_value(instance) == value == len(maxflow.solve(instance))


@given(seed=st.integers(0, 2**32 - 1), n=st.integers(2, 12))
@settings(max_examples=25, deadline=None)
def test_reference_cut_verifies_on_random_graphs(seed, n):
    instance = maxflow.generate(n, seed)
    edges = set(instance.edges)
    assert not any((v, u) in edges for u, v in edges)
    assert all(0 <= v < max(15, n) for v in instance.nodes)
    assert maxflow.verify(instance, maxflow.solve(instance))


def test_verify_refuses_non_cuts_and_oversized_cuts():
    instance = maxflow.parse("0 1\n1 3\n0 2\n2 3\n0 3\n")
    assert maxflow.verify(instance, [(0, 1), (0, 2), (0, 3)])
    assert not maxflow.verify(instance, [(0, 1), (0, 2)])             # 0 -> 3 remains
    assert not maxflow.verify(instance, [(0, 1), (0, 2), (0, 3), (1, 3)])  # not minimum
    assert not maxflow.verify(instance, [(3, 0), (0, 1), (0, 2)])     # not an edge
    assert not maxflow.verify(instance, None)


def test_networkx_graph_as_edge_list_round_trips():
    graph = nx.gnp_random_graph(8, 0.4, seed=3, directed=True)
    graph.remove_edges_from([(u, v) for u, v in list(graph.edges) if u > v and (v, u) in graph.edges])
    text = "source 0\ntarget 7\n" + "".join(f"{u} {v}\n" for u, v in graph.edges)
    instance = maxflow.parse(text)
    assert (instance.source, instance.target) == (0, 7)
    capacities = nx.DiGraph(graph)
    nx.set_edge_attributes(capacities, 1, "capacity")
    assert maxflow.max_flow_value(instance) == nx.maximum_flow_value(capacities, 0, 7)


@pytest.mark.parametrize("text, message", [
    ("0 1\n1\n", "line 2"), ("0 1\n0 1\n", "twice"), ("0 0\n", "self-loop"),
    ("", "no edges"), ("source 5\n0 1\n", "source 5"), ("0 x\n", "line 1"),
])
def test_parse_refuses_malformed_graphs(text, message):
    with pytest.raises(FamilyInputError, match=message):
        maxflow.parse(text)
