"""The list-ranking family: ranks are the number of links to the tail, cycles are refused."""

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from tests.simulators.reference_pram import list_ranks
from theory.errors import FamilyInputError
from theory.families import list_ranking


@st.composite
def forests(draw):
    """Successor arrays of one or more lists over 0..n-1 (each node points to a later one
    in a random order, or is a tail)."""
    n = draw(st.integers(1, 40))
    order = draw(st.permutations(range(n)))
    successor = np.empty(n, dtype=np.int64)
    for index, node in enumerate(order):
        later = order[index + 1:]
        successor[node] = draw(st.sampled_from(later)) if later and draw(st.booleans()) else \
            (order[index + 1] if index + 1 < n and draw(st.booleans()) else node)
    return successor


@pytest.mark.parametrize("n, instance, expected", list_ranking.CASES)
def test_canonical_cases(n, instance, expected):
    assert len(instance) == n and np.array_equal(list_ranking.solve(instance), expected)
    assert list_ranking.verify(instance, expected)
    assert not list_ranking.verify(instance, expected + 1)


@given(forests())
def test_solver_counts_links_to_the_tail(successor):
    ranks = list_ranking.solve(successor)
    assert ranks.tolist() == list_ranks(successor.tolist())
    assert list_ranking.verify(successor, ranks)
    wrong = ranks.copy()
    wrong[0] += 1
    assert not list_ranking.verify(successor, wrong)


@given(forests())
def test_text_round_trips(successor):
    assert np.array_equal(list_ranking.parse(list_ranking.to_text(successor)), successor)


@given(st.integers(0, 300), st.integers(0, 2**32))
def test_generate_makes_one_list_through_every_node(n, seed):
    successor = list_ranking.generate(n, seed)
    ranks = list_ranking.solve(successor)
    assert sorted(ranks.tolist()) == list(range(n))


@pytest.mark.parametrize("text, message", [
    ("1 0", "never reaches a tail"),
    ("0 5", "successor of node 1 is 5"),
    ("0 -1", "successor of node 1 is -1"),
    ("0 a", "word 2"),
])
def test_malformed_text_is_refused(text, message):
    with pytest.raises(FamilyInputError, match=message):
        list_ranking.parse(text)
