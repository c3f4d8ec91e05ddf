"""Pointer jumping: every node ends at its root in ⌈log₂ n⌉ MDM steps."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from proofs.oracles import pointer_jumping as oracle
from simulators.errors import InvalidArgumentError
from simulators.run import run


def true_roots(parents):
    roots = np.asarray(parents).copy()
    for _ in range(len(roots)):
        roots = parents[roots]
    return roots


@settings(max_examples=40)
@given(st.integers(0, 80), st.integers(0, 2**16))
def test_every_node_points_at_its_root_after_ceil_log2_n_rounds(n, seed):
    parents = oracle.random_forest(n, seed)
    result = run(oracle.machine(n), oracle.policy, oracle.canvas(parents))
    assert np.array_equal(oracle.roots(result.final, n), true_roots(parents))
    assert result.resources.steps == oracle.rounds(n)
    assert oracle.nodes_for_canvas(len(result.final)) == n


def test_a_path_needs_every_round():
    """Negative control: on a path of 64 nodes one round fewer leaves a node short of the root."""
    parents = np.maximum(np.arange(64) - 1, 0)
    result = run(oracle.machine(64), oracle.policy, oracle.canvas(parents),
                 max_steps=oracle.rounds(64) - 1)
    last_written = result.final[1 + 64 * (oracle.rounds(64) - 1):][:64] - oracle.NODE0
    assert not np.array_equal(last_written, true_roots(parents))


def test_a_parent_outside_the_forest_is_refused():
    with pytest.raises(InvalidArgumentError, match="parents must lie"):
        oracle.canvas([0, 5])
