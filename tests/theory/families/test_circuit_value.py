"""The circuit-value family: layer-by-layer evaluation, checked against a gate-by-gate one."""

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from tests.simulators.reference_pram import evaluate_circuit
from theory.errors import FamilyInputError
from theory.families import circuit_value


@st.composite
def circuits(draw):
    inputs = draw(st.integers(1, 6))
    bits = np.array(draw(st.lists(st.integers(0, 1), min_size=inputs, max_size=inputs)),
                    dtype=np.uint8)
    layers, available = [], inputs
    for _ in range(draw(st.integers(1, 4))):
        layer = []
        for _ in range(draw(st.integers(1, 4))):
            kind = draw(st.sampled_from(circuit_value.GATES))
            first = draw(st.integers(0, available - 1))
            second = first if kind == "NOT" else draw(st.integers(0, available - 1))
            layer.append((kind, first, second))
        layers.append(layer)
        available += len(layer)
    return bits, layers


@pytest.mark.parametrize("n, instance, expected", circuit_value.CASES)
def test_canonical_cases(n, instance, expected):
    assert len(instance[0]) == n and np.array_equal(circuit_value.solve(instance), expected)
    assert circuit_value.verify(instance, expected)
    assert not circuit_value.verify(instance, 1 - expected)


@given(circuits())
def test_solver_agrees_with_gate_by_gate_evaluation(instance):
    answer = circuit_value.solve(instance)
    assert answer.tolist() == evaluate_circuit(*instance)
    assert circuit_value.verify(instance, answer)
    flipped = answer.copy()
    flipped[0] ^= 1
    assert not circuit_value.verify(instance, flipped)


@given(circuits())
def test_text_round_trips(instance):
    bits, layers = circuit_value.parse(circuit_value.to_text(instance))
    assert np.array_equal(bits, instance[0]) and layers == instance[1]


@given(st.integers(1, 40), st.integers(0, 2**32))
def test_generated_circuits_are_layered(n, seed):
    bits, layers = circuit_value.generate(n, seed)
    assert len(bits) == n and all(len(layer) == n for layer in layers)
    assert circuit_value.solve((bits, layers)).tolist() == evaluate_circuit(bits, layers)


@pytest.mark.parametrize("text, message", [
    ("11\n", "one line per layer"),
    ("1\nXOR 0 0\n", "'XOR' is not one of"),
    ("11\nAND 0 7\n", "line 2: .* only 0..1"),
    ("11\nAND 0\n", "line 2: .*should be"),
    ("1x\nNOT 0\n", "line 1: .*'x'"),
    ("11\nAND 0 1\nOR 2 4\n", "line 3: .*only 0..2"),
])
def test_malformed_text_is_refused(text, message):
    with pytest.raises(FamilyInputError, match=message):
        circuit_value.parse(text)


def test_gate_kinds_are_case_insensitive_and_lines_may_end_in_crlf():
    assert circuit_value.parse("10\r\nand 0 1, not 0\r\n")[1] == [[("AND", 0, 1), ("NOT", 0, 0)]]
