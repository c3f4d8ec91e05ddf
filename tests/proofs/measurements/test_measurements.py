"""Every registered measurement gives a well-formed, right row at its smallest quick size."""

import pytest

from proofs.measurements import measure, measurements
from theory.claims import get_claim

REFUSED = {"NEG-cheating-policy"}  # its run must be refused: the policy keeps hidden state


@pytest.mark.parametrize("claim_id", sorted(measurements()))
def test_smallest_quick_size_gives_a_right_row(claim_id):
    measurement = measurements()[claim_id]
    n = (measurement.quick_sizes or measurement.sizes)[0]
    row = measure(claim_id, n, seed=0)
    assert row["n"] == n
    if claim_id in REFUSED:
        assert row["correct"] is False and "HiddenStateError" in row["error"]
    elif get_claim(claim_id).fails_because == "wrong answer":  # a control's wrong answer
        assert row["correct"] is False and row["why"], row
    else:
        assert row["correct"] is True, row
        assert row["value"] > 0 and row["x"] > 0


def test_a_measurement_is_a_function_of_its_seed():
    assert measure("E-parity-apmdm-steps", 64, seed=1) == measure("E-parity-apmdm-steps", 64, 1)


@pytest.mark.parametrize("claim_id", sorted(measurements()))
def test_a_row_measured_as_plain_python_equals_the_compiled_one(claim_id):
    # the quick profile measures as plain Python: the same code must give the same row
    n = measurements()[claim_id].quick_sizes[0]
    assert measure(claim_id, n, seed=0, interpreted=True) == measure(claim_id, n, seed=0)
