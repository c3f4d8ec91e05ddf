"""The compiled max-flow policy takes the Python policy's step on every state of a run."""

import numpy as np
from hypothesis import given, settings, strategies as st

from proofs.oracles import maxflow as oracle
from proofs.oracles.maxflow_kernel import compiled_policy, operation_code
from simulators.machines import APMDM
from simulators.run import run
from theory.families import maxflow


@st.composite
def instances(draw):
    n = draw(st.integers(2, 14))
    edges = draw(st.integers(0, min(n * (n - 1) // 2, 3 * n)))
    return maxflow.generate(n, np.random.default_rng(draw(st.integers(0, 2**32 - 1))),
                            edges=edges)


def _states(instance):
    result = run(APMDM(oracle.VOCAB), oracle.policy, oracle.prompt(instance), record=True,
                 max_steps=oracle.steps_bound(len(instance)))
    return result.trace.states


@settings(max_examples=30, deadline=None)
@given(instances())
def test_compiled_and_python_policies_take_the_same_step_everywhere(instance):
    states = _states(instance)
    for x in states:
        name = oracle.operation(x)
        assert operation_code(x) == (-1 if name is None else oracle.OPERATIONS.index(name))
        expected = oracle.policy(x)
        positions, tokens, ctrl = compiled_policy(x)
        if expected is None:
            assert positions.size == 1 and positions[0] < 0 and tokens.size == 0   # halt
            continue
        assert np.array_equal(positions, expected.positions)
        assert np.array_equal(tokens, expected.tokens)
        assert np.array_equal(ctrl, expected.ctrl)
    assert oracle.operation(states[-1]) is None


def test_the_compiled_run_equals_the_python_run():
    instance = maxflow.generate(16, 4, edges=40)
    python = run(APMDM(oracle.VOCAB), oracle.policy, oracle.prompt(instance), max_steps=10**4)
    compiled = run(APMDM(oracle.VOCAB), compiled_policy, oracle.prompt(instance),
                   max_steps=10**4)
    assert np.array_equal(python.final, compiled.final)
    assert python.resources == compiled.resources
    assert python.stopped_by == compiled.stopped_by == "eos"


def test_a_state_with_edges_both_ways_flips_the_used_edge():
    """The kernel's path lookup agrees with the Python one where the official lookup errs."""
    instance = maxflow.parse("1 0\n2 0\n2 1\n0 1\n0 2\n", source=0, target=2)
    for x in _states(instance):
        expected = oracle.policy(x)
        if expected is not None:
            assert np.array_equal(compiled_policy(x)[0], expected.positions)
