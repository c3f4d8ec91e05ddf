"""Max-flow family: the reference cut verifies, verify refuses a non-cut or a too-large cut, and
official_graph equals the official loader's graphs bit for bit.

maxflow_official_graphs.json was made once by running ``generate_graph`` of
cl-1-koi/AP-MDM dataset/max_flow/maxflow_loader.py at commit
822a2fd153f30fb7f95321ae16cf53e5e2a1f543 (a scratch copy outside the repository,
Python 3.11.7, networkx 3.6.1) on the seeds and ranges the file lists.
"""

import json
from pathlib import Path

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


# The official loader's graphs (official_graph)

GOLDEN = json.loads((Path(__file__).parent / "maxflow_official_graphs.json").read_text())
CASES = [(group["ranges"], graph) for group in GOLDEN["groups"] for graph in group["graphs"]]


def as_official(instance):
    return {"node_list": list(instance.nodes), "edge_list": [list(e) for e in instance.edges],
            "source_node": instance.source, "target_node": instance.target,
            "ground_truth_max_flow": maxflow.max_flow_value(instance)}


@pytest.mark.parametrize("ranges, expected", CASES,
                         ids=[f"{g['name']}-{x['seed']}" for g in GOLDEN["groups"]
                              for x in g["graphs"]])
def test_official_graph_equals_the_official_loader(ranges, expected):
    got = as_official(maxflow.official_graph(expected["seed"], **ranges))
    assert got == {key: expected[key] for key in got}


@pytest.mark.parametrize("ranges, expected", CASES[:55])
def test_the_kept_attempt_is_the_official_one(ranges, expected):
    flows = [flow for _, flow in maxflow.official_attempts(expected["seed"], **ranges)]
    kept = next((i for i, flow in enumerate(flows) if flow >= ranges["min_flow"]), None)
    assert (kept is not None) == expected["met_min_flow"]
    assert (kept + 1 if kept is not None else maxflow.OFFICIAL_ATTEMPTS) == expected["attempts"]


def test_the_golden_file_covers_both_retry_outcomes():
    outcomes = {graph["met_min_flow"] for _, graph in CASES}
    assert outcomes == {True, False}
    names = {(group["name"], graph["seed"]) for group in GOLDEN["groups"]
             for graph in group["graphs"]}
    assert len(names) == len(CASES)


@pytest.mark.parametrize("name, broken", [
    ("_drop_two_way_edges", lambda graph, rng: None),   # keeps edges that run both ways
    ("OFFICIAL_ATTEMPTS", 1),                            # no retries
])
def test_a_broken_loader_is_caught_by_the_golden_file(monkeypatch, name, broken):
    """Negative controls: each variant changes some of the first 20 golden graphs."""
    monkeypatch.setattr(maxflow, name, broken)
    mismatches = [expected["seed"] for ranges, expected in CASES[:20]
                  if as_official(maxflow.official_graph(expected["seed"], **ranges))
                  != {key: expected[key] for key in ("node_list", "edge_list", "source_node",
                                                     "target_node", "ground_truth_max_flow")}]
    assert mismatches


def test_the_loader_patching_premise_networkx_refuses_uncapacitated_paths():
    """The loader patches before edges have capacities: networkx raises on both calls
    (so its patching adds nothing), but not once the capacities are set."""
    graph = nx.DiGraph([(0, 1), (1, 2)])
    with pytest.raises(nx.NetworkXUnbounded):
        nx.maximum_flow_value(graph, 0, 2)
    with pytest.raises(nx.NetworkXUnbounded):
        nx.minimum_cut(graph, 0, 2)
    nx.set_edge_attributes(graph, 1, "capacity")
    assert nx.maximum_flow_value(graph, 0, 2) == 1


@given(seed=st.integers(0, 10**9), low=st.integers(2, 12), extra=st.integers(0, 6),
       min_flow=st.integers(0, 4))
@settings(max_examples=40, deadline=None)
def test_official_graphs_keep_the_loader_laws(seed, low, extra, min_flow):
    ranges = dict(min_nodes=low, max_nodes=low + extra, min_edges=10, max_edges=40,
                  min_flow=min_flow, max_flow=min_flow + 2, max_node_id=low + extra + 3)
    instance = maxflow.official_graph(seed, **ranges)
    edges = set(instance.edges)
    assert len(edges) == len(instance.edges)
    assert not any((v, u) in edges for u, v in edges)
    assert all(0 <= v <= ranges["max_node_id"] for v in instance.nodes)
    assert list(instance.nodes) == sorted(set(instance.nodes))
    assert {u for e in edges for u in e} <= set(instance.nodes)
    assert low <= len(instance.nodes) <= low + extra
    assert instance.source != instance.target
    flows = [flow for _, flow in maxflow.official_attempts(seed, **ranges)]
    assert len(flows) == maxflow.OFFICIAL_ATTEMPTS
    if maxflow.max_flow_value(instance) < min_flow:
        assert max(flows) < min_flow          # only when all 10 attempts fell short
    assert maxflow.verify(instance, maxflow.solve(instance))


@pytest.mark.parametrize("ranges, message", [
    (dict(min_nodes=1, max_nodes=3), "at least 2 nodes"),
    (dict(min_nodes=9, max_nodes=8), "min_nodes=9 is above max_nodes=8"),
    (dict(min_edges=9, max_edges=8), "min_edges=9"),
    (dict(min_flow=6), "min_flow=6"),
    (dict(max_nodes=16), "do not fit the pool 0..14"),
    (dict(max_node_id=-1), "max_node_id=-1"),
    (dict(min_edges=2.5), "min_edges=2.5"),
    (dict(max_node_id=5000, max_nodes=1001), "above 1000"),
])
def test_official_graph_refuses_bad_ranges(ranges, message):
    with pytest.raises(FamilyInputError, match=message):
        maxflow.official_graph(0, **ranges)


@pytest.mark.parametrize("seed", [-1, True, "0"])
def test_official_graph_refuses_bad_seeds(seed):
    with pytest.raises(FamilyInputError, match="seed"):
        maxflow.official_graph(seed)
