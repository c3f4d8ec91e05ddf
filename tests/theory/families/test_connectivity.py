"""The connectivity family: labels name the components (checked against networkx)."""

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from tests.simulators.reference_pram import same_components
from theory.errors import FamilyInputError
from theory.families import connectivity


@st.composite
def graphs(draw):
    n = draw(st.integers(1, 30))
    edges = draw(st.lists(st.tuples(st.integers(0, n - 1), st.integers(0, n - 1)), max_size=40))
    return n, np.array(edges, dtype=np.int64).reshape(-1, 2)


@pytest.mark.parametrize("n, graph, expected", connectivity.CASES)
def test_canonical_cases(n, graph, expected):
    assert graph[0] == n and np.array_equal(connectivity.solve(graph), expected)
    assert connectivity.verify(graph, expected)


@given(graphs())
def test_solver_names_the_components_and_verify_agrees_with_networkx(graph):
    n, edges = graph
    labels = connectivity.solve(graph)
    assert same_components(labels.tolist(), n, edges.tolist())
    assert connectivity.verify(graph, labels)


@given(graphs(), st.data())
def test_verify_accepts_exactly_the_labellings_networkx_accepts(graph, data):
    n, edges = graph
    labels = np.array(data.draw(st.lists(st.integers(0, n - 1), min_size=n, max_size=n)))
    assert connectivity.verify(graph, labels) == same_components(labels.tolist(), n,
                                                                 edges.tolist())


@given(graphs())
def test_any_vertex_of_a_component_may_name_it(graph):
    labels = connectivity.solve(graph)
    largest = {int(root): v for v, root in enumerate(labels)}  # the largest vertex of each
    assert connectivity.verify(graph, np.array([largest[int(root)] for root in labels]))


@given(graphs())
def test_text_round_trips(graph):
    n, edges = connectivity.parse(connectivity.to_text(graph))
    assert n == graph[0] and np.array_equal(edges, graph[1])


def test_generate_is_reproducible():
    n, edges = connectivity.generate(50, 4)
    again = connectivity.generate(50, 4)
    assert n == 50 and edges.shape == (25, 2) and np.array_equal(edges, again[1])


@pytest.mark.parametrize("text, message", [
    ("0 1\n", "number of vertices"),
    ("", "number of vertices"),
    ("3\n0 5\n", "line 2: vertices must be numbered 0..n-1"),
    ("3\n0 1 2\n", "line 2: expected one edge 'u v' per line"),
    ("3\n0 x\n", "line 2"),
    ("-2\n", "must be in 0"),
])
def test_malformed_text_is_refused(text, message):
    with pytest.raises(FamilyInputError, match=message):
        connectivity.parse(text)
